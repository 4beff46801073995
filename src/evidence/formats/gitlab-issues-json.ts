import type { DocumentFormat } from "../evidence-format.js";
import { docHead, isRecord, str } from "./document-helpers.js";
import {
  emitRecord,
  keyCount,
  oneLine,
  parseExportTime,
  parseRecordsDocument,
  personName,
  type ReportSpec,
  recordsOf,
} from "./report-records.js";

/**
 * GitLab issues as the REST API returns them, documented at https://docs.gitlab.com/ee/api/issues.html
 * (`GET /projects/:id/issues`, `GET /issues`: `iid, project_id, title, description, state, created_at, closed_at,
 * closed_by, author{username, name}, web_url, issue_type`...), issue notes (https://docs.gitlab.com/ee/api/notes.html:
 * `body, author, created_at, system, noteable_type, noteable_iid`) and resource state events
 * (https://docs.gitlab.com/ee/api/resource_state_events.html: `user, created_at, resource_type, state`). The issue is
 * a `note` by its author at `created_at` (an incident issue is a report), each note its own `note` (system notes
 * such as "changed the status" are status updates), a close a `status-update` at `closed_at`. Recognised by
 * GitLab's field set (`iid` with `project_id`, `author`, `web_url`; notes by `noteable_type`).
 */
const ISSUE_KEYS = ["iid", "project_id", "author", "web_url", "user_notes_count", "closed_by", "issue_type"];
const NOTE_KEYS = ["noteable_type", "noteable_id", "noteable_iid", "system", "author", "resolvable"];

const ISSUE: ReportSpec = {
  source: "gitlab",
  kind: "note",
  type: "report",
  time: [["created_at"]],
  actor: [["author"]],
  text: [["title"]],
  id: [["iid"]],
  status: [["state"]],
  label: "Issue",
};

const NOTE: ReportSpec = {
  source: "gitlab",
  kind: "note",
  type: "comment",
  time: [["created_at"]],
  actor: [["author"], ["user"]],
  text: [["body"]],
  label: "Issue note",
};

export const gitlabIssuesJson: DocumentFormat = {
  id: "gitlab-issues-json",
  samples: [
    '[{"id": 152201, "iid": 812, "project_id": 4411, "title": "Checkout returns 502 for every tenant", "description": "Reported by customers via support.", "state": "closed", "created_at": "2025-04-06T15:04:10.408Z", "updated_at": "2025-04-06T16:02:44.120Z", "closed_at": "2025-04-06T16:00:00.000Z", "closed_by": {"id": 77, "username": "tbecker", "name": "Tom Becker", "state": "active"}, "labels": ["incident"], "milestone": null, "assignees": [], "author": {"id": 91, "username": "nali", "name": "Nadia Ali", "state": "active", "web_url": "https://gitlab.example.com/nali"}, "type": "INCIDENT", "user_notes_count": 1, "web_url": "https://gitlab.example.com/shop/app/-/issues/812", "issue_type": "incident", "severity": "HIGH"}]',
    '[{"id": 3020001, "type": null, "body": "Rolled back the 14:55 deploy, error rate dropping.", "attachment": null, "author": {"id": 77, "username": "tbecker", "name": "Tom Becker", "state": "active"}, "created_at": "2025-04-06T15:20:00.000Z", "updated_at": "2025-04-06T15:20:00.000Z", "system": false, "noteable_id": 152201, "noteable_type": "Issue", "project_id": 4411, "resolvable": false, "confidential": false, "internal": false, "noteable_iid": 812}]',
  ],
  sampleName: "issues.json",
  description: "GitLab issues / notes / state events JSON (REST API): reports and notes with author",
  kind: "note",
  shape: "document",
  detect(sample) {
    const head = docHead(sample.text);
    if (head !== "[" && head !== "{") return 0;
    const t = sample.text;
    if (!t.includes('"created_at"')) return 0;
    if (keyCount(t, NOTE_KEYS) >= 3 && t.includes('"noteable_type"')) return 0.95;
    if (t.includes('"iid"') && keyCount(t, ISSUE_KEYS) >= 4) return 0.95;
    if (t.includes('"resource_type"') && t.includes('"state"') && t.includes('"user"')) return 0.6;
    return 0;
  },
  parse(text, ctx) {
    const doc = parseRecordsDocument(text, ctx);
    const root = doc.value;
    const items = recordsOf(root, ["issues", "notes"]) ?? (isRecord(root) ? [root] : null);
    if (!items) {
      if (root !== undefined && !doc.problem) ctx.skip(1, "unexpected-shape", "expected an array of issues or notes");
      return;
    }
    for (const it of items) {
      if (isRecord(it) && (it.noteable_type !== undefined || it.resource_type !== undefined)) {
        const iid = str(it.noteable_iid) ?? null;
        const system = it.system === true || it.resource_type !== undefined;
        const body =
          it.resource_type !== undefined ? `state ${str(it.state) ?? "changed"}` : oneLine(str(it.body) ?? "");
        emitRecord(
          ctx,
          doc,
          it,
          { ...NOTE, type: system ? "status-update" : "comment" },
          {
            message: `Issue ${iid ? `#${iid} ` : ""}${system ? "update" : "note"}: ${body}`,
            attributes: { ...(iid ? { id: iid } : {}), ...(str(it.state) ? { status: str(it.state) } : {}) },
          },
        );
        continue;
      }
      const ts = emitRecord(ctx, doc, it, ISSUE, {
        ...(isRecord(it) ? { message: `Issue #${str(it.iid) ?? "?"}: ${str(it.title) ?? ""}` } : {}),
        attributes: isRecord(it) && str(it.web_url) ? { url: str(it.web_url) } : {},
      });
      if (ts === null || !isRecord(it)) continue;
      const closed = parseExportTime(it.closed_at, ctx);
      if (Number.isFinite(closed)) {
        emitRecord(
          ctx,
          doc,
          it,
          { ...ISSUE, type: "status-update" },
          {
            ts: closed,
            actor: personName(it.closed_by) ?? null,
            message: `Issue #${str(it.iid) ?? "?"} closed: ${str(it.title) ?? ""}`,
            attributes: { status: "closed" },
          },
        );
      }
    }
  },
};
