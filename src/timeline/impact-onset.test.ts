import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DenseSeries } from "./change-point.js";
import { sustainedEnd, sustainedOnset } from "./impact-onset.js";

/** A series of `n` seconds at one request a second, failing at the given seconds (`count` each). */
function series(n: number, fails: Array<[number, number]>): DenseSeries {
  const failures = new Float64Array(n);
  for (const [i, count] of fails) failures[i] = count;
  return { start: 1_780_000_000, failures, requests: new Float64Array(n).fill(1) };
}

describe("impact onset amid baseline noise", () => {
  it("stray baseline failures every few minutes before the incident are not its onset", () => {
    // baseline: a 5xx at 11 and 16 minutes; the segment opens at a stray one (17 min), the incident starts at 30 min
    const stray: Array<[number, number]> = [660, 960, 1020, 1140, 1260, 1500].map((i) => [i, 1]);
    const burst: Array<[number, number]> = [];
    for (let i = 1800; i < 2400; i += 3) burst.push([i, 1]);
    const s = series(3000, [...stray, ...burst]);
    expect(sustainedOnset(s, 1020, 2400)).toBe(1800);
  });

  it("a stray baseline failure a minute before the incident's run is not its onset", () => {
    const stray: Array<[number, number]> = [600, 900, 1743].map((i) => [i, 1]);
    const burst: Array<[number, number]> = [];
    for (let i = 1800; i < 2400; i += 2) burst.push([i, 1]);
    expect(sustainedOnset(series(3000, [...stray, ...burst]), 1743, 2400)).toBe(1800);
  });

  it("stray baseline failures after the recovery are not its end", () => {
    const stray: Array<[number, number]> = [300, 700, 2500, 2690, 2900].map((i) => [i, 1]);
    const burst: Array<[number, number]> = [];
    for (let i = 1800; i <= 2400; i += 2) burst.push([i, 1]);
    expect(sustainedEnd(series(3000, [...stray, ...burst]), 1800, 1800, 2900)).toBe(2400);
    // without baseline noise the segment's end stands
    expect(sustainedEnd(series(3000, [...burst, [2900, 1]]), 1800, 1800, 2900)).toBe(2900);
  });

  it("a quiet baseline keeps the segment's start, even when the incident begins with a trickle", () => {
    const s = series(2400, [
      [1200, 1],
      [1290, 1],
      [1500, 1],
      [1600, 1],
      [1700, 5],
    ]);
    expect(sustainedOnset(s, 1200, 2000)).toBe(1200);
  });

  it("the onset never moves earlier than the segment's start nor past its end (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1799 }), fc.integer({ min: 1, max: 4 })), { maxLength: 80 }),
        fc.integer({ min: 0, max: 1500 }),
        fc.integer({ min: 0, max: 299 }),
        (fails, segStart, len) => {
          const s = series(1800, fails);
          const end = Math.min(1799, segStart + len);
          const onset = sustainedOnset(s, segStart, end);
          expect(onset).toBeGreaterThanOrEqual(segStart);
          expect(onset === segStart || onset <= end).toBe(true);
          const last = sustainedEnd(s, segStart, segStart, end);
          expect(last).toBeLessThanOrEqual(end);
          expect(last === end || last >= segStart).toBe(true);
        },
      ),
    );
  });
});
