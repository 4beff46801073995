import type { Code, Heading, Html, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Table } from "mdast";

/**
 * A hand-written parser for the Markdown subset post-mortems are written in, producing the same mdast tree (positions
 * included) as remark-parse + remark-gfm + remark-frontmatter. It is a fast path, not a Markdown implementation: as
 * soon as it meets anything whose CommonMark/GFM meaning it does not model exactly (setext headings, indented code,
 * reference definitions, footnotes, images, raw HTML other than comments, e-mail autolinks, strikethrough, entities,
 * tabs, lazy continuation lines, link titles, ...) it returns `undefined` and the caller parses with remark.
 * Expects the text without a leading byte-order mark.
 */
export function fastParseMarkdown(source: string): Root | undefined {
  if (source.length === 0 || UNSUPPORTED_CHARS.test(source)) return undefined;
  try {
    return new FastParser(source).parse();
  } catch (error) {
    if (error === BAIL) return undefined;
    throw error;
  }
}

// tabs change column arithmetic, form feeds and vertical tabs are odd whitespace, a lone CR is a line ending
// micromark handles differently, NUL is replaced
const UNSUPPORTED_CHARS = /[\t\0\f\v]|\r(?!\n)/;
const BAIL = Symbol("bail");
function bail(): never {
  throw BAIL;
}

interface Point {
  line: number;
  column: number;
  offset: number;
}
interface Position {
  start: Point;
  end: Point;
}
/** A line of a container's content: source line index and the offset where the container's content begins. */
interface Seg {
  ln: number;
  from: number;
}
type Block = RootContent;

const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const UNICODE_PUNCT = /[\p{P}\p{S}]/u;
const UNICODE_SPACE = /\s/u;
const BULLET_ITEM = /^([-*+])( +)(?=\S)/;
const ORDERED_ITEM = /^(\d{1,9})([.)])( +)(?=\S)/;
const EMPTY_ITEM = /^(?:[-*+]|\d{1,9}[.)]) *$/;
const THEMATIC = /^(?:(?:\*[ ]*){3,}|(?:-[ ]*){3,}|(?:_[ ]*){3,})$/;
const FENCE = /^(`{3,}|~{3,})(.*)$/;
const DELIMITER_CELL = /^ *:?-+:? *$/;
// e-mail and xmpp autolink literals are not modelled (http(s):// and www. literals are)
const EMAIL_LIKE = /[A-Za-z0-9._+-]@|mailto:|xmpp:/i;
/** Characters an autolink literal path may hold here; anything else (parens, entities, emphasis marks) declines. */
const URL_CHARS = /[A-Za-z0-9\-./%?=#:+,!&]/;
/** Anything that could be inline markup (or an autolink literal) rather than plain text. */
const MAYBE_MARKUP = /[\\`*_[\]<&~@]|https?:\/\/|www\.|mailto:|xmpp:/i;
const DOMAIN = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*/;

class FastParser {
  private readonly src: string;
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Line index (0-based) of the last point made. */
  private lastLine = 0;

  constructor(source: string) {
    this.src = source;
    let pos = 0;
    for (;;) {
      const nl = source.indexOf("\n", pos);
      this.starts.push(pos);
      if (nl === -1) {
        this.ends.push(source.length);
        break;
      }
      this.ends.push(nl > pos && source.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
      pos = nl + 1;
    }
  }

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

  private lineText(s: Seg): string {
    return this.src.slice(s.from, this.ends[s.ln]);
  }

  private end(s: Seg): number {
    return this.ends[s.ln] as number;
  }

  private point(offset: number): Point {
    // nodes are made in document order: the line of the previous point, or the next one, is the usual answer
    const starts = this.starts;
    const last = this.lastLine;
    if ((starts[last] as number) <= offset) {
      if (last + 1 >= starts.length || offset < (starts[last + 1] as number)) {
        return { line: last + 1, column: offset - (starts[last] as number) + 1, offset };
      }
      if (last + 2 >= starts.length || offset < (starts[last + 2] as number)) {
        this.lastLine = last + 1;
        return { line: last + 2, column: offset - (starts[last + 1] as number) + 1, offset };
      }
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.lastLine = lo;
    return { line: lo + 1, column: offset - (this.starts[lo] as number) + 1, offset };
  }

  private pos(start: number, end: number): Position {
    return { start: this.point(start), end: this.point(end) };
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
  private eolBefore(ln: number): string {
    return this.src.slice(this.ends[ln - 1], this.starts[ln]);
  }

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

  /** Exposed for the inline parser. */
  position(start: number, end: number): Position {
    return this.pos(start, end);
  }
  get text(): string {
    return this.src;
  }
}

interface InlineSeg {
  from: number;
  to: number;
  eol: string;
}

type Tok =
  | { k: "t"; s: number; e: number; v: string }
  | { k: "n"; node: PhrasingContent }
  | { k: "d"; s: number; e: number; ch: string; n: number; open: boolean; close: boolean };

class InlineParser {
  private readonly v: string;
  /** virtual index where each part starts, and its source offset */
  private readonly vStarts: number[] = [];
  private readonly parts: InlineSeg[];
  private readonly edgeBefore: string | undefined;
  private readonly edgeAfter: string | undefined;
  /** a `[` that did not open a link: micromark then declines autolink literals after it */
  private looseBracket = false;

  constructor(
    private readonly doc: FastParser,
    parts: InlineSeg[],
    strictEdges: boolean,
  ) {
    this.parts = parts;
    let v = "";
    for (const p of parts) {
      this.vStarts.push(v.length);
      v += doc.text.slice(p.from, p.to) + p.eol;
    }
    this.v = v;
    // headings and cells sit between real characters (spaces, pipes) that decide emphasis flanking
    const src = doc.text;
    this.edgeBefore = strictEdges ? src[(parts[0] as InlineSeg).from - 1] : " ";
    this.edgeAfter = strictEdges ? src[(parts[parts.length - 1] as InlineSeg).to] : " ";
    if (/[@&!~[]|to:|pp:/i.test(v)) this.precheck(v);
  }

  /** Declines what the inline parser does not model: e-mail literals, images, entities, footnotes, strikethrough. */
  private precheck(v: string): void {
    if (EMAIL_LIKE.test(v) || /!\[|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});|\[\^/.test(v))
      bail();
    // tildes are literal unless a later run can close GFM strikethrough (it then needs a character before it)
    for (const m of v.matchAll(/~+/g)) {
      if (m.index > 0 && v.indexOf("~") < m.index && !UNICODE_SPACE.test(v[m.index - 1] as string)) bail();
    }
  }

  run(): PhrasingContent[] {
    return this.range(0, this.v.length, false);
  }

  /** A GFM autolink literal (http://, https://, www.) starting at i, or null when there is none. */
  private autolink(i: number, to: number, inLink: boolean): { node: PhrasingContent; end: number } | null {
    const v = this.v;
    const c = v.charCodeAt(i);
    const prev = i === 0 ? this.edgeBefore : v[i - 1];
    let p: number;
    let www = false;
    // micromark's idea of the character before a cell's or heading's first character is not the source's
    if (i === 0 && this.edgeBefore !== " " && /^(?:https?:\/\/|www\.)/i.test(v.slice(i, i + 8))) bail();
    if (c === 104 || c === 72) {
      const m = /^https?:\/\//i.exec(v.slice(i, i + 8));
      if (!m || (prev !== undefined && /[A-Za-z]/.test(prev))) return null;
      p = i + m[0].length;
    } else {
      if (v.slice(i, i + 4).toLowerCase() !== "www.") return null;
      // after a letter or digit neither micromark nor mdast's literal pass links it; after punctuation mdast's pass
      // might where micromark does not
      if (prev !== undefined && /[A-Za-z0-9]/.test(prev)) return null;
      if (prev !== undefined && prev !== " " && prev !== "\n" && prev !== "\r") bail();
      www = true;
      p = i + 4;
    }
    if (inLink || this.looseBracket) bail();
    const domain = DOMAIN.exec(v.slice(p, to));
    if (!domain) bail();
    if (www && !domain[0].includes(".")) bail();
    let e = p + domain[0].length;
    while (e < to && URL_CHARS.test(v[e] as string)) e++;
    if (e < to && !/\s/.test(v[e] as string)) bail();
    while (e > p && /[?!.,:]/.test(v[e - 1] as string)) e--;
    if (e < p + domain[0].length) bail();
    const literal = v.slice(i, e);
    return {
      node: {
        type: "link",
        title: null,
        url: www ? `http://${literal}` : literal,
        children: [{ type: "text", value: literal, position: this.pos(i, e) }],
        position: this.pos(i, e),
      },
      end: e,
    };
  }

  /** Source offset of a virtual index (line endings follow their line's content in the source). */
  private off(vi: number): number {
    let k = this.vStarts.length - 1;
    while (k > 0 && (this.vStarts[k] as number) > vi) k--;
    const part = this.parts[k] as InlineSeg;
    return part.from + (vi - (this.vStarts[k] as number));
  }

  private pos(a: number, b: number): Position {
    return this.doc.position(this.off(a), b === a ? this.off(a) : this.off(b - 1) + 1);
  }

  private range(from: number, to: number, inLink: boolean): PhrasingContent[] {
    const v = this.v;
    const toks: Tok[] = [];
    let i = from;
    let textStart = from;
    while (i < to) {
      const c = v.charCodeAt(i);
      switch (c) {
        case 92: {
          // backslash
          if (i > textStart) toks.push({ k: "t", s: textStart, e: i, v: v.slice(textStart, i) });
          const nx = v[i + 1];
          if (i + 1 < to && (nx === "\n" || nx === "\r")) {
            const after = nx === "\r" ? i + 3 : i + 2;
            toks.push({ k: "n", node: { type: "break", position: this.pos(i, after) } });
            i = after;
          } else if (i + 1 < to && nx !== undefined && ASCII_PUNCT.test(nx)) {
            toks.push({ k: "t", s: i, e: i + 2, v: nx });
            i += 2;
          } else {
            toks.push({ k: "t", s: i, e: i + 1, v: "\\" });
            i++;
          }
          textStart = i;
          continue;
        }
        case 96: {
          if (i > textStart) toks.push({ k: "t", s: textStart, e: i, v: v.slice(textStart, i) });
          let n = 1;
          while (v.charCodeAt(i + n) === 96) n++;
          const close = findRun(v, i + n, to, n);
          if (close === -1) {
            toks.push({ k: "t", s: i, e: i + n, v: v.slice(i, i + n) });
          } else {
            // mdast keeps line endings; one space or line ending of padding goes when both sides have one
            let value = v.slice(i + n, close);
            const head = value.startsWith("\r\n") ? 2 : value[0] === " " || value[0] === "\n" ? 1 : 0;
            const tail = value.endsWith("\r\n") ? 2 : value.endsWith(" ") || value.endsWith("\n") ? 1 : 0;
            if (head > 0 && tail > 0 && /[^ \r\n]/.test(value)) value = value.slice(head, value.length - tail);
            toks.push({ k: "n", node: { type: "inlineCode", value, position: this.pos(i, close + n) } });
            n = close + n - i;
          }
          i += n;
          textStart = i;
          continue;
        }
        case 42:
        case 95: {
          if (i > textStart) toks.push({ k: "t", s: textStart, e: i, v: v.slice(textStart, i) });
          let n = 1;
          while (v.charCodeAt(i + n) === c) n++;
          // whole code points: an emoji next to a marker is punctuation to micromark
          const before = i === 0 ? this.edgeBefore : codePointBefore(v, i);
          const after = i + n >= v.length ? this.edgeAfter : String.fromCodePoint(v.codePointAt(i + n) as number);
          // micromark also lets GFM's `~` open and close next to these; not modelled
          if (before === "~" || after === "~") bail();
          // micromark's attention rules: 1 whitespace, 2 punctuation, 0 anything else
          const b = classify(before);
          const a = classify(after);
          const open = a === 0 || (a === 2 && b !== 0);
          const close = b === 0 || (b === 2 && a !== 0);
          toks.push({
            k: "d",
            s: i,
            e: i + n,
            ch: c === 42 ? "*" : "_",
            n,
            open: c === 42 ? open : open && (b !== 0 || !close),
            close: c === 42 ? close : close && (a !== 0 || !open),
          });
          i += n;
          textStart = i;
          continue;
        }
        case 91: {
          if (i > textStart) toks.push({ k: "t", s: textStart, e: i, v: v.slice(textStart, i) });
          const link = this.link(i, to);
          if (link) {
            toks.push({ k: "n", node: link.node });
            i = link.end;
          } else {
            this.looseBracket = true;
            toks.push({ k: "t", s: i, e: i + 1, v: "[" });
            i++;
          }
          textStart = i;
          continue;
        }
        case 60: {
          if (!v.startsWith("<!--", i) || v.startsWith("<!-->", i) || v.startsWith("<!--->", i)) bail();
          const close = v.indexOf("-->", i + 4);
          if (close === -1 || close + 3 > to) bail();
          const value = v.slice(i, close + 3);
          if (/[\r\n]/.test(value) || value.slice(4, -3).includes("--")) bail();
          if (i > textStart) toks.push({ k: "t", s: textStart, e: i, v: v.slice(textStart, i) });
          toks.push({ k: "n", node: { type: "html", value, position: this.pos(i, close + 3) } });
          i = close + 3;
          textStart = i;
          continue;
        }
        case 32: {
          let n = 1;
          while (v.charCodeAt(i + n) === 32) n++;
          const nx = v.charCodeAt(i + n);
          if (i + n >= this.v.length) {
            if (i > textStart) toks.push({ k: "t", s: textStart, e: i, v: v.slice(textStart, i) });
            i += n;
            textStart = i;
            continue;
          }
          if (nx === 10 || nx === 13) {
            if (i > textStart) toks.push({ k: "t", s: textStart, e: i, v: v.slice(textStart, i) });
            const after = nx === 13 ? i + n + 2 : i + n + 1;
            if (n >= 2) {
              toks.push({ k: "n", node: { type: "break", position: this.pos(i, after) } });
              i = after;
            } else {
              i += n;
            }
            textStart = i;
            continue;
          }
          i += n;
          continue;
        }
        case 72:
        case 104:
        case 87:
        case 119: {
          const auto = this.autolink(i, to, inLink);
          if (auto) {
            if (i > textStart) toks.push({ k: "t", s: textStart, e: i, v: v.slice(textStart, i) });
            toks.push({ k: "n", node: auto.node });
            i = auto.end;
            textStart = i;
          } else i++;
          continue;
        }
        default:
          i++;
      }
    }
    if (to > textStart) toks.push({ k: "t", s: textStart, e: to, v: v.slice(textStart, to) });
    return this.finish(toks);
  }

  private link(i: number, to: number): { node: PhrasingContent; end: number } | null {
    const v = this.v;
    let j = i + 1;
    let close = -1;
    while (j < to) {
      const c = v.charCodeAt(j);
      if (c === 92) j += 2;
      else if (c === 96) {
        let n = 1;
        while (v.charCodeAt(j + n) === 96) n++;
        const e = findRun(v, j + n, to, n);
        j = e === -1 ? j + n : e + n;
      } else if (c === 91) bail();
      else if (c === 93) {
        close = j;
        break;
      } else j++;
    }
    if (close === -1) return null;
    const nx = v[close + 1];
    if (nx === "[") bail();
    if (nx !== "(") return null;
    let m = close + 2;
    while (m < to) {
      const c = v.charCodeAt(m);
      if (c === 41) break;
      if (c <= 32 || c === 40 || c === 60 || c === 92 || c === 38 || c === 127) bail();
      m++;
    }
    if (m >= to) bail();
    const url = v.slice(close + 2, m);
    return {
      node: {
        type: "link",
        title: null,
        url,
        children: this.range(i + 1, close, true) as never,
        position: this.pos(i, m + 1),
      },
      end: m + 1,
    };
  }

  /**
   * Emphasis as micromark resolves it (CommonMark's "process emphasis"): each closer, left to right, takes the
   * nearest opener of its marker that the rule of three allows, two markers when both runs have two, and what lies
   * between becomes the node's children (so inner unmatched runs turn into text).
   */
  private finish(toks: Tok[]): PhrasingContent[] {
    let k = 0;
    while (k < toks.length) {
      const closer = toks[k] as Tok;
      if (closer.k !== "d" || !closer.close || closer.n === 0) {
        k++;
        continue;
      }
      let o = k - 1;
      for (; o >= 0; o--) {
        const op = toks[o] as Tok;
        if (op.k !== "d" || !op.open || op.ch !== closer.ch || op.n === 0) continue;
        if ((op.close || closer.open) && closer.n % 3 !== 0 && (op.n + closer.n) % 3 === 0) continue;
        break;
      }
      if (o < 0) {
        k++;
        continue;
      }
      const opener = toks[o] as Tok & { k: "d" };
      const use = opener.n > 1 && closer.n > 1 ? 2 : 1;
      const node = {
        type: use === 1 ? "emphasis" : "strong",
        children: this.finishFlat(toks.slice(o + 1, k)),
        position: this.pos(opener.e - use, closer.s + use),
      } as PhrasingContent;
      opener.e -= use;
      opener.n -= use;
      closer.s += use;
      closer.n -= use;
      toks.splice(o + 1, k - o - 1, { k: "n", node });
      k = o + 2;
      if (opener.n === 0) {
        toks.splice(o, 1);
        k--;
      }
      if (closer.n === 0) toks.splice(k, 1);
    }
    return this.finishFlat(toks);
  }

  /** Tokens to nodes: leftover delimiters become text, adjacent text merges. */
  private finishFlat(toks: Tok[]): PhrasingContent[] {
    const out: PhrasingContent[] = [];
    let value = "";
    let s = -1;
    let e = -1;
    for (const t of toks) {
      if (t.k === "n") {
        if (s !== -1) out.push({ type: "text", value, position: this.pos(s, e) });
        s = -1;
        out.push(t.node);
        continue;
      }
      if (t.k === "d" && t.n === 0) continue;
      const piece = t.k === "t" ? t.v : t.ch.repeat(t.n);
      if (s === -1) {
        value = piece;
        s = t.s;
      } else value += piece;
      e = t.e;
    }
    if (s !== -1) out.push({ type: "text", value, position: this.pos(s, e) });
    return out;
  }
}

function findRun(v: string, from: number, to: number, n: number): number {
  let p = v.indexOf("`", from);
  while (p !== -1 && p < to) {
    let m = 1;
    while (v.charCodeAt(p + m) === 96) m++;
    if (m === n && p + m <= to) return p;
    p = v.indexOf("`", p + m);
  }
  return -1;
}

function codePointBefore(v: string, i: number): string {
  const c = v.charCodeAt(i - 1);
  return c >= 0xdc00 && c <= 0xdfff && i >= 2 ? v.slice(i - 2, i) : (v[i - 1] as string);
}

/** micromark's character classes for attention: 1 whitespace (or none), 2 punctuation, 0 anything else. */
function classify(ch: string | undefined): 0 | 1 | 2 {
  if (ch === undefined || UNICODE_SPACE.test(ch)) return 1;
  return UNICODE_PUNCT.test(ch) ? 2 : 0;
}

function isBlank(t: string): boolean {
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) !== 32) return false;
  return true;
}

function leadingSpaces(t: string): number {
  let n = 0;
  while (t.charCodeAt(n) === 32) n++;
  return n;
}
