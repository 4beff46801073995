import { createHash } from "node:crypto";
import type { Root } from "mdast";
import type { SourcePosition } from "../model/postmortem.js";
import { endOf, startOf, walk } from "./markdown-tree.js";
import type { ParseProblem } from "./parsed-postmortem.js";
import { LineIndex } from "./source-text.js";

/**
 * A region of the document that `debrief draft` generated, between
 * `<!-- debrief:begin NAME hash=H -->` and `<!-- debrief:end NAME -->`. The hash is of the content as generated, so a
 * block whose content no longer matches it was edited by a person and must not be overwritten.
 */
export interface GeneratedBlock {
  name: string;
  /** Hash recorded in the begin marker; null when the marker carries none (treated as edited). */
  hash: string | null;
  /** Offset of the begin marker's first character. */
  start: number;
  /** Offset just after the begin marker line (including its line terminator). */
  contentStart: number;
  /** Offset of the end marker's first character. */
  contentEnd: number;
  /** Offset just after the end marker (before its line terminator). */
  end: number;
  /** The text between the markers, byte for byte. */
  content: string;
  /** True when the content still hashes to the recorded value. */
  intact: boolean;
  position: SourcePosition;
}

const BEGIN = /^[ \t]*<!--\s*debrief:begin\s+([\w.-]+)(?:\s+hash=([0-9a-f]*))?\s*-->[ \t]*$/;
const END = /^[ \t]*<!--\s*debrief:end\s+([\w.-]+)\s*-->[ \t]*$/;

/** Length of the hash prefix written in markers: 12 hex digits (48 bits) is plenty to notice an edit. */
/**
 * The offset of a fenced code block that is never closed and so runs to the end of the document (CommonMark ends
 * an unclosed fence only with its container, and at the top level that is the document), or null. Everything after
 * such a fence, headings and debrief markers included, is code: a tool that edits by section would write into it.
 */
export function unclosedFenceAt(source: string, tree: Root): number | null {
  const docEnd = source.replace(/\s+$/, "").length;
  let found: number | null = null;
  walk(tree, (n) => {
    if (found !== null || n.type !== "code" || endOf(n) < docEnd) return;
    const text = source.slice(startOf(n), endOf(n));
    const open = /^[ \t]*(`{3,}|~{3,})/.exec(text);
    if (!open?.[1]) return; // indented code has no fence to close
    const fence = open[1];
    const lines = text.split(/\r\n|\n|\r/);
    const last = (lines[lines.length - 1] ?? "").replace(/^[ \t>]*/, "").trimEnd();
    const closed = lines.length > 1 && last.length >= fence.length && [...last].every((c) => c === fence[0]);
    if (!closed) found = startOf(n);
  });
  return found;
}

export const BLOCK_HASH_LENGTH = 12;

/** Hash of generated content; line endings are normalised so an editor switching LF/CRLF is not an "edit". */
export function blockHash(content: string): string {
  return createHash("sha256").update(content.replace(/\r\n?/g, "\n"), "utf8").digest("hex").slice(0, BLOCK_HASH_LENGTH);
}

/** The full text of a block: markers plus content (content should start and end with a line terminator). */
export function renderBlock(name: string, content: string, eol: "\n" | "\r\n" = "\n"): string {
  return `<!-- debrief:begin ${name} hash=${blockHash(content)} -->${eol}${content}<!-- debrief:end ${name} -->`;
}

/**
 * Find the generated blocks of a document. Markers inside code blocks are ignored (a README may show one);
 * unbalanced or nested markers are reported as problems and the affected block is skipped.
 */
export function findGeneratedBlocks(
  source: string,
  tree?: Root,
): { blocks: GeneratedBlock[]; problems: ParseProblem[] } {
  const lines = new LineIndex(source);
  const code: [number, number][] = [];
  if (tree) {
    walk(tree, (n) => {
      if (n.type === "code" || n.type === "inlineCode") code.push([startOf(n), endOf(n)]);
    });
  }
  const inCode = (offset: number) => code.some(([s, e]) => offset >= s && offset < e);
  const blocks: GeneratedBlock[] = [];
  const problems: ParseProblem[] = [];
  let open: { name: string; hash: string | null; start: number; contentStart: number } | null = null;
  const re = /[^\r\n]*(\r\n|\n|\r|$)/g;
  for (let m = re.exec(source); m && m[0].length > 0; m = re.exec(source)) {
    const lineStart = m.index;
    const text = m[0].slice(0, m[0].length - (m[1]?.length ?? 0));
    const lineEnd = lineStart + text.length;
    if (!text.includes("debrief:") || inCode(lineStart)) continue;
    const b = BEGIN.exec(text);
    if (b?.[1]) {
      if (open) {
        problems.push({
          code: "generated-block-unclosed",
          message: `generated block "${open.name}" has no <!-- debrief:end ${open.name} --> before the next begin marker`,
          position: lines.position(open.start, open.contentStart),
        });
      }
      open = { name: b[1], hash: b[2] ? b[2] : null, start: lineStart, contentStart: lineStart + m[0].length };
      continue;
    }
    const e = END.exec(text);
    if (!e?.[1]) continue;
    if (!open || open.name !== e[1]) {
      problems.push({
        code: "generated-block-unmatched-end",
        message: `<!-- debrief:end ${e[1]} --> has no matching begin marker`,
        position: lines.position(lineStart, lineEnd),
      });
      open = null;
      continue;
    }
    const content = source.slice(open.contentStart, lineStart);
    blocks.push({
      name: open.name,
      hash: open.hash,
      start: open.start,
      contentStart: open.contentStart,
      contentEnd: lineStart,
      end: lineEnd,
      content,
      intact: open.hash !== null && blockHash(content) === open.hash,
      position: lines.position(open.start, lineEnd),
    });
    open = null;
  }
  if (open) {
    problems.push({
      code: "generated-block-unclosed",
      message: `generated block "${open.name}" is never closed with <!-- debrief:end ${open.name} -->`,
      position: lines.position(open.start, open.contentStart),
    });
  }
  return { blocks, problems };
}
