import { metricClass } from "../timeline/classify.js";
import type { EvidenceAlert, EvidenceFamily } from "./evidence-signals.js";
import type { IncidentFacts } from "./incident-facts.js";
import { splitComparison, withRange } from "./promql-text.js";
import { type BacktestSeries, kebab, pascal, promNumber, type SuggestedRule } from "./suggested-rule.js";
import { signalsOf } from "./threshold-rules.js";

/** The SLO as `debrief.yaml` states it (`slo:`). */
export interface SloSpec {
  /** Ratio (0.999); a value above 1 is read as percent (99.9). */
  target: number;
  /** The SLO window, e.g. `30d` (only documented in the annotations: burn rates are relative to it). */
  window: string;
}

/**
 * The multi-window, multi-burn-rate alerts of the Google SRE workbook (chapter 5, "Alerting on SLOs", table 5-8):
 * a long window that measures the burn and a short window (1/12 of it) that stops the alert soon after the burn
 * stops. 14.4 over 1 h spends 2 % of a 30-day budget; 6 over 6 h spends 5 %; 3 over 1 d and 1 over 3 d spend 10 %.
 */
export const BURN_WINDOWS = [
  { long: "1h", short: "5m", longS: 3600, shortS: 300, factor: 14.4, severity: "page" as const },
  { long: "6h", short: "30m", longS: 21_600, shortS: 1800, factor: 6, severity: "page" as const },
  { long: "1d", short: "2h", longS: 86_400, shortS: 7200, factor: 3, severity: "ticket" as const },
  { long: "3d", short: "6h", longS: 259_200, shortS: 21_600, factor: 1, severity: "ticket" as const },
];

/** `target` as a ratio. */
export function sloRatio(target: number): number {
  return target > 1 ? target / 100 : target;
}

/**
 * Burn-rate rules on the error ratio the evidence carries. The deployed expression recomputes the ratio over each
 * window from the counters (the existing error alert's left-hand side with its range replaced, or the collected
 * query); the backtest averages the collected ratio series over the same windows (`avg_over_time`), which equals
 * the true ratio when traffic is steady. Null when no error-ratio series is in the evidence.
 */
export function burnRateRules(
  slo: SloSpec,
  families: readonly EvidenceFamily[],
  alerts: readonly EvidenceAlert[],
  facts: IncidentFacts,
  options: { runbookBase?: string; pageSeverity: string; group: string },
): { rules: SuggestedRule[]; series: BacktestSeries[] } | null {
  const sig = signalsOf(families).find((s) => s.cls === "errors");
  if (!sig) return null;
  const ratio = sloRatio(slo.target);
  if (!(ratio > 0 && ratio < 1)) return null;
  const budget = 1 - ratio;
  const service = facts.services[0] ?? "";
  // the deployed ratio: a collected query or an existing error alert's left-hand side, with its range swapped
  let prod: string | null = null;
  let origin: SuggestedRule["exprOrigin"] = "evidence-stand-in";
  if (sig.family.query && sig.base === sig.name) {
    prod = sig.family.query;
    origin = "collected-query";
  } else {
    for (const a of alerts) {
      const cmp = a.expr ? splitComparison(a.expr) : null;
      if (cmp && metricClass(`${a.name} ${a.expr}`) === "errors" && /\[[^\]]+\]/.test(cmp.lhs)) {
        prod = cmp.lhs;
        origin = "alert-expression";
        break;
      }
    }
  }
  const rules: SuggestedRule[] = [];
  const step = Math.max(1, Math.round(sig.family.stepMs / 1000));
  for (const w of BURN_WINDOWS) {
    const severity = w.severity === "page" ? options.pageSeverity : "warning";
    const limit = `${promNumber(w.factor)} * ${promNumber(budget)}`;
    const deployed = (range: string) =>
      prod ? `(${withRange(prod, range)})` : `avg_over_time((${sig.base})[${range}:${step}s])`;
    const tested = (range: string) => `avg_over_time((${sig.base})[${range}:${step}s])`;
    const alert = `${pascal(service)}ErrorBudgetBurn${pascal(w.long)}`;
    const forSeconds = w.severity === "page" ? 120 : 900;
    rules.push({
      alert,
      group: options.group,
      expr: `${deployed(w.long)} > (${limit}) and ${deployed(w.short)} > (${limit})`,
      exprOrigin: prod ? origin : "evidence-stand-in",
      backtestExpr: `${tested(w.long)} > (${limit}) and ${tested(w.short)} > (${limit})`,
      forSeconds,
      labels: { severity, ...(service ? { service } : {}), slo: `${promNumber(ratio * 100)}%`, window: w.long },
      annotations: {
        summary: `${service ? `${service} ` : ""}burns its error budget ${promNumber(w.factor)}x too fast (${w.long}/${w.short})`,
        description: `The error ratio over ${w.long} and over ${w.short} is above ${promNumber(w.factor)} x ${promNumber(budget)} (SLO ${promNumber(ratio * 100)}% over ${slo.window}): at this rate ${promNumber(Math.round((w.factor * w.longS * 1000) / (30 * 86_400)) / 10)}% of a 30-day budget goes in ${w.long}.`,
        runbook_url: `${options.runbookBase ?? "runbooks/"}${kebab(`${pascal(service)}ErrorBudgetBurn`)}.md`,
      },
      reason: "slo-burn",
      rationale: `SLO ${promNumber(ratio * 100)}% configured in debrief.yaml; burn rate ${promNumber(w.factor)} over ${w.long} and ${w.short} (Google SRE workbook, ch. 5) on ${sig.family.file}`,
      source: sig.family.file,
      signal: "slo",
      threshold: w.factor * budget,
      windowSeconds: w.longS,
      runbook: `${kebab(`${pascal(service)}ErrorBudgetBurn`)}.md`,
    });
  }
  return { rules, series: sig.series };
}
