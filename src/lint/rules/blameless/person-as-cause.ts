import { blameRule } from "./blame-rule.js";

/** A named person, handle or role as the cause of the failure ("@bob broke production", "Alice's mistake"). */
export const personAsCause = blameRule(
  "person-as-cause",
  "error",
  "A person is named as the cause of the failure",
  "Blameless post-mortems explain failures through the conditions that let an action have its effect. Naming a person as the cause stops the inquiry and teaches people to hide information.",
);
