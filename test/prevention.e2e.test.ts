import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type PreventionResult, suggestPrevention, toOpenMetrics } from "../src/prevention/index.js";
import { generateScenario, type ScenarioOptions, type ScenarioTruth } from "./scenarios/incident-scenario.js";
import { PROMTOOL_BIN, prometheusAvailable, startPrometheus } from "./support/prometheus-server.js";
import { writeScenarioMetrics } from "./support/scenario-metrics.js";
import { canRun } from "./support/skip-reason.js";

/**
 * Suggested alerting rules on the example incident and on generated incidents with a metric for the failing class:
 * every rule file passes `promtool check rules`, and the backtest with Prometheus' rule engine (`promtool test
 * rules`) fires within the impact window, earlier than the actual alert where that was late, with a measured
 * baseline false-alarm rate.
 */
const available = canRun("the prevention backtest tests", "promtool and Prometheus", prometheusAvailable());

const EXAMPLE = join(import.meta.dirname, "..", "examples", "incidents", "api-degradation");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function checkWritten(p: PreventionResult): void {
  const dir = mkdtempSync(join(tmpdir(), "debrief-prev-check-"));
  dirs.push(dir);
  writeFileSync(join(dir, "alerts.yml"), p.rulesYaml);
  // the real binary, on the exact text Debrief writes (throws on a non-zero exit)
  const out = execFileSync(PROMTOOL_BIN, ["check", "rules", join(dir, "alerts.yml")], { encoding: "utf8" });
  expect(out).toContain(`SUCCESS: ${p.rules.length} rules found`);
}

describe.skipIf(!available)("prevention on the example incident", () => {
  let p: PreventionResult;
  it("suggests rules for the failing class, the saturation that led, and the ignored precursor", async () => {
    p = await suggestPrevention([], { incidentDir: EXAMPLE });
    expect(p.check?.ok).toBe(true);
    checkWritten(p);
    const byReason = Object.fromEntries(p.rules.map((r) => [r.reason, r]));
    expect(byReason["saturation-lead"]?.alert).toBe("OrdersApiDbPoolNearLimit");
    expect(byReason["ignored-precursor"]?.alert).toBe("OrdersApiLatencyP99High");
    const err = p.rules.find((r) => r.signal === "errors");
    // built from the metric names and labels in the evidence (the paging alert's expression)
    expect(err?.expr).toContain('http_requests_total{namespace="shop",service="orders-api",code=~"5.."}');
    expect(err?.annotations.runbook_url).toBe(`runbooks/${err?.runbook}`);
    expect(p.runbooks.map((r) => r.file)).toContain(err?.runbook);
  });

  it("backtests with the rule engine: fires in the impact window, no later than HighErrorRate, baseline measured", () => {
    const impactStart = Date.parse("2025-02-09T10:05:23Z");
    const recovered = Date.parse("2025-02-09T10:34:57Z");
    const detected = Date.parse("2025-02-09T10:06:45Z");
    for (const r of p.rules.filter((x) => x.signal === "errors" || x.signal === "saturation")) {
      const b = p.backtest?.rules.find((x) => x.alert === r.alert);
      expect(b?.verdict, r.alert).toBe("in-impact");
      const at = Date.parse(b?.firstFiring ?? "");
      expect(at).toBeGreaterThanOrEqual(impactStart);
      expect(at).toBeLessThanOrEqual(recovered);
      expect(at).toBeLessThan(detected);
      expect(b?.summary).toMatch(/would have fired at 10:0\d:\d\d, \d+ s before HighErrorRate/);
      expect(b?.baseline.firings).toBe(0);
      expect(b?.baseline.hours).toBeGreaterThan(0.4);
      expect(b?.baseline.perWeekUpper95).toBeGreaterThan(0);
    }
    const lat = p.backtest?.rules.find((x) => x.alert === "OrdersApiLatencyP99High");
    expect(lat?.verdict).toBe("early-warning");
  });

  it("a real Prometheus over the backfilled series agrees with promtool on when the condition turned true", async () => {
    const rule = p.rules.find((r) => r.signal === "errors")!;
    const server = await startPrometheus(toOpenMetrics(p.series));
    try {
      const start = Date.parse("2025-02-09T09:55:00Z") / 1000;
      const url = new URL(`${server.url}/api/v1/query_range`);
      url.searchParams.set("query", rule.backtestExpr);
      url.searchParams.set("start", String(start));
      url.searchParams.set("end", String(start + 1800));
      url.searchParams.set("step", "15");
      const body = (await (await fetch(url)).json()) as {
        data: { result: Array<{ values: Array<[number, string]> }> };
      };
      const firstTrue = Math.min(...body.data.result.map((s) => s.values[0]?.[0] ?? Number.POSITIVE_INFINITY));
      const fired = Date.parse(p.backtest!.rules.find((x) => x.alert === rule.alert)!.firstFiring!) / 1000;
      expect(fired - firstTrue).toBe(rule.forSeconds);
    } finally {
      await server.stop();
    }
  });

  it("with an SLO configured, adds multi-window multi-burn-rate alerts that pass promtool and fire in the impact", async () => {
    const s = await suggestPrevention([], { incidentDir: EXAMPLE, slo: { target: 99.9, window: "30d" } });
    checkWritten(s);
    const burn = s.rules.filter((r) => r.reason === "slo-burn");
    expect(burn.map((r) => r.labels.window)).toEqual(["1h", "6h", "1d", "3d"]);
    expect(burn[0]?.expr).toMatch(/\[1h\].*> \(14\.4 \* 0\.001\) and .*\[5m\]/);
    const fast = s.backtest?.rules.find((x) => x.alert === burn[0]?.alert);
    expect(fast?.verdict).toBe("in-impact");
    expect(fast?.baseline.firings).toBe(0);
  });
});

const base: ScenarioOptions = {
  seed: 1,
  start: "2025-02-09T09:30:00Z",
  baselineMinutes: 30,
  impactMinutes: 17,
  rps: 8,
  baselineErrorRate: 0.004,
  impactErrorRate: 0.4,
};

const SCENARIOS: Array<[string, ScenarioOptions]> = [
  [
    "skewed clock, gap, precursor, several deploys",
    { ...base, appSkewSeconds: 7, appGap: [20, 23], precursor: true, extraDeploys: 3 },
  ],
  ["false recovery", { ...base, seed: 3, impactMinutes: 25, falseRecovery: { atMinute: 6, pauseMinutes: 4 } }],
  ["five-minute incident", { ...base, seed: 7, impactMinutes: 5, rps: 6 }],
  [
    "six hours, noisy baseline, alert 9 min late",
    {
      ...base,
      seed: 8,
      baselineMinutes: 60,
      impactMinutes: 360,
      rps: 2,
      baselineErrorRate: 0.02,
      impactErrorRate: 0.3,
      alertDelayMinutes: 9,
    },
  ],
  ["no alerting at all", { ...base, seed: 9, omit: ["alerts", "pagerduty", "slack"] }],
  [
    "baseline 503s of the same class",
    { ...base, seed: 11, tailMinutes: 30, baselineErrorRate: 0.05, baselineStatus: 503 },
  ],
];

describe.skipIf(!available)("prevention on generated incidents with an error-ratio metric", () => {
  it.each(SCENARIOS)(
    "%s",
    async (_name, options) => {
      const dir = mkdtempSync(join(tmpdir(), "debrief-prev-scn-"));
      dirs.push(dir);
      const truth: ScenarioTruth = generateScenario(dir, options);
      writeScenarioMetrics(dir);
      const p = await suggestPrevention([], { incidentDir: dir });
      checkWritten(p);
      const rule = p.rules.find((r) => r.signal === "errors");
      expect(rule?.exprOrigin).toBe("collected-query");
      const b = p.backtest?.rules.find((x) => x.alert === rule?.alert);
      expect(b?.verdict).toBe("in-impact");
      const at = Date.parse(b!.firstFiring!);
      expect(at).toBeGreaterThanOrEqual(truth.impactStart);
      expect(at).toBeLessThanOrEqual(truth.recovered);
      // the actual alert counts as late after two minutes: the suggested rule must beat it
      if (truth.detected !== null && truth.detected - truth.impactStart > 120_000)
        expect(at).toBeLessThan(truth.detected);
      expect(b!.baseline.hours).toBeGreaterThan(0.3);
      expect(Number.isFinite(b!.baseline.perWeek)).toBe(true);
      expect(b!.summary).toMatch(
        /baseline \(threshold fitted on it\): \d+ false alarm\(s\) in [\d.]+ h = [\d.]+\/week/,
      );
    },
    60_000,
  );
});

describe("prevention without promtool", () => {
  it("still suggests the rules, unchecked, and says why there is no backtest", async () => {
    const p = await suggestPrevention([], { incidentDir: EXAMPLE, promtool: null });
    expect(p.rules.length).toBeGreaterThanOrEqual(3);
    expect(p.check).toBeNull();
    expect(p.backtest).toBeNull();
    expect(p.backtestSkipped).toContain("promtool not found");
  }, 60_000);

  it("refuses a call without evidence", async () => {
    await expect(suggestPrevention([])).rejects.toThrow("give an incident folder or evidence paths");
  });
});
