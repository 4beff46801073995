import { blameRule } from "./blame-rule.js";

/** "Failed to", "forgot to", "neglected to", "didn't bother" with a human subject. */
export const omission = blameRule(
  "omission",
  "warning",
  "A person's omission (failed to, forgot to, neglected to) framed as the cause",
  'Omissions point at people; ask what would have reminded, checked or automated the step. With a system subject ("the probe failed to notice") the phrase is fine.',
);
