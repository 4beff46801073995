import { blameRule } from "./blame-rule.js";

/** Hindsight judgments: in hindsight, obviously, clearly, wrongly assumed, a sign we missed. */
export const hindsight = blameRule(
  "hindsight",
  "warning",
  "Hindsight judgment about what people knew",
  "Outcomes look obvious afterwards. Write what people knew and believed at the time and why their actions made sense to them.",
);
