import { countDigits, digits, isDigit, isLetter } from "./scan-chars.js";
import type { TimeFields } from "./time-fields.js";
import { zoneAbbreviationOffset } from "./zone-abbreviation-offset.js";
import { zoneNameLength, zoneNameOffset } from "./zone-name-offset.js";

/*
 * The clock part of a timestamp (`HH:MM:SS.fff`, `10.42.50`, `3:04 PM`) and the zone written after it
 * (`Z`, `+02:00`, `+0200`, `UTC`, `CEST`, `GMT+2`, `Europe/Berlin`).
 */

/**
 * Read `HH:MM[:SS][fraction]` (separator `:`; `.` too when `dotted`) at `i` into `f`; returns the end or -1.
 * HealthApp's `22:15:29:606` writes the milliseconds after a colon (see below).
 */
export function scanClock(s: string, i: number, f: TimeFields, dotted: boolean): number {
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
 * Where a clock starts when its one-digit hour is padded with a space, as C's `%k`/`%l` and many date layouts print
 * it (`Feb  9  9:05:23`, `02/09/2025  9:05:23 AM`): past that space; otherwise `q`.
 */
export function padHour(s: string, q: number): number {
  return s.charCodeAt(q) === 32 && isDigit(s.charCodeAt(q + 1)) && s.charCodeAt(q + 2) === 58 ? q + 1 : q;
}

/**
 * ` AM`/` PM` after a 12-hour clock (Windows, US locales): moves the hour onto the 24-hour clock. Only read after
 * numeric month/day dates, the layouts that use it; after a syslog clock `am` would be a host name.
 */
export function scanMeridiem(s: string, p: number, f: TimeFields): number {
  if (s.charCodeAt(p) !== 32 || f.hour > 12) return p;
  const a = s.charCodeAt(p + 1) | 32;
  if ((a !== 97 && a !== 112) || (s.charCodeAt(p + 2) | 32) !== 109 || isLetter(s.charCodeAt(p + 3))) return p;
  if (f.hour === 0) return p;
  if (a === 97 && f.hour === 12) f.hour = 0;
  else if (a === 112 && f.hour < 12) f.hour += 12;
  return p + 3;
}

/**
 * Where the clock starts when a date and its clock stand in separate columns: a tab (CloudFront, W3C TSV), a comma
 * (CSV `2025-02-09,10:05:23`, quoted `"…","…"`), Erlang's `::` (RabbitMQ `9-Feb-2025::10:05:23`), or a `time=` key
 * after a `date=` one (FortiOS, Sophos: `date=2025-02-09 time=10:05:23`). `p` is just after the date; -1 otherwise.
 */
export function clockAfterGap(s: string, p: number): number {
  const c = s.charCodeAt(p);
  if (c === 9) return p + 1;
  if (c === 44) {
    const n = s.charCodeAt(p + 1);
    return n === 32 ? p + 2 : p + 1;
  }
  if (c === 34 && (s.charCodeAt(p + 1) === 44 || s.charCodeAt(p + 1) === 59) && s.charCodeAt(p + 2) === 34)
    return p + 3;
  if (c === 58 && s.charCodeAt(p + 1) === 58) return p + 2;
  if ((c === 32 || c === 34) && s.startsWith(c === 34 ? '" time="' : " time=", p)) {
    const q = p + (c === 34 ? 8 : 6);
    return s.charCodeAt(q) === 34 ? q + 1 : q;
  }
  return -1;
}

/**
 * An upper-case ` AM`/` PM` after a clock that follows a year-first date (`2025-02-09 10:05:23 PM`, some Windows and
 * .NET exports). Upper case only: after ISO dates a lower-case `am`/`pm` is more often a word (`pm2`, a host).
 */
export function scanUpperMeridiem(s: string, p: number, f: TimeFields): number {
  if (s.charCodeAt(p) !== 32) return p;
  const a = s.charCodeAt(p + 1);
  if ((a !== 65 && a !== 80) || s.charCodeAt(p + 2) !== 77) return p;
  const n = s.charCodeAt(p + 3);
  if (isLetter(n) || isDigit(n)) return p;
  return scanMeridiem(s, p, f);
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
  const off = zoneAbbreviationOffset(s.slice(i, k));
  if (off === undefined) return -1;
  f.offsetMinutes = off;
  if (off === 0 && k < s.length) {
    const c = s.charCodeAt(k);
    if (c === 43 || c === 45) {
      const e = scanOffset(s, k, f);
      if (e > 0) return e;
      // one-digit hours after the zone word: `GMT+5:30`, `UTC+2`, `GMT-3` (Windows, Android, JavaScript locales)
      const h = countDigits(s, k + 1) === 1 ? digits(s, k + 1, 1) : -1;
      if (h >= 0) {
        let p = k + 2;
        let m = 0;
        if (s.charCodeAt(p) === 58 && countDigits(s, p + 1) === 2) {
          m = digits(s, p + 1, 2);
          p += 3;
        }
        if (m <= 59 && !isDigit(s.charCodeAt(p))) {
          f.offsetMinutes = (c === 45 ? -1 : 1) * (h * 60 + m);
          return p;
        }
      }
      f.offsetMinutes = 0;
    }
  }
  return k;
}

/**
 * Go's `time.Time.String()` writes the zone's name after the offset (`2025-02-09 10:05:23 -0700 PDT`, `+0000 UTC`):
 * the name belongs to the timestamp, the offset already says everything.
 */
function skipZoneName(s: string, p: number, f: TimeFields): number {
  if (s.charCodeAt(p) !== 32) return p;
  const c = s.charCodeAt(p + 1);
  if (c < 65 || c > 90) return p;
  const offset = f.offsetMinutes;
  const e = scanZoneWord(s, p + 1, f);
  f.offsetMinutes = offset;
  return e > 0 ? e : p;
}

/** After a clock: an attached offset, or one separated by one space (`+0000`, `UTC`). */
export function scanZoneAfterClock(s: string, p: number, f: TimeFields): number {
  if (p >= s.length) return p;
  const e = scanOffset(s, p, f);
  if (e > 0) return e;
  if (s.charCodeAt(p) === 32 && p + 1 < s.length) {
    const c = s.charCodeAt(p + 1);
    if (c === 43 || c === 45) {
      // Only `+HHMM`/`-HH:MM` with digits, so ` - INFO` and `-1` are not read as offsets.
      if (countDigits(s, p + 2) === 4 || (countDigits(s, p + 2) === 2 && s.charCodeAt(p + 4) === 58)) {
        const e2 = scanOffset(s, p + 1, f);
        if (e2 > 0) return skipZoneName(s, e2, f);
      }
    } else if (c >= 65 && c <= 90) {
      const e3 = scanZoneWord(s, p + 1, f);
      if (e3 > 0) return e3;
      const n = zoneNameLength(s, p + 1);
      if (n > 0) {
        const off = zoneNameOffset(s.slice(p + 1, p + 1 + n), f);
        if (off !== undefined) {
          f.offsetMinutes = off;
          return p + 1 + n;
        }
      }
    }
  }
  return p;
}

/**
 * A time of day standing alone where a log line's timestamp goes (`10:05:23.123456 IP …` from tcpdump, sar's
 * `10:10:01 AM  all  2.51`, IRC/chat logs `[10:05:23] <nick>`): `H:MM:SS[.frac][ AM|PM]`, seconds required so a
 * `10:05 meeting` in prose is not one. Sets the clock with year, month and day 0 (the date comes from elsewhere:
 * see `clock-dates.ts`); returns the end or -1.
 */
export function scanTimeOfDay(s: string, i: number, f: TimeFields): number {
  const nh = countDigits(s, i);
  if (nh < 1 || nh > 2 || s.charCodeAt(i + nh) !== 58 || countDigits(s, i + nh + 1) !== 2) return -1;
  if (s.charCodeAt(i + nh + 3) !== 58 || countDigits(s, i + nh + 4) !== 2) return -1;
  f.year = 0;
  f.month = 0;
  f.day = 0;
  f.offsetMinutes = Number.NaN;
  f.epochMs = Number.NaN;
  let e = scanClock(s, i, f, false);
  if (e < 0 || f.hour > 23) return -1;
  e = scanMeridiem(s, e, f);
  e = scanZoneAfterClock(s, e, f);
  // glued to more of a word or number (`10:05:23:456:789`, `10:05:23abc`) it is something else
  if (e < s.length) {
    const c = s.charCodeAt(e);
    if (isDigit(c) || isLetter(c) || c === 58 || c === 46) return -1;
  }
  return e;
}
