/**
 * Insights across a workspace's incidents: response metrics (MTTD, MTTA, MTTR, MTBF with medians and p90),
 * post-mortem and action-item follow-through, recurring patterns, the weekly review and the HTML report.
 * @module
 */

export { barChart, type ChartOptions, lineChart } from "../report/charts/svg-charts.js";
export { escapeXml } from "../util/escape-xml.js";
export * from "./compute-insights.js";
export * from "./recurred-action-items.js";
export * from "./recurrence/find-recurring-patterns.js";
export { normaliseTerms, normaliseTokens, stem, type Token, tokensWithBigrams } from "./recurrence/normalise-text.js";
export * from "./render-insights-html.js";
export * from "./review.js";
export * from "./stats.js";
export * from "./workspace-generator/index.js";
