import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { DebriefError } from "../model/debrief-error.js";
import type { IncidentFacts } from "./incident-facts.js";
import { uniqueSeries } from "./open-metrics.js";
import { selector } from "./promql-text.js";
import { parseTestRulesFirings, runPromtool } from "./promtool.js";
import { renderRulesYaml } from "./rules-yaml.js";
import type { BacktestSeries, SuggestedRule } from "./suggested-rule.js";

const WEEK_MS = 7 * 864e5;

/** A stretch during which the rule fired (any of its label sets). */
export interface Firing {
  start: string;
  end: string;
}

/** What the real rule engine did with one suggested rule on the incident's own series. */
export interface RuleBacktest {
  alert: string;
  /** Every firing over the data. */
  firings: Firing[];
  /** First firing that started after the baseline and before impact ended; null when it never fired then. */
  firstFiring: string | null;
  /** Where that firing lies: before impact (early warning), during impact, or none. */
  verdict: "early-warning" | "in-impact" | "already-firing" | "missed";
  /** Seconds the rule would have fired before the actual detection (negative: after it). */
  leadSeconds: number | null;
  /** What actually detected the incident (alert name or report) and when. */
  actual: { what: string; time: string } | null;
  /** False alarms in the baseline (firings that started before `baselineEnd`). */
  baseline: {
    from: string;
    to: string;
    hours: number;
    firings: number;
    perWeek: number;
    /** 95 % upper bound on firings per week when none was seen (rule of three), else null. */
    perWeekUpper95: number | null;
  };
  /** One sentence for people. */
  summary: string;
}

/** The run as a whole. */
export interface BacktestResult {
  engine: "promtool test rules";
  intervalSeconds: number;
  evaluations: number;
  durationMs: number;
  rules: RuleBacktest[];
}

/** `10:06:30` from epoch ms. */
function hms(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** `2 min 44 s` / `15 s`. */
export function humanSeconds(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 ? ` ${s % 60} s` : ""}`;
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ""}`;
}

/** The promtool unit-test document: every series on the grid, and "no alert expected" at every evaluation. */
export function buildRulesTest(
  rules: readonly SuggestedRule[],
  series: readonly BacktestSeries[],
  grid: { t0: number; intervalMs: number; points: number },
): string {
  const input = uniqueSeries(series).map((s) => {
    const values: string[] = new Array(grid.points).fill("_");
    for (const [t, v] of s.samples) {
      const i = Math.round((t - grid.t0) / grid.intervalMs);
      if (i >= 0 && i < grid.points && Number.isFinite(v)) values[i] = String(v);
    }
    return { series: selector(s.name, s.labels), values: values.join(" ") };
  });
  const tests = [];
  for (const r of rules) {
    for (let i = 1; i < grid.points; i++) {
      tests.push({ eval_time: `${Math.round((i * grid.intervalMs) / 1000)}s`, alertname: r.alert, exp_alerts: [] });
    }
  }
  const seconds = Math.round(grid.intervalMs / 1000);
  return stringify(
    {
      rule_files: ["rules.yml"],
      evaluation_interval: `${seconds}s`,
      tests: [{ interval: `${seconds}s`, input_series: input, alert_rule_test: tests }],
    },
    { lineWidth: 0 },
  );
}

function episodes(times: number[], intervalMs: number): Array<{ start: number; end: number }> {
  const sorted = [...new Set(times)].sort((a, b) => a - b);
  const out: Array<{ start: number; end: number }> = [];
  for (const t of sorted) {
    const last = out[out.length - 1];
    if (last && t - last.end <= intervalMs) last.end = t;
    else out.push({ start: t, end: t });
  }
  return out;
}

/**
 * Backtest `rules` on `series` with Prometheus' own rule engine: `promtool test rules` evaluates the rule group
 * every step over the series (placed on the collector's grid, `_` where a sample is missing) exactly as a server
 * would, `for:` included; each evaluation expects no alert, so promtool's failure report lists every firing.
 */
export async function backtestRules(
  promtool: string,
  rules: readonly SuggestedRule[],
  series: readonly BacktestSeries[],
  facts: IncidentFacts,
): Promise<BacktestResult> {
  const started = Date.now();
  const all = uniqueSeries(series).filter((s) => s.samples.length > 0);
  if (rules.length === 0 || all.length === 0) {
    return { engine: "promtool test rules", intervalSeconds: 0, evaluations: 0, durationMs: 0, rules: [] };
  }
  const steps = all.map((s) => {
    const gaps: number[] = [];
    for (let i = 1; i < s.samples.length; i++)
      gaps.push((s.samples[i] as readonly number[])[0]! - (s.samples[i - 1] as readonly number[])[0]!);
    gaps.sort((a, b) => a - b);
    return gaps[Math.floor(gaps.length / 2)] ?? 15_000;
  });
  const intervalMs = Math.max(1000, Math.round(Math.min(...steps) / 1000) * 1000);
  const t0 = Math.min(...all.map((s) => (s.samples[0] as readonly number[])[0]!));
  const tEnd = Math.max(...all.map((s) => (s.samples[s.samples.length - 1] as readonly number[])[0]!));
  const points = Math.floor((tEnd - t0) / intervalMs) + 1;
  const dir = await mkdtemp(join(tmpdir(), "debrief-backtest-"));
  try {
    await writeFile(
      join(dir, "rules.yml"),
      renderRulesYaml(rules, { variant: "backtest", intervalSeconds: intervalMs / 1000 }),
    );
    await writeFile(join(dir, "test.yml"), buildRulesTest(rules, all, { t0, intervalMs, points }));
    const run = await runPromtool(promtool, ["test", "rules", "test.yml"], { cwd: dir, timeoutMs: 300_000 });
    const text = `${run.stdout}\n${run.stderr}`;
    if (run.code !== 0 && !/FAILED:/.test(text)) {
      throw new DebriefError(
        "EXTERNAL_TOOL",
        `promtool test rules could not evaluate the backtest: ${text.trim().slice(0, 600)}`,
      );
    }
    const firings = parseTestRulesFirings(text);
    const results = rules.map((r) =>
      judge(
        r,
        firings.filter((f) => f.alert === r.alert).map((f) => t0 + f.atMs),
        intervalMs,
        t0,
        facts,
      ),
    );
    return {
      engine: "promtool test rules",
      intervalSeconds: intervalMs / 1000,
      evaluations: points * rules.length,
      durationMs: Date.now() - started,
      rules: results,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function judge(r: SuggestedRule, times: number[], intervalMs: number, t0: number, facts: IncidentFacts): RuleBacktest {
  const eps = episodes(times, intervalMs);
  const baselineEnd = facts.baselineEnd ?? facts.impactStart ?? t0;
  const impactEnd = facts.impactEnd ?? Number.POSITIVE_INFINITY;
  const falseAlarms = eps.filter((e) => e.start < baselineEnd).length;
  const hit = eps.find((e) => e.start >= baselineEnd && e.start <= impactEnd);
  // a firing that began in the baseline and still ran when impact began: no signal, and a false alarm before it
  const carried = eps.find((e) => e.start < baselineEnd && e.end >= baselineEnd);
  const verdict: RuleBacktest["verdict"] = !hit
    ? carried
      ? "already-firing"
      : "missed"
    : facts.impactStart !== null && hit.start < facts.impactStart
      ? "early-warning"
      : "in-impact";
  const actual = facts.detected;
  const lead = hit && actual ? (actual.time - hit.start) / 1000 : null;
  const baseMs = Math.max(0, baselineEnd - t0);
  const weeks = baseMs / WEEK_MS;
  const perWeek = weeks > 0 ? falseAlarms / weeks : 0;
  const upper = falseAlarms === 0 && weeks > 0 ? 3 / weeks : null;
  const round = (x: number) => (x >= 100 ? Math.round(x) : Math.round(x * 10) / 10);
  let summary: string;
  if (!hit && carried) {
    summary = `${r.alert} was already firing since ${hms(carried.start)}, before the incident: it could not have signalled it`;
  } else if (!hit) summary = `${r.alert} would not have fired during the incident`;
  else {
    const when = `would have fired at ${hms(hit.start)}`;
    const pre =
      verdict === "early-warning" && facts.impactStart !== null
        ? ` (${humanSeconds((facts.impactStart - hit.start) / 1000)} before impact began)`
        : "";
    const vs =
      lead === null || !actual
        ? ""
        : lead >= 0
          ? `, ${humanSeconds(lead)} before ${actual.what}`
          : `, ${humanSeconds(lead)} after ${actual.what}`;
    summary = `${r.alert} ${when}${pre}${vs}`;
  }
  // a window longer than the history before the firing averaged only what was collected: a weaker test
  const history = ((hit?.start ?? eps[0]?.start ?? t0) - t0) / 1000;
  if (r.windowSeconds !== undefined && r.windowSeconds > history) {
    summary += ` (its ${humanSeconds(r.windowSeconds)} window is longer than the ${humanSeconds(history)} of data before: averaged over what was collected)`;
  }
  // a threshold fitted on this very baseline cannot be judged by it: say so next to the number
  const fitted = r.reason === "slo-burn" ? "" : " (threshold fitted on it)";
  summary += `; baseline${fitted}: ${falseAlarms} false alarm(s) in ${round(baseMs / 36e5)} h = ${round(perWeek)}/week${upper !== null ? ` (95% upper bound ${round(upper)}/week)` : ""}`;
  return {
    alert: r.alert,
    firings: eps.map((e) => ({ start: new Date(e.start).toISOString(), end: new Date(e.end).toISOString() })),
    firstFiring: hit ? new Date(hit.start).toISOString() : null,
    verdict,
    leadSeconds: lead,
    actual: actual ? { what: actual.what, time: new Date(actual.time).toISOString() } : null,
    baseline: {
      from: new Date(t0).toISOString(),
      to: new Date(baselineEnd).toISOString(),
      hours: Math.round((baseMs / 36e5) * 100) / 100,
      firings: falseAlarms,
      perWeek: Math.round(perWeek * 100) / 100,
      perWeekUpper95: upper === null ? null : Math.round(upper),
    },
    summary,
  };
}
