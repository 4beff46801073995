import type { LintRule } from "../../lint-types.js";
import { findSection, headingPosition, parseInstant } from "../rule-helpers.js";
import { readRowTimes } from "./row-times.js";

const START_WORDS =
  /\bimpact (?:start|begins|began|starts)|\bfirst (?:error|5xx|50\d|failure|failed|alert|timeout|report)|\b(?:errors?|failures?|outage|impact|latency) (?:begin|began|start|started|spike|spiked|rise|rose)|\bcustomers? (?:report|reported|impact)|\bstarted failing\b/i;
const END_WORDS =
  /\bresolv(?:ed|es|ution)\b|\brecover(?:ed|s|y)\b|\brestored\b|\brollback (?:complete|completed|finished)\b|\ball[- ]clear\b|\bincident (?:closed|over|ended)\b|\bback to (?:normal|baseline)\b|\bimpact (?:end|ends|ended)\b|\bmitigated\b|\breturned to (?:normal|baseline)\b/i;
const SLACK_MS = 5 * 60_000;

/** The timeline runs from the start of impact through resolution. */
export const coverage: LintRule = {
  id: "timeline/coverage",
  description: "Timeline covers impact start through resolution",
  help: "A timeline that starts after impact began or stops before resolution hides detection and recovery times; mark the impact start and the resolution rows.",
  defaultSeverity: "warning",
  check(ctx) {
    const section = findSection(ctx.parsed, "timeline");
    const rows = ctx.parsed.postmortem.timeline;
    if (!section) return;
    if (rows.length === 0) {
      ctx.report({
        message: "timeline has no rows",
        hint: "Add a | Time | Event | Source | Actor | table from the trigger through resolution.",
        position: headingPosition(section),
      });
      return;
    }
    const { times } = readRowTimes(rows);
    const fm = ctx.parsed.postmortem.frontMatter;
    const first = times[0];
    const last = times[times.length - 1];
    const impactStart = parseInstant(fm.window?.start);
    const resolvedAt = parseInstant(fm.resolvedAt) ?? parseInstant(fm.window?.end ?? undefined);
    const dated = times.length > 0 && times.every((t) => t.ms > 86_400_000 * 366);
    const startShown =
      rows.some((r) => START_WORDS.test(r.event)) ||
      (dated && impactStart !== undefined && first !== undefined && first.ms <= impactStart + SLACK_MS);
    const endShown =
      // "attempted mitigation" rows are attempts, not the end of impact
      rows.some((r) => END_WORDS.test(r.event) && !/\battempt/i.test(r.event)) ||
      (dated && resolvedAt !== undefined && last !== undefined && last.ms >= resolvedAt - SLACK_MS);
    if (!startShown) {
      ctx.report({
        message: "timeline does not show when impact started",
        hint: 'Add the row where users were first affected (e.g. "Impact start - first 503 on /checkout").',
        position: rows[0]?.position ?? headingPosition(section),
      });
    }
    if (!endShown) {
      ctx.report({
        message: "timeline stops before the incident was resolved",
        hint: 'Add the rows where impact ended and the incident was resolved (e.g. "Error rate back to baseline", "Incident resolved").',
        position: rows[rows.length - 1]?.position ?? headingPosition(section),
      });
    }
  },
};
