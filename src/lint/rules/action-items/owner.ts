import type { LintRule } from "../../lint-types.js";

const NOT_AN_OWNER =
  /^(tbd|tbc|todo|to do|\?+|someone|somebody|anyone|everyone|everybody|all|nobody|none|unassigned|unknown|n\/a|na|team|the team|us|we|-+)$/i;

/** Every action item has one owning person or team. */
export const owner: LintRule = {
  id: "action-items/owner",
  description: "Every action item has an owner",
  help: 'Items owned by "TBD", "someone" or "everyone" are owned by no one; name one person or one team.',
  defaultSeverity: "error",
  check(ctx) {
    for (const item of ctx.parsed.postmortem.actionItems) {
      const raw = (item.owner ?? "").replace(/[*_`]/g, "").trim();
      if (raw && !NOT_AN_OWNER.test(raw)) continue;
      ctx.report({
        message: raw ? `${item.id} is owned by "${raw}", which is not an owner` : `${item.id} has no owner`,
        hint: "Name one person (@handle) or one team that will do the work.",
        position: item.position,
      });
    }
  },
};
