import type { Nodes, Root, RootContent, Table } from "mdast";
import type RemarkFrontmatter from "remark-frontmatter";
import type RemarkGfm from "remark-gfm";
import type RemarkParse from "remark-parse";
import type * as Unified from "unified";
import { lazyModule, preloadIfNeeded } from "../util/lazy-module.js";
import { fastParseMarkdown } from "./fast-markdown.js";

// remark costs about 200 ms to import and parses only what the hand-written parser declines: loaded on first use
const unified = lazyModule<typeof Unified>("unified");
const remarkParse = lazyModule<{ default: typeof RemarkParse }>("remark-parse");
const remarkFrontmatter = lazyModule<{ default: typeof RemarkFrontmatter }>("remark-frontmatter");
const remarkGfm = lazyModule<{ default: typeof RemarkGfm }>("remark-gfm");
// remark is ES-only: Node releases before 20.19 cannot require it, so they import it here, at start-up
await preloadIfNeeded(["unified", "remark-parse", "remark-frontmatter", "remark-gfm"]);
let processor: { parse(text: string): unknown } | undefined;

/** The remark processor with the extensions every post-mortem reader uses, built once. */
function remark(): { parse(text: string): unknown } {
  processor ??= unified()
    .unified()
    .use(remarkParse().default)
    .use(remarkFrontmatter().default, ["yaml"])
    .use(remarkGfm().default);
  return processor;
}

/**
 * Parse Markdown into mdast with the extensions every post-mortem reader uses (GFM tables, YAML front matter).
 * Positions index the text exactly as given (a leading BOM included). Paragraphs with thousands of `*`/`_` (pasted
 * logs, globs) make micromark's emphasis matching quadratic, so those delimiters are parsed as plain text there;
 * node values still carry the original characters.
 */
export function parseMarkdownTree(source: string): Root {
  return parseMarkdownTreeWith(source, true);
}

/** {@link parseMarkdownTree} always through remark (the reference the fast path is tested against). */
export function parseMarkdownTreeWithRemark(source: string): Root {
  return parseMarkdownTreeWith(source, false);
}

function parseMarkdownTreeWith(source: string, allowFast: boolean): Root {
  const bom = source.charCodeAt(0) === 0xfeff;
  const body = bom ? source.slice(1) : source;
  const tamed = tameDelimiters(body);
  // the hand-written parser covers the subset post-mortems use and declines (undefined) everything else
  const fast = allowFast && tamed === null ? fastParseMarkdown(body) : undefined;
  const tree = fast ?? (remark().parse(tamed ?? body) as Root);
  if (tamed !== null) restoreDelimiters(tree);
  if (bom) {
    // micromark drops a leading byte-order mark, which would shift every offset by one; move positions back
    walk(tree, (n) => {
      for (const point of [n.position?.start, n.position?.end]) {
        if (!point) continue;
        if (point.offset !== undefined) point.offset += 1;
        if (point.line === 1) point.column += 1;
      }
    });
  }
  return tree;
}

/** Most emphasis delimiters in one block before they are read as text (keeps parsing linear). */
const MAX_DELIMITERS_PER_BLOCK = 400;
/** Deepest line prefix (indentation or `>` markers) parsed as structure; real documents nest a few levels. */
const MAX_PREFIX = 64;
const DEEP_PREFIX = new RegExp(`^[ \\t>]{${MAX_PREFIX + 1},}`, "gm");
const SUBSTITUTES: Record<string, string> = {
  "*": "\uE000",
  _: "\uE001",
  " ": "\uE002",
  "\t": "\uE003",
  ">": "\uE004",
};
const ORIGINALS: Record<string, string> = Object.fromEntries(Object.entries(SUBSTITUTES).map(([k, v]) => [v, k]));
const substitute = (text: string, chars: RegExp) => text.replace(chars, (c) => SUBSTITUTES[c] ?? c);

/**
 * A same-length copy of the text in which input that makes micromark slow (thousands of emphasis delimiters in one
 * paragraph: quadratic; lists or quotes nested hundreds deep: worse) is neutralised with private-use characters;
 * null when nothing needs it. Offsets are unchanged, so positions still index the original.
 */
function tameDelimiters(text: string): string | null {
  if (/[\uE000-\uE004]/.test(text)) return null;
  // the common case, checked on the whole text without splitting it: few delimiters and no deep prefix anywhere
  if (countDelimiters(text, MAX_DELIMITERS_PER_BLOCK + 1) <= MAX_DELIMITERS_PER_BLOCK) {
    DEEP_PREFIX.lastIndex = 0;
    if (!DEEP_PREFIX.test(text)) return null;
  }
  let changed = false;
  const parts = text.split(/(\r?\n[ \t]*\r?\n)/);
  for (let i = 0; i < parts.length; i += 2) {
    let part = parts[i] ?? "";
    let n = 0;
    for (let j = 0; j < part.length && n <= MAX_DELIMITERS_PER_BLOCK; j++) {
      const c = part.charCodeAt(j);
      if (c === 42 || c === 95) n++;
    }
    if (n > MAX_DELIMITERS_PER_BLOCK) {
      // list markers and thematic breaks at the start of a line keep their meaning
      part = part.replace(
        /^([ \t>]*(?:[*+-][ \t]+)?)(.*)$/gm,
        (_m, lead: string, rest: string) => lead + substitute(rest, /[*_]/g),
      );
    }
    part = part.replace(DEEP_PREFIX, (prefix) => substitute(prefix, /[ \t>]/g));
    if (part !== parts[i]) {
      parts[i] = part;
      changed = true;
    }
  }
  return changed ? parts.join("") : null;
}

/** Number of `*` and `_` in the text, counting no further than `limit`. */
function countDelimiters(text: string, limit: number): number {
  let n = 0;
  for (let i = 0; i < text.length && n < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 42 || c === 95) n++;
  }
  return n;
}

function restoreDelimiters(tree: Root): void {
  const fix = (v: string) => v.replace(/[\uE000-\uE004]/g, (c) => ORIGINALS[c] ?? c);
  walk(tree, (n) => {
    const node = n as { value?: unknown; url?: unknown; title?: unknown; alt?: unknown };
    for (const key of ["value", "url", "title", "alt"] as const) {
      const v = node[key];
      if (typeof v === "string") (node as Record<string, unknown>)[key] = fix(v);
    }
  });
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
  // most headings, cells and list items are one text node under single-child wrappers (paragraph, emphasis): the
  // text is its value, give or take the spaces textOf puts around blocks, which the collapse below removes anyway
  let only: Nodes = node;
  while ("children" in only && only.children.length === 1) only = only.children[0] as Nodes;
  const text = only.type === "text" ? only.value : textOf(node);
  return collapsesToItself(text) ? text : text.replace(/\s+/g, " ").trim();
}

/**
 * True when `text.replace(/\s+/g, " ").trim()` would return it unchanged: no white space but single spaces between
 * other characters.
 */
function collapsesToItself(text: string): boolean {
  return !NEEDS_COLLAPSE.test(text);
}

/** White space other than a space, two spaces in a row, or a space at either end. */
const NEEDS_COLLAPSE = /[^\S ]| {2}|^ | $/;

// Own implementation rather than mdast-util-to-string: that package is only a transitive dependency here, and
// block children need a separator so "a" + "b" in two paragraphs does not read "ab".
function textOf(root: Nodes): string {
  let out = "";
  // explicit stack: a deeply nested document must not overflow the call stack
  const stack: (Nodes | string)[] = [root];
  while (stack.length > 0) {
    const item = stack.pop() as Nodes | string;
    if (typeof item === "string") {
      out += item;
      continue;
    }
    switch (item.type) {
      case "text":
      case "inlineCode":
      case "code":
        out += item.value;
        break;
      case "html":
      case "yaml":
        break;
      case "break":
        out += " ";
        break;
      case "image":
        out += item.alt ?? "";
        break;
      default: {
        if (!("children" in item)) break;
        const children = item.children as Nodes[];
        for (let i = children.length - 1; i >= 0; i--) {
          const c = children[i] as Nodes;
          if (isBlock(c)) stack.push(" ", c, " ");
          else stack.push(c);
        }
      }
    }
  }
  return out;
}

const BLOCK_TYPES = new Set([
  "paragraph",
  "heading",
  "list",
  "listItem",
  "table",
  "tableRow",
  "tableCell",
  "blockquote",
  "code",
]);

function isBlock(node: Nodes): boolean {
  return BLOCK_TYPES.has(node.type);
}

/**
 * Visit every node depth-first (pre-order). Iterative, so a deeply nested document cannot overflow the stack.
 */
export function walk(node: Nodes, visit: (node: Nodes, parent: Nodes | undefined) => void, parent?: Nodes): void {
  // two parallel stacks rather than a [node, parent] pair per node: this runs over every node of every document
  const nodes: Nodes[] = [node];
  const parents: (Nodes | undefined)[] = [parent];
  while (nodes.length > 0) {
    const n = nodes.pop() as Nodes;
    const p = parents.pop();
    visit(n, p);
    if ("children" in n) {
      const children = n.children as Nodes[];
      for (let i = children.length - 1; i >= 0; i--) {
        nodes.push(children[i] as Nodes);
        parents.push(n);
      }
    }
  }
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
  const rows: { cells: RawCell[]; start: number; end: number }[] = [];
  for (const row of table.children) {
    const cells: RawCell[] = [];
    for (const cell of row.children) {
      const first = cell.children[0];
      const last = cell.children[cell.children.length - 1];
      let raw = first && last ? source.slice(startOf(first), endOf(last)) : "";
      if (raw.includes("\\|")) raw = raw.replace(/\\\|/g, "|");
      cells.push({
        raw: raw.trim(),
        text: plainText(cell),
        url: firstLinkUrl(cell),
        start: startOf(cell),
        end: endOf(cell),
      });
    }
    rows.push({ start: startOf(row), end: endOf(row), cells });
  }
  return rows;
}

/** The target of the first link under a node (document order), or null. */
function firstLinkUrl(node: Nodes): string | null {
  if (node.type === "link") return node.url;
  if (!("children" in node)) return null;
  for (const child of node.children as Nodes[]) {
    // text and inline code are most of a cell: no need to look inside
    if (child.type === "text" || child.type === "inlineCode") continue;
    const url = firstLinkUrl(child);
    if (url !== null) return url;
  }
  return null;
}
