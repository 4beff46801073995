/**
 * The mutable record a timestamp scanner fills. One instance is reused per parser so the hot loop allocates nothing
 * per line; read the fields right after a successful scan.
 */
export interface TimeFields {
  /** Four-digit year, or 0 when the text had none (syslog `Jun 14 15:16:01`, Android `03-17 ...`). */
  year: number;
  /** 1-based month. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** How many fraction-of-second digits the text had (0 = whole seconds); tells the precision of the source. */
  fractionDigits: number;
  /** Offset from UTC in minutes stated by the text (`Z`, `+02:00`, `-0800`, `UTC`, `PST`), NaN when naive. */
  offsetMinutes: number;
  /** The instant when the text was an epoch number (already in ms), NaN otherwise. */
  epochMs: number;
}

/** A fresh {@link TimeFields} with everything unset. */
export function createTimeFields(): TimeFields {
  return {
    year: 0,
    month: 0,
    day: 0,
    hour: 0,
    minute: 0,
    second: 0,
    millisecond: 0,
    fractionDigits: 0,
    offsetMinutes: Number.NaN,
    epochMs: Number.NaN,
  };
}

/** Reset a {@link TimeFields} before a new scan. */
export function resetTimeFields(f: TimeFields): void {
  f.year = 0;
  f.month = 0;
  f.day = 0;
  f.hour = 0;
  f.minute = 0;
  f.second = 0;
  f.millisecond = 0;
  f.fractionDigits = 0;
  f.offsetMinutes = Number.NaN;
  f.epochMs = Number.NaN;
}

/** Days in a month; February follows the Gregorian leap rule. With `year` 0 (unknown) February allows 29. */
export function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 2:
      if (year === 0) return 29;
      return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

/** Format an offset in minutes as `UTC` or `+02:00`, the zone spelling `EvidenceSource.timezone` uses. */
export function formatOffset(offsetMinutes: number): string {
  if (offsetMinutes === 0) return "UTC";
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `${sign}${h < 10 ? "0" : ""}${h}:${m < 10 ? "0" : ""}${m}`;
}
