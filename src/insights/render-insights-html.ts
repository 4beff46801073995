import { barChart, lineChart } from "../report/charts/svg-charts.js";
import { escapeXml } from "../util/escape-xml.js";
import type { Insights, ResponseMetrics } from "./compute-insights.js";
import { formatSeconds } from "./stats.js";

const pct = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(1)}%`);
const toMinutes = (s: number | null) => (s === null ? null : Math.round((s / 60) * 10) / 10);
const minutes = (m: number) => `${Number.isInteger(m) ? m : m.toFixed(1)} min`;

function metricCells(m: ResponseMetrics): string {
  const cell = (x: { mean: number | null; median: number | null; p90: number | null; n: number }) =>
    `<td>${formatSeconds(x.mean)}</td><td>${formatSeconds(x.median)}</td><td>${formatSeconds(x.p90)}</td>`;
  return `<td>${m.incidents}</td>${cell(m.mttd)}${cell(m.mtta)}${cell(m.mttr)}<td>${formatSeconds(m.mtbf.mean)}</td>`;
}

const METRIC_HEAD =
  "<th>Incidents</th><th>MTTD</th><th>median</th><th>p90</th><th>MTTA</th><th>median</th><th>p90</th><th>MTTR</th><th>median</th><th>p90</th><th>MTBF</th>";

/**
 * Render insights as one self-contained HTML page: inline CSS and SVG charts, no scripts, no external requests,
 * every value escaped.
 */
export function renderInsightsHtml(insights: Insights): string {
  const e = escapeXml;
  const severities = [...new Set(insights.frequency.flatMap((f) => Object.keys(f.bySeverity)))].sort();
  const freqChart = barChart(
    insights.frequency.map((f) => ({ label: f.month, values: severities.map((s) => f.bySeverity[s] ?? 0) })),
    severities,
    { title: "Incidents per month, by severity" },
  );
  const trendChart = lineChart(
    insights.trend.map((t) => t.month),
    [
      { name: "median time to detect", values: insights.trend.map((t) => toMinutes(t.mttdMedian)) },
      { name: "median time to recover", values: insights.trend.map((t) => toMinutes(t.mttrMedian)) },
    ],
    { title: "Median time to detect and recover per month", format: minutes },
  );
  const services = insights.byService.slice(0, 15);
  const serviceChart = barChart(
    services.map((s) => ({ label: s.service, values: [toMinutes(s.mttr.median) ?? 0] })),
    ["median MTTR"],
    { title: "Median time to recover by service (top 15 by incident count)", format: minutes },
  );
  const ai = insights.actionItems;
  const aiChart = barChart(
    [
      { label: "done", values: [ai.done] },
      { label: "in progress", values: [ai.inProgress] },
      { label: "open", values: [ai.open] },
      { label: "overdue", values: [ai.overdue] },
      { label: "won't do", values: [ai.wontDo] },
    ],
    ["action items"],
    { title: "Action items by status", height: 220 },
  );
  const rows = (list: Array<{ key: string; m: ResponseMetrics }>) =>
    list.map((r) => `<tr><th scope="row">${e(r.key)}</th>${metricCells(r.m)}</tr>`).join("\n");
  const patterns = insights.recurring.patterns
    .map(
      (p) =>
        `<li><strong>${e(p.description)}</strong><br>${e(p.recommendation)}${p.openActionItems > 0 ? ` ${p.openActionItems} action item(s) from these incidents are still open.` : ""}<br><small>shared terms: ${e(p.terms.join(", "))}${p.signatures.length > 0 ? `; signatures: <code>${e(p.signatures.join("</code>, <code>"))}</code>` : ""}</small></li>`,
    )
    .join("\n");
  const defs = Object.entries(insights.definitions)
    .map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`)
    .join("\n");
  const pm = insights.postmortems;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Incident insights — ${e(insights.workspace)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}
th[scope=row],thead th:first-child{text-align:left}figure{margin:1.5rem 0}figcaption{font-weight:600;margin-bottom:.3rem}
.kpis{display:flex;gap:1rem;flex-wrap:wrap}.kpi{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.kpi b{display:block;font-size:1.4rem}dt{font-weight:600}dd{margin:0 0 .5rem 1rem}li{margin-bottom:.7rem}
</style>
</head>
<body>
<h1>Incident insights</h1>
<p>Workspace <code>${e(insights.workspace)}</code>, as of ${e(insights.asOf)}${insights.since ? `, incidents since ${e(insights.since.slice(0, 10))}` : ""}: ${insights.incidents.considered} of ${insights.incidents.total} incidents.</p>
<div class="kpis">
<div class="kpi">MTTD (median)<b>${formatSeconds(insights.overall.mttd.median)}</b>mean ${formatSeconds(insights.overall.mttd.mean)}, p90 ${formatSeconds(insights.overall.mttd.p90)}</div>
<div class="kpi">MTTA (median)<b>${formatSeconds(insights.overall.mtta.median)}</b>mean ${formatSeconds(insights.overall.mtta.mean)}, p90 ${formatSeconds(insights.overall.mtta.p90)}</div>
<div class="kpi">MTTR (median)<b>${formatSeconds(insights.overall.mttr.median)}</b>mean ${formatSeconds(insights.overall.mttr.mean)}, p90 ${formatSeconds(insights.overall.mttr.p90)}</div>
<div class="kpi">Post-mortems complete<b>${pct(pm.completionRate)}</b>${pm.complete} of ${pm.total}</div>
<div class="kpi">Distributed within 48 h<b>${pct(pm.onTimeRate)}</b>${pm.onTime} on time, ${pm.late} late, ${pm.pending} pending</div>
<div class="kpi">Action items done<b>${pct(ai.completionRate)}</b>${ai.overdue} overdue (${pct(ai.overdueRate)} of open)</div>
</div>
${freqChart}
${trendChart}
<h2>By severity</h2>
<table><thead><tr><th>Severity</th>${METRIC_HEAD}</tr></thead><tbody>
${rows(insights.bySeverity.map((s) => ({ key: s.severity, m: s })))}
</tbody></table>
<h2>By service</h2>
${serviceChart}
<table><thead><tr><th>Service</th>${METRIC_HEAD}</tr></thead><tbody>
${rows(insights.byService.map((s) => ({ key: s.service, m: s })))}
</tbody></table>
<h2>Action items</h2>
${aiChart}
<h2>Recurring patterns</h2>
${patterns ? `<ol>${patterns}</ol>` : "<p>No recurring pattern found.</p>"}
<h2>Definitions</h2>
<dl>${defs}</dl>
</body>
</html>
`;
}
