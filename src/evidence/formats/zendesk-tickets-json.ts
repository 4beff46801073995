import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import type { LocatedJson } from "../json-located.js";
import { docHead, field, isRecord, type JsonRecord, str } from "./document-helpers.js";
import {
  emitRecord,
  keyCount,
  parseRecordsDocument,
  personName,
  type ReportSpec,
  recordsOf,
} from "./report-records.js";

/**
 * Zendesk Support API exports, documented at https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/:
 * `GET /api/v2/tickets.json` and the incremental export (`{"tickets": [...], "users": [...] with
 * `?include=users`}`), `GET /api/v2/tickets/{id}.json` (`{"ticket": {...}}`), search (`{"results": [...]}`),
 * `GET /api/v2/tickets/{id}/comments.json` (`{"comments": [{author_id, body, public, created_at}]}`) and ticket
 * audits (`{"audits": [{author_id, created_at, events: [...]}]}`). A ticket is a `note` by its requester at
 * `created_at` (the requester is looked up in the side-loaded `users`, else the email sender in `via.source.from`);
 * each comment and each audit with a comment or status change is its own `note`. The account JSON export (one ticket
 * a line, comments embedded) is read the same way. Recognised by the ticket's field set (`requester_id`,
 * `submitter_id`, `assignee_id`, `via`, `raw_subject`...).
 */
const TICKET_KEYS = [
  "requester_id",
  "submitter_id",
  "assignee_id",
  "raw_subject",
  "via",
  "collaborator_ids",
  "has_incidents",
];

const TICKET: ReportSpec = {
  source: "zendesk",
  kind: "note",
  type: "report",
  time: [["created_at"]],
  text: [["subject"], ["raw_subject"], ["description"]],
  id: [["id"]],
  status: [["status"]],
  label: "Support ticket",
};

const COMMENT: ReportSpec = {
  source: "zendesk",
  kind: "note",
  type: "comment",
  time: [["created_at"]],
  text: [["plain_body"], ["body"]],
  label: "Ticket comment",
};

function userIndex(root: unknown): Map<string, string> {
  const byId = new Map<string, string>();
  const users = isRecord(root) && Array.isArray(root.users) ? root.users : [];
  for (const u of users) {
    const id = field(u, "id");
    const name = personName(u);
    if (id && name) byId.set(id, name);
  }
  return byId;
}

function who(users: Map<string, string>, id: unknown, fallback: string): string {
  const key = str(id);
  return (key ? users.get(key) : undefined) ?? (key ? `${fallback} ${key}` : fallback);
}

function ticket(ctx: FormatContext, doc: LocatedJson, t: unknown, users: Map<string, string>): void {
  const rec: JsonRecord = isRecord(t) ? t : {};
  const from = field(rec, "via", "source", "from", "name");
  const address = field(rec, "via", "source", "from", "address");
  const sender = from ?? address;
  const requester = str(rec.requester_id);
  // the account JSON export embeds the requester object; the API side-loads `users`
  const embedded = isRecord(rec.requester) ? personName(rec.requester) : null;
  const actor =
    embedded ?? (requester ? users.get(requester) : undefined) ?? sender ?? who(users, rec.requester_id, "requester");
  const ts = emitRecord(ctx, doc, t, TICKET, {
    actor,
    attributes: {
      ...(str(rec.priority) ? { priority: str(rec.priority) } : {}),
      ...(field(rec, "via", "channel") ? { channel: field(rec, "via", "channel") } : {}),
    },
  });
  // the account JSON export also embeds each ticket's comments
  if (ts === null || !Array.isArray(rec.comments)) return;
  for (const c of rec.comments) {
    emitRecord(ctx, doc, c, COMMENT, {
      actor:
        isRecord(c) && isRecord(c.author)
          ? personName(c.author)
          : who(users, isRecord(c) ? c.author_id : undefined, "user"),
      attributes: { public: isRecord(c) && c.public === true, ...(str(rec.id) ? { id: str(rec.id) } : {}) },
    });
  }
}

export const zendeskTicketsJson: DocumentFormat = {
  id: "zendesk-tickets-json",
  samples: [
    '{"tickets": [{"url": "https://example.zendesk.com/api/v2/tickets/4211.json", "id": 4211, "external_id": null, "via": {"channel": "email", "source": {"from": {"address": "ops@acme.example", "name": "Acme Ops"}, "to": {"address": "support@example.com", "name": "Example"}, "rel": null}}, "created_at": "2025-04-06T15:04:00Z", "updated_at": "2025-04-06T15:30:00Z", "type": "incident", "subject": "Checkout returns 502", "raw_subject": "Checkout returns 502", "description": "All our checkouts fail since 15:00.", "priority": "urgent", "status": "open", "recipient": "support@example.com", "requester_id": 3610001, "submitter_id": 3610001, "assignee_id": 3620002, "organization_id": 3630001, "group_id": 3640001, "collaborator_ids": [], "follower_ids": [], "has_incidents": false, "is_public": true, "due_at": null, "tags": ["checkout"], "custom_fields": [], "brand_id": 3650001, "allow_channelback": false}], "users": [{"id": 3610001, "name": "Acme Ops", "email": "ops@acme.example", "role": "end-user"}], "next_page": null, "previous_page": null, "count": 1}',
    '{"comments": [{"id": 50001, "type": "Comment", "author_id": 3620002, "body": "We are investigating checkout errors.", "html_body": "<p>We are investigating checkout errors.</p>", "plain_body": "We are investigating checkout errors.", "public": true, "attachments": [], "audit_id": 60001, "via": {"channel": "web", "source": {"from": {}, "to": {}, "rel": null}}, "created_at": "2025-04-06T15:10:00Z", "metadata": {}}], "next_page": null, "previous_page": null, "count": 1}',
  ],
  sampleName: "tickets.json",
  description: "Zendesk Support API tickets / comments / audits JSON: each ticket a report by its requester",
  kind: "note",
  shape: "document",
  detect(sample) {
    const head = docHead(sample.text);
    if (head !== "{" && head !== "[") return 0;
    const t = sample.text;
    if (!t.includes('"created_at"')) return 0;
    if (keyCount(t, TICKET_KEYS) >= 3) return 0.95;
    if (
      /"(comments|audits)"\s*:/.test(t) &&
      keyCount(t, ["author_id", "audit_id", "plain_body", "html_body", "public", "ticket_id"]) >= 3
    )
      return 0.95;
    if (
      /"audits"\s*:/.test(t) &&
      keyCount(t, ["author_id", "ticket_id", "events", "field_name", "previous_value", "via"]) >= 3
    )
      return 0.95;
    return 0;
  },
  parse(text, ctx) {
    const doc = parseRecordsDocument(text, ctx);
    const root = doc.value;
    const users = userIndex(root);
    if (isRecord(root) && isRecord(root.ticket)) {
      ticket(ctx, doc, root.ticket, users);
      return;
    }
    const comments = isRecord(root) ? recordsOf(root, ["comments"]) : null;
    if (comments) {
      for (const c of comments) {
        emitRecord(ctx, doc, c, COMMENT, {
          actor: who(users, isRecord(c) ? c.author_id : undefined, "user"),
          attributes: { public: isRecord(c) && c.public === true },
        });
      }
      return;
    }
    const audits = isRecord(root) ? recordsOf(root, ["audits"]) : null;
    if (audits) {
      for (const a of audits) {
        const events = isRecord(a) && Array.isArray(a.events) ? a.events : [];
        const comment = events.find((e) => field(e, "type") === "Comment");
        const status = events.find((e) => field(e, "type") === "Change" && field(e, "field_name") === "status");
        const created = events.find((e) => field(e, "type") === "Create");
        const what = comment
          ? `Ticket comment: ${field(comment, "body") ?? ""}`
          : status
            ? `Ticket status ${field(status, "previous_value") ?? "?"} -> ${field(status, "value") ?? "?"}`
            : created
              ? "Ticket created"
              : "Ticket updated";
        emitRecord(
          ctx,
          doc,
          a,
          { ...COMMENT, type: comment ? "comment" : created ? "report" : "status-update" },
          {
            actor: who(users, isRecord(a) ? a.author_id : undefined, "user"),
            message: what.length > 240 ? `${what.slice(0, 239)}…` : what,
            attributes: {
              ...(isRecord(a) && str(a.ticket_id) ? { id: str(a.ticket_id) } : {}),
              ...(status ? { status: field(status, "value") } : {}),
            },
          },
        );
      }
      return;
    }
    const tickets = recordsOf(root, ["tickets", "results"]);
    if (!tickets) {
      if (root !== undefined && !doc.problem)
        ctx.skip(1, "unexpected-shape", 'expected "tickets", "ticket", "comments" or "audits"');
      return;
    }
    for (const t of tickets) {
      if (isRecord(t) && str(t.result_type) && t.result_type !== "ticket") continue;
      ticket(ctx, doc, t, users);
    }
  },
};
