import { collapseWildcards, isPathDelimiter } from "./mask.js";

/*
 * Word-level rules of the template miner: when two words can be the same word with different values, and the most
 * specific word matching both. Pure functions over strings, kept apart from the clustering in template-miner.ts.
 * The placeholder is a module-local constant for the same reason as there (compared in the hottest loops).
 */
const WILDCARD = "<*>";

/** The path delimiters plus `/`: where a word splits into chunks that generalise one by one. */
export function isStrongDelimiter(c: number): boolean {
  return c === 47 || isPathDelimiter(c);
}

/**
 * Split a word into alternating chunks and one-character delimiters: `chunk, delim, chunk, ..., chunk`, chunks
 * possibly empty (`rhost=` is `["rhost", "=", ""]`).
 */
function chunkParts(w: string): string[] {
  const parts: string[] = [];
  let p = 0;
  for (let i = 0; i < w.length; i++) {
    if (isStrongDelimiter(w.charCodeAt(i))) {
      parts.push(w.slice(p, i), w[i] as string);
      p = i + 1;
    }
  }
  parts.push(w.slice(p));
  return parts;
}

/**
 * Can `a` and `b` be the same word with different values? Yes when they have the same strong delimiters in the same
 * order and text in the same places, an empty value matching only a variable: `()` and `(<*>)` can, `(uid=0)` and
 * `LOGIN(uid=0)` cannot.
 */
function sameSkeleton(pa: string[], pb: string[]): boolean {
  if (pa.length !== pb.length) return false;
  for (let i = 0; i < pa.length; i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (i % 2 === 1) {
      if (x !== y) return false;
    } else if ((x === "") !== (y === "") && x !== WILDCARD && y !== WILDCARD) {
      return false;
    }
  }
  return true;
}

/** Is `s[start, end)` exactly `<*>`? */
function isWildcardAt(s: string, start: number, end: number): boolean {
  return end - start === 3 && s.startsWith(WILDCARD, start);
}

/**
 * {@link sameSkeleton} on two words, without splitting them (it runs for every differing word of every candidate
 * cluster); a lone `<*>` matches anything.
 */
export function compatibleWords(a: string, b: string): boolean {
  if (a === b || a === WILDCARD || b === WILDCARD) return true;
  let i = 0;
  let j = 0;
  for (;;) {
    const i0 = i;
    const j0 = j;
    while (i < a.length && !isStrongDelimiter(a.charCodeAt(i))) i++;
    while (j < b.length && !isStrongDelimiter(b.charCodeAt(j))) j++;
    if ((i === i0) !== (j === j0) && !isWildcardAt(a, i0, i) && !isWildcardAt(b, j0, j)) return false;
    if (i === a.length || j === b.length) return i === a.length && j === b.length;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
    i++;
    j++;
  }
}

/**
 * The most specific word that matches both `a` and `b`: when {@link compatibleWords} holds only the differing chunks
 * become `<*>` (`user=alice` + `user=bob` → `user=<*>`, `()` + `(<*>)` → `(<*>)`); otherwise the whole word does.
 */
export function generalizeWord(a: string, b: string): string {
  if (a === b) return a;
  if (a === WILDCARD || b === WILDCARD) return WILDCARD;
  const pa = chunkParts(a);
  const pb = chunkParts(b);
  if (!sameSkeleton(pa, pb)) return WILDCARD;
  let out = "";
  for (let i = 0; i < pa.length; i++) {
    const x = pa[i] as string;
    out += x === pb[i] ? x : WILDCARD;
  }
  return collapseWildcards(out);
}

/** `LEADING`, `SUCCESS_CONTAINER_CLEANUP`: an enum-like constant. */
export function isUpperConstant(w: string): boolean {
  if (w.length < 2) return false;
  let letters = 0;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 65 && c <= 90) letters++;
    else if (c !== 95) return false;
  }
  return letters >= 2;
}
