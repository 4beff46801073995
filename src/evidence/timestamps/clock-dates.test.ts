import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DayTracker, dateInText } from "./clock-dates.js";
import { scanTimeOfDay } from "./scan-clock.js";
import { createTimeFields } from "./time-fields.js";

describe("time of day and the dates stated around it", () => {
  it("scans a time of day alone, with fraction and 12-hour marker; rejects minutes only and glued text", () => {
    const f = createTimeFields();
    expect(scanTimeOfDay("10:05:23.123456 IP a > b", 0, f)).toBe(15);
    expect([f.hour, f.minute, f.second, f.millisecond, f.year]).toEqual([10, 5, 23, 123, 0]);
    expect(scanTimeOfDay("11:50:01 PM  all", 0, f)).toBe(11);
    expect(f.hour).toBe(23);
    for (const bad of ["10:05 meeting", "10:05:23abc", "24:00:00 x", "10:05:23:456:789", "1:2:3", "", "10:05:2"]) {
      expect(scanTimeOfDay(bad, 0, f)).toBe(-1);
    }
  });

  it("finds the date a header, banner or file name states", () => {
    expect(dateInText("Linux 5.15.0-91-generic (web-1) \t02/09/2025 \t_x86_64_")).toEqual([2025, 2, 9]);
    expect(dateInText("Linux 5.15.0-91-generic (web-1) \t02/09/2025", true)).toEqual([2025, 9, 2]);
    expect(dateInText("--- Day changed Tue Feb 11 2025")).toEqual([2025, 2, 11]);
    expect(dateInText("**** BEGIN LOGGING AT Sun Feb  9 10:05:23 2025")).toEqual([2025, 2, 9]);
    expect(dateInText("captures/tcpdump-2025-02-09.txt")).toEqual([2025, 2, 9]);
    expect(dateInText("access-20250209.log")).toEqual([2025, 2, 9]);
    expect(dateInText("Protokoll vom 9.2.2025")).toEqual([2025, 2, 9]);
    expect(dateInText("9 February 2025 report")).toEqual([2025, 2, 9]);
    for (const none of ["version 5.15.0", "2025-13-40", "no date", "", "02/30/2025"])
      expect(dateInText(none)).toBeNull();
  });

  it("moves to the next day when the clock wraps past midnight, not on small steps back", () => {
    const days = new DayTracker();
    const f = createTimeFields();
    const at = (h: number, m: number) => {
      f.hour = h;
      f.minute = m;
      expect(days.apply(f)).toBe(true);
      return [f.year, f.month, f.day];
    };
    expect(days.apply(f)).toBe(false);
    days.setDate(2025, 12, 31);
    expect(at(23, 50)).toEqual([2025, 12, 31]);
    expect(at(23, 40)).toEqual([2025, 12, 31]);
    expect(at(0, 5)).toEqual([2026, 1, 1]);
  });

  it("property: random text never throws and any time found lies inside the text", () => {
    const f = createTimeFields();
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.nat(90), (s, pos) => {
        const e = scanTimeOfDay(s, pos, f);
        expect(e === -1 || (e > pos && e <= s.length)).toBe(true);
        dateInText(s);
      }),
      { numRuns: 3000 },
    );
  });
});
