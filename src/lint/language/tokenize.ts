/** A word-like token with its offsets in the analysed text. */
export interface Token {
  /** The token as written. */
  text: string;
  /** Lower-cased form, with typographic apostrophes folded to `'`. */
  lower: string;
  /** Offset of the first character. */
  start: number;
  /** Offset after the last character. */
  end: number;
  /** Starts with an upper-case letter. */
  capitalised: boolean;
  /** Punctuation rather than a word. */
  punct: boolean;
}

/** A half-open character range `[start, end)`. */
export interface Span {
  start: number;
  end: number;
}

// Words may carry inner hyphens, dots, slashes or apostrophes ("on-call", "api.example.com", "Alice's", "didn't")
// so that identifiers stay one token; anything else that is not a space is a one-character punctuation token. This is
// the regular expression /@?[\p{L}\p{N}_]+(?:[-'’./:][\p{L}\p{N}_]+)*|[^\s\p{L}\p{N}_]/gu, scanned by hand:
// the scan runs for every sentence that may hold blame, and a character loop is several times faster.

const SPACE = 0;
const WORD = 1;
const OTHER = 2;
/** Class of each ASCII code. */
const ASCII_CLASS = new Uint8Array(128).fill(OTHER);
for (let c = 0; c < 128; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95) ASCII_CLASS[c] = WORD;
  else if (c === 32 || (c >= 9 && c <= 13)) ASCII_CLASS[c] = SPACE;
}
const UNICODE_WORD = /^[\p{L}\p{N}_]$/u;
const UNICODE_SPACE = /^\s$/u;
/** Class of each non-ASCII code point met so far (a document uses few). */
const wideClass = new Map<number, number>();

/** SPACE, WORD or OTHER for the code point at `i`, whose first code unit is `c`. */
function classAt(text: string, i: number, c: number): number {
  if (c < 128) return ASCII_CLASS[c] as number;
  const cp = text.codePointAt(i) as number;
  let k = wideClass.get(cp);
  if (k === undefined) {
    const ch = String.fromCodePoint(cp);
    k = UNICODE_WORD.test(ch) ? WORD : UNICODE_SPACE.test(ch) ? SPACE : OTHER;
    wideClass.set(cp, k);
  }
  return k;
}

/** Code units taken by the code point at `i` (a lone surrogate is one code point, as in a /u regex). */
function widthAt(text: string, i: number, c: number): number {
  return c >= 0xd800 && c <= 0xdbff && (text.codePointAt(i) as number) > 0xffff ? 2 : 1;
}

/** End of the run of word characters starting at `i`. */
function wordEnd(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (ASCII_CLASS[c] !== WORD) break;
      i++;
    } else {
      if (classAt(text, i, c) !== WORD) break;
      i += widthAt(text, i, c);
    }
  }
  return i;
}

function isJoiner(c: number): boolean {
  return c === 45 || c === 39 || c === 0x2019 || c === 46 || c === 47 || c === 58;
}

/** Split text into word and punctuation tokens; linear time, no backtracking. */
export function tokenize(text: string, offset = 0): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const k = c < 128 ? (ASCII_CLASS[c] as number) : classAt(text, i, c);
    if (k === SPACE) {
      i += c < 128 ? 1 : widthAt(text, i, c);
      continue;
    }
    const start = i;
    let end: number;
    let word = false;
    if (k === WORD || (c === 64 && i + 1 < n && classAt(text, i + 1, text.charCodeAt(i + 1)) === WORD)) {
      word = true;
      end = wordEnd(text, k === WORD ? i : i + 1);
      // joined parts: a joiner counts only when a word character follows it
      while (end + 1 < n && isJoiner(text.charCodeAt(end))) {
        const after = end + 1;
        if (classAt(text, after, text.charCodeAt(after)) !== WORD) break;
        end = wordEnd(text, after);
      }
    } else {
      end = i + (c < 128 ? 1 : widthAt(text, i, c));
    }
    const t = text.slice(start, end);
    const lower = t.toLowerCase();
    tokens.push({
      text: t,
      lower: lower.includes("’") ? lower.replace(/’/g, "'") : lower,
      start: start + offset,
      end: end + offset,
      capitalised: c >= 65 && c <= 90 ? true : c > 127 ? t[0] !== t[0]?.toLowerCase() : false,
      // as in the regex version: a one-code-unit token that is not a word character (an emoji is two)
      punct: !word && end - start === 1,
    });
    i = end;
  }
  return tokens;
}

// Abbreviations whose trailing dot does not end a sentence.
const ABBREVIATIONS = new Set([
  "e.g",
  "i.e",
  "etc",
  "vs",
  "mr",
  "mrs",
  "ms",
  "dr",
  "approx",
  "incl",
  "cf",
  "fig",
  "no",
  "st",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
]);

/**
 * Sentence boundaries: `.`, `!` or `?` followed by white space (so decimals, versions and host names stay whole),
 * unless the dot ends a known abbreviation; blank lines and list/table breaks are handled by the caller, which
 * passes one block of prose at a time. Line breaks inside a block also end a sentence when the next line starts
 * like a new entry (a time, a bullet or a capital after a line without final punctuation is kept together).
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const isEnd = c === 46 /* . */ || c === 33 /* ! */ || c === 63; /* ? */
    const isBreak = c === 10 && i + 1 < n && text.charCodeAt(i + 1) === 10;
    if (!isEnd && !isBreak) continue;
    let j = i + 1;
    // closing quotes and brackets belong to the sentence they end
    while (j < n && isClosing(text.charCodeAt(j))) j++;
    if (isEnd && j < n && !isSpace(text.charCodeAt(j))) continue;
    if (c === 46) {
      const before = /([\p{L}.]+)$/u.exec(text.slice(Math.max(start, i - 12), i));
      const word = before?.[1]?.toLowerCase();
      if (word && (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word))) continue;
    }
    pushSpan(spans, text, start, j);
    start = j;
    i = j - 1;
  }
  pushSpan(spans, text, start, n);
  return spans;
}

function pushSpan(spans: Span[], text: string, start: number, end: number): void {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (end > start) spans.push({ start, end });
}

/** `"`, `'`, `”`, `’`, `)` or `]`. */
function isClosing(c: number): boolean {
  return c === 34 || c === 39 || c === 0x201d || c === 0x2019 || c === 41 || c === 93;
}

/** The code units `/\s/` matches. */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
