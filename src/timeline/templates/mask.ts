/**
 * Variable masking: the step that runs before clustering and turns the obviously variable parts of a log message
 * (numbers, hex, ids, IPs, paths, URLs, booleans) into `<*>`.
 *
 * The granularity follows the conventions of the corrected Loghub ground truth (Khan et al., ICSE 2022, as applied by
 * Loghub-2.0): whitespace runs become one space; a path like `/a/b/c` is one variable; a "chunk" (the text between
 * `, ; : = | ! " ' ( ) [ ] { } /` and whitespace) that holds a variable part is masked whole, so
 * `blk_-1608999687919862906` and `10.251.42.84` become `<*>` while `uid=0` keeps its key (`uid=<*>`) and
 * `(20/20` keeps its punctuation (`(<*>/<*>`). Nothing here is specific to one log source.
 */

/** The variable placeholder used in every template. */
export const WILDCARD = "<*>";

/** Words that the Loghub guidelines always treat as variables (booleans and default user strings). */
const ALWAYS_VARIABLE = new Set(["true", "false", "null", "root", "admin"]);

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHexLetter(c: number): boolean {
  return (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** `, ! ; : = | " ' [ ] ( ) { }`: the delimiters the guidelines use to find path-like strings. */
function isPathDelimiter(c: number): boolean {
  switch (c) {
    case 44: // ,
    case 33: // !
    case 59: // ;
    case 58: // :
    case 61: // =
    case 124: // |
    case 34: // "
    case 39: // '
    case 91: // [
    case 93: // ]
    case 40: // (
    case 41: // )
    case 123: // {
    case 125: // }
      return true;
    default:
      return false;
  }
}

/** `. - + @ # $ % &`: split a chunk into pieces; `_` deliberately joins (`blk_123`, `attempt_1_2` are one id). */
function isPieceDelimiter(c: number): boolean {
  return c === 46 || c === 45 || c === 43 || c === 64 || c === 35 || c === 36 || c === 37 || c === 38;
}

/**
 * Is `s[start, end)` (a piece without piece delimiters) variable? Numbers, hex, values that start with a digit
 * (`5000ms`, `16ac`), long digit runs (`bglio617`), several digit runs (`rdd_42_32`) and `_`-suffixed numbers
 * (`broadcast_40`) are; identifiers with a short version digit (`ssh2`, `L2`, `jk2_init`) are not, and are left to
 * clustering, which masks them only if they actually vary.
 */
function isVariablePiece(s: string, start: number, end: number): boolean {
  const len = end - start;
  if (len <= 0) return false;
  const first = s.charCodeAt(start);
  if (isDigit(first)) return true;
  let digitRuns = 0;
  let run = 0;
  let maxRun = 0;
  let hexOnly = true;
  let prev = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) {
      if (run === 0) {
        digitRuns++;
        if (prev === 95) return true; // `_` then digits: an id suffix
      }
      run++;
      if (run > maxRun) maxRun = run;
    } else {
      run = 0;
      if (!isHexLetter(c)) hexOnly = false;
    }
    prev = c;
  }
  if (digitRuns === 0) {
    if (len < 4 || len > 5) return false;
    const f = first | 32; // lower-case ASCII letter
    if (f !== 116 && f !== 102 && f !== 110 && f !== 114 && f !== 97) return false; // t f n r a
    return ALWAYS_VARIABLE.has(s.slice(start, end).toLowerCase());
  }
  return maxRun >= 3 || digitRuns >= 2 || (hexOnly && len >= 8);
}

/** Does the chunk `s[start, end)` contain a variable piece? */
function isVariableChunk(s: string, start: number, end: number): boolean {
  let p = start;
  for (let i = start; i <= end; i++) {
    if (i === end || isPieceDelimiter(s.charCodeAt(i))) {
      if (isVariablePiece(s, p, i)) return true;
      p = i + 1;
    }
  }
  return false;
}

/**
 * A path-like string, masked whole: `/` then at least one more character, and not `//` at the start (the Loghub
 * guideline's `^(/[^/]+)+$`, widened to accept the doubled and trailing slashes real paths carry).
 */
function isPathLike(s: string, start: number, end: number): boolean {
  return end - start >= 2 && s.charCodeAt(start) === 47 && s.charCodeAt(start + 1) !== 47;
}

/**
 * A URL inside a word: `[start, restStart)` is `scheme://`, `[restStart, end)` the rest up to a closing bracket,
 * quote or comma (a final `.` ends the sentence, not the URL). `undefined` when the word holds no URL.
 */
function findUrl(w: string): { start: number; restStart: number; end: number } | undefined {
  const i = w.indexOf("://");
  if (i <= 0) return undefined;
  let k = i;
  while (k > 0) {
    const c = w.charCodeAt(k - 1);
    const ok = (c | 32) >= 97 && (c | 32) <= 122 ? true : isDigit(c) || c === 43 || c === 45 || c === 46;
    if (!ok) break;
    k--;
  }
  while (k < i && !((w.charCodeAt(k) | 32) >= 97 && (w.charCodeAt(k) | 32) <= 122)) k++;
  if (k === i) return undefined;
  const restStart = i + 3;
  let end = restStart;
  while (end < w.length) {
    const c = w.charCodeAt(end);
    if (c === 93 || c === 41 || c === 39 || c === 34 || c === 44 || c === 62) break; // ] ) ' " , >
    end++;
  }
  while (end > restStart && w.charCodeAt(end - 1) === 46) end--;
  return end > restStart ? { start: k, restStart, end } : undefined;
}

/** Does `s[start, end)` contain a digit? */
function hasDigit(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (isDigit(s.charCodeAt(i))) return true;
  return false;
}

/**
 * `word.123`: a name with a numeric suffix (`core.1234`, `app.log.1` is not: only one name piece). The guidelines keep
 * the name (`core.<*>`), unlike ids and host names, which are masked whole.
 */
function isNameDotNumber(s: string, start: number, end: number): number {
  const dot = s.lastIndexOf(".", end - 1);
  if (dot <= start || dot >= end - 1) return -1;
  for (let i = start; i < dot; i++) {
    const c = s.charCodeAt(i) | 32;
    if (c < 97 || c > 122) return -1;
  }
  for (let i = dot + 1; i < end; i++) if (!isDigit(s.charCodeAt(i))) return -1;
  return dot;
}

/*
 * Output builder shared by the functions below: masking is single-threaded and synchronous, and building the result
 * lazily (copying only when something is masked) keeps the common no-variable word allocation-free.
 */
let outText = "";
let outCopied = 0;
let outChanged = false;

function replaceRange(w: string, start: number, end: number, text: string): void {
  outText += w.slice(outCopied, start) + text;
  outCopied = end;
  outChanged = true;
}

function maskChunk(w: string, start: number, end: number): void {
  if (!isVariableChunk(w, start, end)) return;
  // a full stop after a value ends the sentence (`port 8030. Already`), and `#` before a number is a label (`#3`)
  while (end - start > 1 && w.charCodeAt(end - 1) === 46) end--;
  if (end - start > 1 && w.charCodeAt(start) === 35) start++;
  const dot = isNameDotNumber(w, start, end);
  replaceRange(w, dot < 0 ? start : dot + 1, end, WILDCARD);
}

/**
 * Mask the chunks of a segment that has no path delimiters, splitting on `/` and on runs of two or more dots or `#`
 * (the `instruction......0` leaders of aligned key/value dumps, `12##548##8661` lists).
 */
function maskSegment(w: string, start: number, end: number): void {
  if (isPathLike(w, start, end)) {
    replaceRange(w, start, end, WILDCARD);
    return;
  }
  let p = start;
  let i = start;
  while (i < end) {
    const c = w.charCodeAt(i);
    if (c === 47) {
      if (i > p) maskChunk(w, p, i);
      p = ++i;
    } else if ((c === 46 || c === 35) && i + 1 < end && w.charCodeAt(i + 1) === c) {
      if (i > p) maskChunk(w, p, i);
      while (i < end && w.charCodeAt(i) === c) i++;
      p = i;
    } else {
      i++;
    }
  }
  if (end > p) maskChunk(w, p, end);
}

/** `FF:F2:9C:00:4E:7A` (MAC) or `fe80:0:0:0:2a0:d1ff:fe3d:6b40` (IPv6): five or more `:`-separated hex groups. */
function isColonHex(w: string): boolean {
  let groups = 1;
  let len = 0;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c === 58) {
      if (len === 0 && groups > 1 && i + 1 < w.length && w.charCodeAt(i + 1) !== 58) return false;
      groups++;
      len = 0;
    } else if (isDigit(c) || isHexLetter(c)) {
      if (++len > 4) return false;
    } else {
      return false;
    }
  }
  return groups >= 5;
}

/** Is `s[start, end)` one of the always-variable words, compared case-insensitively without allocating? */
function isKeywordPiece(s: string, start: number, end: number): boolean {
  const len = end - start;
  if (len !== 4 && len !== 5) return false;
  const c0 = s.charCodeAt(start) | 32;
  const word =
    len === 4
      ? c0 === 116
        ? "true"
        : c0 === 110
          ? "null"
          : c0 === 114
            ? "root"
            : ""
      : c0 === 102
        ? "false"
        : c0 === 97
          ? "admin"
          : "";
  if (word === "") return false;
  for (let i = 1; i < len; i++) if ((s.charCodeAt(start + i) | 32) !== word.charCodeAt(i)) return false;
  return true;
}

/**
 * Can anything in `w` be masked? A word without digits, `/`, enough `:` for a MAC or IPv6 address, and without an
 * always-variable word never is; most words of most messages are such, so one cheap scan settles them.
 */
function mayHoldVariable(w: string): boolean {
  let colons = 0;
  let letterStart = -1;
  const n = w.length;
  for (let i = 0; i < n; i++) {
    const c = w.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
    if (c === 47) return true;
    const letter = (c | 32) >= 97 && (c | 32) <= 122;
    if (letter) {
      if (letterStart < 0) letterStart = i;
      continue;
    }
    if (letterStart >= 0 && isKeywordPiece(w, letterStart, i)) return true;
    letterStart = -1;
    if (c === 58 && ++colons >= 4) return true;
  }
  return letterStart >= 0 && isKeywordPiece(w, letterStart, n);
}

/** Mask one whitespace-free word. Returns the word itself when nothing in it is variable. */
export function maskWord(w: string): string {
  if (!mayHoldVariable(w)) return w;
  const url = findUrl(w);
  if (url !== undefined) {
    // an address with numbers in it (host:port, ids) is one variable; a fixed documentation link is not
    const rest = hasDigit(w, url.restStart, url.end) ? WILDCARD : w.slice(url.restStart, url.end);
    return `${maskWord(w.slice(0, url.start))}${w.slice(url.start, url.restStart)}${rest}${maskWord(w.slice(url.end))}`;
  }
  if (isColonHex(w)) return WILDCARD;
  outText = "";
  outCopied = 0;
  outChanged = false;
  let p = 0;
  const n = w.length;
  for (let i = 0; i < n; i++) {
    if (isPathDelimiter(w.charCodeAt(i))) {
      if (i > p) maskSegment(w, p, i);
      p = i + 1;
    }
  }
  if (n > p) maskSegment(w, p, n);
  if (!outChanged) return w;
  const masked = outText + w.slice(outCopied);
  outText = "";
  return collapseWildcards(masked);
}

/** Merge adjacent wildcards (`<*><*>`, `<*>.<*>`) the way the Loghub guidelines do (rules CV and DV). */
export function collapseWildcards(t: string): string {
  if (t.indexOf("><*>") < 0) return t; // neither `<*><*>` nor `<*>.<*>` can occur
  let prev: string;
  do {
    prev = t;
    t = t.replaceAll("<*><*>", WILDCARD).replaceAll("<*>.<*>", WILDCARD);
  } while (t !== prev);
  return t;
}

/** Split a message on whitespace runs (leading/trailing whitespace dropped). */
export function splitWords(message: string): string[] {
  const words: string[] = [];
  const n = message.length;
  let start = -1;
  for (let i = 0; i < n; i++) {
    if (isSpace(message.charCodeAt(i))) {
      if (start >= 0) {
        words.push(message.slice(start, i));
        start = -1;
      }
    } else if (start < 0) {
      start = i;
    }
  }
  if (start >= 0) words.push(message.slice(start));
  return words;
}

/**
 * Mask a whole message into words: whitespace-split, each word masked by {@link maskWord}.
 * `maskMessage("connection pool exhausted (20/20 in use), waited 5000ms")` gives
 * `["connection", "pool", "exhausted", "(<*>/<*>", "in", "use),", "waited", "<*>"]`.
 */
export function maskMessage(message: string): string[] {
  const words = splitWords(message);
  let times: number[] | undefined;
  const n = words.length;
  for (let i = 0; i < n; i++) {
    const m = maskWord(words[i] as string);
    words[i] = m;
    if (m.startsWith(TIME_SHAPE)) {
      // the year after the time must be checked before it is masked; encode "has a year" in the sign
      const year = i + 1 < n && isFourDigits(words[i + 1] as string);
      (times ??= []).push(year ? -(i + 1) : i + 1);
    }
  }
  return times === undefined ? words : foldDates(words, times);
}

const TIME_SHAPE = "<*>:<*>:<*>";
const MONTHS = new Set(
  "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august september october november december".split(
    " ",
  ),
);
const WEEKDAYS = new Set(
  "mon tue wed thu fri sat sun monday tuesday wednesday thursday friday saturday sunday".split(" "),
);

function isFourDigits(w: string): boolean {
  return w.length === 4 && /^\d{4}$/.test(w);
}

/**
 * Fold a written-out date into the time it precedes (`Sat Jun 18 02:08:10 2005` → one `<*>:<*>:<*>` word), so the
 * month and weekday names, which are variables here, do not split one event into one template per day. `words` are
 * already masked (month and weekday names never change under masking); `times` lists each time word as `±(i + 1)`,
 * negative when a four-digit year follows it.
 */
function foldDates(words: string[], times: number[]): string[] {
  const drop = new Set<number>();
  for (const code of times) {
    const i = Math.abs(code) - 1;
    if (i < 2 || words[i - 1] !== WILDCARD || !MONTHS.has((words[i - 2] as string).toLowerCase())) continue;
    drop.add(i - 1);
    drop.add(i - 2);
    if (i >= 3 && WEEKDAYS.has((words[i - 3] as string).toLowerCase().replace(/,$/, ""))) drop.add(i - 3);
    if (code < 0) drop.add(i + 1);
  }
  return drop.size === 0 ? words : words.filter((_, k) => !drop.has(k));
}
