import { z } from "zod";
import type { LintRule } from "../../lint-types.js";
import { findSection, headingPosition } from "../rule-helpers.js";

const Options = z.object({ min: z.number().int().positive().default(5) });

/** The Five Whys chain goes at least five levels deep. */
export const depth: LintRule<z.infer<typeof Options>> = {
  id: "five-whys/depth",
  description: "Five Whys reaches at least five levels",
  help: "Stopping after two or three whys usually lands on a local cause; keep asking until you reach something the organisation can change.",
  defaultSeverity: "warning",
  options: Options,
  check(ctx) {
    const section = findSection(ctx.parsed, "fiveWhys");
    const steps = ctx.parsed.postmortem.whys.steps;
    if (!section) {
      ctx.report({
        message: "no Five Whys section",
        hint: 'Add "## Five Whys" with numbered "**Why** ...? **Because** ..." steps.',
      });
      return;
    }
    if (steps.length >= ctx.options.min) return;
    ctx.report({
      message: `Five Whys has ${steps.length} level${steps.length === 1 ? "" : "s"}, expected at least ${ctx.options.min}`,
      hint: "Ask why the last answer was true, until the answer is a process or system the organisation owns.",
      position: steps[steps.length - 1]?.position ?? headingPosition(section),
    });
  },
};
