import { MONTHS } from "../../util/months.js";
import { epochNumberToMs, epochStringToMs } from "./epoch.js";
import { daysInMonth, resetTimeFields, type TimeFields } from "./time-fields.js";

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

/** Weekday abbreviations as packed lower-cased char codes (see {@link monthAt}). */
const WEEKDAYS = new Set(
  ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map(
    (w) => (w.charCodeAt(0) << 16) | (w.charCodeAt(1) << 8) | w.charCodeAt(2),
  ),
);

/**
 * Zone abbreviations with one widely agreed meaning (RFC 822 plus common European/Asian ones). Ambiguous ones like
 * `IST` are left out on purpose: a wrong offset is worse than using the configured zone.
 */
const ZONE_ABBREVIATIONS: Record<string, number> = {
  UTC: 0,
  GMT: 0,
  UT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  WET: 0,
  WEST: 60,
  BST: 60,
  CET: 60,
  CEST: 120,
  MET: 60,
  MEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  JST: 540,
  KST: 540,
  HKT: 480,
  SGT: 480,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
};

/** Offset in minutes for a zone abbreviation like `UTC` or `PST`, or undefined when unknown/ambiguous. */
export function zoneAbbreviationOffset(abbrev: string): number | undefined {
  return ZONE_ABBREVIATIONS[abbrev];
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Read exactly `n` digits at `i`; -1 when any is not a digit. */
function digits(s: string, i: number, n: number): number {
  if (i + n > s.length) return -1;
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

function countDigits(s: string, i: number): number {
  let k = i;
  while (k < s.length && isDigit(s.charCodeAt(k))) k++;
  return k - i;
}

/** Month names keyed by their three lower-cased char codes packed in one number (no string built per line). */
const MONTH_CODES = new Map<number, number>(
  Object.entries(MONTHS).map(([name, m]) => [
    (name.charCodeAt(0) << 16) | (name.charCodeAt(1) << 8) | name.charCodeAt(2),
    m,
  ]),
);

/** Month number of the three letters at `i` (any case), 0 when they are not a month abbreviation. */
function monthAt(s: string, i: number): number {
  if (i + 3 > s.length) return 0;
  const key = ((s.charCodeAt(i) | 32) << 16) | ((s.charCodeAt(i + 1) | 32) << 8) | (s.charCodeAt(i + 2) | 32);
  return MONTH_CODES.get(key) ?? 0;
}

/** Length of the month word at `i` (3 for `Jun`, 4 for `June`, 9 for `September`), 0 if not a month. */
function monthWordLength(s: string, i: number): number {
  if (monthAt(s, i) === 0) return 0;
  let k = i + 3;
  while (k < s.length && isLetter(s.charCodeAt(k))) k++;
  const len = k - i;
  if (len === 3) return 3;
  // "June", "September" are accepted, "Junk" is not.
  const word = s.slice(i, k).toLowerCase();
  return FULL_MONTHS.has(word) ? len : 0;
}

const FULL_MONTHS = new Set([
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "sept",
  "october",
  "november",
  "december",
]);

function validDate(f: TimeFields): boolean {
  return f.month >= 1 && f.month <= 12 && f.day >= 1 && f.day <= daysInMonth(f.year, f.month);
}

/**
 * Read `HH:MM[:SS][fraction]` (separator `:`; `.` too when `dotted`) at `i` into `f`; returns the end or -1.
 * HealthApp's `22:15:29:606` writes the milliseconds after a colon (see below).
 */
function scanClock(s: string, i: number, f: TimeFields, dotted: boolean): number {
  // Fields are normally two digits; one digit is accepted because some writers do not pad (`22:16:0:119`, `9:05`).
  const nh = countDigits(s, i);
  if (nh < 1 || nh > 2) return -1;
  const h = digits(s, i, nh);
  let p = i + nh;
  const sep = s.charCodeAt(p);
  if (sep !== 58 && !(dotted && sep === 46)) return -1;
  const nm = countDigits(s, p + 1);
  if (nm < 1 || nm > 2) return -1;
  const mi = digits(s, p + 1, nm);
  p += 1 + nm;
  let sec = 0;
  if (p < s.length && s.charCodeAt(p) === sep) {
    const ns = countDigits(s, p + 1);
    if (ns < 1 || ns > 2) return -1;
    sec = digits(s, p + 1, ns);
    p += 1 + ns;
  }
  if (h > 24 || mi > 59 || sec > 60) return -1;
  f.hour = h;
  f.minute = mi;
  f.second = sec;
  f.millisecond = 0;
  f.fractionDigits = 0;
  if (p < s.length) {
    const c = s.charCodeAt(p);
    if (c === 58) {
      // `22:15:35:11` (HealthApp): after a colon the field is a millisecond COUNT written without padding
      // (Java's `S` pattern), so `:11` is 11 ms, as the line order 34:851 → 35:11 → 35:20 confirms.
      const n = countDigits(s, p + 1);
      if (n >= 1 && n <= 3) {
        f.millisecond = digits(s, p + 1, n);
        f.fractionDigits = 3;
        p += 1 + n;
      }
    } else if (c === 46 || c === 44) {
      const n = countDigits(s, p + 1);
      if (n > 0) {
        let ms = 0;
        for (let k = 0; k < 3; k++) ms = ms * 10 + (k < n ? s.charCodeAt(p + 1 + k) - 48 : 0);
        f.millisecond = ms;
        f.fractionDigits = n;
        p += 1 + n;
      }
    }
  }
  return p;
}

/**
 * ` AM`/` PM` after a 12-hour clock (Windows, US locales): moves the hour onto the 24-hour clock. Only read after
 * numeric month/day dates, the layouts that use it; after a syslog clock `am` would be a host name.
 */
function scanMeridiem(s: string, p: number, f: TimeFields): number {
  if (s.charCodeAt(p) !== 32 || f.hour > 12) return p;
  const a = s.charCodeAt(p + 1) | 32;
  if ((a !== 97 && a !== 112) || (s.charCodeAt(p + 2) | 32) !== 109 || isLetter(s.charCodeAt(p + 3))) return p;
  if (f.hour === 0) return p;
  if (a === 97 && f.hour === 12) f.hour = 0;
  else if (a === 112 && f.hour < 12) f.hour += 12;
  return p + 3;
}

/** Read an explicit offset right at `i` (`Z`, `+02:00`, `+0200`, `+02`); returns the end or -1. */
function scanOffset(s: string, i: number, f: TimeFields): number {
  if (i >= s.length) return -1;
  const c = s.charCodeAt(i);
  if (c === 90 || c === 122) {
    // `Z` must not be the start of a word (`2025-02-09 10:05:23 Zookeeper`).
    if (i + 1 < s.length && isLetter(s.charCodeAt(i + 1))) return -1;
    f.offsetMinutes = 0;
    return i + 1;
  }
  if (c !== 43 && c !== 45) return -1;
  const sign = c === 45 ? -1 : 1;
  const hh = digits(s, i + 1, 2);
  if (hh < 0 || hh > 14) return -1;
  let p = i + 3;
  let mm = 0;
  if (p < s.length && s.charCodeAt(p) === 58) {
    mm = digits(s, p + 1, 2);
    if (mm < 0) return -1;
    p += 3;
  } else if (countDigits(s, p) >= 2) {
    mm = digits(s, p, 2);
    p += 2;
  }
  if (mm > 59 || (p < s.length && isDigit(s.charCodeAt(p)))) return -1;
  f.offsetMinutes = sign * (hh * 60 + mm);
  return p;
}

/** Read a zone abbreviation (`UTC`, `PST`) at `i`; returns its end or -1. `GMT+2`/`UTC+02:00` are read too. */
function scanZoneWord(s: string, i: number, f: TimeFields): number {
  let k = i;
  while (k < s.length && k - i < 5) {
    const c = s.charCodeAt(k);
    if (c < 65 || c > 90) break;
    k++;
  }
  if (k === i || (k < s.length && isLetter(s.charCodeAt(k)))) return -1;
  const off = ZONE_ABBREVIATIONS[s.slice(i, k)];
  if (off === undefined) return -1;
  f.offsetMinutes = off;
  if (off === 0 && k < s.length) {
    const c = s.charCodeAt(k);
    if (c === 43 || c === 45) {
      const e = scanOffset(s, k, f);
      if (e > 0) return e;
      f.offsetMinutes = 0;
    }
  }
  return k;
}

/** After a clock: an attached offset, or one separated by one space (`+0000`, `UTC`). */
function scanZoneAfterClock(s: string, p: number, f: TimeFields): number {
  if (p >= s.length) return p;
  const e = scanOffset(s, p, f);
  if (e > 0) return e;
  if (s.charCodeAt(p) === 32 && p + 1 < s.length) {
    const c = s.charCodeAt(p + 1);
    if (c === 43 || c === 45) {
      // Only `+HHMM`/`-HH:MM` with digits, so ` - INFO` and `-1` are not read as offsets.
      if (countDigits(s, p + 2) === 4 || (countDigits(s, p + 2) === 2 && s.charCodeAt(p + 4) === 58)) {
        const e2 = scanOffset(s, p + 1, f);
        if (e2 > 0) return e2;
      }
    } else if (c >= 65 && c <= 90) {
      const e3 = scanZoneWord(s, p + 1, f);
      if (e3 > 0) return e3;
    }
  }
  return p;
}

/** `YYYY?MM?DD[T| |-]clock[zone]` with `?` one of `-`, `/`, `.`; also compact `YYYYMMDD[-T ]clock`. */
function scanYearFirst(s: string, i: number, f: TimeFields): number {
  const nd = countDigits(s, i);
  let p: number;
  if (nd === 4) {
    f.year = digits(s, i, 4);
    const sep = s.charCodeAt(i + 4);
    if (sep !== 45 && sep !== 47 && sep !== 46) return -1;
    f.month = digits(s, i + 5, 2);
    if (f.month < 0 || s.charCodeAt(i + 7) !== sep) return -1;
    f.day = digits(s, i + 8, 2);
    if (f.day < 0) return -1;
    p = i + 10;
  } else if (nd === 8) {
    f.year = digits(s, i, 4);
    f.month = digits(s, i + 4, 2);
    f.day = digits(s, i + 6, 2);
    p = i + 8;
  } else return -1;
  if (f.year < 1970 || f.year > 2199 || !validDate(f)) return -1;
  if (p >= s.length) return -1;
  const t = s.charCodeAt(p);
  // `:` only after a compact date (Zabbix `20250408:091241.042`); after `2025-04-08` it would be something else
  if (t !== 84 && t !== 32 && t !== 45 && t !== 95 && t !== 116 && !(t === 58 && nd === 8)) return -1;
  let q = p + 1;
  if (t === 32) while (q < s.length && s.charCodeAt(q) === 32 && q - p < 3) q++;
  let e = scanClock(s, q, f, t === 45);
  if (e < 0 && (t === 84 || t === 116 || nd === 8) && countDigits(s, q) === 6) {
    // Basic ISO 8601 20250209T100523[.123]Z, and compact clocks after a compact date (20250408:091241.042)
    f.hour = digits(s, q, 2);
    f.minute = digits(s, q + 2, 2);
    f.second = digits(s, q + 4, 2);
    if (f.hour > 24 || f.minute > 59 || f.second > 60) return -1;
    f.fractionDigits = 0;
    f.millisecond = 0;
    e = q + 6;
    if (s.charCodeAt(e) === 46) {
      const n = countDigits(s, e + 1);
      let ms = 0;
      for (let k = 0; k < 3; k++) ms = ms * 10 + (k < n ? s.charCodeAt(e + 1 + k) - 48 : 0);
      f.millisecond = ms;
      f.fractionDigits = n;
      e += 1 + n;
    }
  }
  if (e < 0) return -1;
  return scanZoneAfterClock(s, e, f);
}

/** `yyMMdd HHmmss` (HDFS). */
function scanCompactShort(s: string, i: number, f: TimeFields): number {
  if (s.charCodeAt(i + 6) !== 32 || countDigits(s, i + 7) !== 6) return -1;
  f.year = 2000 + digits(s, i, 2);
  f.month = digits(s, i + 2, 2);
  f.day = digits(s, i + 4, 2);
  f.hour = digits(s, i + 7, 2);
  f.minute = digits(s, i + 9, 2);
  f.second = digits(s, i + 11, 2);
  f.millisecond = 0;
  f.fractionDigits = 0;
  if (!validDate(f) || f.hour > 23 || f.minute > 59 || f.second > 60) return -1;
  return i + 13;
}

/** Starting with two digits: `yy/MM/dd`, `MM/dd/yyyy`, `dd/Mon/yyyy:`, `MM-dd clock`, `dd-Mon-yyyy clock`. */
function scanTwoDigitFirst(s: string, i: number, f: TimeFields): number {
  const a = digits(s, i, 2);
  const sep = s.charCodeAt(i + 2);
  if (sep === 32) return scanDayMonthYear(s, i, a, f);
  if (sep !== 47 && sep !== 45 && sep !== 46) return -1;
  const mon = monthAt(s, i + 3);
  if (mon > 0) {
    // dd/Mon/yyyy:HH:MM:SS +zzzz (CLF) or dd-Mon-yyyy HH:MM:SS (Tomcat), dd.Mon.yyyy
    if (s.charCodeAt(i + 6) !== sep) return -1;
    const y = digits(s, i + 7, 4);
    if (y < 1970) return -1;
    f.year = y;
    f.month = mon;
    f.day = a;
    if (!validDate(f)) return -1;
    const t = s.charCodeAt(i + 11);
    if (t !== 58 && t !== 32) return -1;
    const e = scanClock(s, i + 12, f, false);
    if (e < 0) return -1;
    return scanZoneAfterClock(s, e, f);
  }
  const b = digits(s, i + 3, 2);
  if (b < 0) return -1;
  if (s.charCodeAt(i + 5) === sep && sep !== 45) {
    const n3 = countDigits(s, i + 6);
    let end: number;
    if (n3 === 4) {
      // MM/dd/yyyy is the US order most tools print; dd/MM/yyyy when the first part cannot be a month.
      f.year = digits(s, i + 6, 4);
      // Dotted dates (`09.02.2025`) are day-first everywhere they are used.
      if (a <= 12 && sep !== 46) {
        f.month = a;
        f.day = b;
      } else {
        f.month = b;
        f.day = a;
      }
      end = i + 10;
    } else if (n3 === 2) {
      // yy/MM/dd is log4j's classic layout (Spark, Hadoop 1); MM/dd/yy when that is not a date.
      const c = digits(s, i + 6, 2);
      f.year = 2000 + a;
      f.month = b;
      f.day = c;
      if (sep === 46) {
        f.year = 2000 + c;
        f.month = b;
        f.day = a;
      } else if (!validDate(f)) {
        f.year = 2000 + c;
        f.month = a;
        f.day = b;
      }
      end = i + 8;
    } else return -1;
    if (!validDate(f)) return -1;
    const t = s.charCodeAt(end);
    if (t !== 32 && t !== 45 && t !== 84 && t !== 58) return -1;
    const e = scanClock(s, end + 1, f, false);
    if (e < 0) return -1;
    return scanZoneAfterClock(s, n3 === 4 && sep === 47 ? scanMeridiem(s, e, f) : e, f);
  }
  if (s.charCodeAt(i + 5) === 32) {
    // MM-dd HH:MM:SS.mmm (Android logcat), MM.dd / MM/dd HH:MM:SS (Windows-era proxies, some embedded loggers):
    // month first and year-less, like syslog.
    f.year = 0;
    f.month = a;
    f.day = b;
    if (!validDate(f)) return -1;
    const e = scanClock(s, i + 6, f, false);
    if (e < 0) return -1;
    return scanZoneAfterClock(s, e, f);
  }
  return -1;
}

/**
 * Unpadded numeric dates: `2/9/2025 10:05:23 AM` (US order, Windows and .NET defaults), `9.2.2025 10:05:23` (dotted,
 * day first). The same month/day rules as the padded forms.
 */
function scanShortNumericDate(s: string, i: number, f: TimeFields): number {
  const a = digits(s, i, 1);
  const sep = s.charCodeAt(i + 1);
  if (sep !== 47 && sep !== 46 && sep !== 45) return -1;
  const nb = countDigits(s, i + 2);
  if (nb < 1 || nb > 2) return -1;
  const b = digits(s, i + 2, nb);
  let p = i + 2 + nb;
  if (s.charCodeAt(p) !== sep || countDigits(s, p + 1) !== 4) return -1;
  f.year = digits(s, p + 1, 4);
  if (sep === 46) {
    f.day = a;
    f.month = b;
  } else {
    f.month = a;
    f.day = b;
  }
  p += 5;
  if (!validDate(f)) return -1;
  const t = s.charCodeAt(p);
  if (t !== 32 && t !== 84 && t !== 44) return -1;
  if (t === 44 && s.charCodeAt(p + 1) === 32) p++;
  const e = scanClock(s, p + 1, f, false);
  if (e < 0) return -1;
  return scanZoneAfterClock(s, scanMeridiem(s, e, f), f);
}

/** `dd Mon yyyy HH:MM:SS[.frac]` (Redis, RFC 1123 without the weekday). */
function scanDayMonthYear(s: string, i: number, day: number, f: TimeFields): number {
  const mlen = monthWordLength(s, i + 3);
  if (mlen === 0) return -1;
  let p = i + 3 + mlen;
  if (s.charCodeAt(p) !== 32 || countDigits(s, p + 1) !== 4 || s.charCodeAt(p + 5) !== 32) return -1;
  f.year = digits(s, p + 1, 4);
  f.month = monthAt(s, i + 3);
  f.day = day;
  if (f.year < 1970 || !validDate(f)) return -1;
  p += 6;
  const e = scanClock(s, p, f, false);
  if (e < 0) return -1;
  return scanZoneAfterClock(s, e, f);
}

/** `Mon dd HH:MM:SS[.frac][ yyyy]`, `Mon dd yyyy HH:MM:SS`, `Mon dd, yyyy HH:MM:SS`. */
function scanMonthFirst(s: string, i: number, f: TimeFields): number {
  const len = monthWordLength(s, i);
  if (len === 0) return -1;
  f.month = monthAt(s, i);
  let p = i + len;
  if (s.charCodeAt(p) !== 32) return -1;
  p++;
  if (s.charCodeAt(p) === 32) p++; // `Jun  4` pads the day with a space
  const nd = countDigits(s, p);
  if (nd < 1 || nd > 2) return -1;
  f.day = digits(s, p, nd);
  p += nd;
  if (s.charCodeAt(p) === 44) p++;
  if (s.charCodeAt(p) !== 32) return -1;
  p++;
  f.year = 0;
  if (countDigits(s, p) === 4 && s.charCodeAt(p + 4) === 32) {
    f.year = digits(s, p, 4);
    p += 5;
  }
  if (!validDate(f)) return -1;
  let e = scanClock(s, p, f, false);
  if (e < 0) return -1;
  // `Feb 10, 2025 3:42:03 PM` (java.util.logging, .NET): a 12-hour clock after a full date
  if (f.year !== 0) e = scanMeridiem(s, e, f);
  e = scanZoneAfterClock(s, e, f);
  if (f.year === 0 && s.charCodeAt(e) === 32 && countDigits(s, e + 1) === 4 && !isDigit(s.charCodeAt(e + 5))) {
    const y = digits(s, e + 1, 4);
    if (y >= 1970 && y < 2200) {
      f.year = y;
      e += 5;
    }
  }
  return e;
}

/** `Www Mon dd HH:MM:SS[.frac] [ZONE ]yyyy` (ctime, Apache error log) and `Www, dd Mon yyyy HH:MM:SS ZONE`. */
function scanWeekdayFirst(s: string, i: number, f: TimeFields): number {
  let p = i + 3;
  while (p < s.length && isLetter(s.charCodeAt(p))) p++; // `Sunday`
  if (s.charCodeAt(p) === 44) p++;
  if (s.charCodeAt(p) !== 32) return -1;
  p++;
  if (isDigit(s.charCodeAt(p))) {
    // RFC 1123: 09 Feb 2025 10:05:23 GMT
    const nd = countDigits(s, p);
    if (nd > 2) return -1;
    f.day = digits(s, p, nd);
    p += nd;
    if (s.charCodeAt(p) !== 32) return -1;
    const mlen = monthWordLength(s, p + 1);
    if (mlen === 0) return -1;
    f.month = monthAt(s, p + 1);
    p += 1 + mlen;
    if (s.charCodeAt(p) !== 32 || countDigits(s, p + 1) !== 4) return -1;
    f.year = digits(s, p + 1, 4);
    if (!validDate(f) || s.charCodeAt(p + 5) !== 32) return -1;
    const e = scanClock(s, p + 6, f, false);
    if (e < 0) return -1;
    return scanZoneAfterClock(s, e, f);
  }
  return scanMonthFirst(s, p, f);
}

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
 * (after spaces, `[`, `(`, `<`, `|`, `"`, `=`), so `[Sun Dec 04 04:47:44 2005]`, `- 1117838570 ...` and `I: 2025-...`
 * are found. A calendar timestamp beats a bare epoch number (numbers in headers are often ids; a formatted date is
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
      i === 0 || prev === 32 || prev === 91 || prev === 40 || prev === 60 || prev === 124 || prev === 34 || prev === 61;
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
