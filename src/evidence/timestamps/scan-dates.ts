import { countDigits, digits, isDigit, isLetter, monthAt, monthWordLength, validDate } from "./scan-chars.js";
import {
  clockAfterGap,
  padHour,
  scanClock,
  scanMeridiem,
  scanUpperMeridiem,
  scanZoneAfterClock,
} from "./scan-clock.js";
import type { TimeFields } from "./time-fields.js";

/*
 * One scanner per family of date layouts, chosen by {@link scanTimestamp} from the first characters: year first,
 * compact `yyMMdd`, two digits first, one digit first, month name first, weekday first.
 */

/** `YYYY?MM?DD[T| |-]clock[zone]` with `?` one of `-`, `/`, `.`; also compact `YYYYMMDD[-T ]clock`. */
export function scanYearFirst(s: string, i: number, f: TimeFields): number {
  const nd = countDigits(s, i);
  let p: number;
  if (nd === 4) {
    f.year = digits(s, i, 4);
    const sep = s.charCodeAt(i + 4);
    if (sep !== 45 && sep !== 47 && sep !== 46) return -1;
    // Boost's `to_simple_string` (`2025-Feb-09 10:05:23.123456`, C++ services such as rippled): a month name between
    const named = isLetter(s.charCodeAt(i + 5)) ? monthAt(s, i + 5) : 0;
    const mlen = named > 0 && sep === 45 && s.charCodeAt(i + 8) === 45 ? 3 : 2;
    f.month = mlen === 3 ? named : digits(s, i + 5, 2);
    if (f.month < 0 || s.charCodeAt(i + 5 + mlen) !== sep) return -1;
    f.day = digits(s, i + 6 + mlen, 2);
    if (f.day < 0) return -1;
    p = i + 8 + mlen;
  } else if (nd === 8) {
    f.year = digits(s, i, 4);
    f.month = digits(s, i + 4, 2);
    f.day = digits(s, i + 6, 2);
    p = i + 8;
  } else return -1;
  if (f.year < 1970 || f.year > 2199 || !validDate(f)) return -1;
  if (p >= s.length) return -1;
  const t = s.charCodeAt(p);
  let q = clockAfterGap(s, p);
  if (q < 0) {
    // `:` only after a compact date (Zabbix `20250408:091241.042`); after `2025-04-08` it would be something else
    if (t !== 84 && t !== 32 && t !== 45 && t !== 95 && t !== 116 && !(t === 58 && nd === 8)) return -1;
    q = p + 1;
    if (t === 32) while (q < s.length && s.charCodeAt(q) === 32 && q - p < 3) q++;
  }
  let e = scanClock(s, q, f, t === 45);
  if (e > 0) e = scanUpperMeridiem(s, e, f);
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
export function scanCompactShort(s: string, i: number, f: TimeFields): number {
  if (s.charCodeAt(i + 6) !== 32) return -1;
  if (countDigits(s, i + 7) !== 6) return scanCompactDateClock(s, i, f);
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

/**
 * `yyMMdd H:MM:SS` (MySQL 5.x error log and `# Time:` lines of its slow log: `150209 10:05:23`, the hour padded
 * with a space: `150209  9:05:23`).
 */
function scanCompactDateClock(s: string, i: number, f: TimeFields): number {
  let p = i + 7;
  if (s.charCodeAt(p) === 32) p++;
  f.year = 2000 + digits(s, i, 2);
  f.month = digits(s, i + 2, 2);
  f.day = digits(s, i + 4, 2);
  if (!validDate(f)) return -1;
  const e = scanClock(s, p, f, false);
  if (e < 0) return -1;
  return scanZoneAfterClock(s, e, f);
}

/** Starting with two digits: `yy/MM/dd`, `MM/dd/yyyy`, `dd/Mon/yyyy:`, `MM-dd clock`, `dd-Mon-yyyy clock`. */
export function scanTwoDigitFirst(s: string, i: number, f: TimeFields): number {
  const a = digits(s, i, 2);
  const sep = s.charCodeAt(i + 2);
  if (sep === 32) return scanDayMonthYear(s, i + 3, a, f);
  if (sep !== 47 && sep !== 45 && sep !== 46) return -1;
  if (monthAt(s, i + 3) > 0) return scanDayMonthNameYear(s, i + 3, a, sep, f);
  const b = digits(s, i + 3, 2);
  // `10/1/2025 3:04:05 PM`: a padded-looking month before an unpadded day (.NET en-US, Excel)
  if (b < 0) return countDigits(s, i + 3) === 1 && sep !== 45 ? scanShortNumericDate(s, i, f, 2) : -1;
  if (s.charCodeAt(i + 5) === sep) {
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
    let q = clockAfterGap(s, end);
    if (q < 0) {
      if (t !== 32 && t !== 45 && t !== 84 && t !== 58) return -1;
      q = end + 1;
    }
    const e = scanClock(s, padHour(s, q), f, false);
    if (e < 0) return -1;
    const m = n3 === 4 && sep === 47 ? scanMeridiem(s, e, f) : scanUpperMeridiem(s, e, f);
    if (m > e && n3 === 2 && sep === 47 && a <= 12) {
      // A 12-hour clock is the en-US locale, whose short date is MM/dd/yy (`12/10/27 3:04:05 PM`); log4j's yy/MM/dd
      // comes with a 24-hour clock
      const y = f.year;
      const mo = f.month;
      const d = f.day;
      f.year = 2000 + digits(s, i + 6, 2);
      f.month = a;
      f.day = b;
      if (!validDate(f)) {
        f.year = y;
        f.month = mo;
        f.day = d;
      }
    }
    return scanZoneAfterClock(s, m, f);
  }
  const gap = s.charCodeAt(i + 5);
  if (gap === 32 || (gap === 45 && sep === 47) || (gap === 124 && sep === 45)) {
    // MM-dd HH:MM:SS.mmm (Android logcat), MM.dd / MM/dd HH:MM:SS (Windows-era proxies, some embedded loggers),
    // MM/dd-HH:MM:SS.uuuuuu (Snort/Suricata fast alerts), MM-dd|HH:MM:SS.mmm (log15's terminal format, written by
    // go-ethereum and other Go daemons: `INFO [02-09|10:05:23.123] msg`): month first and year-less, like syslog.
    f.year = 0;
    f.month = a;
    f.day = b;
    if (!validDate(f)) return -1;
    const e = scanClock(s, padHour(s, i + 6), f, false);
    if (e < 0) return -1;
    return scanZoneAfterClock(s, e, f);
  }
  return -1;
}

/**
 * Unpadded numeric dates: `2/9/2025 10:05:23 AM` (US order, Windows and .NET defaults), `9.2.2025 10:05:23` (dotted,
 * day first), `10/1/2025` (`na` = 2 leading digits, an unpadded second part), two-digit years. The same month/day
 * rules as the padded forms.
 */
export function scanShortNumericDate(s: string, i: number, f: TimeFields, na = 1): number {
  const a = digits(s, i, na);
  const sep = s.charCodeAt(i + na);
  const i2 = i + na + 1;
  if (na === 1) {
    if (sep === 32) return scanDayMonthYear(s, i2, a, f);
    if (sep !== 47 && sep !== 46 && sep !== 45) return -1;
    if (monthAt(s, i2) > 0) return scanDayMonthNameYear(s, i2, a, sep, f);
  }
  const nb = countDigits(s, i2);
  if (nb < 1 || nb > 2) return -1;
  const b = digits(s, i2, nb);
  let p = i2 + nb;
  if (s.charCodeAt(p) !== sep) return -1;
  const ny = countDigits(s, p + 1);
  // two-digit years too (`2/9/25 10:05 PM`: Windows/Excel short dates, `9.2.25` in German locales), not after `-`
  if (ny === 4) f.year = digits(s, p + 1, 4);
  else if (ny === 2 && sep !== 45) f.year = 2000 + digits(s, p + 1, 2);
  else return -1;
  if (sep === 46) {
    f.day = a;
    f.month = b;
  } else {
    f.month = a;
    f.day = b;
  }
  p += 1 + ny;
  if (!validDate(f)) return -1;
  const t = s.charCodeAt(p);
  let q = clockAfterGap(s, p);
  if (q < 0) {
    if (t !== 32 && t !== 84) return -1;
    q = p + 1;
  }
  const e = scanClock(s, padHour(s, q), f, false);
  if (e < 0) return -1;
  return scanZoneAfterClock(s, scanMeridiem(s, e, f), f);
}

/**
 * `dd Mon yyyy HH:MM:SS[.frac]` (Redis, log4j `%d{DATE}`, RFC 1123 without the weekday), and year-less
 * `dd Mon HH:MM:SS.mmm` (Redis 2.x `[4018] 14 Nov 07:01:22.119 *`). `m` is where the month word starts.
 */
function scanDayMonthYear(s: string, m: number, day: number, f: TimeFields): number {
  const mlen = monthWordLength(s, m);
  if (mlen === 0) return -1;
  let p = m + mlen;
  if (s.charCodeAt(p) !== 32) return -1;
  f.month = monthAt(s, m);
  f.day = day;
  if (countDigits(s, p + 1) === 2 && s.charCodeAt(p + 3) === 58) {
    f.year = 0;
    if (!validDate(f)) return -1;
    const e = scanClock(s, p + 1, f, false);
    // seconds required: `14 Nov 10:05 meeting` in a message is not a log line's time
    if (e < 0 || s.charCodeAt(p + 6) !== 58) return -1;
    return scanZoneAfterClock(s, e, f);
  }
  if (countDigits(s, p + 1) !== 4 || s.charCodeAt(p + 5) !== 32) return -1;
  f.year = digits(s, p + 1, 4);
  if (f.year < 1970 || !validDate(f)) return -1;
  p += 6;
  const e = scanClock(s, padHour(s, p), f, false);
  if (e < 0) return -1;
  return scanZoneAfterClock(s, scanUpperMeridiem(s, e, f), f);
}

/**
 * `dd/Mon/yyyy:HH:MM:SS +zzzz` (CLF), `dd-Mon-yyyy HH:MM:SS` (Tomcat, BIND), `dd.Mon.yyyy`, and the one-digit day
 * with Erlang's `::` (RabbitMQ before 3.7: `9-Feb-2025::10:05:23`). `m` is where the month word starts.
 */
function scanDayMonthNameYear(s: string, m: number, day: number, sep: number, f: TimeFields): number {
  if (s.charCodeAt(m + 3) !== sep) return -1;
  // four-digit years, and Oracle's `DD-MON-RR` two-digit ones (`09-FEB-25 10.05.23.123456 AM`)
  const ny = countDigits(s, m + 4);
  if (ny !== 4 && ny !== 2) return -1;
  const y = ny === 4 ? digits(s, m + 4, 4) : 2000 + digits(s, m + 4, 2);
  if (y < 1970) return -1;
  f.year = y;
  f.month = monthAt(s, m);
  f.day = day;
  if (!validDate(f)) return -1;
  const end = m + 4 + ny;
  const t = s.charCodeAt(end);
  let q = clockAfterGap(s, end);
  if (q < 0) {
    if (t !== 58 && t !== 32) return -1;
    if (ny === 2 && t !== 32) return -1;
    q = end + 1;
  }
  const e = scanClock(s, padHour(s, q), f, ny === 2);
  if (e < 0) return -1;
  return scanZoneAfterClock(s, scanUpperMeridiem(s, e, f), f);
}

/** `Mon dd HH:MM:SS[.frac][ yyyy]`, `Mon dd yyyy HH:MM:SS`, `Mon dd, yyyy HH:MM:SS`. */
export function scanMonthFirst(s: string, i: number, f: TimeFields): number {
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
    // Kibana's `MMM D, YYYY @ HH:mm:ss.SSS` (Discover tables and CSV exports)
    if (s.charCodeAt(p) === 64 && s.charCodeAt(p + 1) === 32) p += 2;
  }
  if (!validDate(f)) return -1;
  let e = scanClock(s, padHour(s, p), f, false);
  if (e < 0) return -1;
  // `Feb 10, 2025 3:42:03 PM` (java.util.logging, .NET): a 12-hour clock after a full date
  if (f.year !== 0) e = scanMeridiem(s, e, f);
  e = scanZoneAfterClock(s, e, f);
  if (f.year === 0 && s.charCodeAt(e) === 32 && countDigits(s, e + 1) === 4 && !isDigit(s.charCodeAt(e + 5))) {
    const y = digits(s, e + 1, 4);
    if (y >= 1970 && y < 2200) {
      f.year = y;
      e += 5;
      // OpenVPN writes the microseconds as a separate field after a ctime date: `... 10:05:23 2025 us=123456`
      if (f.fractionDigits === 0 && s.startsWith(" us=", e) && countDigits(s, e + 4) === 6) {
        f.millisecond = digits(s, e + 4, 3);
        f.fractionDigits = 6;
        e += 10;
      }
    }
  }
  return e;
}

/** `Www Mon dd HH:MM:SS[.frac] [ZONE ]yyyy` (ctime, Apache error log) and `Www, dd Mon yyyy HH:MM:SS ZONE`. */
export function scanWeekdayFirst(s: string, i: number, f: TimeFields): number {
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
    const e = scanClock(s, padHour(s, p + 6), f, false);
    if (e < 0) return -1;
    // date(1) in en_US and other 12-hour locales: `Sun 09 Feb 2025 10:05:23 PM CET`
    return scanZoneAfterClock(s, scanUpperMeridiem(s, e, f), f);
  }
  return scanMonthFirst(s, p, f);
}
