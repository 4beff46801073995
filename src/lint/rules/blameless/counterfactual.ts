import { blameRule } from "./blame-rule.js";

/** Hindsight counterfactuals about people: should have, could have, if only, had X done Y. */
export const counterfactual = blameRule(
  "counterfactual",
  "warning",
  "Counterfactual about what a person should have done",
  'Counterfactuals describe a world that did not happen. Describe what people knew and saw at the time; counterfactuals about systems ("the alert should have fired") are fine.',
);
