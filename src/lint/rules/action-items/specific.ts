import { classifyActionItem } from "../../language/action-item-vagueness.js";
import type { LintRule } from "../../lint-types.js";

const REASONS: Record<string, string> = {
  "open-ended-verb": "has an open-ended verb",
  "comparative-without-target": "asks for an improvement without a target",
  vigilance: "asks people for vigilance instead of changing the system",
  "vague-scope": "has no specific scope",
  "not-an-action": "is not an action",
  "too-short": "is too short to say what will be delivered",
  unanchored: "names no particular thing to change and no check of done",
};

/** Every action item names a specific, bounded deliverable. */
export const specific: LintRule = {
  id: "action-items/specific",
  description: "Every action item is a specific, bounded deliverable",
  help: '"Improve monitoring", "Investigate the issue" or "Be more careful" never close. Name what will exist when it is done: "Add metric X to dashboard Y by date Z".',
  defaultSeverity: "warning",
  check(ctx) {
    for (const item of ctx.parsed.postmortem.actionItems) {
      if (!item.action.trim()) {
        ctx.report({ message: `${item.id} has no action text`, position: item.position });
        continue;
      }
      const verdict = classifyActionItem(item.action);
      if (!verdict.vague) continue;
      const short = item.action.length > 60 ? `${item.action.slice(0, 57)}...` : item.action;
      // an investigation with an owner and a ticket is a question someone will answer: softer than "Improve X"
      const soften = verdict.reason === "open-ended-verb" && Boolean(item.owner) && Boolean(item.tracker);
      ctx.report({
        message: `${item.id} "${short}" ${REASONS[verdict.reason ?? ""] ?? "is vague"}${verdict.trigger && verdict.reason !== "not-an-action" && verdict.reason !== "too-short" && verdict.reason !== "vague-scope" ? ` ("${verdict.trigger}")` : ""}`,
        hint: verdict.hint,
        position: item.position,
        soften,
      });
    }
  },
};
