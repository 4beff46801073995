import type { Nodes, Table } from "mdast";
import type { RawCell } from "../markdown-tree.js";
import type { SectionSpan } from "./section-reader.js";

/** Column index by field, for the columns a header names. */
export type ColumnMap<K extends string> = Partial<Record<K, number>>;

/** A header or label in lower case without punctuation or parenthesised notes. */
export function normaliseHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/\(.*?\)/g, " ")
    .replace(/[^a-z0-9#]+/g, " ")
    .trim();
}

/** Which column holds which field: the first header cell matching each field's synonyms. */
export function mapColumns<K extends string>(header: RawCell[], synonyms: Record<K, RegExp>): ColumnMap<K> {
  const map: ColumnMap<K> = {};
  header.forEach((cell, index) => {
    const h = normaliseHeader(cell.text);
    for (const [key, re] of Object.entries(synonyms) as [K, RegExp][]) {
      if (map[key] === undefined && re.test(h)) {
        map[key] = index;
        return;
      }
    }
  });
  return map;
}

/** The cell at a mapped column, if any. */
export function cell(cells: RawCell[], index: number | undefined): RawCell | undefined {
  return index === undefined ? undefined : cells[index];
}

/** Every table of a section, in document order. */
export function tablesIn(span: SectionSpan): Table[] {
  const out: Table[] = [];
  for (const node of span.nodes) collectTables(node, out);
  return out;
}

/**
 * Tables under a node in document order. A table is flow content, so it sits in the root, a list item or a block
 * quote, never under a paragraph, heading or another table: those are not searched.
 */
function collectTables(node: Nodes, out: Table[]): void {
  if (node.type === "table") {
    out.push(node);
    return;
  }
  if (node.type === "paragraph" || node.type === "heading" || !("children" in node)) return;
  for (const child of node.children as Nodes[]) collectTables(child, out);
}

const EMPTY_CELL = /^(|-|–|—|n\/a)$/i;

/** A cell's Markdown, or null for an empty or placeholder cell (`-`, `n/a`). */
export function cellValue(c: RawCell | undefined): string | null {
  if (!c) return null;
  return EMPTY_CELL.test(c.raw.trim()) ? null : c.raw;
}
