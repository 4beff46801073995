import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import type { LocatedJson } from "../json-located.js";
import { docHead, isRecord, str } from "./document-helpers.js";
import {
  emitRecord,
  keyCount,
  parseExportTime,
  parseRecordsDocument,
  personName,
  type ReportSpec,
  recordsOf,
} from "./report-records.js";

/**
 * GitHub issues as the REST API returns them, documented at https://docs.github.com/en/rest/issues/issues
 * (`GET /repos/{owner}/{repo}/issues`: `number, title, user{login}, state, created_at, closed_at, closed_by, body,
 * html_url, repository_url`...; search `GET /search/issues` wraps them in `{total_count, incomplete_results,
 * items}`), issue comments (https://docs.github.com/en/rest/issues/comments: `user, body, created_at, issue_url,
 * author_association`), issue events and the timeline (`event, actor, created_at`), and `gh issue list --json
 * number,title,author,createdAt,closedAt,state,comments` (camelCase). The issue is a `note` by its author at
 * `created_at` (an incident report), each comment a `note` at its own time, a close a `status-update` at
 * `closed_at`. Recognised by GitHub's field set (`number` with `html_url`/`repository_url`/`node_id`/`user`).
 */
const ISSUE_KEYS = [
  "number",
  "html_url",
  "repository_url",
  "node_id",
  "user",
  "labels_url",
  "comments_url",
  "author_association",
];
const COMMENT_KEYS = ["issue_url", "author_association", "html_url", "node_id", "user", "body"];
const GH_CLI_KEYS = ["number", "createdAt", "author", "title", "state", "url"];

const ISSUE: ReportSpec = {
  source: "github",
  kind: "note",
  type: "report",
  time: [["created_at"], ["createdAt"]],
  actor: [["user"], ["author"]],
  text: [["title"]],
  id: [["number"]],
  status: [["state"]],
  label: "Issue",
};

const COMMENT: ReportSpec = {
  source: "github",
  kind: "note",
  type: "comment",
  time: [["created_at"], ["createdAt"]],
  actor: [["user"], ["author"], ["actor"]],
  text: [["body"]],
  label: "Issue comment",
};

function issueNumber(rec: Record<string, unknown>): string | null {
  const n = str(rec.number);
  if (n) return n;
  const url = str(rec.issue_url) ?? "";
  return /\/issues\/(\d+)$/.exec(url)?.[1] ?? null;
}

function issue(ctx: FormatContext, doc: LocatedJson, rec: unknown): void {
  const number = isRecord(rec) ? issueNumber(rec) : null;
  const title = isRecord(rec) ? (str(rec.title) ?? "") : "";
  // the issues API lists pull requests too (they carry `pull_request`); they are kept, but named as such
  const pr = isRecord(rec) && (isRecord(rec.pull_request) || rec.merged_at !== undefined);
  const what = pr ? "Pull request" : "Issue";
  const ts = emitRecord(ctx, doc, rec, ISSUE, {
    ...(number ? { message: `${what} #${number}: ${title}` } : {}),
    attributes: {
      ...(isRecord(rec) && str(rec.html_url ?? rec.url) ? { url: str(rec.html_url ?? rec.url) } : {}),
      ...(pr ? { pullRequest: true } : {}),
    },
  });
  if (ts === null || !isRecord(rec)) return;
  const closed = parseExportTime(rec.closed_at ?? rec.closedAt, ctx);
  if (Number.isFinite(closed)) {
    emitRecord(
      ctx,
      doc,
      rec,
      { ...ISSUE, type: "status-update" },
      {
        ts: closed,
        actor: personName(rec.closed_by) ?? null,
        message: `${what} #${number ?? "?"} closed: ${title}`,
        attributes: { status: "closed" },
      },
    );
  }
  if (Array.isArray(rec.comments)) {
    for (const c of rec.comments) {
      emitRecord(ctx, doc, c, COMMENT, { attributes: number ? { id: number } : {} });
    }
  }
}

export const githubIssuesJson: DocumentFormat = {
  id: "github-issues-json",
  samples: [
    '[{"url": "https://api.github.com/repos/acme/shop/issues/812", "repository_url": "https://api.github.com/repos/acme/shop", "labels_url": "https://api.github.com/repos/acme/shop/issues/812/labels{/name}", "comments_url": "https://api.github.com/repos/acme/shop/issues/812/comments", "events_url": "https://api.github.com/repos/acme/shop/issues/812/events", "html_url": "https://github.com/acme/shop/issues/812", "id": 2211009911, "node_id": "I_kwDOAbCdEf6DqW1x", "number": 812, "title": "Checkout returns 502 for all users", "user": {"login": "nali", "id": 91, "node_id": "MDQ6VXNlcjkx", "type": "User", "site_admin": false}, "labels": [{"id": 1, "name": "incident"}], "state": "closed", "locked": false, "assignee": null, "assignees": [], "milestone": null, "comments": 2, "created_at": "2025-04-06T15:04:10Z", "updated_at": "2025-04-06T16:00:00Z", "closed_at": "2025-04-06T16:00:00Z", "author_association": "MEMBER", "active_lock_reason": null, "body": "Since 15:00 every checkout fails.", "closed_by": {"login": "tbecker", "id": 77, "type": "User"}, "state_reason": "completed"}]',
    '[{"url": "https://api.github.com/repos/acme/shop/issues/comments/1001", "html_url": "https://github.com/acme/shop/issues/812#issuecomment-1001", "issue_url": "https://api.github.com/repos/acme/shop/issues/812", "id": 1001, "node_id": "IC_kwDOAbCdEf5", "user": {"login": "tbecker", "id": 77, "type": "User"}, "created_at": "2025-04-06T15:12:00Z", "updated_at": "2025-04-06T15:12:00Z", "author_association": "MEMBER", "body": "Rolling back the 14:55 deploy."}]',
  ],
  sampleName: "issues.json",
  description: "GitHub issues / issue comments / events JSON (REST API, gh --json): reports and comments with author",
  kind: "note",
  shape: "document",
  detect(sample) {
    const head = docHead(sample.text);
    if (head !== "[" && head !== "{") return 0;
    const t = sample.text;
    if (t.includes('"created_at"')) {
      if (keyCount(t, ["iid", "project_id", "noteable_type"]) >= 1) return 0; // GitLab
      if (keyCount(t, ISSUE_KEYS) >= 4 && t.includes('"title"')) return 0.95;
      if (keyCount(t, COMMENT_KEYS) >= 4) return 0.9;
      if (t.includes('"event"') && t.includes('"actor"') && t.includes('"commit_id"')) return 0.85;
      return 0;
    }
    return t.includes('"createdAt"') && keyCount(t, GH_CLI_KEYS) >= 5 ? 0.85 : 0;
  },
  parse(text, ctx) {
    const doc = parseRecordsDocument(text, ctx);
    const root = doc.value;
    const items = recordsOf(root, ["items"]) ?? (isRecord(root) ? [root] : null);
    if (!items) {
      if (root !== undefined && !doc.problem)
        ctx.skip(1, "unexpected-shape", "expected an array of issues or comments");
      return;
    }
    for (const it of items) {
      if (isRecord(it) && typeof it.event === "string") {
        // issue events / timeline: "commented" entries carry the comment, the rest are state changes
        const ev = it.event;
        const commented = ev === "commented";
        emitRecord(
          ctx,
          doc,
          it,
          { ...COMMENT, type: commented ? "comment" : "status-update" },
          {
            actor: personName(it.actor ?? it.user) ?? null,
            ...(commented ? {} : { message: `Issue ${ev}${isRecord(it.issue) ? ` #${str(it.issue.number)}` : ""}` }),
            attributes: { event: ev },
          },
        );
        continue;
      }
      if (isRecord(it) && it.title === undefined && (it.issue_url !== undefined || it.body !== undefined)) {
        const n = issueNumber(it);
        emitRecord(
          ctx,
          doc,
          it,
          COMMENT,
          n ? { message: `Issue #${n} comment: ${oneLineBody(it.body)}`, attributes: { id: n } } : {},
        );
        continue;
      }
      issue(ctx, doc, it);
    }
  },
};

function oneLineBody(body: unknown): string {
  const s = (str(body) ?? "").replace(/\s+/g, " ").trim();
  return s.length > 240 ? `${s.slice(0, 239)}…` : s;
}
