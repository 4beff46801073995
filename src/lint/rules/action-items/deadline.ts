import type { LintRule } from "../../lint-types.js";
import { parseDeadline } from "../rule-helpers.js";

/** Every action item has a deadline that is a real calendar date. */
export const deadline: LintRule = {
  id: "action-items/deadline",
  description: "Every action item has a deadline that is a real date",
  help: '"ASAP", "Q2" or "next sprint" cannot be tracked; PagerDuty\'s policy is SEV1 items within 15 days and SEV2 within 30.',
  defaultSeverity: "error",
  check(ctx) {
    for (const item of ctx.parsed.postmortem.actionItems) {
      const raw = (item.deadline ?? "").trim();
      if (raw && parseDeadline(raw) !== undefined) continue;
      ctx.report({
        message: raw ? `${item.id} deadline "${raw}" is not a real date` : `${item.id} has no deadline`,
        hint: "Write the deadline as a date like 2025-03-01.",
        position: item.position,
      });
    }
  },
};
