import type { LintRule } from "../../lint-types.js";

const PRIORITY = /^(p[0-4]|sev[- ]?[1-5]|critical|urgent|high|medium|normal|low)$/i;

/** Every action item has a priority. */
export const priority: LintRule = {
  id: "action-items/priority",
  description: "Every action item has a priority",
  help: "Priority decides what gets done first when the follow-up review comes; use P0-P4 (or High/Medium/Low).",
  defaultSeverity: "warning",
  check(ctx) {
    for (const item of ctx.parsed.postmortem.actionItems) {
      const raw = (item.priority ?? "").replace(/[*_`]/g, "").trim();
      if (raw && PRIORITY.test(raw)) continue;
      ctx.report({
        message: raw ? `${item.id} priority "${raw}" is not a known priority` : `${item.id} has no priority`,
        hint: "Set a priority: P0-P4.",
        position: item.position,
      });
    }
  },
};
