import { blameDetector } from "../../document-language.js";
import { PersonLexicon } from "../../language/person-lexicon.js";
import { tokenize } from "../../language/tokenize.js";
import type { LintRule } from "../../lint-types.js";

const HUMAN_ACTION =
  /^(made|make|makes|forgot|forget|didn't|did|failed|missed|overlooked|ran|typed|deleted|pushed|chose|decided|skipped|ignored|was|were|is|are|misread|misunderstood|mistyped|clicked|approved|merged)$/;

const lexicons = new WeakMap<readonly string[], PersonLexicon>();

/** One lexicon per configured list of people, shared by every document linted with it. */
function lexiconFor(people: readonly string[]): PersonLexicon {
  let lexicon = lexicons.get(people);
  if (!lexicon) {
    lexicon = new PersonLexicon(people);
    lexicons.set(people, lexicon);
  }
  return lexicon;
}

/** A Five Whys chain that ends at a person ("human error", "the engineer forgot") stopped one why too early. */
export const endsAtPerson: LintRule = {
  id: "five-whys/ends-at-person",
  description: "Five Whys does not end at a person",
  help: "When the last answer is a person's action, ask what allowed it: what made the action possible, easy to get wrong, or harmful.",
  defaultSeverity: "error",
  check(ctx) {
    const steps = ctx.parsed.postmortem.whys.steps;
    const last = steps[steps.length - 1];
    if (!last?.because) return;
    const detector = blameDetector(ctx.config);
    const blame = detector
      .detectInText(last.because)
      .some((h) => h.category !== "vigilance" && h.category !== "who-question");
    let personSubject = false;
    if (!blame) {
      const words = tokenize(last.because);
      const lexicon = lexiconFor(ctx.config.people);
      // the subject is the first referent among the first three words, followed by a human action verb
      let seen = 0;
      for (let i = 0; i < words.length && seen < 3; i++) {
        const w = words[i];
        if (!w || w.punct) continue;
        seen++;
        const ref = lexicon.classify(words, i, 0);
        if (ref === "system") break;
        if (ref === "person" || (seen === 1 && lexicon.isGivenName(w.lower))) {
          const next = words.slice(i + 1).find((t) => !t.punct);
          personSubject = HUMAN_ACTION.test(next?.lower ?? "");
          break;
        }
      }
    }
    if (!blame && !personSubject) return;
    ctx.report({
      message: `the Five Whys chain ends at a person: "${last.because.slice(0, 80)}"`,
      hint: "Ask one more why: what allowed this action, or made it reasonable at the time? End at a condition the organisation can change.",
      position: last.position,
    });
  },
};
