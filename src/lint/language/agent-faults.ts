/**
 * More wordings of a person, role or team at fault, beside agent-acts.ts: judgements of a person's state or fitness
 * ("was too busy to look at the pages", "was slow to respond", "froze", "not detail-oriented enough", "showed a lack
 * of attention", "should never have been allowed near the console"), a person's possessive on a failure or an
 * outcome ("Leilani's failure to hand over", "on Gustavo's watch"), a harm in the passive with a person as agent and
 * a mark of mistake ("was deleted by an engineer who thought it was unused"), an act preceded by the alternative not
 * taken ("Instead of escalating, Fernanda spent an hour ..."), care as the missing ingredient of a counterfactual
 * ("with a little more care from the deployer ... would never have"), disbelief as hindsight ("hard to believe that
 * nobody spotted"), prescriptions to do better ("reviewers need to do a better job"), culprit hunts by role ("Which
 * of the on-call engineers silenced the alert?") and sarcastic praise of a harmful act. Each person-bound pattern
 * counts only when the clause's agent is a person other than the writers, or the person is named right there.
 * @module
 */
import { agentOf } from "./agent-acts.js";
import type { BlameCategory } from "./blame-patterns.js";
import { headReferent, mentionOnly, quoted, type SentenceCtx, tokenAt } from "./clause-analysis.js";

/** Stems every pattern below has a word starting with: added to the agent-act family's gate in the prefilter. */
export const AGENT_FAULT_STEMS =
  "too slow late reluctant hesitant unwilling froze freak choked went disappear vanish gave lost show display " +
  "demonstr exhibit lack enough cut failure refusal inabil reluctance neglect decision choice watch shift hands " +
  "allowed let permitted trusted hired given deleted dropped wiped removed silenced muted disabled revoked " +
  "overwritten truncated destroyed corrupted leaked exposed committed pushed published posted pasted made turned " +
  "switched killed terminated shut instead rather care attention caution diligen thought effort discipline thorough " +
  "hard better step game act which nice great good fine stellar excellent brilliant fantastic amazing superb " +
  "another yet thanks thank cheers kudos props";

type Push = (category: BlameCategory, start: number, end: number) => void;

// "Bogdan was too busy with the launch to look at the pages", "the on-call was slow to respond"
const STATE_UNFIT =
  /\b(?:was|were|is|are|got|seemed)\s+(?:(?:clearly|simply|just|apparently|far|way|much|very|extremely|painfully)\s+)?(?:too\s+(?:busy|tired|distracted|preoccupied|focused|caught up|absorbed|eager|impatient|confident|sure|proud|slow|late)\b|(?:slow|late|reluctant|hesitant|unwilling)\s+to\b)/gi;
// "The incident commander froze", "the on-call went silent for an hour"
const FROZE =
  /\b(?:froze|freaked out|choked|went (?:silent|quiet|dark|missing|awol|off-?line)|disappeared|vanished|gave up|lost track of (?:the |time|what))\b/gi;
// "showed a worrying lack of attention to detail", "a lack of care by the operators"
const SHOWED_LACK =
  /\b(?:showed|shows|showing|displayed|displays|demonstrated|demonstrates|exhibited|exhibits)\s+(?:a |an |some )?(?:[\w-]+\s+)?(?:lack of|disregard for|absence of|failure to|inability to)\b/gi;
const LACK_OF_VIRTUE =
  /\black of (?:attention to detail|care|carefulness|diligence|rigou?r|judg(?:e)?ment|discipline|professionalism|competence|common sense|thoroughness)\b/gi;
// "not detail-oriented enough for production work", "not cut out for on-call"
const NOT_ENOUGH =
  /\bnot (?:\w+ )?(?:detail-oriented|careful|experienced|competent|skilled|qualified|disciplined|reliable|trustworthy|attentive|senior|smart|good|capable|responsible|conscientious) enough\b|\bnot cut out for\b/gi;
// "Leilani's failure to hand over", "the DBA's refusal to add the index"
const POSSESSIVE_FAILURE =
  /['’]s?\s+(?:failure|refusal|inability|unwillingness|reluctance|neglect|decision not|choice not) to\b/gi;
// "The data loss happened on Gustavo's watch"
const ON_WATCH = /\bon (?:[\w@.-]+['’]s?|his|her|their) (?:watch|shift|hands)\b/gi;
// "Hamid should never have been allowed anywhere near the production console"
const NOT_FIT =
  /\bshould(?:n't| not| never)? have been (?:allowed|let|permitted) (?:anywhere )?near\b|\bshould(?:n't| not| never) have been (?:trusted|allowed|hired|given (?:access|the keys|production access|root))\b/gi;
// "was deleted by an engineer who thought it was unused": harm in the passive, a person agent, a mark of mistake
const PASSIVE_HARM =
  /\b(?:was|were|got|had been)\s+(?:\w+ly\s+)?(?:deleted|dropped|wiped|removed|silenced|muted|disabled|revoked|overwritten|truncated|destroyed|corrupted|leaked|exposed|committed|pushed|published|posted|pasted|made public|turned off|switched off|killed|terminated|shut down)\s+(?:[\w/.-]+\s+){0,6}?by\s+/gi;
const PASSIVE_MISTAKE =
  /\bwho (?:thought|assumed|believed|expected|mistook|misread|did(?:n't| not)|had(?:n't| not)|forgot|never)\b|\b(?:and|but) (?:then )?(?:never|not|wasn't|weren't|was never|were never) (?:re-?enabled|restored|turned back on|switched back on|re-?added|reverted|undone|recreated|told|announced|communicated)\b|\b(?:public|publicly|secrets?|credentials?|passwords?|api keys?|private keys?|tokens?)\b|\bby (?:mistake|accident)\b/i;
// "Instead of escalating, Fernanda spent an hour trying to fix it herself"
const INSTEAD_FIRST = /^\s*(?:instead of|rather than) [a-z]+ing\b[^,;.]{0,60},\s*/gi;
// "With a little more care from the deployer, the bad config would never have gone out"
const CARE_WITH =
  /\bwith (?:a little |a bit |slightly |just a little |just a bit )?(?:more|greater|extra|better|proper|some|any) (?:care|attention|caution|diligence|thought|effort|discipline|thoroughness)\b/gi;
const WOULD_HAVE = /\b(?:would|could|might)(?:n't| not| never)?(?: \w+)? (?:have|'ve)\b/i;
// "It is hard to believe that nobody on the team spotted the typo"
const HARD_TO_BELIEVE =
  /\bhard to (?:believe|understand|imagine|fathom|explain|see) (?:that|why) [^,;.]{0,50}?\b(?:spotted|noticed|caught|saw|missed|checked|read|looked|thought|bothered|realised|realized|ignored|overlooked)\b/gi;
// "Reviewers need to do a better job of reading diffs", "the on-call has to step up"
const BETTER_JOB =
  /\b(?:need|needs|must|should|has|have|ought|got) (?:to )?(?:really )?(?:start )?(?:do(?:ing)? (?:a )?(?:much |far )?better(?: job)?|step up|up (?:their|his|her|our) game|get (?:their|his|her|our) act together)\b/gi;
// "Which of the on-call engineers silenced the alert?"
const WHICH_PERSON =
  /^\s*which (?:one )?(?:of (?:the |our |you |them |us )?)?(?:[\w-]+ ){0,2}?(?:engineers?|persons?|people|developers?|operators?|admins?|reviewers?|on-?calls?|on-?callers?|teams?|sres?|individuals?|employees?|members?|contractors?|interns?)\b[^?]{0,80}?\b(?:silenced|pushed|deployed|approved|merged|broke|deleted|dropped|ran|ignored|missed|forgot|caused|changed|disabled|skipped|did this|wrote|signed off|rebooted|restarted|killed)\b[^?]*\?\s*$/gi;
// Sarcastic praise of a harmful act
const SARCASM =
  /^\s*(?:nice|great|good|fine|stellar|excellent|brilliant|fantastic|amazing|superb) (?:work|job|going|one|move|call)\b[^.?!]*?\b(?:deleting|dropping|wiping|breaking|taking down|killing|nuking|pushing|shipping|forgetting|ignoring|skipping|missing|bringing down)\b|^\s*(?:another|yet another) (?:fine|great|stellar|shining|textbook|classic|brilliant|perfect|flawless|wonderful) (?:example|display|demonstration|case|instance|showing)\b|^\s*(?:thanks|thank you|cheers|kudos|props)\b[^.?!]{0,40}?\bfor (?:the |that |this |your |another |a )?(?:surprise|unannounced|midnight|friday|late-night|untested|unreviewed|lovely|wonderful|helpful)\b/gi;

const ALL = [
  STATE_UNFIT,
  FROZE,
  SHOWED_LACK,
  LACK_OF_VIRTUE,
  NOT_ENOUGH,
  POSSESSIVE_FAILURE,
  ON_WATCH,
  NOT_FIT,
  PASSIVE_HARM,
  INSTEAD_FIRST,
  CARE_WITH,
  HARD_TO_BELIEVE,
  BETTER_JOB,
  WHICH_PERSON,
  SARCASM,
];
let ANY: RegExp | undefined;

/** True when some pattern of this family may match (part of the agent-act family's gate). */
export function mayHaveAgentFault(sentence: string): boolean {
  ANY ??= new RegExp(ALL.map((p) => p.source).join("|"), "im");
  return ANY.test(sentence);
}

function each(pattern: RegExp, text: string, fn: (m: RegExpExecArray) => void): void {
  pattern.lastIndex = 0;
  const found: RegExpExecArray[] = [];
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) found.push(m);
  pattern.lastIndex = 0;
  for (const m of found) fn(m);
}

const WRITERS = new Set(["we", "i", "us", "our", "my", "me", "myself", "ourselves"]);

/** A person other than the writers heads the noun phrase that starts at offset `at`. */
function personAt(ctx: SentenceCtx, at: number): boolean {
  const from = tokenAt(ctx.tokens, at);
  const to = Math.min(ctx.tokens.length, from + 4);
  if (headReferent(ctx.tokens, ctx.refs, from, to) !== "person") return false;
  for (let k = from; k < to; k++) if (ctx.refs[k] === "person") return !WRITERS.has(ctx.tokens[k]?.lower ?? "");
  return false;
}

/** The hits of this family in one sentence (not guidance: the caller checked). */
export function agentFaultHits(ctx: SentenceCtx, push: Push): void {
  const { sentence, tokens, refs } = ctx;
  const free = (m: RegExpExecArray) => !mentionOnly(ctx, m.index, m[0].length);
  const other = (index: number) => agentOf(ctx, tokenAt(tokens, index)) === "other";
  const personal = (index: number) => agentOf(ctx, tokenAt(tokens, index)) !== undefined;
  if (ctx.anyPerson) {
    for (const p of [STATE_UNFIT, FROZE, NOT_ENOUGH, NOT_FIT]) {
      each(p, sentence, (m) => {
        if (free(m) && other(m.index)) push("judgmental", m.index, m.index + m[0].length);
      });
    }
    each(SHOWED_LACK, sentence, (m) => {
      if (free(m) && other(m.index)) push("judgmental", m.index, m.index + m[0].length);
    });
    each(LACK_OF_VIRTUE, sentence, (m) => {
      if (free(m)) push("judgmental", m.index, m.index + m[0].length);
    });
    each(POSSESSIVE_FAILURE, sentence, (m) => {
      if (refs[tokenAt(tokens, m.index)] === "person" && free(m)) push("omission", m.index, m.index + m[0].length);
    });
    each(ON_WATCH, sentence, (m) => {
      const owner = tokenAt(tokens, m.index + 3);
      if (refs[owner] === "person" && !WRITERS.has(tokens[owner]?.lower ?? "") && free(m))
        push("person-as-cause", m.index, m.index + m[0].length);
    });
    each(PASSIVE_HARM, sentence, (m) => {
      if (!free(m) || !PASSIVE_MISTAKE.test(sentence) || quoted(sentence, m.index)) return;
      if (personAt(ctx, m.index + m[0].length)) push("person-as-cause", m.index, m.index + m[0].length);
    });
    each(INSTEAD_FIRST, sentence, (m) => {
      if (personAt(ctx, m.index + m[0].length)) push("person-as-cause", m.index, m.index + m[0].length);
    });
    each(BETTER_JOB, sentence, (m) => {
      if (!quoted(sentence, m.index) && personal(m.index)) push("vigilance", m.index, m.index + m[0].length);
    });
  }
  each(CARE_WITH, sentence, (m) => {
    if (free(m) && WOULD_HAVE.test(sentence)) push("counterfactual", m.index, m.index + m[0].length);
  });
  for (const p of [HARD_TO_BELIEVE, WHICH_PERSON]) {
    each(p, sentence, (m) => {
      if (free(m)) push(p === WHICH_PERSON ? "who-question" : "hindsight", m.index, m.index + m[0].length);
    });
  }
  each(SARCASM, sentence, (m) => push("judgmental", m.index, m.index + m[0].length));
}
