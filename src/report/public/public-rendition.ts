/**
 * The public rendition of a post-mortem: the same source with everything marked internal left out, for a status
 * page or a customer-facing write-up. What is left out, and what redaction masks afterwards, is listed so a person
 * can check it before anything is published (`debrief render --public --diff`).
 *
 * Markings (documented in docs/postmortem-format.md):
 * - a block between `<!-- internal -->` and `<!-- /internal -->` lines (any number of paragraphs, lists, tables);
 * - an inline span `<!-- internal -->…<!-- /internal -->` within one line;
 * - a whole section: its heading line ends with `<!-- internal -->` (the section runs to the next heading of the
 *   same or a higher level);
 * - the Appendix, whose evidence excerpts (hosts, pod names, log lines) are internal material by nature;
 * - the front-matter `authors` and `reviewers` (names of staff).
 */
import { DebriefError } from "../../model/debrief-error.js";
import { redact } from "../../util/redact/index.js";

/** One thing the public rendition leaves out or masks. */
export interface RemovedPart {
  /** 1-based line in the source where it starts. */
  line: number;
  /** `internal-block`, `internal-inline`, `internal-section`, `appendix`, `staff-names`, or a redaction kind. */
  reason: string;
  /** The text that is left out (or the line before masking). */
  text: string;
  /** For masked lines: the line as published. */
  replacement?: string;
}

/** The public source and what was taken out of it. */
export interface PublicSource {
  source: string;
  removed: RemovedPart[];
}

const OPEN = /^[ \t]*<!--\s*internal\s*-->[ \t]*$/i;
const CLOSE = /^[ \t]*<!--\s*\/\s*internal\s*-->[ \t]*$/i;
const INLINE = /<!--\s*internal\s*-->[\s\S]*?<!--\s*\/\s*internal\s*-->/gi;
const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const SECTION_MARK = /<!--\s*internal\s*-->\s*$/i;
const FENCE = /^[ \t]*(```|~~~)/;

/**
 * Take the internal parts out of a post-mortem's Markdown source. Front matter `authors`/`reviewers` are emptied.
 * @throws DebriefError INPUT_INVALID for an `<!-- internal -->` block that is never closed (naming its line), or a
 * stray `<!-- /internal -->`
 */
export function publicSource(source: string, file: string): PublicSource {
  const lines = source.split("\n");
  const removed: RemovedPart[] = [];
  const out: string[] = [];
  let i = 0;
  // front matter: keep, but without the names of staff
  if (lines[0]?.trim() === "---") {
    const end = lines.findIndex((l, k) => k > 0 && l.trim() === "---");
    if (end > 0) {
      for (let k = 0; k <= end; k++) {
        const line = lines[k]!;
        const names = /^(authors|reviewers)\s*:(.*)$/.exec(line);
        if (names) {
          const listed = names[2]!.trim();
          // a block list continues on indented "- " lines
          let last = k;
          while (last + 1 < end && /^\s+-\s/.test(lines[last + 1]!)) last++;
          const text = lines.slice(k, last + 1).join("\n");
          if (listed !== "" && listed !== "[]") removed.push({ line: k + 1, reason: "staff-names", text });
          else if (last > k) removed.push({ line: k + 1, reason: "staff-names", text });
          out.push(`${names[1]}: []`);
          k = last;
          continue;
        }
        out.push(line);
      }
      i = end + 1;
    }
  }
  let inFence = false;
  let skipDepth = 0; // > 0: inside an internal section (or the appendix) of this heading depth
  let skipReason = "";
  let skipStart = 0;
  let skipped: string[] = [];
  let block: { start: number; lines: string[] } | undefined;
  const flushSection = () => {
    if (skipDepth > 0 && skipped.length > 0) {
      removed.push({ line: skipStart, reason: skipReason, text: skipped.join("\n").trimEnd() });
    }
    skipDepth = 0;
    skipped = [];
  };
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (FENCE.test(line)) inFence = !inFence;
    const heading = !inFence && !block ? HEADING.exec(line) : null;
    if (heading) {
      const depth = heading[1]!.length;
      if (skipDepth > 0 && depth <= skipDepth) flushSection();
      if (skipDepth === 0) {
        const internal = SECTION_MARK.test(line);
        const appendix = depth === 2 && /^(\d+[.)]\s*)?appendix\b/i.test(heading[2]!.replace(SECTION_MARK, "").trim());
        if (internal || appendix) {
          skipDepth = depth;
          skipReason = internal ? "internal-section" : "appendix";
          skipStart = i + 1;
        }
      }
    }
    if (skipDepth > 0) {
      skipped.push(line);
      continue;
    }
    if (!inFence && OPEN.test(line)) {
      if (block) {
        throw new DebriefError(
          "INPUT_INVALID",
          `an <!-- internal --> block opened at line ${block.start} is opened again; close it with <!-- /internal -->`,
          { location: { path: file, line: i + 1 } },
        );
      }
      block = { start: i + 1, lines: [] };
      continue;
    }
    if (!inFence && CLOSE.test(line)) {
      if (!block) {
        throw new DebriefError("INPUT_INVALID", "<!-- /internal --> without an <!-- internal --> before it", {
          location: { path: file, line: i + 1 },
        });
      }
      removed.push({ line: block.start, reason: "internal-block", text: block.lines.join("\n").trim() });
      block = undefined;
      continue;
    }
    if (block) {
      block.lines.push(line);
      continue;
    }
    const spans = [...line.matchAll(INLINE)];
    if (spans.length > 0) {
      for (const m of spans) {
        const text = m[0].replace(/<!--\s*\/?\s*internal\s*-->/gi, "").trim();
        removed.push({ line: i + 1, reason: "internal-inline", text });
      }
      out.push(line.replace(INLINE, "").replace(/[ \t]{2,}/g, " "));
      continue;
    }
    out.push(line);
  }
  if (block) {
    throw new DebriefError(
      "INPUT_INVALID",
      "an <!-- internal --> block is never closed; end it with a <!-- /internal --> line (nothing after it would be published)",
      { location: { path: file, line: block.start } },
    );
  }
  flushSection();
  return { source: out.join("\n"), removed };
}

/**
 * The masks redaction (secrets and personal data) will apply to the public source, line by line, for the diff
 * shown before publishing.
 */
export function redactionsOf(source: string): RemovedPart[] {
  const parts: RemovedPart[] = [];
  source.split("\n").forEach((line, k) => {
    const r = redact(line, { pii: true });
    if (r.text !== line) {
      parts.push({ line: k + 1, reason: Object.keys(r.counts).join(", "), text: line, replacement: r.text });
    }
  });
  return parts;
}

/** A readable diff of what the public rendition leaves out: `-` lines removed, `~` lines masked. */
export function formatRemovalDiff(removed: RemovedPart[], file: string): string {
  if (removed.length === 0) return `${file}: the public rendition leaves nothing out\n`;
  const out = [`${file}: the public rendition leaves out ${removed.length} part(s)`];
  for (const part of [...removed].sort((a, b) => a.line - b.line)) {
    out.push(`@@ line ${part.line}: ${part.reason}`);
    if (part.replacement !== undefined) {
      out.push(`- ${part.text}`, `+ ${part.replacement}`);
    } else {
      for (const l of part.text.split("\n")) out.push(`- ${l}`);
    }
  }
  return `${out.join("\n")}\n`;
}
