import { selector } from "./promql-text.js";
import type { BacktestSeries } from "./suggested-rule.js";

/** Series with the same name and labels merged (several rules may test the same signal). */
export function uniqueSeries(series: readonly BacktestSeries[]): BacktestSeries[] {
  const byKey = new Map<string, BacktestSeries>();
  for (const s of series) byKey.set(selector(s.name, s.labels), s);
  return [...byKey.values()];
}

/**
 * The backtest's input series as OpenMetrics text (gauges, one family per name, samples ascending, timestamps in
 * seconds, ending in `# EOF`): what `promtool tsdb create-blocks-from openmetrics` backfills into a Prometheus, so
 * the same series can be queried with a real server.
 */
export function toOpenMetrics(series: readonly BacktestSeries[]): string {
  const byName = new Map<string, BacktestSeries[]>();
  for (const s of uniqueSeries(series)) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const out: string[] = [];
  for (const [name, list] of byName) {
    out.push(`# TYPE ${name} gauge`);
    for (const s of list) {
      const sel = selector(name, s.labels);
      for (const [t, v] of s.samples) if (Number.isFinite(v)) out.push(`${sel} ${v} ${t / 1000}`);
    }
  }
  out.push("# EOF");
  return `${out.join("\n")}\n`;
}
