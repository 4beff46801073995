import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { MilestoneName } from "../src/model/timeline.js";
import { buildTimeline, type TimelineResult } from "../src/timeline/index.js";
import { generateScenario, type ScenarioOptions, type ScenarioTruth } from "./scenarios/incident-scenario.js";

/**
 * The timeline engine against generated incidents whose truth is known exactly. Tolerances:
 * - impactStart within 5 s (nginx logs whole seconds; a baseline 5xx in the same seconds is indistinguishable);
 * - recovered within 15 s (baseline 5xx right after the last incident failure look the same);
 * - detected, paged, acknowledged, resolved, mitigated within 1 s (the sources carry these times, some in
 *   whole seconds);
 * - clock skew within 0.5 s; gaps must overlap the injected gap.
 */
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function run(
  options: ScenarioOptions,
  build: Parameters<typeof buildTimeline>[1] = {},
): Promise<{ t: TimelineResult; truth: ScenarioTruth }> {
  const dir = mkdtempSync(join(tmpdir(), "debrief-scenario-"));
  dirs.push(dir);
  const truth = generateScenario(dir, options);
  const t = await buildTimeline([dir], build);
  return { t, truth };
}

function at(t: TimelineResult, name: MilestoneName): number {
  const m = t.milestones[name];
  if (!m) throw new Error(`milestone ${name} missing; findings: ${t.findings.map((f) => f.summary).join(" / ")}`);
  return Date.parse(m.time);
}

function expectNear(actual: number, expected: number, toleranceMs: number, what: string): void {
  const diff = Math.abs(actual - expected);
  if (diff > toleranceMs) {
    throw new Error(
      `${what}: ${new Date(actual).toISOString()} vs truth ${new Date(expected).toISOString()} (${diff} ms off)`,
    );
  }
}

function expectMilestones(t: TimelineResult, truth: ScenarioTruth): void {
  expectNear(at(t, "impactStart"), truth.impactStart, 5_000, "impactStart");
  if (truth.detected !== null) expectNear(at(t, "detected"), truth.detected, 1_000, "detected");
  if (truth.paged !== null) expectNear(at(t, "paged"), truth.paged, 1_000, "paged");
  if (truth.acknowledged !== null) expectNear(at(t, "acknowledged"), truth.acknowledged, 1_000, "acknowledged");
  expectNear(at(t, "mitigated"), truth.mitigated, 1_000, "mitigated");
  expectNear(at(t, "recovered"), truth.recovered, 15_000, "recovered");
  if (truth.resolved !== null) expectNear(at(t, "resolved"), truth.resolved, 1_000, "resolved");
}

const base: ScenarioOptions = {
  seed: 1,
  start: "2025-02-09T09:30:00Z",
  baselineMinutes: 30,
  impactMinutes: 17,
  rps: 8,
  baselineErrorRate: 0.004,
  impactErrorRate: 0.4,
};

describe("timeline scenarios", () => {
  it("skewed app clock, log-rotation gap, precursor alert, several deploys", async () => {
    const { t, truth } = await run({ ...base, appSkewSeconds: 7, appGap: [20, 23], precursor: true, extraDeploys: 3 });
    expectMilestones(t, truth);
    const skew = t.findings.find((f) => f.kind === "clock-skew");
    expect(skew?.source).toBe(truth.files.app);
    expect(Math.abs((skew?.offsetSeconds ?? 0) - 7)).toBeLessThanOrEqual(0.5);
    const gap = t.findings.find((f) => f.kind === "gap" && f.source === truth.files.app);
    expect(gap).toBeDefined();
    const g = truth.appGap!;
    expect(Date.parse(gap!.from!)).toBeLessThan(g.to + 7_000);
    expect(Date.parse(gap!.to!)).toBeGreaterThan(g.from + 7_000);
    // the deploy that mattered ranks first among several
    const suspects = t.findings.filter((f) => f.kind === "suspect-change");
    expect(suspects.length).toBeGreaterThanOrEqual(2);
    expectNear(Date.parse(suspects[0]!.time!), truth.trigger, 1_000, "top suspect change");
    expect(suspects[0]!.summary).toContain("v2.3.0");
    // the precursor is marked as such and did not count as detection
    expect(t.entries.some((e) => e.event.includes("DBLatencyWarning") && e.event.includes("precursor"))).toBe(true);
    expect(t.analysis.alerting.precursors.map((p) => p.name)).toEqual(["DBLatencyWarning"]);
    // a report-sized table with the error signature collapsed into bursts
    expect(t.entries.length).toBeLessThanOrEqual(40);
    expect(t.entries.some((e) => e.kind === "log" && e.count > 100 && e.event.includes("db query timeout"))).toBe(true);
    expect(
      t.findings.some((f) => f.kind === "error-signature" && f.summary.includes("connection pool exhausted")),
    ).toBe(true);
    expect(t.analysis.impact.failedRequests).toBeGreaterThanOrEqual(truth.incidentFailures);
  });

  it("corrects the skew when asked, and the app's errors line up with nginx", async () => {
    const { t } = await run({ ...base, seed: 2, appSkewSeconds: -12 }, { correctSkew: true });
    const skew = t.findings.find((f) => f.kind === "clock-skew");
    expect(Math.abs((skew?.offsetSeconds ?? 0) + 12)).toBeLessThanOrEqual(0.5);
    expect(skew?.summary).toContain("corrected");
    expect(t.analysis.offsets[0]?.applied).toBe(true);
    const burst = t.entries.find((e) => e.event.includes("db query timeout"));
    expect(Math.abs(Date.parse(burst!.first) - at(t, "impactStart"))).toBeLessThanOrEqual(2_000);
  });

  it("a false recovery after a restart is neither mitigation nor recovery", async () => {
    const { t, truth } = await run({
      ...base,
      seed: 3,
      impactMinutes: 25,
      falseRecovery: { atMinute: 6, pauseMinutes: 4 },
    });
    expectMilestones(t, truth);
    expect(t.analysis.impact.segments.length).toBeGreaterThanOrEqual(2);
    expect(t.entries.some((e) => e.event.startsWith("Errors resume after a false recovery"))).toBe(true);
    expect(t.analysis.ineffectiveActions.some((a) => a.summary.includes("restarting"))).toBe(true);
  });

  it("an app log in local time without a zone reads as a time-zone mismatch; --tz fixes it", async () => {
    const opts = { ...base, seed: 4, appLocalZone: "America/New_York" };
    const { t, truth } = await run(opts);
    const tz = t.findings.find((f) => f.kind === "timezone-mismatch");
    expect(tz?.source).toBe(truth.files.app);
    expect(tz?.offsetSeconds).toBeCloseTo(-5 * 3600, -1);
    const fixed = await run(opts, { tz: { "api.jsonl": "America/New_York" } });
    expect(fixed.t.findings.some((f) => f.kind === "timezone-mismatch" || f.kind === "clock-skew")).toBe(false);
    expectMilestones(fixed.t, fixed.truth);
  });

  it("crosses midnight", async () => {
    const { t, truth } = await run({ ...base, seed: 5, start: "2025-12-31T23:25:00Z", baselineMinutes: 36 });
    expect(new Date(truth.impactStart).toISOString().slice(0, 10)).toBe("2026-01-01");
    expectMilestones(t, truth);
  });

  it("crosses a DST change with a local-time source read through its zone", async () => {
    // Europe/Berlin springs forward at 01:00 UTC on 2025-03-30; the app log's wall clock jumps an hour mid-file
    const { t, truth } = await run(
      {
        ...base,
        seed: 6,
        start: "2025-03-30T00:10:00Z",
        baselineMinutes: 35,
        impactMinutes: 30,
        appLocalZone: "Europe/Berlin",
      },
      { tz: { "api.jsonl": "Europe/Berlin" } },
    );
    expectMilestones(t, truth);
    expect(t.findings.some((f) => f.kind === "timezone-mismatch" || f.kind === "clock-skew")).toBe(false);
  });

  it("a five-minute incident", async () => {
    const { t, truth } = await run({ ...base, seed: 7, impactMinutes: 5, rps: 6 });
    expectMilestones(t, truth);
    expect(t.durations.impact).toBeGreaterThan(4 * 60);
    expect(t.durations.impact).toBeLessThan(7 * 60);
  });

  it("a six-hour incident with a noisy baseline", async () => {
    const { t, truth } = await run({
      ...base,
      seed: 8,
      baselineMinutes: 60,
      impactMinutes: 360,
      rps: 2,
      baselineErrorRate: 0.02,
      impactErrorRate: 0.3,
      alertDelayMinutes: 9,
    });
    expectMilestones(t, truth);
    expect(t.durations.timeToRecover).toBeGreaterThan(6 * 3600 - 60);
    // alert latency over two minutes is suggested as a contributing factor
    expect(
      t.analysis.suggestedFactors.some(
        (f) => f.category === "monitoring" && /fired 9(\.\d)? minutes after/.test(f.text),
      ),
    ).toBe(true);
  });

  it("missing alerting, paging and chat: says so and invents nothing", async () => {
    const { t, truth } = await run({ ...base, seed: 9, omit: ["alerts", "pagerduty", "slack"] });
    expectNear(at(t, "impactStart"), truth.impactStart, 5_000, "impactStart");
    expectNear(at(t, "mitigated"), truth.mitigated, 1_000, "mitigated");
    for (const m of ["detected", "paged", "acknowledged", "resolved"] as const) expect(t.milestones[m]).toBeUndefined();
    const missing = t.findings.filter((f) => f.kind === "missing-source").map((f) => f.summary);
    expect(missing.some((s) => s.startsWith("No alert data"))).toBe(true);
    expect(missing.some((s) => s.startsWith("No paging data"))).toBe(true);
    expect(missing.some((s) => s.startsWith("No chat export"))).toBe(true);
    expect(t.findings.filter((f) => f.kind === "missing-milestone")).toHaveLength(4);
  });

  it("baseline failures of the incident's own kind on every endpoint: recovery is where the baseline resumes", async () => {
    // 5 % of all requests fail with 503 at all times; the incident adds 40 % on the affected endpoints. Before the
    // tail was bounded by each class's own baseline rate, recovery ran to the last baseline 503 in the evidence.
    const { t, truth } = await run({
      ...base,
      seed: 11,
      tailMinutes: 30,
      baselineErrorRate: 0.05,
      baselineStatus: 503,
    });
    expectMilestones(t, truth);
  });

  it("a human report in chat before the alert is the detection", async () => {
    const { t, truth } = await run({ ...base, seed: 10, humanReportMinutes: 1, alertDelayMinutes: 4 });
    expect(truth.detected).toBe(truth.impactStart + 60_000);
    expectMilestones(t, truth);
    expect(t.milestones.detected?.evidence[0]?.path).toContain("slack/");
  });
});

describe("parallel collection", () => {
  it("gives the same milestones and findings on worker threads as the streaming k-way merge", async () => {
    const opts: ScenarioOptions = { ...base, seed: 11, appSkewSeconds: 5, appGap: [15, 18], precursor: true };
    const { t: merged, truth } = await run(opts);
    const { t: parallel } = await run(opts, { threads: 3 });
    expectMilestones(parallel, truth);
    expect(parallel.milestones).toEqual(merged.milestones);
    expect(parallel.durations).toEqual(merged.durations);
    expect(parallel.findings.map((f) => [f.kind, f.source, f.offsetSeconds])).toEqual(
      merged.findings.map((f) => [f.kind, f.source, f.offsetSeconds]),
    );
    expect(parallel.analysis.merge.events).toBe(merged.analysis.merge.events);
    expect(parallel.entries.map((e) => [e.time, e.milestone])).toEqual(
      merged.entries.map((e) => [e.time, e.milestone]),
    );
  });
});
