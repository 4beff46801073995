import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import type { LocatedJson } from "../json-located.js";
import { docHead, isRecord, type JsonRecord, str } from "./document-helpers.js";
import { emitRecord, keyCount, oneLine, parseRecordsDocument, type ReportSpec, recordsOf } from "./report-records.js";

/**
 * Jira issues as the REST API returns them: search (`GET /rest/api/2|3/search` and `/search/jql`:
 * `{startAt, maxResults, total, issues: [{id, key, self, fields: {summary, created, reporter, creator, status,
 * priority, resolutiondate, comment: {comments: [{author, body, created}]}}, changelog: {histories: [{author,
 * created, items: [{field, fromString, toString}]}]}}]}`, documented at
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/), a single issue
 * (`GET /rest/api/3/issue/{key}?expand=changelog`), and Jira Service Management customer requests
 * (`GET /rest/servicedeskapi/request`: `{values: [{issueKey, reporter, createdDate: {iso8601, epochMillis},
 * requestFieldValues, currentStatus}]}`, https://developer.atlassian.com/cloud/jira/service-desk/rest/). Times are
 * Jira's `2025-03-04T10:12:40.000+0000`. The issue is a `note` by its reporter at `created`; each comment, and each
 * changelog entry that moves status, priority, resolution or assignee, is its own `note` (a status update).
 * API v3 bodies in Atlassian Document Format are flattened to their text.
 */
const FIELD_KEYS = ["summary", "created", "reporter", "issuetype", "status", "priority", "resolutiondate", "creator"];
const NOTED_FIELDS = new Set(["status", "priority", "resolution", "assignee", "severity"]);

const ISSUE: ReportSpec = {
  source: "jira",
  kind: "note",
  type: "report",
  time: [
    ["fields", "created"],
    ["createdDate", "iso8601"],
    ["createdDate", "epochMillis"],
  ],
  actor: [["fields", "reporter"], ["fields", "creator"], ["reporter"]],
  text: [["fields", "summary"]],
  id: [["key"], ["issueKey"]],
  status: [
    ["fields", "status"],
    ["currentStatus", "status"],
  ],
  label: "Issue",
};

const COMMENT: ReportSpec = {
  source: "jira",
  kind: "note",
  type: "comment",
  time: [["created", "iso8601"], ["created", "epochMillis"], ["created"]],
  actor: [["author"], ["updateAuthor"]],
  label: "Issue comment",
};

/** Plain text of a body: a string, or an Atlassian Document Format tree's text nodes. */
export function adfText(body: unknown): string {
  if (typeof body === "string") return body;
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (!isRecord(n)) return;
    if (typeof n.text === "string") out.push(n.text);
    if (Array.isArray(n.content)) for (const c of n.content) walk(c);
    if (n.type === "paragraph") out.push(" ");
  };
  walk(body);
  return out.join("");
}

function summaryOf(rec: JsonRecord): string {
  const f = isRecord(rec.fields) ? rec.fields : {};
  if (typeof f.summary === "string") return f.summary;
  if (Array.isArray(rec.requestFieldValues)) {
    for (const v of rec.requestFieldValues) if (isRecord(v) && v.fieldId === "summary") return str(v.value) ?? "";
  }
  return "";
}

function issue(ctx: FormatContext, doc: LocatedJson, rec: unknown): void {
  const r: JsonRecord = isRecord(rec) ? rec : {};
  const key = str(r.key) ?? str(r.issueKey) ?? "";
  const title = summaryOf(r);
  const ts = emitRecord(ctx, doc, rec, ISSUE, {
    message: `Issue ${key}: ${title}`.replace(/^Issue : /, "Issue: "),
  });
  if (ts === null) return;
  const fields = isRecord(r.fields) ? r.fields : {};
  const comments = isRecord(fields.comment) ? fields.comment.comments : undefined;
  for (const c of Array.isArray(comments) ? comments : []) {
    emitRecord(ctx, doc, c, COMMENT, {
      message: `Issue ${key} comment: ${oneLine(adfText(isRecord(c) ? c.body : ""))}`,
      attributes: key ? { id: key } : {},
    });
  }
  const histories = isRecord(r.changelog) ? r.changelog.histories : undefined;
  for (const h of Array.isArray(histories) ? histories : []) {
    const items = isRecord(h) && Array.isArray(h.items) ? h.items : [];
    const noted = items.filter((i) => isRecord(i) && NOTED_FIELDS.has(String(i.field).toLowerCase()));
    if (noted.length === 0) continue;
    const what = noted
      .map((i) => (isRecord(i) ? `${str(i.field)} ${str(i.fromString) ?? "none"} -> ${str(i.toString) ?? "none"}` : ""))
      .join(", ");
    const status = noted.find((i) => isRecord(i) && String(i.field).toLowerCase() === "status");
    emitRecord(
      ctx,
      doc,
      h,
      { ...COMMENT, type: "status-update" },
      {
        message: `Issue ${key} ${what}`,
        attributes: {
          ...(key ? { id: key } : {}),
          ...(isRecord(status) && str(status.toString) ? { status: str(status.toString) } : {}),
        },
      },
    );
  }
}

export const jiraIssuesJson: DocumentFormat = {
  id: "jira-issues-json",
  samples: [
    '{"expand": "schema,names", "startAt": 0, "maxResults": 50, "total": 1, "issues": [{"expand": "operations,changelog", "id": "10231", "self": "https://example.atlassian.net/rest/api/2/issue/10231", "key": "OPS-412", "fields": {"summary": "Customers cannot check out (502)", "issuetype": {"name": "Incident"}, "created": "2025-04-06T15:04:00.000+0000", "updated": "2025-04-06T16:10:00.000+0000", "resolutiondate": "2025-04-06T16:05:00.000+0000", "status": {"name": "Resolved", "statusCategory": {"key": "done"}}, "priority": {"name": "Highest"}, "reporter": {"accountId": "5b10a2844c20165700ede21g", "displayName": "Jo Buyer", "emailAddress": "jo@example.com", "active": true}, "comment": {"comments": [{"id": "10001", "author": {"accountId": "5b10ac8d82e05b22cc7d4ef5", "displayName": "Tom Becker"}, "body": "Rolled back the deploy.", "created": "2025-04-06T15:20:00.000+0000", "updated": "2025-04-06T15:20:00.000+0000"}], "maxResults": 1, "total": 1, "startAt": 0}}, "changelog": {"startAt": 0, "maxResults": 1, "total": 1, "histories": [{"id": "20001", "author": {"accountId": "5b10ac8d82e05b22cc7d4ef5", "displayName": "Tom Becker"}, "created": "2025-04-06T16:05:00.000+0000", "items": [{"field": "status", "fieldtype": "jira", "from": "3", "fromString": "In Progress", "to": "5", "toString": "Resolved"}]}]}}]}',
    '{"size": 1, "start": 0, "limit": 50, "isLastPage": true, "values": [{"issueId": "10231", "issueKey": "SD-88", "requestTypeId": "12", "serviceDeskId": "3", "createdDate": {"iso8601": "2025-04-06T15:04:00+0000", "jira": "2025-04-06T15:04:00.000+0000", "friendly": "Today 15:04", "epochMillis": 1743951840000}, "reporter": {"accountId": "qm:1a2b3c", "emailAddress": "jo@example.com", "displayName": "Jo Buyer", "active": true}, "requestFieldValues": [{"fieldId": "summary", "label": "What do you need?", "value": "Checkout fails with 502"}], "currentStatus": {"status": "Waiting for support", "statusCategory": "NEW", "statusDate": {"iso8601": "2025-04-06T15:04:00+0000", "epochMillis": 1743951840000}}}]}',
  ],
  sampleName: "search.json",
  description: "Jira REST search / issue JSON and Jira Service Management requests: reports, comments, status changes",
  kind: "note",
  shape: "document",
  detect(sample) {
    const head = docHead(sample.text);
    if (head !== "{" && head !== "[") return 0;
    const t = sample.text;
    if (t.includes('"fields"') && keyCount(t, FIELD_KEYS) >= 3 && /"key"\s*:\s*"[A-Z][A-Z0-9_]*-\d+"/.test(t))
      return 0.95;
    if (t.includes('"requestFieldValues"') || (t.includes('"issueKey"') && t.includes('"createdDate"'))) return 0.95;
    // Service Management request comments: {values: [{body, public, author, created: {iso8601, epochMillis}}]}
    if (/"values"\s*:/.test(t) && t.includes('"iso8601"') && t.includes('"author"') && t.includes('"public"'))
      return 0.9;
    return 0;
  },
  parse(text, ctx) {
    const doc = parseRecordsDocument(text, ctx);
    const root = doc.value;
    const items = recordsOf(root, ["issues", "values"]) ?? (isRecord(root) && isRecord(root.fields) ? [root] : null);
    if (!items) {
      if (root !== undefined && !doc.problem)
        ctx.skip(1, "unexpected-shape", 'expected "issues", "values" or an issue');
      return;
    }
    for (const it of items) {
      // Service Management request comments (`GET /rest/servicedeskapi/request/{key}/comment`) share `values`
      if (isRecord(it) && it.body !== undefined && it.author !== undefined && it.issueKey === undefined) {
        emitRecord(ctx, doc, it, COMMENT, {
          message: `Request comment: ${oneLine(adfText(it.body))}`,
          attributes: { public: it.public !== false },
        });
        continue;
      }
      issue(ctx, doc, it);
    }
  },
};
