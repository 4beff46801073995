import type { PhrasingContent } from "mdast";
import {
  ASCII_PUNCT,
  bail,
  classify,
  codePointBefore,
  DOMAIN,
  EMAIL_LIKE,
  findRun,
  type InlineSource,
  type Position,
  UNICODE_SPACE,
  URL_CHARS,
} from "./fast-markdown-common.js";

/** A piece of inline content: source range and the line ending that follows it inside the block. */
export interface InlineSeg {
  from: number;
  to: number;
  eol: string;
}

type Tok =
  | { k: "t"; s: number; e: number; v: string }
  | { k: "n"; node: PhrasingContent }
  | { k: "d"; s: number; e: number; ch: string; n: number; open: boolean; close: boolean };

/**
 * The inline half of the fast Markdown parser: code spans, emphasis, links and autolink literals over the segments
 * of one paragraph, heading or cell, as micromark would parse them; `bail()` on anything it does not model.
 */
export class InlineParser {
  private readonly v: string;
  /** virtual index where each part starts, and its source offset */
  private readonly vStarts: number[] = [];
  private readonly parts: InlineSeg[];
  private readonly edgeBefore: string | undefined;
  private readonly edgeAfter: string | undefined;
  /** a `[` that did not open a link: micromark then declines autolink literals after it */
  private looseBracket = false;

  constructor(
    private readonly doc: InlineSource,
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
