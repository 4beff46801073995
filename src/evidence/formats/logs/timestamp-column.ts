import {
  createTimeFields,
  findTimestamp,
  scanTimeOfDay,
  scanTimestamp,
  type TimeFields,
} from "../../timestamps/index.js";

/**
 * Where a file's timestamp stands, learnt from its first lines: the whitespace-separated column it starts in and
 * whether it is a calendar date or an epoch number. Real logs put the time anywhere — first, after a level, after a
 * host, as epoch seconds in the third column — but always in the same place on every line of one file, which is what
 * lets an epoch-looking id elsewhere in the line be told from the time.
 */
export interface TimestampColumn {
  /** Index of the whitespace-separated token the timestamp starts in (0 = first). */
  token: number;
  /** Field separators (`:`, `|`, `,`) inside that token before the timestamp (0: at the token's start). */
  sub: number;
  /** `clock`: a time of day alone, its date stated elsewhere (a header line, the file name; see `clock-dates.ts`). */
  kind: "calendar" | "epoch" | "clock";
  /** Share of the learning lines that had it there. */
  support: number;
  /**
   * Numeric `dd/MM/yyyy` dates: some learning line had a first number above 12 and none a second one, so the file
   * writes the day first (en-GB, most of Europe) and `09/02/2025` is 9 February, not September 2.
   */
  dayFirst?: boolean;
}

/** A `Key : value` / `Key: value` property line. */
const KEY_VALUE = /^\s*[A-Za-z][\w .()-]{0,40}?\s*:\s+\S/;
/** Least support of a time column in files of key-value records (one timed line in up to ten). */
const KEY_VALUE_SUPPORT = 0.1;

/** `M/d/yyyy`, `MM-dd-yyyy`, `M/d/yy`: the two leading numbers and the year of a slash or dash date. */
const NUMERIC_DATE = /^(\d{1,2})([/-])(\d{1,2})\2(\d{2}(?:\d{2})?)(?!\d)/;

/**
 * A klog-style severity letter glued to a date with a year (CockroachDB `I250209 10:05:23.123456`, glog forks that
 * print `yyyyMMdd`): the date starts after the letter. Four digits are klog's own year-less `mmdd` (its reader).
 */
function afterLevelLetter(line: string, at: number): number {
  const c = line.charCodeAt(at);
  if (c !== 73 && c !== 87 && c !== 69 && c !== 70 && c !== 68) return at;
  let n = 0;
  while (n < 9 && isDigitCode(line.charCodeAt(at + 1 + n))) n++;
  return n === 6 || n === 8 ? at + 1 : at;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Characters a timestamp may follow at a token's start: `[2025-…`, `"…`, `(…`, `<…`, `|…`, and Cisco IOS's `*`/`.`
 * (`*Feb  9 10:05:23.123:` when the clock is not NTP-synchronised).
 */
const OPENERS = new Set([91, 40, 60, 124, 34, 61, 39, 123, 42, 46]);

/**
 * Field separators inside a token a timestamp may follow: `:`/`|`/`,` (Zabbix `2210:20250408:091241.042`, CSV),
 * `=` (`date=2025-02-09`, `ts=1739095523`) and `(` (auditd `msg=audit(1739095523.123:456):`).
 */
function isSubSeparator(c: number): boolean {
  return c === 58 || c === 124 || c === 44 || c === 61 || c === 40;
}
/** How far into a line timestamps are looked for while learning. */
const LEARN_SCAN_CHARS = 400;
/** Most tokens before a timestamp: beyond that it is message text, not the line's own time. */
const MAX_TOKEN = 12;

interface Candidate {
  token: number;
  /** Field separators (`:`, `|`, `,`) inside the token before the timestamp. */
  sub: number;
  kind: TimestampColumn["kind"];
  start: number;
  end: number;
  epochMs: number;
}

/** Every timestamp that starts a token (or follows an opener at a token's start) in the first characters of `line`. */
function candidates(line: string, f: TimeFields): Candidate[] {
  const out: Candidate[] = [];
  const max = Math.min(line.length, LEARN_SCAN_CHARS);
  let token = -1;
  let sub = 0;
  let inToken = false;
  /** First character after the openers of the current token (scanned at the token's start already). */
  let opened = 0;
  for (let i = 0; i < max; i++) {
    const c = line.charCodeAt(i);
    const space = c === 32 || c === 9;
    if (space) {
      inToken = false;
      continue;
    }
    let at = -1;
    if (!inToken) {
      inToken = true;
      token++;
      if (token > MAX_TOKEN) break;
      at = i;
      while (at < max && OPENERS.has(line.charCodeAt(at))) at++;
      at = afterLevelLetter(line, at);
      opened = at;
    } else if (i <= opened) continue;
    if (at < 0) {
      // inside a token, a timestamp may follow a field separator (Zabbix `2210:20250408:091241.042`); every separator
      // is counted, as tokenStart skips them, so the learnt `sub` finds the same place again
      if (!isSubSeparator(line.charCodeAt(i - 1))) continue;
      sub++;
      if (c < 48 || c > 57) continue;
      at = i;
    } else sub = 0;
    const e = scanTimestamp(line, at, f, { allowEpoch: true });
    if (e < 0 && sub === 0) {
      // a time of day alone at a token's start: a column of its own only when no date column exists (see below)
      const t = scanTimeOfDay(line, at, f);
      if (t > 0) out.push({ token, sub, kind: "clock", start: at, end: t, epochMs: Number.NaN });
    }
    if (e > 0) {
      const epoch = !Number.isNaN(f.epochMs);
      // a log line says something after its time; a bare number closing a line is a value (a JSON array's sample)
      if (epoch && !/[A-Za-z]/.test(line.slice(e, e + 200))) continue;
      // a bare epoch glued to letters (`1739095523abc`) or inside a decimal (`0.1739095523`) is something else
      out.push({ token, sub, kind: epoch ? "epoch" : "calendar", start: at, end: e, epochMs: f.epochMs });
    }
  }
  return out;
}

/**
 * Learn the timestamp column from sample lines (blank and indented continuation lines are ignored). A column must
 * hold a timestamp on at least `minSupport` of the lines; calendar dates win over epoch numbers at equal support
 * (numbers in headers are often ids), earlier columns over later ones; an epoch column must also run forwards
 * (on 90 % of consecutive lines never more than a few minutes back), as a time column does and an id column need not.
 */
export function learnTimestampColumn(lines: readonly string[], minSupport = 0.4): TimestampColumn | null {
  const f = createTimeFields();
  const counts = new Map<
    string,
    { token: number; sub: number; kind: TimestampColumn["kind"]; n: number; values: number[] }
  >();
  let considered = 0;
  let dayFirst = 0;
  let monthFirst = 0;
  let keyValue = 0;
  /** Numeric dates that read either way (both numbers ≤ 12), in file order: [first, second, year]. */
  const ambiguous: [number, number, number][] = [];
  for (const line of lines) {
    if (line.trim().length === 0 || isDirective(line)) continue;
    if (KEY_VALUE.test(line)) keyValue++;
    const found = candidates(line, f);
    for (const c of found) {
      const m = c.kind === "calendar" ? NUMERIC_DATE.exec(line.slice(c.start, c.start + 10)) : null;
      if (m === null) continue;
      if (Number(m[1]) > 12) dayFirst++;
      else if (Number(m[3]) > 12) monthFirst++;
      else if (ambiguous.length < 200) {
        const y = Number(m[4]);
        ambiguous.push([Number(m[1]), Number(m[3]), y < 100 ? 2000 + y : y]);
      }
    }
    // indented lines count only when they carry a time (some loggers indent every line); otherwise they are
    // continuations and say nothing about the time column
    const c0 = line.charCodeAt(0);
    if (found.length === 0 && (c0 === 32 || c0 === 9)) continue;
    considered++;
    const seen = new Set<string>();
    for (const c of found) {
      const key = `${c.kind}:${c.token}:${c.sub}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let entry = counts.get(key);
      if (!entry) {
        entry = { token: c.token, sub: c.sub, kind: c.kind, n: 0, values: [] };
        counts.set(key, entry);
      }
      entry.n++;
      if (c.kind === "epoch") entry.values.push(c.epochMs);
    }
  }
  if (considered === 0) return null;
  // Records written as `Key : value` lines (PowerShell Format-List, wevtutil /f:text, `kubectl describe`) have their
  // time on one line of several: a column held by fewer lines is accepted there
  const min = keyValue >= considered * 0.6 ? Math.min(minSupport, KEY_VALUE_SUPPORT) : minSupport;
  let best: TimestampColumn | null = null;
  // a time-of-day column only when no line of the file has a date column (every date's clock is one too)
  const dated = [...counts.values()].some((e) => e.kind !== "clock" && e.n / considered >= min);
  for (const e of counts.values()) {
    const support = e.n / considered;
    if (support < min || (dated && e.kind === "clock")) continue;
    if (e.kind === "epoch" && !runsForward(e.values)) continue;
    const better =
      best === null ||
      support > best.support + 0.05 ||
      (Math.abs(support - best.support) <= 0.05 &&
        (e.kind === best.kind ? e.token < best.token : e.kind === "calendar"));
    if (better) best = { token: e.token, sub: e.sub, kind: e.kind, support };
  }
  if (best !== null && dayFirst > 0 && monthFirst === 0) best.dayFirst = true;
  else if (best !== null && dayFirst === 0 && monthFirst === 0 && dayFirstBySteps(ambiguous)) best.dayFirst = true;
  return best;
}

/**
 * When no date of the learning lines tells the order (every number ≤ 12), the steps between them do: a log moves on
 * by days, so `09/02/2025` → `10/02/2025` is 9 → 10 February (one day), not 2 September → 2 October (a month).
 * Day first when that reading makes the dates move by fewer days in all; US order on a tie (the scanner's default).
 */
function dayFirstBySteps(dates: readonly [number, number, number][]): boolean {
  let us = 0;
  let eu = 0;
  for (let i = 1; i < dates.length; i++) {
    const [a0, b0, y0] = dates[i - 1] as [number, number, number];
    const [a1, b1, y1] = dates[i] as [number, number, number];
    if (a0 === a1 && b0 === b1 && y0 === y1) continue;
    us += Math.abs(Date.UTC(y1, a1 - 1, b1) - Date.UTC(y0, a0 - 1, b0));
    eu += Math.abs(Date.UTC(y1, b1 - 1, a1) - Date.UTC(y0, b0 - 1, a0));
  }
  return eu < us;
}

/** For a day-first file, read an ambiguous `09/02/2025` the way the file writes dates (the scanner assumes US order). */
function applyDayFirst(line: string, span: { start: number; end: number }, f: TimeFields): void {
  const m = NUMERIC_DATE.exec(line.slice(span.start, span.start + 10));
  if (m === null) return;
  const a = Number(m[1]);
  const b = Number(m[3]);
  if (a <= 12 && b <= 12 && f.month === a && f.day === b) {
    f.month = b;
    f.day = a;
  }
}

/** How far back a time column may step between consecutive lines (out-of-order records of one period). */
const NEAR_MS = 15 * 60_000;

/**
 * A time column runs forwards, or at least stays close: records written when a flow or request ended carry its start
 * (AWS VPC flow logs, access logs), a little out of order. Ids that happen to look like epoch seconds jump by years.
 */
function runsForward(values: number[]): boolean {
  if (values.length < 2) return true;
  let forward = 0;
  for (let i = 1; i < values.length; i++) {
    const d = (values[i] as number) - (values[i - 1] as number);
    if (d >= -NEAR_MS) forward++;
  }
  return forward / (values.length - 1) >= 0.9;
}

/** `#` comment and directive lines (Zeek, W3C, CSV exports): header material, neither a record nor a continuation. */
export function isDirective(line: string): boolean {
  return line.charCodeAt(0) === 35;
}

/** Start of whitespace-separated token `n` of `line` (past any opener and `sub` field separators), or -1. */
function tokenStart(line: string, n: number, sub: number): number {
  let token = -1;
  let inToken = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9) {
      inToken = false;
      continue;
    }
    if (!inToken) {
      inToken = true;
      token++;
      if (token === n) {
        let at = i;
        while (at < line.length && OPENERS.has(line.charCodeAt(at))) at++;
        at = afterLevelLetter(line, at);
        for (let k = 0; k < sub; k++) {
          while (at < line.length) {
            const d = line.charCodeAt(at++);
            if (isSubSeparator(d)) break;
            if (d === 32 || d === 9) return -1;
          }
        }
        return at;
      }
    }
  }
  return -1;
}

/**
 * Find the timestamp of one line: at the learnt column first, else anywhere in the first characters (a calendar date
 * near the start, then an epoch in the same kind of place). Fills `f`; returns the span or null.
 */
export function locateTimestamp(
  line: string,
  column: TimestampColumn | null,
  f: TimeFields,
  span: { start: number; end: number },
  strict = false,
): { start: number; end: number } | null {
  if (column?.kind === "clock") {
    const at = tokenStart(line, column.token, column.sub);
    const e = at < 0 ? -1 : scanTimeOfDay(line, at, f);
    if (e < 0) return null;
    span.start = at;
    span.end = e;
    return span;
  }
  if (column !== null) {
    const at = tokenStart(line, column.token, column.sub);
    if (at >= 0) {
      const e = scanTimestamp(line, at, f, { allowEpoch: column.kind === "epoch" });
      if (e > 0 && (column.kind === "epoch") === !Number.isNaN(f.epochMs)) {
        span.start = at;
        span.end = e;
        if (column.dayFirst) applyDayFirst(line, span, f);
        return span;
      }
    }
  }
  if (strict) return null;
  const found = findTimestamp(line, f, 80, span);
  if (found !== null && (Number.isNaN(f.epochMs) || column?.kind === "epoch" || found.start === 0)) {
    if (column?.dayFirst) applyDayFirst(line, found, f);
    return found;
  }
  if (column?.kind === "epoch") {
    for (const c of candidates(line, f)) {
      if (c.kind !== "epoch") continue;
      scanTimestamp(line, c.start, f, { allowEpoch: true });
      span.start = c.start;
      span.end = c.end;
      return span;
    }
  }
  return null;
}
