import { type LintFinding, lintPostmortem } from "../../lint/index.js";
import type { SectionKey } from "../../model/postmortem.js";
import { applyEdits, parsePostmortem, sectionInsertPoint, sectionRange } from "../../postmortem/index.js";
import { markdownToHtml } from "../../report/index.js";
import { linkEvidenceRefs, type PostmortemDoc } from "./postmortem-doc.js";

/** A lint finding placed in the section being edited: `line` counts from the section body's first line. */
export interface SectionFinding extends Pick<LintFinding, "rule" | "severity" | "message" | "hint" | "column"> {
  line: number;
}

/** What the editor shows beside the text as typed. */
export interface SectionPreview {
  html: string;
  findings: SectionFinding[];
  /** Findings elsewhere in the document. */
  elsewhere: number;
}

/** Longest section text previewed and linted (a paste of a whole log is not a section). */
export const MAX_SECTION_CHARS = 200_000;

/**
 * Render the section as typed and lint the whole document with it in place (the same rules as `debrief lint`), then
 * keep the findings that fall inside the section, numbered from its first line, as the textarea counts them.
 */
export function previewSection(doc: PostmortemDoc, dir: string, key: SectionKey, markdown: string): SectionPreview {
  const text = markdown.slice(0, MAX_SECTION_CHARS).replace(/\r\n/g, "\n");
  const source = doc.source.replace(/\r\n/g, "\n");
  const parsed = parsePostmortem(source, doc.file);
  const section = parsed.postmortem.sections.find((s) => s.key === key);
  let next: string;
  let bodyOffset: number;
  if (section) {
    const range = sectionRange(parsed, section);
    next = applyEdits(source, [{ start: range.bodyStart, end: range.end, text: `\n${text.trimEnd()}\n\n` }]);
    bodyOffset = range.bodyStart + 1;
  } else {
    const at = sectionInsertPoint(parsed, key);
    const heading = key.replace(/[A-Z]/g, (c) => ` ${c}`).replace(/^./, (c) => c.toUpperCase());
    const head = `\n${"#".repeat(at.depth)} ${heading}\n\n`;
    next = applyEdits(source, [{ start: at.offset, end: at.offset, text: `${head}${text.trimEnd()}\n\n` }]);
    bodyOffset = at.offset + head.length;
  }
  const bodyLine = next.slice(0, bodyOffset).split("\n").length;
  const lines = text.trimEnd().split("\n").length;
  const all = lintPostmortem(parsePostmortem(next, doc.file));
  const findings: SectionFinding[] = [];
  let elsewhere = 0;
  for (const f of all) {
    if (f.line >= bodyLine && f.line < bodyLine + lines) {
      findings.push({
        line: f.line - bodyLine + 1,
        column: f.column,
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        hint: f.hint,
      });
    } else elsewhere++;
  }
  return { html: linkEvidenceRefs(markdownToHtml(text), dir), findings, elsewhere };
}
