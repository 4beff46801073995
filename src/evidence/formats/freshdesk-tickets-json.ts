import type { DocumentFormat } from "../evidence-format.js";
import { docHead, isRecord, str } from "./document-helpers.js";
import {
  emitRecord,
  keyCount,
  parseRecordsDocument,
  personEmail,
  personName,
  type ReportSpec,
  recordsOf,
} from "./report-records.js";

/**
 * Freshdesk API v2 exports, documented at https://developers.freshdesk.com/api/#tickets: `GET /api/v2/tickets`
 * (a bare array; `?include=requester` adds `requester: {name, email}`), `GET /api/v2/tickets/{id}` (one ticket,
 * `?include=conversations` adds them), `GET /api/v2/search/tickets` (`{results, total}`) and
 * `GET /api/v2/tickets/{id}/conversations` (replies and notes: `body_text, user_id, from_email, incoming, private,
 * created_at`). A ticket is a `note` by its requester at `created_at` (the customer's report); each conversation is
 * its own `note` at its `created_at`. Recognised by Freshdesk's own field set (`requester_id` with `fr_due_by`,
 * `responder_id`, `cc_emails`...), not by values. Status and source are Freshdesk's documented codes.
 */
const TICKET_KEYS = ["requester_id", "responder_id", "fr_due_by", "fr_escalated", "cc_emails", "fwd_emails", "due_by"];
const CONVERSATION_KEYS = ["body_text", "incoming", "private", "from_email", "support_email", "ticket_id", "user_id"];

/** Freshdesk's ticket status codes (API v2 reference, "Ticket properties"). */
const STATUS: Record<string, string> = { "2": "open", "3": "pending", "4": "resolved", "5": "closed" };
const SOURCE: Record<string, string> = {
  "1": "email",
  "2": "portal",
  "3": "phone",
  "7": "chat",
  "9": "feedback widget",
  "10": "outbound email",
};

const TICKET: ReportSpec = {
  source: "freshdesk",
  kind: "note",
  type: "report",
  time: [["created_at"]],
  actor: [["requester"], ["requester", "email"]],
  text: [["subject"], ["description_text"]],
  id: [["id"]],
  label: "Support ticket",
};

const CONVERSATION: ReportSpec = {
  source: "freshdesk",
  kind: "note",
  type: "comment",
  time: [["created_at"]],
  actor: [["from_email"]],
  text: [["body_text"], ["body"]],
  id: [["ticket_id"]],
  label: "Ticket reply",
};

export const freshdeskTicketsJson: DocumentFormat = {
  id: "freshdesk-tickets-json",
  samples: [
    '[{"cc_emails": [], "fwd_emails": [], "reply_cc_emails": [], "ticket_cc_emails": [], "fr_escalated": false, "spam": false, "email_config_id": null, "group_id": 43000512, "priority": 3, "requester_id": 43012004411, "responder_id": null, "source": 2, "company_id": null, "status": 2, "subject": "Checkout page shows error 502", "support_email": null, "to_emails": null, "product_id": null, "id": 812, "type": "Incident", "due_by": "2025-04-07T15:04:00Z", "fr_due_by": "2025-04-06T19:04:00Z", "is_escalated": false, "description_text": "Every checkout attempt fails since a few minutes.", "custom_fields": {}, "created_at": "2025-04-06T15:04:00Z", "updated_at": "2025-04-06T15:04:00Z", "tags": [], "attachments": [], "requester": {"email": "buyer7@mail.example", "id": 43012004411, "mobile": null, "name": "Jo Buyer", "phone": null}}]',
    '[{"body_text": "We are looking into it.", "body": "<div>We are looking into it.</div>", "id": 43050001, "incoming": false, "private": false, "user_id": 43011000002, "support_email": "help@example.com", "source": 0, "category": 3, "ticket_id": 812, "to_emails": ["buyer7@mail.example"], "from_email": "Support <help@example.com>", "cc_emails": [], "bcc_emails": null, "attachments": [], "created_at": "2025-04-06T15:09:12Z", "updated_at": "2025-04-06T15:09:12Z"}]',
  ],
  sampleName: "tickets.json",
  description:
    "Freshdesk API v2 tickets / conversations JSON: each ticket a report by its requester, each reply a note",
  kind: "note",
  shape: "document",
  detect(sample) {
    const head = docHead(sample.text);
    if (head !== "[" && head !== "{") return 0;
    const t = sample.text;
    if (!t.includes('"created_at"')) return 0;
    if (keyCount(t, TICKET_KEYS) >= 3) return 0.95;
    return keyCount(t, CONVERSATION_KEYS) >= 5 ? 0.9 : 0;
  },
  parse(text, ctx) {
    const doc = parseRecordsDocument(text, ctx);
    const root = doc.value;
    // one ticket (`GET /tickets/{id}`, maybe with its `conversations`), else a list
    const single = isRecord(root) && ("subject" in root || "requester_id" in root);
    const items = single ? [root] : (recordsOf(root, ["results", "tickets", "conversations"]) ?? null);
    if (!items) {
      if (root !== undefined && !doc.problem) ctx.skip(1, "unexpected-shape", "expected a ticket, an array or results");
      return;
    }
    for (const item of items) {
      if (isRecord(item) && "body_text" in item && !("subject" in item)) {
        emitRecord(ctx, doc, item, CONVERSATION, {
          actor: str(item.from_email) ?? (item.user_id !== undefined ? `user ${str(item.user_id)}` : null),
          attributes: {
            incoming: item.incoming === true,
            private: item.private === true,
          },
        });
        continue;
      }
      const requester = isRecord(item) && isRecord(item.requester) ? personName(item.requester) : null;
      const rid = isRecord(item) ? str(item.requester_id) : null;
      const status = isRecord(item) ? STATUS[str(item.status) ?? ""] : undefined;
      const source = isRecord(item) ? SOURCE[str(item.source) ?? ""] : undefined;
      emitRecord(ctx, doc, item, TICKET, {
        actor: requester ?? (rid ? `requester ${rid}` : "customer"),
        attributes: {
          ...(status ? { status } : {}),
          ...(source ? { channel: source } : {}),
          ...(isRecord(item) && str(item.priority) ? { priority: str(item.priority) } : {}),
          ...(isRecord(item) && personEmail(item.requester) ? { actorEmail: personEmail(item.requester) } : {}),
        },
      });
      if (isRecord(item) && Array.isArray(item.conversations)) {
        for (const c of item.conversations) {
          emitRecord(ctx, doc, c, CONVERSATION, {
            actor: isRecord(c)
              ? (str(c.from_email) ?? (c.user_id !== undefined ? `user ${str(c.user_id)}` : null))
              : null,
          });
        }
      }
    }
  },
};
