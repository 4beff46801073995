import { epochNumberToMs, epochStringToMs } from "./epoch.js";
import { countDigits, isDigit, isLetter, WEEKDAYS } from "./scan-chars.js";
import {
  scanCompactShort,
  scanMonthFirst,
  scanShortNumericDate,
  scanTwoDigitFirst,
  scanWeekdayFirst,
  scanYearFirst,
} from "./scan-dates.js";
import { resetTimeFields, type TimeFields } from "./time-fields.js";

export { zoneAbbreviationOffset } from "./zone-abbreviation-offset.js";

/*
 * A hand-rolled recogniser for the timestamp layouts found in real logs. It reads char codes at a position and never
 * backtracks more than a few characters, because it runs on every line of multi-GB files (a big alternation regex
 * was several times slower and hard to keep exact about precision and offsets).
 *
 * Recognised, at the given position:
 *   2025-02-09T10:05:23.123456789Z   2025-02-09 10:05:23,123 +0100   2025/02/09 10:05:23   2005.06.03 15:42:50
 *   2005-06-03-15.42.50.675872 (BGL)  20171223-22:15:29:606 (HealthApp)  20250209T100523Z
 *   081109 203615 (HDFS yyMMdd HHmmss)  17/06/09 20:10:40 (yy/MM/dd)  02/09/2025 10:05:23 (MM/dd/yyyy)
 *   03-17 16:13:38.811 (Android, year-less)  Jun 14 15:16:01 / Jun  4 15:16:01 [2025] (syslog, year-less)
 *   Sun Dec 04 04:47:44 2005 / Sun Dec 04 04:47:44.123 UTC 2005 (ctime, date(1))  Sun, 09 Feb 2025 10:05:23 GMT
 *   09/Feb/2025:10:05:23 +0000 (access logs)  09-Feb-2025 10:05:23.123 (Tomcat)  2025-02-09 10:05:23.123 UTC
 *   09 Feb 2025 10:05:23.123 (Redis)
 *   1117838570 / 1739095523.123 / 1739095523123 (epoch; only with `allowEpoch`)
 */

/** Options for {@link scanTimestamp}. */
export interface ScanOptions {
  /** Also read bare epoch numbers (10, 13, 16 or 19 digits, optional fraction). Off by default: ids look like epochs. */
  allowEpoch?: boolean;
}

/**
 * Recognise a timestamp starting exactly at `pos` of `s`. Fills `out` and returns the index just after it, or -1.
 * `out.year` is 0 for year-less layouts; `out.offsetMinutes` is NaN when the text states no zone.
 */
export function scanTimestamp(s: string, pos: number, out: TimeFields, options?: ScanOptions): number {
  if (pos >= s.length) return -1;
  resetTimeFields(out);
  const c = s.charCodeAt(pos);
  if (isDigit(c)) {
    const nd = countDigits(s, pos);
    let e = -1;
    if (nd === 4 || nd === 8) e = scanYearFirst(s, pos, out);
    else if (nd === 6) e = scanCompactShort(s, pos, out);
    else if (nd === 2) e = scanTwoDigitFirst(s, pos, out);
    else if (nd === 1) e = scanShortNumericDate(s, pos, out);
    if (e < 0 && options?.allowEpoch && (nd === 10 || nd === 13 || nd === 16 || nd === 19)) {
      e = scanEpoch(s, pos, nd, out);
    }
    // A timestamp glued to more digits or letters is something else (an id, a version).
    if (e > 0 && e < s.length) {
      const n = s.charCodeAt(e);
      if (isDigit(n) || (isLetter(n) && Number.isNaN(out.offsetMinutes))) return -1;
    }
    return e;
  }
  if (isLetter(c)) {
    const w = ((c | 32) << 16) | ((s.charCodeAt(pos + 1) | 32) << 8) | (s.charCodeAt(pos + 2) | 32);
    if (WEEKDAYS.has(w)) {
      const e = scanWeekdayFirst(s, pos, out);
      if (e > 0) return e;
      resetTimeFields(out);
    }
    return scanMonthFirst(s, pos, out);
  }
  return -1;
}

function scanEpoch(s: string, pos: number, nd: number, out: TimeFields): number {
  let e = pos + nd;
  let text = s.slice(pos, e);
  if (s.charCodeAt(e) === 46) {
    const nf = countDigits(s, e + 1);
    if (nf > 0) {
      text = s.slice(pos, e + 1 + nf);
      e += 1 + nf;
      out.fractionDigits = nf;
    }
  }
  const ms = nd >= 16 ? epochStringToMs(text) : epochNumberToMs(Number(text));
  if (Number.isNaN(ms)) return -1;
  if (nd >= 13) out.fractionDigits = 3;
  out.epochMs = ms;
  return e;
}

/** Where a timestamp was found in a line. */
export interface FoundTimestamp {
  start: number;
  end: number;
}

/**
 * Find the log line's own timestamp near its start: tries each token start within the first `limit` characters
 * (after spaces, `[`, `(`, `<`, `|`, `"`, `=`, and Cisco's `*`), so `[Sun Dec 04 04:47:44 2005]`, `- 1117838570 ...`
 * and `I: 2025-...` are found. A calendar timestamp beats a bare epoch number (numbers in headers are often ids; a formatted date is
 * what the writer meant people to read, and it carries the sub-second precision in BGL-like layouts).
 * Returns the span or null, with `out` filled for the chosen timestamp.
 */
export function findTimestamp(s: string, out: TimeFields, limit = 80, found?: FoundTimestamp): FoundTimestamp | null {
  const max = Math.min(s.length, limit);
  let epochStart = -1;
  let epochEnd = -1;
  let epochMs = Number.NaN;
  let epochDigits = 0;
  let prev = 32;
  for (let i = 0; i < max; i++) {
    const c = s.charCodeAt(i);
    const boundary =
      i === 0 ||
      prev === 32 ||
      prev === 91 ||
      prev === 40 ||
      prev === 60 ||
      prev === 124 ||
      prev === 34 ||
      prev === 61 ||
      prev === 42;
    prev = c;
    if (!boundary || !(isDigit(c) || isLetter(c))) continue;
    const e = scanTimestamp(s, i, out, { allowEpoch: epochStart < 0 });
    if (e < 0) continue;
    if (Number.isNaN(out.epochMs)) {
      const r = found ?? { start: 0, end: 0 };
      r.start = i;
      r.end = e;
      return r;
    }
    epochStart = i;
    epochEnd = e;
    epochMs = out.epochMs;
    epochDigits = out.fractionDigits;
  }
  if (epochStart < 0) return null;
  resetTimeFields(out);
  out.epochMs = epochMs;
  out.fractionDigits = epochDigits;
  const r = found ?? { start: 0, end: 0 };
  r.start = epochStart;
  r.end = epochEnd;
  return r;
}
