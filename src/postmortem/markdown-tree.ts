import type { Nodes, Root, RootContent, Table } from "mdast";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";

const processor = unified().use(remarkParse).use(remarkFrontmatter, ["yaml"]).use(remarkGfm);

/** Parse Markdown into mdast with the extensions every post-mortem reader uses (GFM tables, YAML front matter). */
export function parseMarkdownTree(source: string): Root {
  if (source.charCodeAt(0) !== 0xfeff) return processor.parse(source) as Root;
  // micromark drops a leading byte-order mark, which would shift every offset by one; parse without it and move the
  // positions back so they index the text as given.
  const tree = processor.parse(source.slice(1)) as Root;
  walk(tree, (n) => {
    for (const point of [n.position?.start, n.position?.end]) {
      if (!point) continue;
      if (point.offset !== undefined) point.offset += 1;
      if (point.line === 1) point.column += 1;
    }
  });
  return tree;
}

/** Start offset of a node (0 when the node has no position, which only happens for generated nodes). */
export function startOf(node: Nodes): number {
  return node.position?.start.offset ?? 0;
}

/** End offset (exclusive) of a node. */
export function endOf(node: Nodes): number {
  return node.position?.end.offset ?? 0;
}

/** Plain text of a node with whitespace collapsed. */
export function plainText(node: Nodes): string {
  return textOf(node).replace(/\s+/g, " ").trim();
}

// Own implementation rather than mdast-util-to-string: that package is only a transitive dependency here, and
// block children need a separator so "a" + "b" in two paragraphs does not read "ab".
function textOf(node: Nodes): string {
  switch (node.type) {
    case "text":
    case "inlineCode":
    case "code":
      return node.value;
    case "html":
    case "yaml":
      return "";
    case "break":
      return " ";
    case "image":
      return node.alt ?? "";
    default:
      if (!("children" in node)) return "";
      return (node.children as Nodes[]).map((c) => (isBlock(c) ? ` ${textOf(c)} ` : textOf(c))).join("");
  }
}

function isBlock(node: Nodes): boolean {
  return /^(paragraph|heading|list|listItem|table|tableRow|tableCell|blockquote|code)$/.test(node.type);
}

/** Visit every node depth-first (pre-order). */
export function walk(node: Nodes, visit: (node: Nodes, parent: Nodes | undefined) => void, parent?: Nodes): void {
  visit(node, parent);
  if ("children" in node) for (const child of node.children as Nodes[]) walk(child, visit, node);
}

/** True for HTML comments (template guidance, debrief markers) that carry no human content. */
export function isComment(node: RootContent): boolean {
  return node.type === "html" && /^\s*<!--[\s\S]*-->\s*$/.test(node.value);
}

/** A table cell as written: raw Markdown (escaped pipes unescaped), plain text, link target, offsets. */
export interface RawCell {
  raw: string;
  text: string;
  url: string | null;
  start: number;
  end: number;
}

/** Rows of a GFM table as raw cells, header first. */
export function tableRows(table: Table, source: string): { cells: RawCell[]; start: number; end: number }[] {
  return table.children.map((row) => ({
    start: startOf(row),
    end: endOf(row),
    cells: row.children.map((cell) => {
      const first = cell.children[0];
      const last = cell.children[cell.children.length - 1];
      const raw = first && last ? source.slice(startOf(first), endOf(last)).replace(/\\\|/g, "|").trim() : "";
      let url: string | null = null;
      walk(cell, (n) => {
        if (url === null && n.type === "link") url = n.url;
      });
      return { raw, text: plainText(cell), url, start: startOf(cell), end: endOf(cell) };
    }),
  }));
}
