import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadIncidentConfigFile } from "../evidence/index.js";
import { DebriefError } from "../model/debrief-error.js";
import type { IncidentConfig } from "../model/incident-config.js";
import { buildTimeline, type TimelineResult } from "../timeline/index.js";
import { type BacktestResult, backtestRules } from "./backtest.js";
import { burnRateRules, type SloSpec } from "./burn-rate-rules.js";
import { readEvidenceSignals } from "./evidence-signals.js";
import { type IncidentFacts, incidentFacts } from "./incident-facts.js";
import { checkRules, findPromtool } from "./promtool.js";
import { renderRulesYaml } from "./rules-yaml.js";
import { type RunbookStub, runbookStubs } from "./runbooks.js";
import { type BacktestSeries, kebab, type SuggestedRule } from "./suggested-rule.js";
import { thresholdRules } from "./threshold-rules.js";

/** An action item Debrief suggests for a new alert, with the check that tells whether its pattern recurred. */
export interface SuggestedActionItem {
  action: string;
  /** `alert`, `template` or `promql`, as in the post-mortem's `checks:` front matter. */
  check: { kind: "alert" | "template" | "promql"; value: string };
  runbook: string;
}

/** Everything `debrief suggest` proposes for one incident. */
export interface PreventionResult {
  incident: { id: string; dir: string | null };
  rules: SuggestedRule[];
  /** The rule file to deploy (`groups:`), header comment included. */
  rulesYaml: string;
  /** `promtool check rules` on `rulesYaml`: null when promtool is not installed. */
  check: { ok: boolean; output: string } | null;
  backtest: BacktestResult | null;
  /** Why there is no backtest (no promtool, no rules, turned off). */
  backtestSkipped: string | null;
  runbooks: RunbookStub[];
  actionItems: SuggestedActionItem[];
  /** The series the backtest used (for `--series FILE` output as OpenMetrics). */
  series: BacktestSeries[];
  facts: IncidentFacts;
}

/** How to suggest. */
export interface PreventionOptions {
  /** The incident folder (with `debrief.yaml` and `evidence/`); evidence paths default to its `evidence/`. */
  incidentDir?: string;
  cwd?: string;
  /** A timeline already built from the same evidence (skips rebuilding it). */
  timeline?: TimelineResult;
  /** Run the backtest (default true when promtool is found). */
  backtest?: boolean;
  /** The promtool binary; default: found on PATH. `null`: behave as if it were missing. */
  promtool?: string | null;
  /** Prefix of `runbook_url` (default `runbooks/`, the stubs' folder next to the rule file). */
  runbookBase?: string;
  /** SLO to derive burn-rate alerts from; default: `slo:` of debrief.yaml. */
  slo?: SloSpec;
  env?: Record<string, string | undefined>;
}

function sloOf(config: IncidentConfig | undefined): SloSpec | undefined {
  const raw = (config as { slo?: unknown } | undefined)?.slo;
  if (!raw || typeof raw !== "object") return undefined;
  const { target, window } = raw as { target?: unknown; window?: unknown };
  if (typeof target !== "number" || !(target > 0)) return undefined;
  return { target, window: typeof window === "string" ? window : "30d" };
}

/**
 * Suggest prevention for one incident: Prometheus alerting rules derived from the timeline's findings and the
 * metric series in the evidence (plus SLO burn-rate rules when an SLO is configured), checked with `promtool check
 * rules`, backtested on the incident's own series with `promtool test rules`, runbook stubs and action items with
 * checks. Suggestions only: nothing is written here.
 * @throws DebriefError `USAGE` when there is no evidence to read
 */
export async function suggestPrevention(paths: string[], options: PreventionOptions = {}): Promise<PreventionResult> {
  const cwd = options.cwd ?? process.cwd();
  const incidentDir = options.incidentDir ? resolve(cwd, options.incidentDir) : undefined;
  // an incident folder keeps its evidence under evidence/; a folder without one is the evidence itself
  const evidenceDir =
    incidentDir && existsSync(join(incidentDir, "evidence")) ? join(incidentDir, "evidence") : incidentDir;
  const inputs = paths.length > 0 ? paths : evidenceDir ? [evidenceDir] : [];
  if (inputs.length === 0) throw new DebriefError("USAGE", "give an incident folder or evidence paths");
  const loaded = incidentDir ? await loadIncidentConfigFile(incidentDir) : undefined;
  const config = loaded?.config;
  const timeline = options.timeline ?? (await buildTimeline(inputs, { cwd, ...(incidentDir ? { incidentDir } : {}) }));
  const facts = incidentFacts(timeline, config?.services ?? []);
  const base = incidentDir ?? cwd;
  const sources = timeline.sources.map((s) => {
    const a = resolve(base, s.path);
    return { path: s.path, format: s.format, absolute: existsSync(a) ? a : resolve(cwd, s.path) };
  });
  // The series are read again as the timeline read them: zone-less files stay zone-less (not "configured" UTC)
  // unless debrief.yaml states a zone, and a zone the timeline inferred for a file applies here too.
  const inferred: Record<string, string> = {};
  for (const s of timeline.sources) if (s.timezoneOrigin === "inferred") inferred[s.path] = s.timezone;
  const signals = await readEvidenceSignals(sources, {
    ...(incidentDir ? { incidentDir } : {}),
    ...(loaded ? { incidentConfig: loaded.config, incidentTimezoneStated: loaded.timezoneStated } : {}),
    ...(Object.keys(inferred).length > 0 ? { tz: inferred } : {}),
    cwd,
  });
  const pager = signals.alerts.find((a) => timeline.milestones.detected?.rationale?.includes(a.name));
  const pageSeverity = pager?.severity ?? "critical";
  const id = config?.id ?? timeline.window.start.slice(0, 10);
  const group = `debrief-${kebab(id)}`;
  const common = { pageSeverity, group, ...(options.runbookBase ? { runbookBase: options.runbookBase } : {}) };
  const threshold = thresholdRules(signals.families, signals.alerts, facts, common);
  const slo = options.slo ?? sloOf(config);
  const burn = slo ? burnRateRules(slo, signals.families, signals.alerts, facts, common) : null;
  const rules = [...threshold.rules, ...(burn?.rules ?? [])];
  const series = [...threshold.series, ...(burn?.series ?? [])];
  const rulesYaml = renderRulesYaml(rules, {
    header: [
      `Alerting rules suggested by Debrief for ${id}: confirm each one before deploying it.`,
      "Derived from the incident's findings and evidence series; see docs/prevention.md.",
      ...rules.map((r) => `${r.alert}: ${r.rationale}`),
    ].join("\n"),
  });
  const promtool = options.promtool === null ? null : (options.promtool ?? findPromtool(options.env));
  let check: PreventionResult["check"] = null;
  let backtest: BacktestResult | null = null;
  let backtestSkipped: string | null = null;
  if (promtool && rules.length > 0) {
    const dir = await mkdtemp(join(tmpdir(), "debrief-rules-"));
    try {
      await writeFile(join(dir, "alerts.yml"), rulesYaml);
      const complaint = await checkRules(promtool, join(dir, "alerts.yml"));
      check = { ok: complaint === null, output: complaint ?? "SUCCESS" };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  if (rules.length === 0)
    backtestSkipped = "no rule suggested: no metric series separates the incident from its baseline";
  else if (options.backtest === false) backtestSkipped = "backtest turned off";
  else if (!promtool)
    backtestSkipped = "promtool not found (install the Debian/Ubuntu package prometheus, or set DEBRIEF_PROMTOOL)";
  else backtest = await backtestRules(promtool, rules, series, facts);
  const runbooks = runbookStubs(timeline, facts, rules, backtest?.rules ?? [], id);
  const actionItems: SuggestedActionItem[] = rules
    .filter((r) => r.reason !== "slo-burn" || r.labels.window === "1h")
    .map((r) => ({
      action: `Add alert ${r.alert} (${r.labels.severity}) and its runbook ${r.runbook}: ${r.annotations.summary}`,
      check: { kind: "alert" as const, value: r.alert },
      runbook: r.runbook,
    }));
  for (const s of facts.uncoveredSaturation.slice(0, 2)) {
    const rule = rules.find((r) => r.signal === "saturation");
    actionItems.push({
      action: `Remove the cause of "${s}" (capacity or query fix), not only alert on it`,
      check: { kind: "template", value: s },
      runbook: rule?.runbook ?? runbooks[runbooks.length - 1]?.file ?? "",
    });
  }
  return {
    incident: { id, dir: incidentDir ?? null },
    rules,
    rulesYaml,
    check,
    backtest,
    backtestSkipped,
    runbooks,
    actionItems,
    series,
    facts,
  };
}
