import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { MilestoneName } from "../src/model/timeline.js";
import { Timeline } from "../src/model/timeline.js";
import { buildTimeline, type TimelineResult } from "../src/timeline/index.js";

/**
 * The example incident (examples/incidents/api-degradation) against its generator's truth.json. Tolerances as in
 * the scenarios: impactStart 5 s, recovered 15 s, the rest 1 s (the sources state them to the second).
 */
const DIR = join(import.meta.dirname, "..", "examples", "incidents", "api-degradation");

interface Truth {
  milestones: Record<MilestoneName, string>;
  trigger: { deploy: string; time: string };
  poolExhausted: string;
  slowQueriesIdentified: string;
  peakErrorRate: number;
  peakErrorRateAt: string;
  skewSeconds: Record<string, number>;
}

let t: TimelineResult;
let truth: Truth;

beforeAll(async () => {
  truth = JSON.parse(readFileSync(join(DIR, "truth.json"), "utf8")) as Truth;
  t = await buildTimeline([join(DIR, "evidence")], { incidentDir: DIR });
});

const TOLERANCE: Record<MilestoneName, number> = {
  impactStart: 5_000,
  detected: 1_000,
  paged: 1_000,
  acknowledged: 1_000,
  mitigated: 1_000,
  recovered: 15_000,
  resolved: 1_000,
};

describe("example incident: api-degradation", () => {
  it("matches the JSON contract", () => {
    expect(() => Timeline.parse(t)).not.toThrow();
    expect(t.window).toEqual({ start: "2025-02-09T09:55:00.000Z", end: "2025-02-09T10:45:00.000Z" });
  });

  for (const name of Object.keys(TOLERANCE) as MilestoneName[]) {
    it(`reproduces ${name}`, () => {
      const m = t.milestones[name];
      expect(m, `${name} missing`).toBeDefined();
      const diff = Math.abs(Date.parse(m!.time) - Date.parse(truth.milestones[name]));
      expect(diff, `${name}: ${m!.time} vs ${truth.milestones[name]}`).toBeLessThanOrEqual(TOLERANCE[name]);
      expect(m!.evidence.length).toBeGreaterThan(0);
    });
  }

  it("ranks the trigger deploy first among suspect changes", () => {
    const top = t.findings.find((f) => f.kind === "suspect-change");
    expect(top?.summary).toContain(truth.trigger.deploy);
    expect(Math.abs(Date.parse(top!.time!) - Date.parse(truth.trigger.time))).toBeLessThanOrEqual(1_000);
  });

  it("collapses the pool exhaustion into one burst row and finds it unalerted", () => {
    const row = t.entries.find((e) => e.event.includes("connection pool exhausted") && e.count > 100);
    expect(row).toBeDefined();
    expect(Math.abs(Date.parse(row!.first) - Date.parse(truth.poolExhausted))).toBeLessThanOrEqual(1_000);
    expect(row!.event).toMatch(/^[\d,]+ × connection pool exhausted/);
    const sat = t.analysis.saturation.find((s) => s.signal.includes("connection pool exhausted"));
    expect(sat?.coveredByAlert).toBe(false);
    expect(
      t.findings.some((f) => f.kind === "error-signature" && f.summary.includes("connection pool exhausted")),
    ).toBe(true);
  });

  it("keeps the human story: slow queries identified, and the restart that did not help", () => {
    const found = t.entries.find((e) => e.kind === "chat" && /slow quer/i.test(e.event));
    // Slack's `ts` carries microseconds; the truth is stated to the second
    expect(Math.abs(Date.parse(found!.time) - Date.parse(truth.slowQueriesIdentified))).toBeLessThanOrEqual(1_000);
    expect(t.analysis.ineffectiveActions.some((a) => /restart/.test(a.summary))).toBe(true);
  });

  it("finds the database log's clock skew from the lines it shares with the application", () => {
    const skewed = t.findings.filter((f) => f.kind === "clock-skew");
    expect(skewed.length).toBeGreaterThan(0);
    for (const f of skewed) {
      const expected = truth.skewSeconds[f.source ?? ""];
      expect(expected, `unexpected skew finding ${f.summary}`).toBeDefined();
      expect(Math.abs((f.offsetSeconds ?? 0) - (expected ?? 0))).toBeLessThanOrEqual(0.5);
    }
    expect(skewed.some((f) => f.source === "evidence/kubectl-orders-db.log")).toBe(true);
  });

  it("measures the impact", () => {
    const peak = t.analysis.impact.peak;
    expect(peak?.time).toBe(new Date(truth.peakErrorRateAt).toISOString());
    expect(Math.abs((peak?.errorRate ?? 0) - truth.peakErrorRate)).toBeLessThanOrEqual(0.03);
    expect(t.analysis.impact.endpoints.length).toBeGreaterThan(0);
    expect(t.entries.length).toBeGreaterThan(10);
    expect(t.entries.length).toBeLessThanOrEqual(40);
  });
});
