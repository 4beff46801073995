import type { BlameCategory } from "../../language/blame-detector.js";
import type { LintRule, LintSeverity } from "../../lint-types.js";

/** Build the rule for one blame category; the analysis runs once per document and is shared by all of them. */
export function blameRule(
  category: BlameCategory,
  defaultSeverity: LintSeverity,
  description: string,
  help: string,
): LintRule {
  return {
    id: `blameless/${category}`,
    description,
    help,
    defaultSeverity,
    check(ctx) {
      for (const hit of ctx.language().blame) {
        if (hit.category !== category) continue;
        ctx.report({
          message: `"${hit.phrase}" ${hit.message}`,
          hint: hit.rewrite ? `For example: "${hit.rewrite}" ${hit.suggestion}` : hit.suggestion,
          range: [hit.sourceStart, hit.sourceEnd],
        });
      }
    },
  };
}
