import { metricClass } from "../timeline/classify.js";
import { mad, median } from "../util/stats.js";
import type { EvidenceAlert, EvidenceFamily } from "./evidence-signals.js";
import type { IncidentFacts } from "./incident-facts.js";
import { metricName, splitComparison } from "./promql-text.js";
import {
  type BacktestSeries,
  type ExprOrigin,
  kebab,
  niceUp,
  pascal,
  promNumber,
  type RuleReason,
  type SuggestedRule,
} from "./suggested-rule.js";

/** Prefix of the stand-in metric names the backtest gives series the evidence does not name. */
export const STAND_IN_PREFIX = "debrief_evidence_";

type SignalClass = "errors" | "latency" | "saturation";

/** A family prepared for a threshold rule: its class, backtest series and selector. */
interface Signal {
  family: EvidenceFamily;
  cls: SignalClass;
  /** Backtest metric name (the real one, or a stand-in). */
  name: string;
  /** Expression over the backtest series. */
  base: string;
  series: BacktestSeries[];
  /** Per-timestamp worst value over the family's series. */
  points: Array<[number, number]>;
  label: string;
}

function worstPerTimestamp(series: ReadonlyArray<{ samples: ReadonlyArray<readonly [number, number]> }>) {
  const byTs = new Map<number, number>();
  for (const s of series) for (const [t, v] of s.samples) byTs.set(t, Math.max(byTs.get(t) ?? -Infinity, v));
  return [...byTs.entries()].sort((a, b) => a[0] - b[0]);
}

/** The signals of the evidence worth an alert: error, latency and saturation families. */
export function signalsOf(families: readonly EvidenceFamily[]): Signal[] {
  const out: Signal[] = [];
  for (const f of families) {
    // a raw counter or histogram bucket only means something through rate(): no threshold on its running total
    if (f.name && /(_total|_count|_sum|_bucket|_created)$/.test(f.name)) continue;
    const name = f.name ?? `${STAND_IN_PREFIX}${metricName(f.id).toLowerCase()}`;
    const series: BacktestSeries[] = f.series.map((s) => ({ name, labels: s.labels, samples: s.samples }));
    const label = f.id.replace(/^metrics?[-_]/i, "");
    let cls = metricClass(`${f.id} ${f.query ?? ""}`);
    if (cls === "errors" && f.series.some((s) => Object.keys(s.labels).some((k) => k === "code" || k === "status"))) {
      // a request rate by status code: the error ratio is sum(5xx) / sum(all)
      const codeKey = f.series.some((s) => "code" in s.labels) ? "code" : "status";
      const total = new Map<number, number>();
      const bad = new Map<number, number>();
      for (const s of f.series) {
        const is5xx = /^5\d\d$/.test(s.labels[codeKey] ?? "");
        for (const [t, v] of s.samples) {
          total.set(t, (total.get(t) ?? 0) + v);
          if (is5xx) bad.set(t, (bad.get(t) ?? 0) + v);
        }
      }
      const points = [...total.entries()]
        .filter(([, v]) => v > 0)
        .map(([t, v]): [number, number] => [t, (bad.get(t) ?? 0) / v])
        .sort((a, b) => a[0] - b[0]);
      const base = `sum(${name}{${codeKey}=~"5.."}) / sum(${name})`;
      out.push({ family: f, cls: "errors", name, base, series, points, label: `${label}-error-ratio` });
      continue;
    }
    if (cls !== "errors" && cls !== "latency" && cls !== "saturation") continue;
    cls = cls as SignalClass;
    out.push({ family: f, cls, name, base: name, series, points: worstPerTimestamp(f.series), label });
  }
  // a family that is a ratio already beats one derived from status codes
  const direct = out.filter((s) => s.cls === "errors" && s.base === s.name);
  return direct.length > 0 ? out.filter((s) => !(s.cls === "errors" && s.base !== s.name)) : out;
}

/** Where a threshold goes, from the baseline and the incident, or null when the signal does not separate them. */
export function fitThreshold(
  points: ReadonlyArray<[number, number]>,
  facts: Pick<IncidentFacts, "impactStart" | "impactEnd" | "baselineEnd">,
): { threshold: number; basis: string } | null {
  if (facts.baselineEnd === null || facts.impactStart === null || facts.impactEnd === null) return null;
  const baseline = points.filter(([t]) => t < (facts.baselineEnd as number)).map(([, v]) => v);
  const incident = points
    .filter(([t]) => t >= (facts.impactStart as number) - 120_000 && t <= (facts.impactEnd as number))
    .map(([, v]) => v);
  if (baseline.length < 5 || incident.length < 2) return null;
  const med = median(baseline);
  const sigma = 1.4826 * mad(baseline, med);
  const hi = Math.max(...baseline);
  const peak = Math.max(...incident);
  const all = points.map(([, v]) => v);
  const top = Math.max(...all);
  // a plateau at the top (several samples at exactly the maximum) is a hard limit: pool size, queue capacity
  const atTop = all.filter((v) => v === top).length;
  if (atTop >= 3 && top > 2 * hi && top > 0) {
    const t = niceUp(0.8 * top);
    if (t > hi) return { threshold: t, basis: `80% of the limit ${promNumber(top)} the signal hit ${atTop} times` };
  }
  const t = niceUp(Math.max(med + 6 * sigma, 1.2 * hi));
  if (!(t > 0) || peak <= t * 1.05) return null;
  return {
    threshold: t,
    basis: `above the baseline (median ${promNumber(med)}, highest ${promNumber(hi)}); the incident peaked at ${promNumber(peak)}`,
  };
}

/** An existing alert of the same class whose expression is on the same scale as the collected series. */
function productionFromAlert(sig: Signal, alerts: readonly EvidenceAlert[], threshold: number): string | null {
  for (const a of alerts) {
    if (!a.expr) continue;
    if (metricClass(`${a.name} ${a.expr}`) !== sig.cls) continue;
    const cmp = splitComparison(a.expr);
    if (!cmp || !/^[<>]/.test(cmp.op)) continue;
    const values = sig.points.map(([, v]) => v);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    // same scale: the alert's own threshold lies within the range the collected series covers
    if (cmp.rhs < lo || cmp.rhs > hi * 2 || threshold <= 0) continue;
    return cmp.lhs;
  }
  return null;
}

const SUFFIX: Record<SignalClass, string> = { errors: "High", latency: "High", saturation: "NearLimit" };

/** Threshold rules for the error, latency and saturation signals the evidence carries. */
export function thresholdRules(
  families: readonly EvidenceFamily[],
  alerts: readonly EvidenceAlert[],
  facts: IncidentFacts,
  options: { runbookBase?: string; pageSeverity: string; group: string },
): { rules: SuggestedRule[]; series: BacktestSeries[] } {
  const rules: SuggestedRule[] = [];
  const series: BacktestSeries[] = [];
  const service = facts.services[0] ?? "";
  const team = alerts.find((a) => a.labels.service === service && a.labels.team)?.labels.team;
  const dashboard = alerts.find((a) => a.dashboard)?.dashboard;
  for (const sig of signalsOf(families)) {
    const fit = fitThreshold(sig.points, facts);
    if (!fit) continue;
    const stepS = Math.round(sig.family.stepMs / 1000);
    // errors: the threshold already sits well above the baseline, so two evaluations suffice; saturation and
    // latency wobble more and wait longer
    const forSeconds =
      sig.cls === "errors"
        ? Math.max(30, 2 * stepS)
        : Math.min(300, Math.max(60, 4 * stepS)) * (sig.cls === "latency" ? 2 : 1);
    let expr: string;
    let origin: ExprOrigin;
    const fromAlert = productionFromAlert(sig, alerts, fit.threshold);
    if (sig.family.name) {
      expr = sig.base;
      origin = "metric-name";
    } else if (sig.family.query && sig.base === sig.name) {
      expr = `(${sig.family.query})`;
      origin = "collected-query";
    } else if (fromAlert) {
      expr = `(${fromAlert})`;
      origin = "alert-expression";
    } else {
      expr = sig.base;
      origin = "evidence-stand-in";
    }
    const alert = `${pascal(service)}${pascal(sig.label)}${SUFFIX[sig.cls]}`;
    const { reason, rationale } = reasonFor(sig, facts, fit.basis);
    const runbook = `${kebab(alert)}.md`;
    const severity =
      sig.cls === "errors" || reason === "no-alert" || reason === "late-alert" ? options.pageSeverity : "warning";
    const what = sig.cls === "saturation" ? "is near its limit" : sig.cls === "latency" ? "is high" : "is high";
    rules.push({
      alert,
      group: options.group,
      expr: `${expr} > ${promNumber(fit.threshold)}`,
      exprOrigin: origin,
      backtestExpr: `${sig.base} > ${promNumber(fit.threshold)}`,
      forSeconds,
      labels: { severity, ...(service ? { service } : {}), ...(team ? { team } : {}) },
      annotations: {
        summary: `${service ? `${service} ` : ""}${sig.label} ${what}`,
        description: `${sig.label} is {{ $value | humanize }} (threshold ${promNumber(fit.threshold)}: ${fit.basis}).${origin === "evidence-stand-in" ? ` Replace ${sig.name} with the query that produced ${sig.family.file}.` : ""}`,
        runbook_url: `${options.runbookBase ?? "runbooks/"}${runbook}`,
        ...(dashboard ? { dashboard } : {}),
      },
      reason,
      rationale,
      source: sig.family.file,
      signal: sig.cls,
      threshold: fit.threshold,
      runbook,
    });
    series.push(...sig.series);
  }
  return { rules: dedupeNames(rules), series };
}

function dedupeNames(rules: SuggestedRule[]): SuggestedRule[] {
  const seen = new Map<string, number>();
  for (const r of rules) {
    const n = (seen.get(r.alert) ?? 0) + 1;
    seen.set(r.alert, n);
    if (n > 1) {
      r.alert = `${r.alert}${n}`;
      r.runbook = `${kebab(r.alert)}.md`;
    }
  }
  return rules;
}

function reasonFor(sig: Signal, facts: IncidentFacts, basis: string): { reason: RuleReason; rationale: string } {
  const latency = facts.detectLatencySeconds;
  const same = facts.alerts.filter((a) => metricClass(a.name) === sig.cls);
  const precursor = facts.precursors.find(
    (p) => metricClass(p.name) === sig.cls && facts.impactStart !== null && facts.impactStart - p.time < 3_600_000,
  );
  const src = sig.family.file;
  if (sig.cls === "saturation") {
    const logs =
      facts.uncoveredSaturation.length > 0
        ? ` and logs showed "${facts.uncoveredSaturation[0]}" with no alert covering it`
        : "";
    return {
      reason: "saturation-lead",
      rationale: `${sig.label} (${src}) rose with the impact${logs}; threshold ${basis}`,
    };
  }
  if (precursor) {
    return {
      reason: "ignored-precursor",
      rationale: `${precursor.name} fired ${Math.round(((facts.impactStart ?? 0) - precursor.time) / 60_000)} min before impact and did not lead to action; a sustained ${sig.label} rule at page severity would have (${src})`,
    };
  }
  if (same.length === 0 && (facts.detected === null || !facts.detected.isAlert)) {
    return {
      reason: "no-alert",
      rationale: `no alert covered ${sig.cls} during the incident; ${sig.label} (${src}) showed it`,
    };
  }
  if (latency !== null && latency > 120) {
    return {
      reason: "late-alert",
      rationale: `the incident was detected ${Math.round(latency / 6) / 10} min after impact began (${facts.detected?.what}); ${sig.label} (${src}) showed it earlier`,
    };
  }
  return {
    reason: "earlier-signal",
    rationale: `${facts.detected?.what ?? "an alert"} detected the incident ${latency ?? "?"} s after impact; a threshold fitted to ${sig.label} (${src}) is an earlier complement`,
  };
}
