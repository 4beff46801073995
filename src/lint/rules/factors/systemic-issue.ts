import type { LintRule } from "../../lint-types.js";
import { findSection, headingPosition } from "../rule-helpers.js";

/** At least one systemic issue (organisation, process, incentives), not only local causes. */
export const systemicIssue: LintRule = {
  id: "factors/systemic",
  description: "At least one systemic issue",
  help: 'Systemic issues (ownership, process, incentives, missing guard-rails) are what stop the next, different incident; put them under a "Systemic Issues" sub-heading.',
  defaultSeverity: "warning",
  check(ctx) {
    const section = findSection(ctx.parsed, "contributingFactors");
    if (!section) return;
    if (ctx.parsed.postmortem.factors.some((f) => f.level === "systemic")) return;
    ctx.report({
      message: "no systemic issue among the contributing factors",
      hint: 'Add a "### Systemic Issues" list: what in the organisation or process let this happen, e.g. "pool settings are not validated against production traffic".',
      position: headingPosition(section),
    });
  },
};
