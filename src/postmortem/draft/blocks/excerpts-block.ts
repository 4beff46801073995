import type { EvidenceRef } from "../../../model/common.js";
import type { MilestoneName } from "../../../model/timeline.js";
import { type DraftBlockRenderer, type DraftContext, refKey } from "../draft-block.js";
import { MILESTONE_LABELS, refCode } from "../draft-format.js";

/** Longest excerpt kept, in characters; evidence lines can be megabytes. */
export const MAX_EXCERPT = 400;

/** The evidence lines behind the milestones, the trigger and the suggested factors, worth quoting in the appendix. */
export function excerptRefs(ctx: Pick<DraftContext, "timeline">): ExcerptRef[] {
  const out: ExcerptRef[] = [];
  const seen = new Set<string>();
  const add = (label: string, ref: EvidenceRef | undefined, about: string[]) => {
    if (!ref || seen.has(refKey(ref))) return;
    seen.add(refKey(ref));
    out.push({ label, ref, hints: hintWords(about) });
  };
  const entries = ctx.timeline.entries;
  for (const [name, m] of Object.entries(ctx.timeline.milestones) as [
    MilestoneName,
    { evidence: EvidenceRef[]; rationale?: string },
  ][]) {
    const rows = entries.filter((e) => e.milestone === name).map((e) => e.event);
    add(MILESTONE_LABELS[name] ?? name, m?.evidence[0], [...rows, m?.rationale ?? ""]);
  }
  const trigger = ctx.timeline.findings
    .filter((f) => f.kind === "suspect-change")
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0))[0];
  add("Suggested trigger", trigger?.evidence?.[0], [trigger?.summary ?? ""]);
  for (const s of ctx.timeline.analysis?.saturation ?? []) {
    add(`Saturation: ${s.signal.slice(0, 60)}`, s.evidence[0], [s.signal]);
  }
  return out;
}

/** An evidence line worth quoting, with words that locate the interesting part of a long line. */
export interface ExcerptRef {
  label: string;
  ref: EvidenceRef;
  hints: string[];
}

const COMMON = new Set(["firing", "started", "failed", "request", "requests", "incident", "production", "success"]);

function hintWords(texts: string[]): string[] {
  const words = texts.join(" ").match(/[A-Za-z][\w.-]{5,}/g) ?? [];
  return [...new Set(words.filter((w) => !COMMON.has(w.toLowerCase())))];
}

/** Cut a long line to the part around the first hint it contains (or its start). */
export function focusExcerpt(text: string, hints: string[], max = MAX_EXCERPT): string {
  if (text.length <= max) return text;
  let at = 0;
  for (const h of hints) {
    const i = text.indexOf(h);
    if (i >= 0) {
      at = i;
      break;
    }
  }
  const start = Math.max(0, Math.min(at - Math.floor(max / 4), text.length - max));
  return `${start > 0 ? "… " : ""}${text.slice(start, start + max)}${start + max < text.length ? " …" : ""}`;
}

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return "`".repeat(longest + 1);
}

/** Redacted raw lines from the evidence files, each under the reference it proves. */
export const excerptsBlock: DraftBlockRenderer = {
  name: "evidence",
  section: "appendix",
  placement: "end",
  appendToWrittenSection: true,
  render(ctx) {
    const parts: string[] = [];
    for (const { label, ref, hints } of excerptRefs(ctx)) {
      const raw = ctx.excerpts.get(refKey(ref));
      // a lone "[" or "{" opening a JSON document proves nothing; skip lines without substance
      if (raw === undefined || raw.replace(/[\s[\]{},]/g, "").length < 8) continue;
      // redact the whole line before cutting it, so a cut can never leave half a secret readable
      const text = focusExcerpt(ctx.redact(raw.replace(/\t/g, "  ").trimEnd()), hints);
      const f = fence(text);
      parts.push(`- ${label.replace(/([*_<>|[\]`#\\])/g, "\\$1")}, ${refCode(ref)}:\n\n  ${f}text\n  ${text}\n  ${f}`);
    }
    if (parts.length === 0) return null;
    const heading = `${"#".repeat(ctx.subheadingDepth)} Evidence excerpts`;
    return `\n${heading}\n\nSecrets are masked as [REDACTED:kind]; the evidence files themselves are unchanged.\n\n${parts.join("\n\n")}\n\n`;
  },
};
