/**
 * A scanner for the JSON objects structured loggers print one per line: flat, scalar values, no escapes.
 *
 * `JSON.parse` builds every object property by property, and a JSON log spends most of its reading time there.
 * This scanner records where each key and value is (no allocation) so a reader can take only what it needs, and,
 * when it already knows the line's keys (log lines of one source almost always have the same keys in the same
 * order), checks each key with one native `startsWith` instead of searching for it.
 *
 * It accepts a strict subset of JSON and reports anything else as not scanned (nested values, escapes, white space
 * between tokens, more than 64 keys): the caller then uses `JSON.parse`, so every line still reads exactly as
 * `JSON.parse` would, errors included.
 */

/** Most keys a scanned line may have. */
export const MAX_FLAT_KEYS = 64;

// Characters that need JSON.parse: escapes, and raw control characters (which JSON.parse rejects inside strings).
const NEEDS_FULL_PARSE = /[\u0000-\u001f\\]/;

const STRING = 1;
const NUMBER = 2;
const TRUE = 3;
const FALSE = 4;
const NULL = 5;

/** Spans of the last scanned line; reuse one per reader. */
export class FlatJsonScanner {
  private readonly keyStart = new Int32Array(MAX_FLAT_KEYS);
  private readonly keyEnd = new Int32Array(MAX_FLAT_KEYS);
  private readonly valueStart = new Int32Array(MAX_FLAT_KEYS);
  private readonly valueEnd = new Int32Array(MAX_FLAT_KEYS);
  private readonly valueType = new Uint8Array(MAX_FLAT_KEYS);
  private readonly valueNumber = new Float64Array(MAX_FLAT_KEYS);
  private line = "";

  /** True when the line may be in the subset (no escapes, no control characters); cheap, check it first. */
  static plain(line: string): boolean {
    return !NEEDS_FULL_PARSE.test(line);
  }

  /**
   * Scan `line` from its `{` at `from`, finding the keys.
   * @returns the number of keys, or -1 when the line is not in the subset
   */
  scan(line: string, from: number): number {
    const s = line;
    const n = s.length;
    let i = from + 1;
    let c = s.charCodeAt(i);
    this.line = s;
    if (c === 125) return i + 1 === n ? 0 : -1;
    let k = 0;
    for (;;) {
      if (c !== 34 || k === MAX_FLAT_KEYS) return -1;
      const ke = s.indexOf('"', i + 1);
      if (ke < 0) return -1;
      this.keyStart[k] = i + 1;
      this.keyEnd[k] = ke;
      i = ke + 1;
      if (s.charCodeAt(i) !== 58) return -1;
      i = this.value(s, i + 1, k);
      if (i < 0) return -1;
      k++;
      c = s.charCodeAt(i);
      if (c === 44) {
        i++;
        c = s.charCodeAt(i);
        continue;
      }
      return c === 125 && i + 1 === n ? k : -1;
    }
  }

  /**
   * Scan `line` expecting known keys: `literals[t]` is key t written as `"key":`, with a leading comma after the
   * first. Cheaper than {@link scan} when the guess is right.
   * @returns false when the line does not have exactly these keys (or is not in the subset)
   */
  scanKeys(line: string, from: number, literals: readonly string[]): boolean {
    const s = line;
    let i = from + 1;
    this.line = s;
    const k = literals.length;
    for (let t = 0; t < k; t++) {
      const lit = literals[t] as string;
      // a slice and one comparison: several times cheaper in V8 than startsWith(lit, i) when the key matches
      if (s.slice(i, i + lit.length) !== lit) return false;
      i = this.value(s, i + lit.length, t);
      if (i < 0) return false;
    }
    return s.charCodeAt(i) === 125 && i + 1 === s.length;
  }

  /** Key `t` of the last scan. */
  key(t: number): string {
    return this.line.slice(this.keyStart[t], this.keyEnd[t]);
  }

  /** Value `t` of the last scan, as JSON.parse gives it (a new string each call). */
  get(t: number): unknown {
    switch (this.valueType[t]) {
      case STRING:
        return this.line.slice(this.valueStart[t], this.valueEnd[t]);
      case NUMBER:
        return this.valueNumber[t];
      case TRUE:
        return true;
      case FALSE:
        return false;
      default:
        return null;
    }
  }

  /** Read the value at `i` into slot `k`; the position after it, or -1. */
  private value(s: string, i: number, k: number): number {
    const c = s.charCodeAt(i);
    if (c === 34) {
      const ve = s.indexOf('"', i + 1);
      if (ve < 0) return -1;
      this.valueType[k] = STRING;
      this.valueStart[k] = i + 1;
      this.valueEnd[k] = ve;
      return ve + 1;
    }
    if ((c >= 48 && c <= 57) || c === 45) {
      const end = scanNumber(s, i);
      if (end < 0) return -1;
      this.valueType[k] = NUMBER;
      this.valueNumber[k] = numberValue(s, i, end);
      return end;
    }
    if (c === 116 && s.charCodeAt(i + 1) === 114 && s.charCodeAt(i + 2) === 117 && s.charCodeAt(i + 3) === 101) {
      this.valueType[k] = TRUE;
      return i + 4;
    }
    if (c === 102 && s.slice(i, i + 5) === "false") {
      this.valueType[k] = FALSE;
      return i + 5;
    }
    if (c === 110 && s.charCodeAt(i + 1) === 117 && s.charCodeAt(i + 2) === 108 && s.charCodeAt(i + 3) === 108) {
      this.valueType[k] = NULL;
      return i + 4;
    }
    return -1;
  }
}

/** End of a JSON number starting at `i`, or -1 when the text there is not one. */
function scanNumber(s: string, i: number): number {
  const n = s.length;
  let c = s.charCodeAt(i);
  if (c === 45) c = s.charCodeAt(++i);
  if (c === 48) {
    c = s.charCodeAt(++i);
  } else if (c >= 49 && c <= 57) {
    while (i < n && (c = s.charCodeAt(++i)) >= 48 && c <= 57);
  } else return -1;
  if (c === 46) {
    const f = ++i;
    while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) i++;
    if (i === f) return -1;
    c = s.charCodeAt(i);
  }
  if (c === 101 || c === 69) {
    c = s.charCodeAt(++i);
    if (c === 43 || c === 45) i++;
    const e = i;
    while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) i++;
    if (i === e) return -1;
  }
  return i;
}

/** The double `JSON.parse` gives for the number text `s[i, end)`. */
function numberValue(s: string, i: number, end: number): number {
  // up to 15 digits a non-negative integer is exact when accumulated; anything else goes through Number()
  if (end - i > 15) return Number(s.slice(i, end));
  let v = 0;
  for (let p = i; p < end; p++) {
    const c = s.charCodeAt(p);
    if (c < 48 || c > 57) return Number(s.slice(i, end));
    v = v * 10 + (c - 48);
  }
  return v;
}
