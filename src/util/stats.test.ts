import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mad, mean, median, quantile } from "./stats.js";

describe("stats", () => {
  it("median of odd and even lists, NaN when empty", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it("mad is the median distance from the median", () => {
    expect(mad([1, 1, 2, 2, 4, 6, 9])).toBe(1);
    expect(mad([])).toBeNaN();
  });

  it("quantile interpolates between closest ranks (type 7), null when empty", () => {
    expect(quantile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 10);
    expect(quantile([5], 0.5)).toBe(5);
    expect(quantile([], 0.5)).toBeNull();
  });

  it("mean, NaN when empty", () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBeNaN();
  });

  it("property: the median is the 0.5 quantile and lies between min and max", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 50 }), (xs) => {
        const sorted = [...xs].sort((a, b) => a - b);
        const m = median(xs);
        expect(m).toBeCloseTo(quantile(sorted, 0.5) as number, 6);
        expect(m).toBeGreaterThanOrEqual(sorted[0] as number);
        expect(m).toBeLessThanOrEqual(sorted[sorted.length - 1] as number);
        expect(mad(xs)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
