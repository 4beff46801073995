import type { LintRule } from "../../lint-types.js";

/** Contributing factors Debrief suggested from evidence are confirmed or deleted before the review. */
export const suggestedFactors: LintRule = {
  id: "factors/suggested",
  description: "No contributing factor is still marked as Debrief's suggestion",
  help: 'A bullet starting "**Suggested (level, category):**" is a draft suggestion from the evidence. Confirm it by removing the marker (and editing the text), or delete it.',
  defaultSeverity: "warning",
  check(ctx) {
    for (const f of ctx.parsed.postmortem.factors) {
      if (!f.suggested) continue;
      const text = f.text.length > 60 ? `${f.text.slice(0, 57)}...` : f.text;
      ctx.report({
        message: `${f.level} factor still marked suggested: "${text}"`,
        hint: 'Remove "**Suggested (…):**" once a person has checked the factor against the evidence, or delete the bullet.',
        position: f.position,
      });
    }
  },
};
