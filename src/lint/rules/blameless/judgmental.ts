import { blameRule } from "./blame-rule.js";

/** Judgmental or character words: careless, sloppy, negligent, incompetent, dropped the ball. */
export const judgmental = blameRule(
  "judgmental",
  "error",
  "Judgmental word about people or their work",
  "Character judgments add nothing a reader can act on and make the next responder less candid. Add words with `blameless.judgmentalWords` in .debriefrc.yaml.",
);
