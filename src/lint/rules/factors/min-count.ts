import { z } from "zod";
import type { LintRule } from "../../lint-types.js";
import { findSection, headingPosition } from "../rule-helpers.js";

const Options = z.object({ min: z.number().int().positive().default(2) });

/** At least two contributing factors: incidents rarely have one cause. */
export const minCount: LintRule<z.infer<typeof Options>> = {
  id: "factors/min-count",
  description: "At least two contributing factors",
  help: "Complex systems fail through several conditions at once; a single cause usually means the analysis stopped early.",
  defaultSeverity: "warning",
  options: Options,
  check(ctx) {
    const section = findSection(ctx.parsed, "contributingFactors");
    if (!section) return;
    const n = ctx.parsed.postmortem.factors.length;
    if (n >= ctx.options.min) return;
    ctx.report({
      message: `${n} contributing factor${n === 1 ? "" : "s"} listed, expected at least ${ctx.options.min}`,
      hint: "List the conditions that let the trigger cause harm: missing alerts, review gaps, capacity, tooling, one per bullet.",
      position: headingPosition(section),
    });
  },
};
