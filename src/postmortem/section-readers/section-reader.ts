import type { Heading, Nodes, RootContent } from "mdast";
import type { Postmortem, SectionKey, SourcePosition } from "../../model/postmortem.js";
import { endOf, isComment, plainText, startOf } from "../markdown-tree.js";
import type { ParseProblem } from "../parsed-postmortem.js";
import type { LineIndex } from "../source-text.js";

/** Offsets of one section in the source, kept beside the model so the writer can splice by offset. */
export interface SectionSpan {
  key: SectionKey | null;
  heading: Heading;
  /** plainText of the heading. */
  headingText: string;
  start: number;
  bodyStart: number;
  end: number;
  nodes: RootContent[];
}

/** Everything a section reader needs: the source, its line index, and where to report problems. */
export interface SectionContext {
  source: string;
  lines: LineIndex;
  problems: ParseProblem[];
  pos(start: number, end: number): SourcePosition;
  nodePos(node: Nodes): SourcePosition;
  problem(code: string, message: string, position?: SourcePosition): void;
}

/**
 * Reads one kind of section into the model. Readers are listed in a registry (`SECTION_READERS`) that the parser is
 * given, one file per reader; a section whose key has no reader is kept as text only.
 */
export interface SectionReader {
  /** The section this reader understands. */
  key: SectionKey;
  /** Add what the section says to `pm`; report what cannot be read through `ctx.problem`, never throw. */
  read(span: SectionSpan, pm: Postmortem, ctx: SectionContext): void;
}

/** Two prose parts of one section written under two headings, as one text. */
export function joinProse(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return `${a}\n\n${b}`;
}

/** The section body as Markdown without template guidance or debrief markers; null when nothing human is left. */
export function proseOf(span: SectionSpan, ctx: SectionContext): string | null {
  const parts = span.nodes.filter((n) => !isComment(n)).map((n) => ctx.source.slice(startOf(n), endOf(n)).trim());
  const text = parts.filter((p) => p.length > 0).join("\n\n");
  return text.length > 0 ? text : null;
}

/** The section's nodes without guidance comments. */
export function contentNodes(span: SectionSpan): RootContent[] {
  return span.nodes.filter((n) => !isComment(n));
}

/** True when a section has something besides guidance comments and sub-headings (i.e. a person wrote in it). */
export function hasProse(span: SectionSpan): boolean {
  return span.nodes.some((n) => !isComment(n) && n.type !== "heading");
}

/** One string per list item or paragraph. */
export function listOrParagraphs(span: SectionSpan): string[] {
  const out: string[] = [];
  for (const node of contentNodes(span)) {
    if (node.type === "list") {
      for (const item of node.children) {
        const t = plainText(item);
        if (t) out.push(t);
      }
    } else if (node.type === "paragraph") {
      const t = plainText(node);
      if (t) out.push(t);
    }
  }
  return out;
}
