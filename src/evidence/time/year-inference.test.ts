import { describe, expect, it } from "vitest";
import { YearInference } from "./year-inference.js";

describe("YearInference", () => {
  it("uses the incident window, choosing the year nearest to it", () => {
    const y = new YearInference({ window: { start: Date.UTC(2024, 11, 31, 22), end: Date.UTC(2025, 0, 1, 2) } });
    expect(y.inferYear(12, 31)).toBe(2024);
    expect(y.inferYear(1, 1)).toBe(2025);
    // a line from days before the window still lands next to it, not a year away
    expect(y.inferYear(12, 28)).toBe(2024);
    expect(y.inferYear(1, 3)).toBe(2025);
  });

  it("borrows the year of full dates seen earlier and rolls over at New Year", () => {
    const warnings: number[] = [];
    const y = new YearInference({ fileMtime: Date.UTC(2030, 5, 1), onFallback: (yr) => warnings.push(yr) });
    y.noteYear(2024, 12);
    expect(y.inferYear(12, 31)).toBe(2024);
    expect(y.inferYear(1, 1)).toBe(2025);
    expect(y.inferYear(1, 2)).toBe(2025);
    // a stray late-December line after the rollover belongs to the previous year
    expect(y.inferYear(12, 31)).toBe(2024);
    expect(y.inferYear(2, 1)).toBe(2025);
    expect(warnings).toEqual([]);
  });

  it("falls back to the file's modification year with one warning, never today's date", () => {
    const warnings: number[] = [];
    const y = new YearInference({ fileMtime: Date.UTC(2023, 1, 10), onFallback: (yr) => warnings.push(yr) });
    expect(y.inferYear(2, 9)).toBe(2023);
    expect(y.inferYear(2, 10)).toBe(2023);
    expect(warnings).toEqual([2023]);
  });

  it("dates a December line in a file saved in January to the previous year, then rolls over", () => {
    const warnings: number[] = [];
    const y = new YearInference({ fileMtime: Date.UTC(2025, 0, 2), onFallback: (yr) => warnings.push(yr) });
    expect(y.inferYear(12, 30)).toBe(2024);
    expect(y.inferYear(1, 1)).toBe(2025);
    expect(warnings).toEqual([2024]);
  });

  it("with no clue at all says 1970 loudly rather than guessing the current year", () => {
    const warnings: number[] = [];
    const y = new YearInference({ onFallback: (yr) => warnings.push(yr) });
    expect(y.inferYear(6, 14)).toBe(1970);
    expect(warnings).toEqual([1970]);
  });
});
