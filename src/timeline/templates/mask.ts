/**
 * Variable masking: the step that runs before clustering and turns the obviously variable parts of a log message
 * (numbers, hex, ids, IPs, paths, URLs, booleans) into `<*>`.
 *
 * The granularity follows the conventions of the corrected Loghub ground truth (Khan et al., ICSE 2022, as applied by
 * Loghub-2.0): whitespace runs become one space; a path like `/a/b/c` is one variable; a "chunk" (the text between
 * `, ; : = | ! " ' ( ) [ ] { } /` and whitespace) that holds a variable part is masked whole, so
 * `blk_-1608999687919862906` and `10.251.42.84` become `<*>` while `uid=0` keeps its key (`uid=<*>`) and
 * `(20/20` keeps its punctuation (`(<*>/<*>`). Beyond the guidelines: URLs with numbers keep only their scheme
 * (`hdfs://<*>`), MAC and IPv6 addresses are one variable, a written-out date folds into its time, and a sentence's
 * final `.` stays text. Nothing here is specific to one log source.
 */

/** The variable placeholder used in every template. */
export const WILDCARD = "<*>";

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
export function isPathDelimiter(c: number): boolean {
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

/** Mask a chunk known to hold a variable part. */
function maskVariableChunk(w: string, start: number, end: number): void {
  // a full stop after a value ends the sentence (`port 8030. Already`), and `#` before a number is a label (`#3`)
  while (end - start > 1 && w.charCodeAt(end - 1) === 46) end--;
  if (end - start > 1 && w.charCodeAt(start) === 35) start++;
  const dot = isNameDotNumber(w, start, end);
  replaceRange(w, dot < 0 ? start : dot + 1, end, WILDCARD);
}

/**
 * Mask the segments of a word (the text between path delimiters) in one pass, every character looked at once:
 * - a path-like segment (`/` then at least one more character, not `//`: the guideline's `^(/[^/]+)+$`, widened to
 *   accept the doubled and trailing slashes real paths carry) is one variable;
 * - otherwise each chunk (split on `/` and on runs of two or more dots or `#`, the `instruction......0` leaders of
 *   aligned key/value dumps and `12##548##8661` lists) that holds a variable piece is masked.
 *
 * A piece (split on `. - + @ # $ % &`; `_` joins, so `blk_123` and `attempt_1_2` are one id) is variable when it is
 * a number or starts with a digit (`5000ms`, `16ac`), has a long digit run (`bglio617`), several digit runs
 * (`rdd_42_32`), digits after `_` (`broadcast_40`), is 8+ hex characters, or is an always-variable word.
 * Identifiers with a short version digit (`ssh2`, `L2`, `jk2_init`) are not: clustering masks them only if they vary.
 */
function maskSegments(w: string): void {
  const n = w.length;
  let i = 0;
  while (i < n) {
    let c = w.charCodeAt(i);
    if (isPathDelimiter(c)) {
      i++;
      continue;
    }
    if (c === 47 && i + 1 < n) {
      const d = w.charCodeAt(i + 1);
      if (d !== 47 && !isPathDelimiter(d)) {
        let e = i + 2;
        while (e < n && !isPathDelimiter(w.charCodeAt(e))) e++;
        replaceRange(w, i, e, WILDCARD);
        i = e;
        continue;
      }
    }
    let chunkStart = i;
    let chunkVar = false;
    let pieceStart = i;
    let digitRuns = 0;
    let run = 0;
    let maxRun = 0;
    let hexOnly = true;
    let prev = 0;
    let idSuffix = false;
    for (; ; i++) {
      c = i < n ? w.charCodeAt(i) : -1;
      const segmentEnd = c < 0 || isPathDelimiter(c);
      const runSeparator = (c === 46 || c === 35) && i + 1 < n && w.charCodeAt(i + 1) === c;
      const chunkEnd = segmentEnd || c === 47 || runSeparator;
      if (!chunkEnd && !isPieceDelimiter(c)) {
        if (chunkVar) continue;
        if (isDigit(c)) {
          if (run === 0) {
            digitRuns++;
            if (prev === 95) idSuffix = true; // `_` then digits: an id suffix
          }
          run++;
          if (run > maxRun) maxRun = run;
        } else {
          run = 0;
          if (!isHexLetter(c)) hexOnly = false;
        }
        prev = c;
        continue;
      }
      const len = i - pieceStart;
      if (!chunkVar && len > 0) {
        chunkVar =
          isDigit(w.charCodeAt(pieceStart)) ||
          idSuffix ||
          (digitRuns === 0 ? isKeywordPiece(w, pieceStart, i) : maxRun >= 3 || digitRuns >= 2 || (hexOnly && len >= 8));
      }
      pieceStart = i + 1;
      digitRuns = 0;
      run = 0;
      maxRun = 0;
      hexOnly = true;
      prev = 0;
      idSuffix = false;
      if (!chunkEnd) continue;
      if (chunkVar && i > chunkStart) maskVariableChunk(w, chunkStart, i);
      chunkVar = false;
      if (segmentEnd) break;
      if (runSeparator) {
        while (i + 1 < n && w.charCodeAt(i + 1) === c) i++;
      }
      chunkStart = i + 1;
      pieceStart = i + 1;
    }
  }
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

/**
 * Is `s[start, end)` one of the words the Loghub guidelines always treat as variables (`true`, `false`, `null`,
 * `root`, `admin`), compared case-insensitively without allocating?
 */
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
  maskSegments(w);
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
