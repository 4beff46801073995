import type { Code, Heading, Html, List, ListItem, Paragraph, PhrasingContent, Root, Table } from "mdast";
import { InlineParser, type InlineSeg } from "./fast-inline-parser.js";
import {
  type Block,
  BULLET_ITEM,
  bail,
  DELIMITER_CELL,
  EMPTY_ITEM,
  FENCE,
  isBlank,
  leadingSpaces,
  MAYBE_MARKUP,
  ORDERED_ITEM,
  type Point,
  type Seg,
  THEMATIC,
} from "./fast-markdown-common.js";
import { SourceLines } from "./fast-source-lines.js";

/**
 * The block half of the fast Markdown parser: front matter, headings, fences, comments, block quotes, lists, GFM
 * tables and paragraphs, with positions; inline content goes to {@link InlineParser}.
 */
export class FastParser extends SourceLines {
  parse(): Root {
    const segs: Seg[] = [];
    let first = 0;
    const children: Block[] = [];
    if (this.lineText({ ln: 0, from: 0 }) === "---") {
      let close = -1;
      for (let ln = 1; ln < this.starts.length; ln++) {
        const t = this.lineText({ ln, from: this.starts[ln] as number });
        if (t === "---") {
          close = ln;
          break;
        }
        if (/^-{3,} *$|^---/.test(t) && t !== "---") bail();
      }
      if (close === -1) bail();
      const valueStart = this.starts[1] as number;
      const valueEnd = close === 1 ? valueStart : this.ends[close - 1];
      children.push({
        type: "yaml",
        value: close === 1 ? "" : this.src.slice(valueStart, valueEnd),
        position: this.pos(0, this.ends[close] as number),
      });
      first = close + 1;
    }
    for (let ln = first; ln < this.starts.length; ln++) segs.push({ ln, from: this.starts[ln] as number });
    children.push(...this.blocks(segs));
    if (children.length === 0) bail();
    return { type: "root", children, position: this.pos(0, this.src.length) };
  }

  private blocks(segs: Seg[]): Block[] {
    const out: Block[] = [];
    let i = 0;
    while (i < segs.length) {
      const s = segs[i] as Seg;
      const t = this.lineText(s);
      if (isBlank(t)) {
        i++;
        continue;
      }
      const c = t.charCodeAt(0);
      if (c === 32 || EMPTY_ITEM.test(t)) bail();
      if (c === 35 && /^#{1,6}(?: |$)/.test(t)) {
        out.push(this.heading(s, t));
        i++;
      } else if ((c === 96 || c === 126) && FENCE.test(t)) {
        i = this.fence(segs, i, out);
      } else if (c === 60) {
        if (!t.startsWith("<!--")) bail();
        i = this.htmlComment(segs, i, out);
      } else if (c === 62) {
        i = this.blockquote(segs, i, out);
      } else if (THEMATIC.test(t)) {
        if (t.includes(" ")) bail();
        out.push({ type: "thematicBreak", position: this.pos(s.from, this.end(s)) });
        i++;
      } else if (BULLET_ITEM.test(t) || ORDERED_ITEM.test(t)) {
        i = this.list(segs, i, out);
      } else if (c === 124) {
        i = this.table(segs, i, out);
      } else {
        i = this.paragraph(segs, i, out);
      }
    }
    return out;
  }

  private heading(s: Seg, t: string): Heading {
    let depth = 0;
    while (t.charCodeAt(depth) === 35) depth++;
    let a = depth;
    while (t.charCodeAt(a) === 32) a++;
    let b = t.length;
    while (b > a && t.charCodeAt(b - 1) === 32) b--;
    if (b > a && t.charCodeAt(b - 1) === 35) bail();
    const children = b > a ? this.inline([{ from: s.from + a, to: s.from + b, eol: "" }], true) : [];
    return {
      type: "heading",
      depth: depth as Heading["depth"],
      children,
      position: this.pos(s.from, this.end(s)),
    };
  }

  private fence(segs: Seg[], i: number, out: Block[]): number {
    const s = segs[i] as Seg;
    const m = FENCE.exec(this.lineText(s)) as RegExpExecArray;
    const marker = m[1] as string;
    const info = (m[2] as string).trim();
    if (marker[0] === "`" && info.includes("`")) bail();
    if (/[\\&]/.test(info)) bail();
    let close = -1;
    for (let j = i + 1; j < segs.length; j++) {
      const t = this.lineText(segs[j] as Seg);
      if (/^ {1,3}[`~]/.test(t)) bail();
      if (t.startsWith(marker) && /^(`+|~+) *$/.test(t) && t.trimEnd().length >= marker.length && t[0] === marker[0]) {
        close = j;
        break;
      }
    }
    if (close === -1) bail();
    let value = "";
    for (let j = i + 1; j < close; j++) {
      const seg = segs[j] as Seg;
      if (j > i + 1) value += this.eolBefore(seg.ln);
      value += this.lineText(seg);
    }
    const space = info.indexOf(" ");
    const lang = info === "" ? null : space === -1 ? info : info.slice(0, space);
    const meta = space === -1 ? null : info.slice(space + 1).trim() || null;
    const node: Code = { type: "code", lang, meta, value, position: this.pos(s.from, this.end(segs[close] as Seg)) };
    out.push(node);
    return close + 1;
  }

  /** The line ending that precedes line `ln`. */
  private htmlComment(segs: Seg[], i: number, out: Block[]): number {
    const s = segs[i] as Seg;
    const first = this.lineText(s);
    if (first.startsWith("<!-->") || first.startsWith("<!--->")) bail();
    let j = i;
    let value = "";
    for (;;) {
      const seg = segs[j];
      if (!seg) bail();
      const t = this.lineText(seg);
      if (j > i) value += this.eolBefore(seg.ln);
      value += t;
      if ((j === i ? t.indexOf("-->", 4) : t.indexOf("-->")) !== -1) break;
      j++;
    }
    const node: Html = { type: "html", value, position: this.pos(s.from, this.end(segs[j] as Seg)) };
    out.push(node);
    return j + 1;
  }

  private blockquote(segs: Seg[], i: number, out: Block[]): number {
    const inner: Seg[] = [];
    let j = i;
    for (; j < segs.length; j++) {
      const seg = segs[j] as Seg;
      const t = this.lineText(seg);
      if (t.charCodeAt(0) !== 62) break;
      inner.push({ ln: seg.ln, from: seg.from + (t.charCodeAt(1) === 32 ? 2 : 1) });
    }
    const next = segs[j];
    if (next && !isBlank(this.lineText(next))) bail();
    const children = this.blocks(inner);
    const start = (segs[i] as Seg).from;
    out.push({
      type: "blockquote",
      children: children as never,
      position: this.pos(start, this.end(segs[j - 1] as Seg)),
    });
    return j;
  }

  private list(segs: Seg[], i: number, out: Block[]): number {
    const head = this.lineText(segs[i] as Seg);
    const om = ORDERED_ITEM.exec(head);
    const ordered = om !== null;
    const kind = ordered ? (om[2] as string) : head[0];
    const items: ListItem[] = [];
    let j = i;
    let start: number | null = null;
    for (;;) {
      const s = segs[j] as Seg;
      const t = this.lineText(s);
      let width: number;
      const bm = ordered ? null : BULLET_ITEM.exec(t);
      const im = ordered ? ORDERED_ITEM.exec(t) : null;
      if (bm) {
        if (bm[1] !== kind) break;
        width = 1 + (bm[2] as string).length;
      } else if (im) {
        if (im[2] !== kind) break;
        if (start === null) start = Number(im[1]);
        width = (im[1] as string).length + 1 + (im[3] as string).length;
      } else break;
      if (width - (bm ? 1 : (im?.[1]?.length ?? 0) + 1) > 4) bail();
      if (THEMATIC.test(t)) bail();
      if (/^\[[ xX]\]/.test(t.slice(width))) bail();
      const inner: Seg[] = [{ ln: s.ln, from: s.from + width }];
      let k = j + 1;
      let lastContent = j;
      for (; k < segs.length; k++) {
        const seg = segs[k] as Seg;
        const lt = this.lineText(seg);
        if (isBlank(lt)) {
          inner.push({ ln: seg.ln, from: Math.min(seg.from + width, this.end(seg)) });
          continue;
        }
        if (leadingSpaces(lt) < width) break;
        inner.push({ ln: seg.ln, from: seg.from + width });
        lastContent = k;
      }
      inner.length = lastContent - j + 1;
      const children = this.blocks(inner);
      let spread = false;
      for (let c = 1; c < children.length; c++) {
        const prev = children[c - 1] as Block;
        const cur = children[c] as Block;
        if ((cur.position?.start.line ?? 0) > (prev.position?.end.line ?? 0) + 1) spread = true;
      }
      items.push({
        type: "listItem",
        spread,
        checked: null,
        children: children as never,
        position: this.pos(s.from, this.end(segs[lastContent] as Seg)),
      });
      j = lastContent + 1;
      const afterItem = j;
      // skip blank lines; the list goes on only if the next line is an item of the same kind
      let n = j;
      while (n < segs.length && isBlank(this.lineText(segs[n] as Seg))) n++;
      const nextSeg = segs[n];
      if (!nextSeg) {
        j = afterItem;
        break;
      }
      const nt = this.lineText(nextSeg);
      const sameKind = ordered ? ORDERED_ITEM.exec(nt)?.[2] === kind : BULLET_ITEM.exec(nt)?.[1] === kind;
      if (!sameKind) {
        if (n === j) bail(); // a line right after an item could be a lazy continuation
        j = afterItem;
        break;
      }
      j = n;
    }
    let spread = false;
    for (let c = 1; c < items.length; c++) {
      if ((items[c]?.position?.start.line ?? 0) > (items[c - 1]?.position?.end.line ?? 0) + 1) spread = true;
    }
    const first = items[0] as ListItem;
    const last = items[items.length - 1] as ListItem;
    const node: List = {
      type: "list",
      ordered,
      start: ordered ? start : null,
      spread,
      children: items,
      position: { start: first.position?.start as Point, end: last.position?.end as Point },
    };
    out.push(node);
    return j;
  }

  private table(segs: Seg[], i: number, out: Block[]): number {
    const headSeg = segs[i] as Seg;
    const delimSeg = segs[i + 1];
    if (!delimSeg) bail();
    const delimText = this.lineText(delimSeg);
    if (delimText.charCodeAt(0) !== 124) bail();
    const delimCells = this.splitRow(delimSeg);
    // escaped pipes in the header row change how micromark counts header cells
    if (this.lineText(headSeg).includes("\\")) bail();
    const headCells = this.splitRow(headSeg);
    if (delimCells.length !== headCells.length) bail();
    const align: Table["align"] = delimCells.map(([a, b]) => {
      const raw = this.src.slice(a + 1, b).replace(/\|$/, "");
      if (!DELIMITER_CELL.test(raw)) bail();
      const t = raw.trim();
      const left = t.startsWith(":");
      const right = t.endsWith(":");
      return left && right ? "center" : left ? "left" : right ? "right" : null;
    });
    const rows: Table["children"] = [this.row(headSeg, headCells)];
    let j = i + 2;
    for (; j < segs.length; j++) {
      const seg = segs[j] as Seg;
      const t = this.lineText(seg);
      if (isBlank(t)) break;
      if (t.charCodeAt(0) !== 124) bail();
      const cells = this.splitRow(seg);
      if (cells.length > headCells.length) bail();
      rows.push(this.row(seg, cells));
    }
    out.push({ type: "table", align, children: rows, position: this.pos(headSeg.from, this.end(segs[j - 1] as Seg)) });
    return j;
  }

  /** Cells of a row that starts and ends with a pipe: [pipe before, pipe after] offsets. */
  private splitRow(seg: Seg): [number, number][] {
    const end = this.end(seg);
    const src = this.src;
    if (src.charCodeAt(end - 1) !== 124 || end - seg.from < 2) bail();
    const pipes: number[] = [];
    for (let p = seg.from; p < end; p++) {
      const c = src.charCodeAt(p);
      if (c === 92) p++;
      else if (c === 124) pipes.push(p);
    }
    if (pipes[pipes.length - 1] !== end - 1) bail();
    const cells: [number, number][] = [];
    for (let k = 0; k + 1 < pipes.length; k++) cells.push([pipes[k] as number, pipes[k + 1] as number]);
    if (cells.length === 0) bail();
    return cells;
  }

  private row(seg: Seg, cells: [number, number][]): Table["children"][number] {
    const src = this.src;
    const children: Table["children"][number]["children"] = [];
    for (let k = 0; k < cells.length; k++) {
      const [a, b] = cells[k] as [number, number];
      let x = a + 1;
      let y = b;
      while (x < y && src.charCodeAt(x) === 32) x++;
      while (y > x && src.charCodeAt(y - 1) === 32) y--;
      const raw = src.slice(x, y);
      if (raw.includes("\\|") && raw.includes("`")) bail();
      children.push({
        type: "tableCell",
        children: x < y ? this.inline([{ from: x, to: y, eol: "" }], true) : [],
        position: this.pos(a, k === cells.length - 1 ? b + 1 : b),
      });
    }
    return { type: "tableRow", children, position: this.pos(seg.from, this.end(seg)) };
  }

  private paragraph(segs: Seg[], i: number, out: Block[]): number {
    const first = this.lineText(segs[i] as Seg);
    if (/^[-=]+ *$/.test(first)) bail();
    let j = i + 1;
    for (; j < segs.length; j++) {
      const t = this.lineText(segs[j] as Seg);
      if (isBlank(t)) break;
      const c = t.charCodeAt(0);
      // setext underlines and anything shaped like a table delimiter row (which turns the paragraph into a table)
      if (c === 32 || c === 124 || /^=+ *$|^[ |:-]*-[ |:-]*$/.test(t)) bail();
      if (c === 60) {
        if (t.startsWith("<!--")) break;
        bail();
      }
      if (c === 62 || (c === 35 && /^#{1,6}(?: |$)/.test(t)) || ((c === 96 || c === 126) && FENCE.test(t))) break;
      if (THEMATIC.test(t)) bail();
      if (EMPTY_ITEM.test(t)) bail();
      if (BULLET_ITEM.test(t)) break;
      if (ORDERED_ITEM.test(t)) bail();
    }
    const parts: InlineSeg[] = [];
    for (let k = i; k < j; k++) {
      const s = segs[k] as Seg;
      parts.push({
        from: s.from,
        to: this.end(s),
        eol: k + 1 < j ? this.src.slice(this.end(s), this.starts[s.ln + 1]) : "",
      });
    }
    if (first.charCodeAt(0) === 91) {
      const all = parts.map((p) => this.src.slice(p.from, p.to)).join("\n");
      if (all.includes("]:")) bail();
    }
    const node: Paragraph = {
      type: "paragraph",
      children: this.inline(parts, false),
      position: this.pos((segs[i] as Seg).from, this.end(segs[j - 1] as Seg)),
    };
    out.push(node);
    return j;
  }

  // ---- inline

  private inline(parts: InlineSeg[], strictEdges: boolean): PhrasingContent[] {
    const only = parts[0] as InlineSeg;
    if (parts.length === 1 && this.src.charCodeAt(only.to - 1) !== 32) {
      const value = this.src.slice(only.from, only.to);
      // most cells and short lines are plain words: one text node
      if (!MAYBE_MARKUP.test(value)) return [{ type: "text", value, position: this.pos(only.from, only.to) }];
    }
    return new InlineParser(this, parts, strictEdges).run();
  }
}
