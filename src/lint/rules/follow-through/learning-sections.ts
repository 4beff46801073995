import type { LintRule } from "../../lint-types.js";
import { findSection, hasContent, headingPosition } from "../rule-helpers.js";

/** What Went Well and Lessons Learned are present and filled in. */
export const learningSections: LintRule = {
  id: "follow-through/learning-sections",
  description: "What Went Well and Lessons Learned are present",
  help: "What went well tells the organisation what to keep; lessons learned is what readers in other teams take away.",
  defaultSeverity: "warning",
  check(ctx) {
    for (const [key, title] of [
      ["whatWentWell", "What Went Well"],
      ["lessonsLearned", "Lessons Learned"],
    ] as const) {
      const section = findSection(ctx.parsed, key);
      const sections = ctx.parsed.postmortem.sections;
      const next = section ? sections[sections.indexOf(section) + 1] : undefined;
      // Google's template nests What went well / wrong / lucky under Lessons Learned: a container, not empty
      const container = next !== undefined && section !== undefined && next.depth > section.depth && hasContent(next);
      if (!section) {
        ctx.report({ message: `missing "${title}" section`, hint: `Add a "## ${title}" section with a few bullets.` });
      } else if (!hasContent(section) && !container) {
        ctx.report({
          message: `"${section.heading}" is empty`,
          hint: "Add at least one bullet.",
          position: headingPosition(section),
        });
      }
    }
  },
};
