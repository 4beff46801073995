import type { RootContent } from "mdast";

/** Shared by the fast block and inline Markdown parsers: the bail-out, positions and character classes. */

// tabs change column arithmetic, form feeds and vertical tabs are odd whitespace, a lone CR is a line ending
// micromark handles differently, NUL is replaced
export const UNSUPPORTED_CHARS = /[\t\0\f\v]|\r(?!\n)/;
/** Thrown (and caught by `fastParseMarkdown`) when the document leaves the modelled subset. */
export const BAIL = Symbol("bail");
/** Give up on this document: the caller parses it with remark. */
export function bail(): never {
  throw BAIL;
}

/** A point in the source, as mdast writes it. */
export interface Point {
  line: number;
  column: number;
  offset: number;
}
/** A node's span in the source, as mdast writes it. */
export interface Position {
  start: Point;
  end: Point;
}
/** A line of a container's content: source line index and the offset where the container's content begins. */
export interface Seg {
  ln: number;
  from: number;
}
/** A block-level node. */
export type Block = RootContent;

export const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
export const UNICODE_PUNCT = /[\p{P}\p{S}]/u;
export const UNICODE_SPACE = /\s/u;
export const BULLET_ITEM = /^([-*+])( +)(?=\S)/;
export const ORDERED_ITEM = /^(\d{1,9})([.)])( +)(?=\S)/;
export const EMPTY_ITEM = /^(?:[-*+]|\d{1,9}[.)]) *$/;
export const THEMATIC = /^(?:(?:\*[ ]*){3,}|(?:-[ ]*){3,}|(?:_[ ]*){3,})$/;
export const FENCE = /^(`{3,}|~{3,})(.*)$/;
export const DELIMITER_CELL = /^ *:?-+:? *$/;
// e-mail and xmpp autolink literals are not modelled (http(s):// and www. literals are)
export const EMAIL_LIKE = /[A-Za-z0-9._+-]@|mailto:|xmpp:/i;
/** Characters an autolink literal path may hold here; anything else (parens, entities, emphasis marks) declines. */
export const URL_CHARS = /[A-Za-z0-9\-./%?=#:+,!&]/;
/** Anything that could be inline markup (or an autolink literal) rather than plain text. */
export const MAYBE_MARKUP = /[\\`*_[\]<&~@]|https?:\/\/|www\.|mailto:|xmpp:/i;
export const DOMAIN = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*/;

/** What the inline parser needs from the block parser: the source and positions of offsets in it. */
export interface InlineSource {
  readonly text: string;
  position(start: number, end: number): Position;
}

/** Offset of the next backtick run of exactly `n` in `v[from, to)`, or -1. */
export function findRun(v: string, from: number, to: number, n: number): number {
  let p = v.indexOf("`", from);
  while (p !== -1 && p < to) {
    let m = 1;
    while (v.charCodeAt(p + m) === 96) m++;
    if (m === n && p + m <= to) return p;
    p = v.indexOf("`", p + m);
  }
  return -1;
}

/** The code point (one or two UTF-16 units) before index `i`. */
export function codePointBefore(v: string, i: number): string {
  const c = v.charCodeAt(i - 1);
  return c >= 0xdc00 && c <= 0xdfff && i >= 2 ? v.slice(i - 2, i) : (v[i - 1] as string);
}

/** micromark's character classes for attention: 1 whitespace (or none), 2 punctuation, 0 anything else. */
export function classify(ch: string | undefined): 0 | 1 | 2 {
  if (ch === undefined || UNICODE_SPACE.test(ch)) return 1;
  return UNICODE_PUNCT.test(ch) ? 2 : 0;
}

/** True for a line of spaces only. */
export function isBlank(t: string): boolean {
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) !== 32) return false;
  return true;
}

/** How many spaces a line starts with. */
export function leadingSpaces(t: string): number {
  let n = 0;
  while (t.charCodeAt(n) === 32) n++;
  return n;
}
