import type { EventKind, EventSeverity } from "../../model/event.js";
import { MONTHS } from "../../util/months.js";
import type { FormatContext } from "../evidence-format.js";
import { type LocatedJson, parseJsonLocated } from "../json-located.js";
import { excerptOf } from "../source-account.js";
import { isRecord, itemExcerpt, type JsonRecord, parseDocument, parseIsoTime, str } from "./document-helpers.js";

/**
 * The shared mapping behind the human-report readers (support tickets, issue trackers, status pages, on-call tools):
 * each of those APIs returns records with a time field, a person and a title, so a reader only declares which
 * fields those are ({@link ReportSpec}) and {@link emitRecord} turns a record into an event with the right time,
 * actor and line, or a named skip. Kinds follow the existing readers: tickets, issues and status updates are
 * `note` events (like `statuspage-incidents` and `support-ticket-csv`), paging-tool entries are `page` events with
 * `attributes.type` saying trigger / notify / acknowledge / resolve (like `pagerduty-json`).
 */

/** A path into a record: `["fields", "created"]`. */
export type FieldPath = readonly string[];

/** What a reader says about one kind of record. */
export interface ReportSpec {
  /** Tool id kept in `attributes.source` (`zendesk`, `github`, `incident.io`). */
  source: string;
  kind: EventKind;
  /** What the event stands for, kept in `attributes.type` (`report`, `comment`, `status-update`, `acknowledge`...). */
  type: string;
  /** Candidate time fields, first present one wins. */
  time: readonly FieldPath[];
  /** Candidate person fields (objects or strings), first that names someone wins. */
  actor?: readonly FieldPath[];
  /** Actor when no person field names one (a status page's name, "customer"). */
  fallbackActor?: string;
  /** Candidate title/body fields for the message. */
  text?: readonly FieldPath[];
  /** Candidate id fields (ticket number, issue key). */
  id?: readonly FieldPath[];
  /** Candidate status fields. */
  status?: readonly FieldPath[];
  /** Word put in front of the message (`Support ticket`, `Issue`). */
  label: string;
}

/** Value at a path, or undefined. */
export function at(value: unknown, path: FieldPath): unknown {
  let cur: unknown = value;
  for (const k of path) {
    if (!isRecord(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** First path whose value is not null/undefined/"". */
export function firstOf(value: unknown, paths: readonly FieldPath[] | undefined): unknown {
  for (const p of paths ?? []) {
    const v = at(value, p);
    if (v !== undefined && v !== null && v !== "") return v;
  }
  return undefined;
}

/**
 * The name of a person as the APIs write one: a string, or an object with a name (`name`, `displayName`,
 * `display_name`, `summary`, `full_name`), else its login/username/email. The name alone, as Slack's `users.json`
 * gives it, so one person reads the same in every source's Actor column ({@link personEmail} keeps the address).
 */
export function personName(value: unknown): string | null {
  if (typeof value === "string") return value.trim() || null;
  if (!isRecord(value)) return null;
  // incident.io wraps the person: {"user": {...}} or {"api_key": {...}}
  if (isRecord(value.user) && !("name" in value) && !("login" in value)) return personName(value.user);
  const name =
    str(value.name) ??
    str(value.displayName) ??
    str(value.display_name) ??
    str(value.full_name) ??
    str(value.summary) ??
    str(value.real_name);
  const handle = str(value.login) ?? str(value.username) ?? str(value.user_name);
  const email = str(value.email) ?? str(value.emailAddress) ?? str(value.email_address);
  if (name?.trim()) return name.trim();
  return handle ?? email ?? null;
}

/** The email address of a person object (`email`, `emailAddress`, `email_address`), or `null`. */
export function personEmail(value: unknown): string | null {
  if (!isRecord(value)) return null;
  if (isRecord(value.user) && !("email" in value)) return personEmail(value.user);
  return str(value.email) ?? str(value.emailAddress) ?? str(value.email_address);
}

/** The records of a document: a bare array, or the array under the first of `keys` present in an object root. */
export function recordsOf(root: unknown, keys: readonly string[]): unknown[] | null {
  if (Array.isArray(root)) return root;
  if (!isRecord(root)) return null;
  for (const k of keys) if (Array.isArray(root[k])) return root[k] as unknown[];
  return null;
}

// Jira's export and display default `dd/MMM/yy h:mm a` (`05/Dec/26 3:04 PM`), also with a four-digit year or 24 h
const JIRA_DATE = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/;
// `2025-04-06 15:04`, `2025/04/06 15:04:00`, optionally followed by an offset or UTC (Zendesk, Freshdesk CSV)
const YMD_SPACE =
  /^(\d{4})[-/](\d{2})[-/](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d{1,9}))?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/;
// `Dec 5, 2026 3:04 PM`, `December 05, 2026 15:04`
const MDY_WORDS =
  /^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;

function hour12(h: number, ampm: string | undefined): number {
  if (!ampm) return h;
  const pm = ampm.toLowerCase() === "pm";
  return (h % 12) + (pm ? 12 : 0);
}

/**
 * A time as support and tracker exports write it, to epoch ms: ISO 8601 / RFC 3339 (Jira's `+0000` included),
 * epoch milliseconds or seconds (2001 onwards) as a number, Jira's `05/Dec/26 3:04 PM`, `2025-04-06 15:04[:05] [+0100]` and
 * `Dec 5, 2026 3:04 PM`. Zone-less forms are wall time in the source's zone (marked assumed by the pipeline unless
 * the user names the zone). `NaN` for anything else.
 */
export function parseExportTime(value: unknown, ctx: FormatContext): number {
  if (typeof value === "number") {
    // epoch seconds from 2001 (1e9) or milliseconds (from 1e11, 1973); smaller numbers are counts, not times
    if (!Number.isFinite(value) || value < 1e9 || value >= 1e14) return Number.NaN;
    ctx.noteZoneFromData("UTC");
    return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
  }
  if (typeof value !== "string") return Number.NaN;
  const s = value.trim();
  const iso = parseIsoTime(s, ctx);
  if (Number.isFinite(iso)) return iso;
  let m = YMD_SPACE.exec(s);
  if (m) {
    const iso2 = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? "00"}${m[7] ? `.${m[7]}` : ""}${m[8] === "UTC" ? "Z" : (m[8] ?? "")}`;
    return parseIsoTime(iso2, ctx);
  }
  m = JIRA_DATE.exec(s);
  if (m) {
    const month = MONTHS[(m[2] ?? "").toLowerCase()];
    if (month === undefined) return Number.NaN;
    const y = Number(m[3]);
    const year = y < 100 ? 2000 + y : y;
    return wall(ctx, year, month, Number(m[1]), hour12(Number(m[4]), m[7]), Number(m[5]), Number(m[6] ?? 0));
  }
  m = MDY_WORDS.exec(s);
  if (m) {
    const month = MONTHS[(m[1] ?? "").toLowerCase()];
    if (month === undefined) return Number.NaN;
    const h = m[4] === undefined ? 0 : hour12(Number(m[4]), m[7]);
    return wall(ctx, Number(m[3]), month, Number(m[2]), h, Number(m[5] ?? 0), Number(m[6] ?? 0));
  }
  return Number.NaN;
}

function wall(
  ctx: FormatContext,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return Number.NaN;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCDate() !== day) return Number.NaN;
  return ctx.localToEpoch({ year, month, day, hour, minute, second, millisecond: 0 });
}

/** Extra fields for one emitted record. */
export interface RecordExtra {
  /** Time to use instead of the spec's time fields (a derived acknowledge time). */
  ts?: number;
  /** Line to report instead of the record's own (the line of a nested time value). */
  line?: number;
  actor?: string | null;
  message?: string;
  severity?: EventSeverity | null;
  service?: string | null;
  attributes?: Record<string, unknown>;
}

/**
 * Turn one record into an event by its spec. A record that is not an object, was cut off by a truncated document,
 * or has no valid time is a counted skip at its line (`unexpected-shape`, `incomplete-item`, `invalid-timestamp`).
 * Returns the event time, or `null` when the record was skipped.
 */
export function emitRecord(
  ctx: FormatContext,
  doc: LocatedJson,
  rec: unknown,
  spec: ReportSpec,
  extra: RecordExtra = {},
): number | null {
  const line = extra.line ?? doc.lineOf(rec);
  if (!isRecord(rec) || doc.isPartial(rec)) {
    ctx.skip(line, isRecord(rec) ? "incomplete-item" : "unexpected-shape", itemExcerpt(rec));
    return null;
  }
  const ts = extra.ts ?? parseExportTime(firstOf(rec, spec.time), ctx);
  if (!Number.isFinite(ts)) {
    ctx.skip(line, "invalid-timestamp", itemExcerpt(rec));
    return null;
  }
  const person = firstOf(rec, spec.actor);
  const actor = extra.actor !== undefined ? extra.actor : (personName(person) ?? spec.fallbackActor ?? null);
  const email = extra.actor === undefined ? personEmail(person) : null;
  const id = str(firstOf(rec, spec.id));
  const status = statusText(firstOf(rec, spec.status));
  const text = oneLine(str(firstOf(rec, spec.text)) ?? "");
  const message =
    extra.message ?? `${spec.label}${id ? ` ${id}` : ""}${status ? ` [${status}]` : ""}${text ? `: ${text}` : ""}`;
  ctx.emit({
    ts,
    path: ctx.path,
    line,
    kind: spec.kind,
    severity: extra.severity ?? null,
    service: extra.service ?? null,
    host: null,
    actor,
    message,
    attributes: {
      source: spec.source,
      type: spec.type,
      ...(id ? { id } : {}),
      ...(status ? { status } : {}),
      ...(email && email !== actor ? { actorEmail: email } : {}),
      ...extra.attributes,
    },
  });
  return ts;
}

/** A status as text: a string, or an object's `name` (Jira's `status: {name}`, incident.io's `incident_status`). */
export function statusText(value: unknown): string | null {
  if (isRecord(value)) return str(value.name) ?? str(value.category) ?? null;
  return str(value);
}

/** Collapse whitespace and cut long bodies, so a ticket's description stays one timeline line. */
export function oneLine(text: string, max = 240): string {
  const t = text
    .replace(/<[^>]{1,200}>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** True when any of the object's keys is one of `names` (detection by documented field sets). */
export function hasKeys(rec: unknown, names: readonly string[], atLeast: number): boolean {
  if (!isRecord(rec)) return false;
  let n = 0;
  for (const k of names) if (k in rec) n++;
  return n >= atLeast;
}

/** How many of `names` appear as JSON keys in a detection sample's text. */
export function keyCount(text: string, names: readonly string[]): number {
  let n = 0;
  for (const k of names) if (text.includes(`"${k}":`) || text.includes(`"${k}" :`)) n++;
  return n;
}

/** A record as a plain object, or an empty one. */
export function asRecord(value: unknown): JsonRecord {
  return isRecord(value) ? value : {};
}

/** True when the text is JSON lines: its first line a whole JSON object, and more lines after it. */
function isJsonLines(text: string): boolean {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const nl = text.indexOf("\n", start);
  if (nl < 0) return false;
  const first = text.slice(start, nl).trim();
  if (!first.startsWith("{") || !first.endsWith("}")) return false;
  if (text.slice(nl + 1).trim() === "") return false;
  try {
    JSON.parse(first);
    return true;
  } catch {
    return false;
  }
}

/**
 * Parse an export that is either one JSON document (an API response) or JSON lines, one record a line (Zendesk's
 * account JSON export, saved webhook deliveries, `jq -c` output). JSON lines become an array of the line values,
 * each object (and everything inside it) located at its line; a line that is not JSON is a counted skip
 * (`invalid-json` / `truncated-json`) at its line, and the other lines are still read.
 */
export function parseRecordsDocument(text: string, ctx: FormatContext): LocatedJson {
  if (!isJsonLines(text)) return parseDocument(text, ctx);
  const lineOfNode = new WeakMap<object, number>();
  const values: unknown[] = [];
  const mark = (node: unknown, line: number, depth: number): void => {
    if (typeof node !== "object" || node === null || depth > 64) return;
    lineOfNode.set(node, line);
    for (const v of Array.isArray(node) ? node : Object.values(node)) mark(v, line, depth + 1);
  };
  const lines = text.split("\n");
  let bad = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] ?? "").replace(/^\uFEFF/, "").trim();
    if (raw === "") continue;
    const doc = parseJsonLocated(raw);
    if (doc.problem) {
      bad++;
      ctx.skip(i + 1, doc.problem.truncated ? "truncated-json" : "invalid-json", excerptOf(raw.slice(0, 400)));
      continue;
    }
    mark(doc.value, i + 1, 0);
    values.push(doc.value);
  }
  if (bad > 0) ctx.warn?.(`${bad} line(s) of this JSON-lines export are not JSON; the other lines were read`);
  const root: unknown[] = values;
  return {
    value: root,
    problem: undefined,
    lineOf: (node) => (typeof node === "object" && node !== null ? (lineOfNode.get(node) ?? 1) : 1),
    isPartial: () => false,
  };
}
