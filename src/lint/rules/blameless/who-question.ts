import { blameRule } from "./blame-rule.js";

/** "Find out who approved this", "Who pushed the bad config?". */
export const whoQuestion = blameRule(
  "who-question",
  "warning",
  "Asks who did it instead of how it happened",
  '"Who" questions look for someone to blame; "how" and "what made it reasonable" questions find the conditions to fix.',
);
