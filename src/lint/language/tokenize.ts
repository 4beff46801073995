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
// so that identifiers stay one token; anything else that is not a space is a one-character punctuation token.
const TOKEN_RE = /@?[\p{L}\p{N}_]+(?:[-'’./:][\p{L}\p{N}_]+)*|[^\s\p{L}\p{N}_]/gu;

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** Split text into word and punctuation tokens; linear time, no backtracking. */
export function tokenize(text: string, offset = 0): Token[] {
  const tokens: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    const t = m[0];
    const first = t.charCodeAt(0);
    const punct = t.length === 1 && !WORD_CHAR.test(t);
    const lower = t.toLowerCase();
    tokens.push({
      text: t,
      lower: lower.includes("’") ? lower.replace(/’/g, "'") : lower,
      start: m.index + offset,
      end: m.index + t.length + offset,
      capitalised: first >= 65 && first <= 90 ? true : first > 127 ? t[0] !== t[0]?.toLowerCase() : false,
      punct,
    });
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
    while (j < n && /["'”’)\]]/.test(text[j] ?? "")) j++;
    if (isEnd && j < n && !/\s/.test(text[j] ?? "")) continue;
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
  while (start < end && /\s/.test(text[start] ?? "")) start++;
  while (end > start && /\s/.test(text[end - 1] ?? "")) end--;
  if (end > start) spans.push({ start, end });
}
