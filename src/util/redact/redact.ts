import { PII_RULES } from "./pii-rules.js";
import { mask, type RedactionRule } from "./redaction-rule.js";
import { SECRET_RULES } from "./secret-rules.js";

/** Options of {@link redact}. */
export interface RedactOptions {
  /** Also mask personal data (e-mail, IPv4, IPv6): `--redact-pii`. */
  pii?: boolean;
}

/** How many values of each kind were masked, e.g. `{ "aws-access-key": 1, email: 3 }`. */
export type RedactionCounts = Record<string, number>;

/** The masked text and what was masked. */
export interface RedactResult {
  text: string;
  counts: RedactionCounts;
}

/** Every rule in the order they run: secrets, then personal data. */
export const REDACTION_RULES: readonly RedactionRule[] = [...SECRET_RULES, ...PII_RULES];

/**
 * Mask secrets (always) and personal data (with `pii`) in a text Debrief is about to write into a document or
 * report. Evidence files are never passed through this: it is for excerpts only. Pure and deterministic.
 */
export function redact(text: string, options: RedactOptions = {}): RedactResult {
  const counts: RedactionCounts = {};
  let out = text;
  for (const rule of REDACTION_RULES) {
    if (rule.class === "pii" && !options.pii) continue;
    out = applyRule(out, rule, counts);
  }
  return { text: out, counts };
}

function applyRule(text: string, rule: RedactionRule, counts: RedactionCounts): string {
  rule.pattern.lastIndex = 0;
  return text.replace(rule.pattern, (...args: unknown[]) => {
    const match = args[0] as string;
    const group = rule.group ?? 0;
    const value = group === 0 ? match : (args[group] as string | undefined);
    if (value === undefined || value.startsWith("[REDACTED") || (rule.accept && !rule.accept(value))) return match;
    counts[rule.kind] = (counts[rule.kind] ?? 0) + 1;
    if (group === 0) return mask(rule.kind);
    // the sensitive group is the match's tail in every rule that uses one; keep what precedes it
    const at = match.lastIndexOf(value);
    return match.slice(0, at) + mask(rule.kind) + match.slice(at + value.length);
  });
}

/** Add counts into a running total. */
export function addCounts(total: RedactionCounts, more: RedactionCounts): RedactionCounts {
  for (const [k, n] of Object.entries(more)) total[k] = (total[k] ?? 0) + n;
  return total;
}

/**
 * A redactor that keeps a running count across many excerpts, for commands that write many of them and report the
 * totals once (`debrief draft`).
 */
export interface Redactor {
  (text: string): string;
  readonly counts: RedactionCounts;
}

/** Create a {@link Redactor}. */
export function createRedactor(options: RedactOptions = {}): Redactor {
  const counts: RedactionCounts = {};
  const fn = ((text: string) => {
    const r = redact(text, options);
    addCounts(counts, r.counts);
    return r.text;
  }) as Redactor;
  Object.defineProperty(fn, "counts", { value: counts, enumerable: true });
  return fn;
}
