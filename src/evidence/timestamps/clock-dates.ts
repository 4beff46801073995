import { MONTHS } from "../../util/months.js";
import { validDate } from "./scan-chars.js";
import type { TimeFields } from "./time-fields.js";

/*
 * Dates for logs whose lines carry only a time of day (tcpdump's default `10:05:23.123456 IP …`, sar/pidstat
 * `10:10:01 AM all …` under a `Linux … (host) 02/09/2025` header, IRC/chat logs under `--- Day changed Mon Feb 10
 * 2025`): the date is stated once — in a header or banner line, or in the file name (`2025-02-09.log`) — and the
 * lines after it belong to that day until the clock wraps past midnight or another line states a new date.
 */

/** A date written without a clock, in the layouts headers and file names use. Tried in order; first match wins. */
const DATE_SHAPES: { re: RegExp; order: "ymd" | "mdy" | "dmy" | "named-mdy" | "named-dmy" }[] = [
  { re: /(?<!\d)(\d{4})[-/.](\d{2})[-/.](\d{2})(?!\d)/, order: "ymd" },
  { re: /(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)/, order: "ymd" },
  { re: /(?<![\d/])(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?![\d/])/, order: "mdy" },
  { re: /(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])/, order: "dmy" },
  {
    re: /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? +(\d{1,2}),? +(?:\d{1,2}:\d{2}(?::\d{2})? +)?(\d{4})\b/i,
    order: "named-mdy",
  },
  { re: /\b(\d{1,2})[ -](jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[ -](\d{4})\b/i, order: "named-dmy" },
];

const scratch = { year: 0, month: 0, day: 0 } as TimeFields;

/**
 * The first date written in `text` as `[year, month, day]`, or null. `dayFirst` reads `09/02/2025` as 9 February
 * (learnt from the file, as for full timestamps). Lines are cut at 400 characters; every pattern is linear.
 */
export function dateInText(text: string, dayFirst = false): [number, number, number] | null {
  const s = text.length > 400 ? text.slice(0, 400) : text;
  for (const { re, order } of DATE_SHAPES) {
    const m = re.exec(s);
    if (m === null) continue;
    const a = m[1] as string;
    const b = m[2] as string;
    const c = m[3] as string;
    let y: number;
    let mo: number;
    let d: number;
    if (order === "ymd") [y, mo, d] = [Number(a), Number(b), Number(c)];
    else if (order === "named-mdy") [y, mo, d] = [Number(c), MONTHS[a.toLowerCase()] ?? 0, Number(b)];
    else if (order === "named-dmy") [y, mo, d] = [Number(c), MONTHS[b.toLowerCase()] ?? 0, Number(a)];
    else {
      y = c.length === 2 ? 2000 + Number(c) : Number(c);
      const first = order === "dmy" || (dayFirst && order === "mdy") || Number(a) > 12;
      [mo, d] = first ? [Number(b), Number(a)] : [Number(a), Number(b)];
    }
    scratch.year = y;
    scratch.month = mo;
    scratch.day = d;
    if (y >= 1970 && y < 2200 && validDate(scratch)) return [y, mo, d];
  }
  return null;
}

/** A clock may step back this far before it is taken for the next day (out-of-order lines stay on their day). */
const WRAP_MS = 6 * 3_600_000;

/**
 * The current day of a time-of-day log: set from a stated date, moved on a day when the clock wraps past midnight.
 */
export class DayTracker {
  private year = 0;
  private month = 0;
  private day = 0;
  private lastClockMs = -1;

  /** A date stated in the file name, a header or a banner line. */
  setDate(year: number, month: number, day: number): void {
    this.year = year;
    this.month = month;
    this.day = day;
    this.lastClockMs = -1;
  }

  get known(): boolean {
    return this.year !== 0;
  }

  /** Give a scanned time of day its date (in `f`); false while no date is known. */
  apply(f: TimeFields): boolean {
    if (this.year === 0) return false;
    const clock = ((f.hour * 60 + f.minute) * 60 + f.second) * 1000 + f.millisecond;
    if (this.lastClockMs >= 0 && clock + WRAP_MS < this.lastClockMs) {
      const next = new Date(Date.UTC(this.year, this.month - 1, this.day + 1));
      this.year = next.getUTCFullYear();
      this.month = next.getUTCMonth() + 1;
      this.day = next.getUTCDate();
    }
    this.lastClockMs = clock;
    f.year = this.year;
    f.month = this.month;
    f.day = this.day;
    return true;
  }
}
