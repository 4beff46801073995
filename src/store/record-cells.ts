import { DateTime } from "luxon";

/** Normalised action-item status. */
export type ActionState = "open" | "in-progress" | "done" | "wont-do";

/*
 * Readers of the free-text cells people write in post-mortems (times, deadlines, statuses, priorities) and the
 * signature normaliser that makes one failure compare equal across incidents. Kept apart from the record assembly
 * in incident-record.ts: these are pure string functions, reused by insights and the team store.
 */

/** Parse an instant: ISO-8601 with a zone, or `YYYY-MM-DD HH:MM[:SS]` read as UTC. Returns epoch ms or null. */
export function parseInstant(text: string | null | undefined): number | null {
  if (!text) return null;
  const s = text.trim().replace(/\s*UTC$/i, "Z");
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (m) {
    const ms = Date.parse(`${m[1]}T${m[2]}${m[3] ?? "Z"}`);
    return Number.isNaN(ms) ? null : ms;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const ms = Date.parse(`${s}T00:00:00Z`);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

const DEADLINE_FORMATS = ["d LLL yyyy", "d LLLL yyyy", "LLL d, yyyy", "LLLL d, yyyy", "LLL d yyyy", "yyyy/MM/dd"];

/** Read a deadline cell (`2025-03-01`, `1 Mar 2025`, `March 1, 2025`, `2025-03-01 (moved)`) as `YYYY-MM-DD`. */
export function parseDeadline(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(raw);
  if (iso) {
    const d = DateTime.fromISO(iso[0], { zone: "utc" });
    return d.isValid ? iso[0] : null;
  }
  const cleaned = raw
    .replace(/[*_~`]/g, "")
    .replace(/(\d)(st|nd|rd|th)\b/g, "$1")
    .trim();
  for (const f of DEADLINE_FORMATS) {
    const d = DateTime.fromFormat(cleaned, f, { zone: "utc", locale: "en-US" });
    if (d.isValid) return d.toISODate();
  }
  return null;
}

/** Map free-text status cells onto the four states; an empty status means the item is still open. */
export function normaliseActionStatus(raw: string | null | undefined): ActionState {
  const s = (raw ?? "")
    .toLowerCase()
    .replace(/[^a-z\s'-]/g, " ")
    .trim();
  if (/\b(done|closed|complete|completed|fixed|resolved|shipped|merged)\b/.test(s) || (raw ?? "").includes("✅")) {
    return "done";
  }
  if (/\b(won'?t|wont|wontfix|cancel+ed|dropped|rejected|obsolete|not doing|not planned)\b/.test(s)) return "wont-do";
  if (/\b(in[\s-]?progress|wip|doing|started|ongoing|in review)\b/.test(s)) return "in-progress";
  return "open";
}

/** Map `P1`, `p1`, `high`, `critical` onto `P0`..`P4`; null when the cell says nothing recognisable. */
export function normalisePriority(raw: string | null | undefined): string | null {
  const s = (raw ?? "").trim().toLowerCase();
  const p = /\bp\s*([0-4])\b/.exec(s);
  if (p) return `P${p[1]}`;
  if (/critical|urgent|blocker/.test(s)) return "P0";
  if (/high/.test(s)) return "P1";
  if (/medium|normal/.test(s)) return "P2";
  if (/low/.test(s)) return "P3";
  return null;
}

/**
 * Normalise an error message or log template so the same failure in two incidents compares equal: lower case,
 * variable parts (numbers, hex ids, IPs, UUIDs, quoted values) replaced by `<*>`.
 */
export function normaliseSignature(text: string): string {
  return text
    .toLowerCase()
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<*>")
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, "<*>")
    .replace(/\b0x[0-9a-f]+\b|\b[0-9a-f]{12,}\b/g, "<*>")
    .replace(/"[^"]*"|'[^']*'/g, "<*>")
    .replace(/\d+(?:\.\d+)?/g, "<*>")
    .replace(/(?:<\*>[\s/:,.-]*){2,}/g, "<*> ")
    .replace(/\s+/g, " ")
    .trim();
}
