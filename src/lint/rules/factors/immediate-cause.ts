import type { LintRule } from "../../lint-types.js";
import { findSection, hasContent, headingPosition } from "../rule-helpers.js";

/** The immediate (proximate) cause is stated. */
export const immediateCause: LintRule = {
  id: "factors/immediate-cause",
  description: "An immediate cause is stated",
  help: "Readers need the proximate mechanism (what failed and how) before the deeper factors make sense.",
  defaultSeverity: "warning",
  check(ctx) {
    const section = findSection(ctx.parsed, "contributingFactors");
    if (!section) return;
    if (ctx.parsed.postmortem.factors.some((f) => f.level === "immediate")) return;
    if (hasContent(findSection(ctx.parsed, "rootCause"))) return;
    ctx.report({
      message: "no immediate cause stated",
      hint: 'Add an "### Immediate Cause" bullet or a Root Cause section describing the mechanism of failure.',
      position: headingPosition(section),
    });
  },
};
