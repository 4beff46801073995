import type { LintRule } from "../../lint-types.js";
import { findSection, headingPosition } from "../rule-helpers.js";

/** The Impact section states figures: how long, how many users or requests, how bad. */
export const impactFigures: LintRule = {
  id: "structure/impact-figures",
  description: "Impact states figures (duration, users, requests, error rate)",
  help: '"Some users saw errors" cannot be compared across incidents; give the duration, the number of users or requests affected and the peak error rate.',
  defaultSeverity: "warning",
  check(ctx) {
    const section = findSection(ctx.parsed, "impact");
    if (!section) return;
    const text = `${section.markdown} ${Object.values(ctx.parsed.postmortem.impact).join(" ")}`.replace(
      /<!--[\s\S]*?-->/g,
      "",
    );
    // a figure is a number that is not only a clock time or a date
    const withoutTimes = text.replace(/\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}(:\d{2})?\b/g, " ");
    if (/\d/.test(withoutTimes)) return;
    ctx.report({
      message: "Impact gives no figures",
      hint: 'State the duration, users or requests affected and the peak error rate, e.g. "17 min, ~4,100 users, 31 % peak 5xx".',
      position: headingPosition(section),
    });
  },
};
