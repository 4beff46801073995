/**
 * Prevention: from an incident's findings to Prometheus alerting rules (backtested on the incident's own series
 * with Prometheus' rule engine), runbook stubs, and action items with checks that tell whether a pattern recurred.
 * @module
 */
export { adoptedRulesMarkdown, PREVENTION_DIR, RULES_FILE } from "./adopted-rules.js";
export { type BacktestResult, backtestRules, buildRulesTest, humanSeconds, type RuleBacktest } from "./backtest.js";
export { BURN_WINDOWS, burnRateRules, type SloSpec, sloRatio } from "./burn-rate-rules.js";
export {
  type EvidenceAlert,
  type EvidenceFamily,
  type EvidenceSignals,
  exprFromGeneratorUrl,
  readEvidenceSignals,
} from "./evidence-signals.js";
export { type IncidentFacts, incidentFacts } from "./incident-facts.js";
export { toOpenMetrics, uniqueSeries } from "./open-metrics.js";
export { splitComparison, withRange } from "./promql-text.js";
export { checkRules, findPromtool, parseGoDuration, parseTestRulesFirings, runPromtool } from "./promtool.js";
export { renderPreventionMarkdown } from "./render-prevention.js";
export { renderRulesYaml } from "./rules-yaml.js";
export { commandsIn, RUNBOOK_MARKER, type RunbookStub, runbookStubs } from "./runbooks.js";
export {
  type PreventionOptions,
  type PreventionResult,
  type SuggestedActionItem,
  suggestPrevention,
} from "./suggest-prevention.js";
export { niceUp, promDuration, type RuleReason, type SuggestedRule } from "./suggested-rule.js";
export { fitThreshold, STAND_IN_PREFIX, thresholdRules } from "./threshold-rules.js";
