/**
 * A name oracle for the blame detector backed by wink-nlp's English model: the sentence's first word is a name when
 * the tagger reads it as a proper noun (PROPN). Used by `npm run bench:lint` to compare the tagger with the lexicon's
 * own rule on the labelled corpus; loading the model costs ~0.45 s, tagging ~3,000 sentences/s.
 */

import model from "wink-eng-lite-web-model";
import winkNLP from "wink-nlp";
import type { NameOracle } from "../src/lint/index.js";

/** Build the oracle (loads the model once) and count how often it was asked. */
export function winkNameOracle(): { oracle: NameOracle; calls: () => number } {
  const nlp = winkNLP(model);
  const its = nlp.its;
  let calls = 0;
  const oracle: NameOracle = (sentence, word) => {
    calls++;
    const tokens = nlp.readDoc(sentence).tokens();
    const words = tokens.out();
    const tags = tokens.out(its.pos);
    for (let i = 0; i < words.length; i++) if (words[i] === word) return tags[i] === "PROPN";
    return false;
  };
  return { oracle, calls: () => calls };
}
