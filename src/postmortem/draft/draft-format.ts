import type { EvidenceRef } from "../../model/common.js";

/** `2025-02-09 10:05:23` (UTC), the form the Timeline table uses. */
export function tableTime(iso: string): string {
  return iso.replace("T", " ").replace(/(\.\d+)?Z$/, "");
}

/** `10:05:23` (UTC). */
export function clockTime(iso: string): string {
  return iso.slice(11, 19);
}

/** `1 min 46 s`, `29 min`, `2 h 5 min`, `45 s`. */
export function humanDuration(seconds: number): string {
  let s = Math.round(Math.abs(seconds));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (h > 0) return `${h} h${m > 0 ? ` ${m} min` : ""}`;
  if (m > 0) return `${m} min${s > 0 ? ` ${s} s` : ""}`;
  return `${s} s`;
}

/** `1,572`. */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** `14.7 %` from a 0..1 ratio, with enough digits for small rates. */
export function percent(ratio: number): string {
  const p = ratio * 100;
  const digits = p >= 10 ? 1 : p >= 1 ? 1 : p >= 0.1 ? 2 : 3;
  return `${p.toFixed(digits)} %`;
}

/**
 * Make evidence text safe inside a Markdown line or table cell: one line, pipes escaped, and no character that
 * would start HTML or emphasis (`<*>` in log templates, `<!--` in a chat message). Code spans, brackets and
 * intra-word underscores are left as written, so chat messages read as their authors formatted them.
 */
export function inlineText(text: string): string {
  const one = text.replace(/\s+/g, " ").trim();
  let out = "";
  let last = 0;
  // code spans keep their text (only pipes need escaping there, for tables); prose gets markup characters escaped
  for (const m of one.matchAll(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g)) {
    out += escapeProse(one.slice(last, m.index)) + m[0].replace(/\|/g, "\\|");
    last = m.index + m[0].length;
  }
  return out + escapeProse(one.slice(last));
}

function escapeProse(text: string): string {
  const chars = [...text.replace(/\\/g, "\\\\").replace(/([*<|`])/g, "\\$1")];
  const word = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  return chars.map((c, i) => (c === "_" && !(word(chars[i - 1]) && word(chars[i + 1])) ? "\\_" : c)).join("");
}

/** A `path:line` evidence reference as inline code (what the parser and lint read back). */
export function refCode(ref: EvidenceRef): string {
  return `\`${ref.path}:${ref.line}\``;
}

/** Human label of a milestone name. */
export const MILESTONE_LABELS: Record<string, string> = {
  impactStart: "Impact start",
  detected: "Detected",
  paged: "Paged",
  acknowledged: "Acknowledged",
  mitigated: "Mitigated",
  recovered: "Recovered",
  resolved: "Resolved",
};

/**
 * The marker on every sentence Debrief writes into a post-mortem: it stays until a person confirms the sentence
 * (by deleting the marker) and the lint rules report leftovers. Documented in docs/postmortem-format.md.
 */
export const SUGGESTED_MARKER = "**Suggested:**";

/** One suggested sentence with its evidence: `**Suggested:** text. Evidence: \`path:line\``. */
export function suggested(text: string, evidence: readonly EvidenceRef[] = []): string {
  const body = text.replace(/[.\s]+$/, "");
  const refs = [...new Map(evidence.map((e) => [`${e.path}:${e.line}`, e])).values()].slice(0, 3).map(refCode);
  return `${SUGGESTED_MARKER} ${body}.${refs.length > 0 ? ` Evidence: ${refs.join(", ")}` : ""}`;
}
