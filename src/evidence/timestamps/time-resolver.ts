import type { FormatContext } from "../evidence-format.js";
import { daysInMonth, formatOffset, type TimeFields } from "./time-fields.js";

/**
 * Turns scanned {@link TimeFields} into epoch ms through a parser's {@link FormatContext}: explicit offsets are
 * computed here with `Date.UTC` (and reported once with `noteZoneFromData`), naive wall clocks go through
 * `ctx.localToEpoch`, year-less dates through `ctx.inferYear`, full dates are shared with `ctx.noteYear`.
 *
 * One resolver per parser. It memoises per minute, because consecutive log lines almost always share it: DST
 * transitions happen on whole minutes, so the offset inside one wall-clock minute is constant and the cache returns
 * exactly what `localToEpoch` would.
 */
export class TimeResolver {
  private readonly ctx: FormatContext;
  private notedOffset = Number.NaN;
  private notedYear = 0;
  private notedMonth = 0;
  private inferMonth = 0;
  private inferDay = 0;
  private inferredYear = 0;
  private minuteKey = Number.NaN;
  private minuteBase = 0;

  constructor(ctx: FormatContext) {
    this.ctx = ctx;
  }

  /** Epoch ms for the fields, or NaN when they do not name a real instant (Feb 30, hour 25). */
  toEpoch(f: TimeFields): number {
    if (!Number.isNaN(f.epochMs)) {
      this.noteZone(0);
      return f.epochMs;
    }
    let year = f.year;
    if (year === 0) {
      if (f.month !== this.inferMonth || f.day !== this.inferDay) {
        this.inferMonth = f.month;
        this.inferDay = f.day;
        this.inferredYear = this.ctx.inferYear(f.month, f.day);
      }
      year = this.inferredYear;
    } else if (year !== this.notedYear || f.month !== this.notedMonth) {
      this.notedYear = year;
      this.notedMonth = f.month;
      this.ctx.noteYear(year, f.month);
    }
    if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > daysInMonth(year, f.month)) return Number.NaN;
    if (f.hour > 24 || f.minute > 59 || f.second > 60) return Number.NaN;
    const subMinute = f.second * 1000 + f.millisecond;
    if (!Number.isNaN(f.offsetMinutes)) {
      this.noteZone(f.offsetMinutes);
      return Date.UTC(year, f.month - 1, f.day, f.hour, f.minute) - f.offsetMinutes * 60_000 + subMinute;
    }
    // Key on the wall-clock minute; (year*13+month)*32+day etc. is unique and cheap to compute.
    const key = (((year * 13 + f.month) * 32 + f.day) * 25 + f.hour) * 60 + f.minute;
    if (key !== this.minuteKey) {
      this.minuteKey = key;
      this.minuteBase = this.ctx.localToEpoch({
        year,
        month: f.month,
        day: f.day,
        hour: f.hour,
        minute: f.minute,
        second: 0,
        millisecond: 0,
      });
    }
    return this.minuteBase + subMinute;
  }

  /** Report a zone the data states (as `UTC` or `+02:00`), once per change. */
  noteZone(offsetMinutes: number): void {
    if (offsetMinutes === this.notedOffset) return;
    this.notedOffset = offsetMinutes;
    this.ctx.noteZoneFromData(formatOffset(offsetMinutes));
  }
}
