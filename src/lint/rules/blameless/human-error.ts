import { blameRule } from "./blame-rule.js";

/** "Human error", "operator error", "fat-fingered" given as a cause. */
export const humanError = blameRule(
  "human-error",
  "error",
  '"Human error" is given as a cause',
  "Human error is where an investigation starts, not where it ends: describe what made the action possible, easy to get wrong, or harmful.",
);
