import type { LintRule } from "../../lint-types.js";
import { findSection, headingPosition } from "../rule-helpers.js";

/** The Action Items section lists at least one item. */
export const present: LintRule = {
  id: "action-items/present",
  description: "Action Items lists at least one item",
  help: "A post-mortem without follow-up work documents the incident but does not reduce the chance of the next one.",
  defaultSeverity: "error",
  check(ctx) {
    const section = findSection(ctx.parsed, "actionItems");
    if (!section || ctx.parsed.postmortem.actionItems.length > 0) return;
    ctx.report({
      message: "Action Items has no items",
      hint: "Add a | ID | Action | Owner | Deadline | Priority | Status | Tracker | table with at least one item.",
      position: headingPosition(section),
    });
  },
};
