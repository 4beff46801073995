import { MONTHS } from "../../util/months.js";
import { daysInMonth, type TimeFields } from "./time-fields.js";

/*
 * Character-level helpers shared by the timestamp scanners: they read char codes at a position and build no strings
 * on the hot path (these run on every line of multi-GB files).
 */

/** Weekday abbreviations as packed lower-cased char codes (see {@link monthAt}). */
export const WEEKDAYS = new Set(
  ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map(
    (w) => (w.charCodeAt(0) << 16) | (w.charCodeAt(1) << 8) | w.charCodeAt(2),
  ),
);

/** Whether char code `c` is an ASCII digit. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Whether char code `c` is an ASCII letter. */
export function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Read exactly `n` digits at `i`; -1 when any is not a digit. */
export function digits(s: string, i: number, n: number): number {
  if (i + n > s.length) return -1;
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** Number of consecutive digits starting at `i`. */
export function countDigits(s: string, i: number): number {
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
export function monthAt(s: string, i: number): number {
  if (i + 3 > s.length) return 0;
  const key = ((s.charCodeAt(i) | 32) << 16) | ((s.charCodeAt(i + 1) | 32) << 8) | (s.charCodeAt(i + 2) | 32);
  return MONTH_CODES.get(key) ?? 0;
}

/** Length of the month word at `i` (3 for `Jun`, 4 for `June`, 9 for `September`), 0 if not a month. */
export function monthWordLength(s: string, i: number): number {
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

/** Whether the scanned month and day form a real calendar date (leap years included). */
export function validDate(f: TimeFields): boolean {
  return f.month >= 1 && f.month <= 12 && f.day >= 1 && f.day <= daysInMonth(f.year, f.month);
}
