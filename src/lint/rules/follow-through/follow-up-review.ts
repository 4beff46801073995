import { z } from "zod";
import type { LintRule } from "../../lint-types.js";
import { parseInstant } from "../rule-helpers.js";
import { isPublished } from "./statuses.js";

const Options = z.object({ minDays: z.number().positive().default(21), maxDays: z.number().positive().default(42) });

/** A follow-up review is scheduled about four weeks after resolution. */
export const followUpReview: LintRule<z.infer<typeof Options>> = {
  id: "follow-through/follow-up-review",
  description: "Follow-up review scheduled about four weeks out",
  help: "A review about four weeks later checks that the fixes worked, not only that tickets closed. Configure the window with options.minDays/maxDays.",
  defaultSeverity: "warning",
  options: Options,
  check(ctx) {
    const fm = ctx.parsed.postmortem.frontMatter;
    const where = ctx.parsed.frontMatterPosition;
    const review = parseInstant(fm.followUpReview);
    if (fm.followUpReview && review === undefined) {
      ctx.report({
        message: `followUpReview "${String(fm.followUpReview)}" is not a real date`,
        hint: "Write it as 2025-03-09.",
        position: where,
      });
      return;
    }
    if (review === undefined) {
      if (isPublished(fm.status)) {
        ctx.report({
          message: "no follow-up review scheduled",
          hint: "Set `followUpReview:` to a date about four weeks after resolution.",
          position: where,
        });
      }
      return;
    }
    const resolved = parseInstant(fm.resolvedAt);
    if (resolved === undefined) return;
    const days = (review - resolved) / 86_400_000;
    if (days < ctx.options.minDays || days > ctx.options.maxDays) {
      ctx.report({
        message: `follow-up review is ${Math.round(days)} days after resolution (expected ${ctx.options.minDays}-${ctx.options.maxDays})`,
        hint: "Schedule it about four weeks out: early enough to matter, late enough for fixes to have shipped.",
        position: where,
        soften: true,
      });
    }
  },
};
