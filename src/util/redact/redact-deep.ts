import { type RedactionCounts, type RedactOptions, redact } from "./redact.js";

/** Most strings are short words, numbers and paths: a cheap look for anything a rule could match first. */
const MAYBE_SENSITIVE =
  /[:=@.~]|key|token|secret|pass|bearer|BEGIN|A[A-Z]{3}[0-9A-Z]{16}|AIza|gh[pousr]_|github_pat|xox|sk_|rk_/i;

/**
 * A copy of `value` with every string in it (object values and array items, any depth) passed through
 * {@link redact}: for whole results that carry evidence text (a timeline, mined templates, raw events) before they
 * leave Debrief by any adapter. Keys, numbers and booleans are kept; `counts` collects what was masked.
 */
export function redactDeep<T>(value: T, options: RedactOptions = {}, counts: RedactionCounts = {}): T {
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") {
      if (v.length < 8 || !MAYBE_SENSITIVE.test(v)) return v;
      const r = redact(v, options);
      for (const [k, n] of Object.entries(r.counts)) counts[k] = (counts[k] ?? 0) + n;
      return r.text;
    }
    if (v === null || typeof v !== "object" || depth > 64) return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    if (v instanceof Date || ArrayBuffer.isView(v)) return v;
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, walk(x, depth + 1)]));
    // fromEntries defines own properties, so a "__proto__" key read from JSON stays a key instead of
    // becoming the copy's prototype (an assignment loop would drop it, or let evidence set the prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, depth + 1)]));
  };
  return walk(value, 0) as T;
}
