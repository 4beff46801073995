import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32, poisson } from "../../test/scenarios/prng.js";
import { type DenseSeries, detectMetricShift, detectSegments, estimateBaseline, mad, median } from "./change-point.js";

/** Per-second requests at `rps` with failure ratio `p(i)`, seeded. */
function series(seconds: number, rps: number, p: (i: number) => number, seed = 1): DenseSeries {
  const rand = mulberry32(seed);
  const requests = new Float64Array(seconds);
  const failures = new Float64Array(seconds);
  for (let i = 0; i < seconds; i++) {
    const n = poisson(rand, rps);
    let f = 0;
    for (let k = 0; k < n; k++) if (rand() < p(i)) f++;
    requests[i] = n;
    failures[i] = f;
  }
  return { start: 1_700_000_000, requests, failures };
}

describe("median / mad", () => {
  it("computes the robust statistics", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(mad([1, 1, 2, 2, 4, 6, 9])).toBe(1);
  });
});

describe("estimateBaseline", () => {
  it("ignores an outlier minute inside the baseline", () => {
    const s = series(1800, 10, (i) => (i >= 600 && i < 660 ? 0.5 : 0.01), 7);
    const b = estimateBaseline(s, 0, 1800);
    expect(b.ratio).toBe(true);
    expect(b.rate).toBeGreaterThan(0.005);
    expect(b.rate).toBeLessThan(0.02);
  });

  it("falls back to failures per second without request counts", () => {
    const s: DenseSeries = { start: 0, requests: new Float64Array(600), failures: new Float64Array(600).fill(0.5) };
    const b = estimateBaseline(s, 0, 600);
    expect(b.ratio).toBe(false);
    expect(b.rate).toBeCloseTo(0.5);
  });
});

describe("detectSegments", () => {
  it("finds onset and end of a step in the failure ratio within a few seconds", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 900, max: 1500 }),
        fc.integer({ min: 120, max: 1200 }),
        fc.double({ min: 0.1, max: 0.6, noNaN: true }),
        (seed, onset, length, level) => {
          const s = series(3600, 20, (i) => (i >= onset && i < onset + length ? level : 0.003), seed);
          const { segments } = detectSegments(s, { baseline: [0, 600] });
          expect(segments.length).toBeGreaterThanOrEqual(1);
          const first = segments[0]!;
          const last = segments[segments.length - 1]!;
          // A second holds level·rps failures on average; with two or fewer, stray baseline failures next to the
          // edges are indistinguishable from the incident's, so the tolerance widens: max(5 s, 30 s / failures per s).
          // (+1e-9: 30 / (0.1 * 20) is 14.999999999999996 in floating point; the bound is meant to be 15 s there)
          const tolerance = Math.max(5, 30 / (level * 20) + 1e-9);
          expect(Math.abs(first.start - onset)).toBeLessThanOrEqual(tolerance);
          expect(Math.abs(last.end - (onset + length - 1))).toBeLessThanOrEqual(tolerance);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("reports nothing on a noisy baseline with pre-existing errors", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        const s = series(3600, 15, () => 0.01, seed);
        expect(detectSegments(s, { baseline: [0, 900] }).segments).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });

  it("splits a false recovery into two segments", () => {
    const s = series(3600, 20, (i) => ((i >= 1000 && i < 1600) || (i >= 1900 && i < 2500) ? 0.3 : 0.002), 3);
    const { segments } = detectSegments(s, { baseline: [0, 900] });
    expect(segments).toHaveLength(2);
    expect(Math.abs(segments[0]!.end - 1599)).toBeLessThanOrEqual(5);
    expect(Math.abs(segments[1]!.start - 1900)).toBeLessThanOrEqual(5);
  });

  it("works on error counts alone (Poisson form)", () => {
    const rand = mulberry32(11);
    const failures = new Float64Array(3600);
    for (let i = 0; i < 3600; i++) failures[i] = poisson(rand, i >= 2000 && i < 2600 ? 3 : 0.02);
    const s: DenseSeries = { start: 0, requests: new Float64Array(3600), failures };
    const { segments, baseline } = detectSegments(s, { baseline: [0, 1200] });
    expect(baseline.ratio).toBe(false);
    expect(segments).toHaveLength(1);
    expect(Math.abs(segments[0]!.start - 2000)).toBeLessThanOrEqual(5);
    expect(Math.abs(segments[0]!.end - 2599)).toBeLessThanOrEqual(5);
  });

  it("handles empty and all-zero series", () => {
    const empty: DenseSeries = { start: 0, requests: new Float64Array(0), failures: new Float64Array(0) };
    expect(detectSegments(empty, { baseline: [0, 0] }).segments).toEqual([]);
    const zero: DenseSeries = { start: 0, requests: new Float64Array(100), failures: new Float64Array(100) };
    expect(detectSegments(zero, { baseline: [0, 50] }).segments).toEqual([]);
  });
});

describe("detectMetricShift", () => {
  it("finds a persistent rise and its return", () => {
    const v = [...Array(40).fill(0.4), ...Array(20).fill(5), ...Array(30).fill(0.41)].map((x, i) => x + (i % 3) * 0.01);
    const s = detectMetricShift(v, 30);
    expect(s).not.toBeNull();
    expect(s!.start).toBe(40);
    expect(s!.end).toBe(59);
    expect(s!.direction).toBe("up");
    expect(s!.peak).toBeGreaterThan(4.9);
  });

  it("ignores a single spike and flat series", () => {
    const v = Array(60).fill(1);
    v[45] = 50;
    expect(detectMetricShift(v, 30)).toBeNull();
    expect(detectMetricShift([1, 1], 1)).toBeNull();
  });
});
