/**
 * Chart legends a reader can use: a Prometheus label set such as `{code="503"}` becomes the value `503` under a
 * series name ("Status code"), and a chart of many series keeps the few that matter with the rest folded into one
 * "others" line, so eight pod names do not crowd the legend.
 */
import type { ChartSeries } from "./chart-types.js";

/** Readable names of common label names; any other name is shown with `_` as spaces. */
const LABEL_NAMES: Record<string, string> = {
  code: "Status code",
  status: "Status",
  status_code: "Status code",
  pod: "Pod",
  instance: "Instance",
  job: "Job",
  method: "Method",
  handler: "Route",
  route: "Route",
  path: "Path",
  service: "Service",
  namespace: "Namespace",
  container: "Container",
  node: "Node",
  le: "Bucket",
  quantile: "Quantile",
  region: "Region",
  zone: "Zone",
  host: "Host",
};

/** A readable name for a label name: `status_code` → "Status code". */
export function readableLabelName(name: string): string {
  const known = LABEL_NAMES[name.toLowerCase()];
  if (known) return known;
  const words = name.replace(/[_.-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The label pairs of a series key: `{code="200",method="GET"}` or `http_requests_total{code="200"}` →
 * `[["code","200"],["method","GET"]]`; undefined when the key is not a label set.
 */
export function parseLabelSet(key: string): Array<[string, string]> | undefined {
  const m = /^\s*[A-Za-z_:][\w:]*?\s*\{(.*)\}\s*$|^\s*\{(.*)\}\s*$/s.exec(key);
  if (!m) return undefined;
  const body = (m[1] ?? m[2] ?? "").trim();
  if (body === "") return [];
  const pairs: Array<[string, string]> = [];
  const re = /\s*([A-Za-z_][\w]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/gy;
  let at = 0;
  while (at < body.length) {
    re.lastIndex = at;
    const p = re.exec(body);
    if (!p) return undefined;
    pairs.push([p[1]!, p[2]!.replace(/\\(.)/g, "$1")]);
    at = re.lastIndex;
    if (p[3] === "") break;
  }
  return pairs;
}

/** Series with readable labels, and the name of what tells them apart (the legend's title). */
export interface NamedSeries {
  series: ChartSeries[];
  /** e.g. "Status code"; undefined when the series differ in nothing nameable. */
  legendTitle: string | undefined;
}

/**
 * Replace label-set keys by their values. Labels every series shares are dropped (they say nothing); the remaining
 * label names become the legend title ("Status code", "Pod · Method"). Keys that are not label sets stay as given.
 */
export function nameSeries(series: ChartSeries[], fallback: string): NamedSeries {
  const parsed = series.map((s) => parseLabelSet(s.label));
  if (parsed.some((p) => p === undefined)) {
    return {
      series: series.map((s) => ({ ...s, label: s.label === "{}" ? fallback : s.label })),
      legendTitle: undefined,
    };
  }
  const sets = parsed as Array<Array<[string, string]>>;
  const names = [...new Set(sets.flatMap((p) => p.map(([k]) => k)))];
  const varying = names.filter((name) => {
    const values = new Set(sets.map((p) => p.find(([k]) => k === name)?.[1] ?? ""));
    return values.size > 1 || series.length === 1;
  });
  const shown = varying.length > 0 ? varying : names;
  const named = series.map((s, i) => {
    const values = shown.map((n) => sets[i]!.find(([k]) => k === n)?.[1]).filter((v): v is string => Boolean(v));
    return { ...s, label: values.length > 0 ? values.join(" · ") : fallback };
  });
  const legendTitle = shown.length > 0 && series.length > 1 ? shown.map(readableLabelName).join(" · ") : undefined;
  return { series: named, legendTitle };
}

/** How the folded series combine: a sum for counts and rates, the highest value for latencies and ratios. */
export type OthersAggregate = "sum" | "max";

/**
 * Keep the `keep` series that reach highest (ties: the larger total) and fold the rest into one series named
 * "N others (sum)" or "N others (max)"; a chart of at most `keep + 1` series is returned unchanged.
 */
export function summariseSeries(series: ChartSeries[], keep: number, aggregate: OthersAggregate): ChartSeries[] {
  const peak = (s: ChartSeries) => s.points.reduce((m, [, v]) => (Number.isFinite(v) && v > m ? v : m), -Infinity);
  const total = (s: ChartSeries) => s.points.reduce((m, [, v]) => (Number.isFinite(v) ? m + v : m), 0);
  const ranked = [...series].sort((a, b) => peak(b) - peak(a) || total(b) - total(a));
  if (ranked.length <= keep + 1) return ranked;
  const top = ranked.slice(0, keep);
  const rest = ranked.slice(keep);
  const byTime = new Map<number, number>();
  for (const s of rest) {
    for (const [t, v] of s.points) {
      if (!Number.isFinite(v)) continue;
      const had = byTime.get(t);
      byTime.set(t, had === undefined ? v : aggregate === "sum" ? had + v : Math.max(had, v));
    }
  }
  const points = [...byTime.entries()].sort((a, b) => a[0] - b[0]);
  return [...top, { label: `${rest.length} others (${aggregate})`, points, others: true }];
}
