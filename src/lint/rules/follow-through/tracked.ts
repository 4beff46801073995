import type { LintRule } from "../../lint-types.js";
import { isPublished } from "./statuses.js";

/** Once published, every action item links to a ticket. */
export const tracked: LintRule = {
  id: "follow-through/tracked",
  description: "Action items are tracked in a ticketing system once published",
  help: "Items that live only in the post-mortem are forgotten; each needs a ticket that is reviewed weekly.",
  defaultSeverity: "warning",
  check(ctx) {
    if (!isPublished(ctx.parsed.postmortem.frontMatter.status)) return;
    for (const item of ctx.parsed.postmortem.actionItems) {
      if ((item.tracker ?? "").trim()) continue;
      ctx.report({
        message: `${item.id} has no tracker reference`,
        hint: "File a ticket and put its key or URL in the Tracker column.",
        position: item.position,
      });
    }
  },
};
