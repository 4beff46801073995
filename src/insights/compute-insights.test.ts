import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeInsights, durationStats, formatSeconds, quantile } from "./index.js";

function small(): string {
  const dir = mkdtempSync(join(tmpdir(), "debrief-insights-"));
  cpSync(join(import.meta.dirname, "fixtures/small-workspace"), dir, { recursive: true });
  return dir;
}

// Hand-computed from the four fixture incidents (times in seconds from impactStart):
//   detected: A 120 (timeline.json), B 600, C 60, D 300 (Timeline tables)
//   acknowledged − paged: A 120, B 300, C 60 (D was never paged)
//   recovered: A 1800, B 5400, D 900; C has no recovery row, so resolved 2400 is used
describe("computeInsights on a hand-computed workspace", () => {
  const ins = computeInsights(small(), { asOf: "2025-06-01" });

  it("computes MTTD, MTTA and MTTR with median and p90 (linear interpolation)", () => {
    expect(ins.overall.mttd).toEqual({ n: 4, mean: 270, median: 210, p90: 510, min: 60, max: 600 });
    expect(ins.overall.mtta).toEqual({ n: 3, mean: 160, median: 120, p90: 264, min: 60, max: 300 });
    expect(ins.overall.mttr).toEqual({
      n: 4,
      mean: 2625,
      median: 2100,
      p90: 4500,
      min: 900,
      max: 5400,
      fallbackToResolved: 1,
    });
  });

  it("computes MTBF from consecutive impact starts, overall and per service", () => {
    // Gaps: A→B 30 d 22 h = 2,671,200 s; B→C 1,612,800 s; C→D 7,904,400 s.
    expect(ins.overall.mtbf).toEqual({
      n: 3,
      mean: 4062800,
      median: 2671200,
      p90: 6857760,
      min: 1612800,
      max: 7904400,
    });
    const checkout = ins.byService.find((s) => s.service === "checkout");
    expect(checkout?.incidents).toBe(3);
    expect(checkout?.mtbf).toEqual({ n: 2, mean: 6094200, median: 6094200, p90: 8832600, min: 2671200, max: 9517200 });
    expect(ins.byService.find((s) => s.service === "search")?.mtbf.n).toBe(0);
    expect(ins.bySeverity.map((s) => [s.severity, s.incidents])).toEqual([
      ["SEV2", 3],
      ["SEV1", 1],
    ]);
    expect(ins.bySeverity.find((s) => s.severity === "SEV1")?.mttd.mean).toBe(600);
  });

  it("counts incidents per month, including empty months", () => {
    expect(ins.frequency.map((f) => [f.month, f.count])).toEqual([
      ["2025-01", 1],
      ["2025-02", 1],
      ["2025-03", 1],
      ["2025-04", 0],
      ["2025-05", 1],
    ]);
    expect(ins.frequency[1]?.bySeverity).toEqual({ SEV1: 1 });
  });

  it("computes post-mortem completion and on-time distribution", () => {
    expect(ins.postmortems).toMatchObject({
      total: 4,
      complete: 3,
      completionRate: 0.75,
      onTime: 1,
      late: 2,
      pending: 1,
    });
    expect(ins.postmortems.onTimeRate).toBe(0.3333);
    expect(ins.postmortems.incomplete).toEqual([
      {
        id: "INC-D",
        dir: "2025-05-31-checkout-flag",
        status: "draft",
        missing: ["rootCause", "contributingFactors", "lessonsLearned"],
      },
    ]);
  });

  it("computes action-item completion and overdue rates", () => {
    expect(ins.actionItems).toEqual({
      total: 6,
      open: 3,
      inProgress: 1,
      done: 1,
      wontDo: 1,
      overdue: 1,
      noDeadline: 1,
      completionRate: 0.2,
      overdueRate: 0.25,
    });
  });

  it("documents every definition in the output", () => {
    expect(Object.keys(ins.definitions)).toEqual(
      expect.arrayContaining([
        "MTTD",
        "MTTA",
        "MTTR",
        "MTBF",
        "quantiles",
        "postmortemCompletion",
        "onTimeDistribution",
      ]),
    );
    expect(ins.definitions.MTTA).toMatch(/acknowledged − paged/);
  });

  it("filters with --since and validates dates", () => {
    const since = computeInsights(small(), { asOf: "2025-06-01", since: "2025-02-15" });
    expect(since.incidents).toEqual({ total: 4, considered: 2, withoutImpactStart: 0 });
    expect(since.actionItems.total).toBe(2);
    expect(() => computeInsights(small(), { since: "2025-02-30" })).toThrow(/--since expects a date/);
    expect(() => computeInsights(small(), { asOf: "yesterday" })).toThrow(/--as-of expects a date/);
  });
});

describe("statistics", () => {
  it("interpolates quantiles between closest ranks", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10], 0.9)).toBe(10);
    expect(quantile([], 0.5)).toBeNull();
    expect(durationStats([])).toEqual({ n: 0, mean: null, median: null, p90: null, min: null, max: null });
    expect(formatSeconds(3725)).toBe("1h 02m");
    expect(formatSeconds(45)).toBe("45s");
    expect(formatSeconds(null)).toBe("—");
  });

  it("orders min ≤ median ≤ p90 ≤ max and keeps the mean in range (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 200 }), (xs) => {
        const s = durationStats(xs);
        const ok = (a: number | null, b: number | null) => a !== null && b !== null && a <= b + 1e-6;
        expect(ok(s.min, s.median) && ok(s.median, s.p90) && ok(s.p90, s.max)).toBe(true);
        expect(ok(s.min, s.mean) && ok(s.mean, s.max)).toBe(true);
        expect(s.n).toBe(xs.length);
      }),
    );
  });
});
