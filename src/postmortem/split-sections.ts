import type { Heading, Root } from "mdast";
import type { SectionKey } from "../model/postmortem.js";
import { endOf, plainText, startOf } from "./markdown-tree.js";
import type { SectionSpan } from "./section-readers/section-reader.js";
import { matchSectionHeading } from "./sections.js";

const NESTABLE = new Set<SectionKey>(["whatWentWell", "whatWentWrong", "whereWeGotLucky"]);

/**
 * Cut the document into sections at the heading level most standard headings use; Google-style nested What went
 * well / wrong / lucky headings become sections of their own.
 */
export function splitSections(tree: Root, source: string): SectionSpan[] {
  const headings = tree.children.filter((n): n is Heading => n.type === "heading");
  if (headings.length === 0) return [];
  // each heading's text and section, worked out once
  const texts = new Map<Heading, string>();
  const keys = new Map<Heading, SectionKey | null>();
  for (const h of headings) {
    const text = plainText(h);
    texts.set(h, text);
    keys.set(h, matchSectionHeading(text));
  }
  const recognised = headings.filter((h) => keys.get(h) !== null);
  let depth: number;
  if (recognised.length > 0) {
    // the level most standard headings use; a lone recognised H1 over many H2 sections is a title-like heading
    const counts = new Map<number, number>();
    for (const h of recognised) counts.set(h.depth, (counts.get(h.depth) ?? 0) + 1);
    depth = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 2;
  } else {
    const h1s = headings.filter((h) => h.depth === 1);
    const deeper = headings.filter((h) => h.depth > 1);
    depth =
      h1s.length === 1 && deeper.length > 0
        ? Math.min(...deeper.map((h) => h.depth))
        : Math.min(...headings.map((h) => h.depth));
  }
  const spans: SectionSpan[] = [];
  let current: SectionSpan | null = null;
  const close = (end: number) => {
    if (current) {
      current.end = end;
      spans.push(current);
      current = null;
    }
  };
  // a section starting at a heading, running to the end until the next one closes it
  const open = (key: SectionKey | null, heading: Heading): SectionSpan => ({
    key,
    heading,
    headingText: texts.get(heading) ?? "",
    start: startOf(heading),
    bodyStart: afterLineEnd(source, endOf(heading)),
    end: source.length,
    nodes: [],
  });
  for (const node of tree.children) {
    const nestedKey = node.type === "heading" && node.depth > depth ? (keys.get(node) ?? null) : null;
    const cur = current as SectionSpan | null;
    if (
      node.type === "heading" &&
      nestedKey !== null &&
      NESTABLE.has(nestedKey) &&
      (cur === null || cur.key === "lessonsLearned" || NESTABLE.has(cur.key ?? "summary"))
    ) {
      // Google's template nests What went well / wrong / lucky under Lessons Learned
      close(startOf(node));
      current = open(nestedKey, node);
      continue;
    }
    if (node.type === "heading" && node.depth <= depth) {
      close(startOf(node));
      // higher-level headings are titles unless they name a standard section themselves
      const key = keys.get(node) ?? null;
      if (node.depth === depth || key !== null) {
        current = open(key, node);
      }
      continue;
    }
    current?.nodes.push(node);
  }
  close(source.length);
  return spans;
}

/** Offset just past the line terminator at or after `offset` (so a section body starts on its own line). */
function afterLineEnd(source: string, offset: number): number {
  if (source.startsWith("\r\n", offset)) return offset + 2;
  if (source[offset] === "\n" || source[offset] === "\r") return offset + 1;
  return offset;
}
