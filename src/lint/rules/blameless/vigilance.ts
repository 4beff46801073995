import { blameRule } from "./blame-rule.js";

/** Prescribed vigilance: be more careful, pay more attention, double-check, remind everyone. */
export const vigilance = blameRule(
  "vigilance",
  "warning",
  "Asks people to be more careful instead of changing the system",
  "Vigilance does not scale and fails under pressure; make the safe path the default with a check, guard-rail or automation.",
);
