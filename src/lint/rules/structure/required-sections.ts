import { z } from "zod";
import { SectionKey } from "../../../model/postmortem.js";
import type { LintRule } from "../../lint-types.js";
import { findSection, hasContent, headingPosition, SECTION_TITLES } from "../rule-helpers.js";

const Options = z.object({
  sections: z
    .array(SectionKey)
    .default(["summary", "impact", "rootCause", "timeline", "contributingFactors", "actionItems"]),
});

/** Required sections are present and not left empty. */
export const requiredSections: LintRule<z.infer<typeof Options>> = {
  id: "structure/required-sections",
  description: "Required sections are present and filled in",
  help: "A reviewer expects Summary, Impact, Root Cause, Timeline, Contributing Factors and Action Items. Configure the list with options.sections.",
  defaultSeverity: "error",
  options: Options,
  check(ctx) {
    for (const key of ctx.options.sections) {
      const section = findSection(ctx.parsed, key);
      if (!section) {
        ctx.report({
          message: `missing required section "${SECTION_TITLES[key]}"`,
          hint: `Add a "## ${SECTION_TITLES[key]}" section.`,
        });
      } else if (!hasContent(section)) {
        ctx.report({
          message: `section "${section.heading}" is empty`,
          hint: `Fill in ${SECTION_TITLES[key]} or remove the heading if it does not apply.`,
          position: headingPosition(section),
        });
      }
    }
  },
};
