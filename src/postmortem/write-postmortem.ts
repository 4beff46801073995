import { DebriefError } from "../model/debrief-error.js";
import type { PostmortemFrontMatter, PostmortemSection, SectionKey } from "../model/postmortem.js";
import { type FrontMatterChange, frontMatterEdits } from "./front-matter-edit.js";
import { originalOf, parsePostmortem } from "./parse-postmortem.js";
import type { ParsedPostmortem } from "./parsed-postmortem.js";
import { STANDARD_SECTIONS } from "./sections.js";
import { detectEol, LineIndex, withEol } from "./source-text.js";
import { applyEdits, type TextEdit } from "./text-edits.js";

/** Offsets of a section, recovered from its position and exact markdown. */
export interface SectionRange {
  /** Start of the heading. */
  start: number;
  /** Start of the body (after the heading's line terminator). */
  bodyStart: number;
  /** End of the body (start of the next section or end of file). */
  end: number;
}

/** Offsets of a parsed section in its source. */
export function sectionRange(parsed: Pick<ParsedPostmortem, "source">, section: PostmortemSection): SectionRange {
  const [start, end] = new LineIndex(parsed.source).range(section.position);
  return { start, bodyStart: end - section.markdown.length, end };
}

/**
 * Write a parsed (and possibly modified) post-mortem back to Markdown by splicing the original text: a section whose
 * `markdown` or `heading` changed gets new bytes, front-matter keys whose values changed are rewritten in place, and
 * every other byte is the original's. With nothing changed the result is `parsed.source` exactly.
 * Sections are matched to the original by index; sections appended to `postmortem.sections` are added at the end.
 */
export function writePostmortem(parsed: ParsedPostmortem): string {
  // a spread copy of a parse result loses its snapshot; parsing the unchanged source again recovers it
  const snapshot = originalOf(parsed) ?? originalOf(parsePostmortem(parsed.source, parsed.path));
  if (!snapshot) throw new DebriefError("INTERNAL", "no parse snapshot for the post-mortem");
  const original = { source: parsed.source, path: parsed.path };
  const eol = detectEol(parsed.source);
  const edits: TextEdit[] = [];
  const now = parsed.postmortem.sections;
  const before = snapshot.sections;
  for (let i = 0; i < Math.min(now.length, before.length); i++) {
    const a = before[i];
    const b = now[i];
    if (!a || !b) continue;
    const range = sectionRange(original, a);
    if (b.heading !== a.heading || b.depth !== a.depth) {
      edits.push({ start: range.start, end: range.bodyStart, text: `${"#".repeat(b.depth)} ${b.heading}${eol}` });
    }
    if (b.markdown !== a.markdown) edits.push({ start: range.bodyStart, end: range.end, text: b.markdown });
  }
  if (now.length < before.length) {
    throw new DebriefError(
      "INTERNAL",
      "writePostmortem cannot remove sections; edit the source text instead (removing human text is never automatic)",
    );
  }
  let tail = "";
  for (const added of now.slice(before.length)) {
    tail += `${parsed.source.length > 0 && !/(\r?\n){2}$/.test(parsed.source + tail) ? eol : ""}${"#".repeat(added.depth)} ${added.heading}${eol}${added.markdown}`;
  }
  if (tail) edits.push({ start: parsed.source.length, end: parsed.source.length, text: tail });
  const fmChanges = diffFrontMatter(snapshot.frontMatter, parsed.postmortem.frontMatter);
  if (fmChanges.length > 0) {
    const fm = frontMatterEdits(parsed.source, fmChanges);
    if (fm === null) {
      throw new DebriefError("INPUT_INVALID", "the front matter is not valid YAML, so it cannot be updated", {
        location: { path: parsed.path, line: 1 },
      });
    }
    edits.push(...fm);
  }
  return applyEdits(parsed.source, edits);
}

function diffFrontMatter(a: PostmortemFrontMatter, b: PostmortemFrontMatter): FrontMatterChange[] {
  const changes: FrontMatterChange[] = [];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const va = (a as Record<string, unknown>)[key];
    const vb = (b as Record<string, unknown>)[key];
    if (vb === undefined || JSON.stringify(va) === JSON.stringify(vb)) continue;
    changes.push({ path: [key], value: vb });
  }
  return changes;
}

/**
 * Replace the body of one section (the text between its heading and the next section), leaving every other byte
 * alone. `body` is written as given, converted to the file's line endings.
 * @throws DebriefError `INPUT_INVALID` when the document has no such section
 */
export function replaceSectionBody(parsed: ParsedPostmortem, key: SectionKey, body: string): string {
  const section = parsed.postmortem.sections.find((s) => s.key === key);
  if (!section) {
    throw new DebriefError("INPUT_INVALID", `the post-mortem has no ${key} section`, {
      location: { path: parsed.path },
    });
  }
  const range = sectionRange(parsed, section);
  return applyEdits(parsed.source, [
    { start: range.bodyStart, end: range.end, text: withEol(body, detectEol(parsed.source)) },
  ]);
}

/**
 * Where a missing standard section belongs: before the first later standard section present, else at the end.
 * Returns the offset and the heading depth the document uses for sections.
 */
export function sectionInsertPoint(parsed: ParsedPostmortem, key: SectionKey): { offset: number; depth: number } {
  const order = STANDARD_SECTIONS.map((s) => s.key);
  const idx = order.indexOf(key);
  const sections = parsed.postmortem.sections;
  const depth = sections.find((s) => s.key !== null)?.depth ?? sections[0]?.depth ?? 2;
  const later = sections.find((s) => s.key !== null && order.indexOf(s.key) > idx);
  if (later) return { offset: sectionRange(parsed, later).start, depth };
  return { offset: parsed.source.length, depth };
}

/** Text edits that set front-matter fields in place (see {@link frontMatterEdits}); null when the YAML is invalid. */
export function setFrontMatter(parsed: ParsedPostmortem, changes: FrontMatterChange[]): string | null {
  const edits = frontMatterEdits(parsed.source, changes, parsed.tree);
  return edits === null ? null : applyEdits(parsed.source, edits);
}
