import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import { oneLine, parseExportTime } from "./report-records.js";

/** Header names (lower-cased) of the ticket's creation time, subject and requester in the tools' CSV exports. */
const CREATED = [
  "created at",
  "created time",
  "created",
  "created date",
  "date created",
  "created_at",
  "creation date",
];
const SUBJECT = ["subject", "summary", "title", "ticket subject"];
const REQUESTER = [
  "requester",
  "requester name",
  "requester email",
  "reporter",
  "contact",
  "full name",
  "customer",
  "email",
  "creator",
];
const ID = ["id", "ticket id", "issue key", "key", "ticket number"];
/** When the ticket was resolved or closed, and by whom (the assignee/agent is the best the exports say). */
const RESOLVED = [
  "resolved",
  "resolved time",
  "resolved at",
  "solved at",
  "resolution date",
  "closed time",
  "closed at",
];
const AGENT = ["assignee", "agent", "responder"];

/** One CSV record with the line it starts on (RFC 4180: quoted fields may hold commas, quotes and newlines). */
interface CsvRecord {
  line: number;
  fields: string[];
}

function parseCsv(text: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      fields.push(field);
      if (fields.some((f) => f !== "")) out.push({ line: start, fields });
      fields = [];
      field = "";
      line++;
      start = line;
    } else field += c;
  }
  fields.push(field);
  if (fields.some((f) => f !== "")) out.push({ line: start, fields });
  return out;
}

/**
 * A Jira CSV `Comment` cell: `05/Dec/26 3:04 PM;557058:account-id;the body` (date, author, body separated by `;`).
 * `null` when the cell does not start with a date Jira writes.
 */
function jiraComment(cell: string, ctx: FormatContext): { ts: number; author: string; body: string } | null {
  const m = /^([^;]{6,40});([^;]*);([\s\S]*)$/.exec(cell.trim());
  if (!m) return null;
  const ts = parseExportTime(m[1], ctx);
  return Number.isFinite(ts) ? { ts, author: (m[2] ?? "").trim(), body: m[3] ?? "" } : null;
}

function column(header: string[], names: string[], like?: RegExp): number {
  for (const n of names) {
    const i = header.indexOf(n);
    if (i >= 0) return i;
  }
  // reporting tools rename columns (Zendesk Explore's `Ticket created - Timestamp`, `Requester name`): a header
  // that contains the word, when no exact name is there
  return like ? header.findIndex((h) => like.test(h)) : -1;
}

/** Header words for the fallback match (whole words, so `Last updated` is not `created`). */
const CREATED_LIKE = /\bcreat(?:ed|ion)\b(?!.*\b(?:by|id)\b)/;
const SUBJECT_LIKE = /\b(?:subject|summary|title)\b/;
const REQUESTER_LIKE = /\b(?:requester|reporter|customer|contact)\b(?!.*\bid\b)/;

function headerOf(text: string): string[] {
  const first = text.split(/\r?\n/, 1)[0] ?? "";
  return (parseCsv(first)[0]?.fields ?? []).map((h) => h.trim().toLowerCase());
}

/**
 * Support-ticket CSV exports: Zendesk (`Id, Subject, Requester, Created at, …`,
 * https://support.zendesk.com/hc/en-us/articles/4408886165402), Freshdesk (`Ticket ID, Subject, Contact, Created time,
 * …`, https://support.freshdesk.com/support/solutions/articles/37614-exporting-tickets) and Jira Service Management
 * issue exports (`Summary, Issue key, Reporter, Created`, https://support.atlassian.com/jira-software-cloud/docs/export-issues/).
 * Each ticket is a `note` event at its creation time with the requester as actor, so a customer's report can be the
 * detection milestone. Times with an offset keep it; zone-less ones (Zendesk and Freshdesk write the account's local
 * time, Jira its `dd/MMM/yy h:mm a` such as `05/Dec/26 3:04 PM`) use the file's zone and are marked assumed until
 * `--tz` or `debrief.yaml` names it; other layouts are skipped as `invalid-timestamp`, naming the line. Jira's
 * repeated `Comment` columns (`date;author;body`) become one note each, and a resolved/closed time a status update.
 */
export const supportTicketCsv: DocumentFormat = {
  id: "support-ticket-csv",
  samples: [
    'Id,Subject,Status,Requester,Created at,Tags\n731200,"Login error 503",open,player1@mail.example,2025-04-06 15:04:00,login\n731201,"Checkout fails, card declined",solved,buyer7@mail.example,2025-04-06T15:05:41Z,checkout\n',
    'Summary,Issue key,Issue id,Issue Type,Status,Priority,Assignee,Reporter,Creator,Created,Updated,Resolved,Comment,Comment\n"Checkout returns 502",SD-88,10231,Incident,Resolved,Highest,Tom Becker,Jo Buyer,Jo Buyer,05/Dec/26 3:04 PM,05/Dec/26 4:10 PM,05/Dec/26 4:05 PM,"05/Dec/26 3:20 PM;5b10ac8d82e05b22cc7d4ef5;Rolled back the deploy, watching.","05/Dec/26 4:04 PM;5b10ac8d82e05b22cc7d4ef5;Error rate normal."\n',
  ],
  description:
    "support-ticket CSV exports (Zendesk, Freshdesk, Jira Service Management): created time, subject, requester",
  kind: "note",
  shape: "document",
  detect(sample) {
    const header = headerOf(sample.text);
    if (header.length < 3) return 0;
    if (column(header, CREATED, CREATED_LIKE) < 0 || column(header, SUBJECT, SUBJECT_LIKE) < 0) return 0;
    return column(header, REQUESTER, REQUESTER_LIKE) >= 0 ? 0.9 : 0.6;
  },
  parse(text, ctx) {
    const records = parseCsv(text);
    const header = (records[0]?.fields ?? []).map((h) => h.trim().toLowerCase());
    const created = column(header, CREATED, CREATED_LIKE);
    const subject = column(header, SUBJECT, SUBJECT_LIKE);
    const requester = column(header, REQUESTER, REQUESTER_LIKE);
    const id = column(header, ID);
    const status = column(header, ["status"]);
    if (created < 0 || subject < 0) {
      ctx.skip(1, "unexpected-shape", "expected a header with a created time and a subject column");
      return;
    }
    const resolved = column(header, RESOLVED);
    const agent = column(header, AGENT);
    const comments = header.flatMap((h, i) => (h === "comment" || h === "comments" ? [i] : []));
    for (const r of records.slice(1)) {
      const ts = parseExportTime(r.fields[created], ctx);
      if (!Number.isFinite(ts)) {
        ctx.skip(r.line, "invalid-timestamp", `${header[created]}: ${r.fields[created] ?? "(missing)"}`);
        continue;
      }
      const who = requester >= 0 ? (r.fields[requester]?.trim() ?? "") : "";
      const ticket = id >= 0 ? (r.fields[id]?.trim() ?? "") : "";
      const state = status >= 0 ? (r.fields[status]?.trim() ?? "") : "";
      const title = r.fields[subject]?.trim() ?? "";
      const base = { source: "support-ticket", ...(ticket ? { ticket, id: ticket } : {}) };
      const note = (at: number, actor: string | null, type: string, message: string, extra = {}) =>
        ctx.emit({
          ts: at,
          path: ctx.path,
          line: r.line,
          kind: "note",
          severity: null,
          service: null,
          host: null,
          actor,
          message,
          attributes: { ...base, type, ...extra },
        });
      note(ts, who || "customer", "report", `Support ticket${ticket ? ` ${ticket}` : ""}: ${title}`, {
        ...(state ? { status: state } : {}),
      });
      for (const i of comments) {
        const c = jiraComment(r.fields[i] ?? "", ctx);
        if (c) note(c.ts, c.author || null, "comment", `Ticket ${ticket} comment: ${oneLine(c.body)}`);
      }
      const closedText = resolved >= 0 ? (r.fields[resolved]?.trim() ?? "") : "";
      const closed = closedText ? parseExportTime(closedText, ctx) : Number.NaN;
      if (Number.isFinite(closed)) {
        const by = agent >= 0 ? r.fields[agent]?.trim() || null : null;
        note(closed, by, "status-update", `Support ticket${ticket ? ` ${ticket}` : ""} resolved: ${title}`, {
          status: "resolved",
        });
      }
    }
  },
};
