import type { LintRule } from "../../lint-types.js";

// Reported by other rules, or harmless in documents Debrief did not write (custom sections, items without IDs).
const HANDLED_ELSEWHERE = /^(front-matter|section-unrecognised|action-item-id-missing)/;

/** What the post-mortem parser could not read (malformed table rows, unstructured sections), as info. */
export const parseProblems: LintRule = {
  id: "structure/parse",
  description: "Parts of the document that could not be read",
  help: "Rows with missing cells or sections written as prose where a table or list is expected cannot be checked by the other rules.",
  defaultSeverity: "info",
  check(ctx) {
    for (const problem of ctx.parsed.problems) {
      if (HANDLED_ELSEWHERE.test(problem.code)) continue;
      ctx.report({ message: problem.message, position: problem.position });
    }
  },
};
