import type { EventSeverity } from "../../model/event.js";
import type { FormatContext } from "../evidence-format.js";
import { type LocatedJson, parseJsonLocated } from "../json-located.js";
import { excerptOf } from "../source-account.js";
import { formatOffset, parseFixedOffset } from "../time/zone.js";
import { parseYamlLocated } from "../yaml-located.js";

/** A plain JSON object. */
export type JsonRecord = Record<string, unknown>;

/** True for a non-null, non-array object. */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value as a string when it is one (numbers are formatted), else `null`. */
export function str(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

/** A nested string field, e.g. `field(entry, "agent", "summary")`. */
export function field(value: unknown, ...keys: string[]): string | null {
  let cur: unknown = value;
  for (const k of keys) {
    if (!isRecord(cur)) return null;
    cur = cur[k];
  }
  return str(cur);
}

/** A short JSON excerpt of an item, for skip examples. */
export function itemExcerpt(item: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(item) ?? String(item);
  } catch {
    s = String(item);
  }
  return excerptOf(s.length > 400 ? s.slice(0, 400) : s);
}

/**
 * Parse a JSON (or, when it does not start with `{`/`[`, YAML) document for a format. A broken or truncated document is not an exception: the problem becomes a
 * source warning and a counted skip at its line, and the format keeps whatever was read before it.
 */
export function parseDocument(text: string, ctx: FormatContext): LocatedJson {
  const head = docHead(text);
  // JSON starts with `{` or `[`; anything else is read as YAML (the `-o yaml` of kubectl, helm and other CLIs)
  const doc = head === "{" || head === "[" || head === "" ? parseJsonLocated(text) : parseYamlLocated(text);
  const p = doc.problem;
  if (p) {
    const reason = p.truncated ? "truncated-json" : "invalid-json";
    const lineText = lineAt(text, p.line);
    ctx.skip(p.line, reason, lineText);
    ctx.warn?.(
      p.truncated
        ? `truncated JSON: ${p.message} at line ${p.line}, column ${p.column}; kept the items read before it`
        : `invalid ${head === "{" || head === "[" ? "JSON" : "YAML"} at line ${p.line}, column ${p.column}: ${p.message}; kept the items read before it`,
    );
  }
  return doc;
}

function lineAt(text: string, line: number): string {
  let start = 0;
  for (let i = 1; i < line; i++) {
    const nl = text.indexOf("\n", start);
    if (nl < 0) return "";
    start = nl + 1;
  }
  const end = text.indexOf("\n", start);
  return text.slice(start, end < 0 ? Math.min(text.length, start + 400) : Math.min(end, start + 400));
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parse an ISO-8601 / RFC 3339 time (any number of fraction digits, `Z` or an offset) to epoch ms, truncating
 * below the millisecond. A time with a zone notes it as stated by the data; a time without one is read in the
 * source's zone through `ctx.localToEpoch`. Returns `NaN` for anything else.
 */
export function parseIsoTime(value: unknown, ctx: FormatContext): number {
  if (typeof value !== "string") return Number.NaN;
  const m = ISO.exec(value.trim());
  if (!m) return Number.NaN;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millisecond = m[7] === undefined ? 0 : Number(m[7].padEnd(3, "0").slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return Number.NaN;
  const zone = m[8];
  if (zone === undefined) {
    return ctx.localToEpoch({ year, month, day, hour, minute, second, millisecond });
  }
  const offset = zone === "Z" || zone === "z" || zone === "UTC" ? 0 : parseFixedOffset(zone);
  if (offset === null) return Number.NaN;
  ctx.noteZoneFromData(formatOffset(offset));
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  // reject dates that rolled over (Feb 30): Date.UTC normalises them silently
  const d = new Date(local);
  if (d.getUTCDate() !== day || d.getUTCMonth() !== month - 1) return Number.NaN;
  return local - offset * 60_000;
}

/**
 * Epoch seconds (a number or a decimal string like Slack's `"1739095725.000200"`) to epoch ms, exact to the
 * millisecond (no floating-point drift from multiplying a float by 1000).
 */
export function epochSecondsToMs(value: unknown): number {
  if (typeof value === "number") return Number.isFinite(value) ? Math.round(value * 1000) : Number.NaN;
  if (typeof value !== "string") return Number.NaN;
  const m = /^(-?\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) return Number.NaN;
  const secs = Number(m[1]);
  const frac = m[2] === undefined ? 0 : Number(m[2].padEnd(3, "0").slice(0, 3));
  return secs * 1000 + (secs < 0 ? -frac : frac);
}

/** Map alert/label severities (`critical`, `page`, `warning`, `P1`...) to Debrief's. */
export function labelSeverity(value: unknown): EventSeverity | null {
  if (typeof value !== "string") return null;
  switch (value.trim().toLowerCase()) {
    case "critical":
    case "crit":
    case "page":
    case "p1":
    case "sev1":
    case "high":
      return "critical";
    case "error":
    case "major":
    case "p2":
    case "sev2":
      return "error";
    case "warning":
    case "warn":
    case "minor":
    case "p3":
    case "sev3":
    case "moderate":
      return "warning";
    case "info":
    case "informational":
    case "low":
    case "p4":
    case "p5":
    case "none":
      return "info";
    default:
      return null;
  }
}

/** The start of a document (after BOM and whitespace) for cheap detection. */
export function docHead(text: string): string {
  let i = 0;
  while (i < text.length && /[\s\uFEFF]/.test(text.charAt(i))) i++;
  return text.slice(i, i + 1);
}
