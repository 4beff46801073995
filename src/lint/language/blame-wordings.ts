/**
 * Blame carried by a turn of phrase more than by an act: irony ("a masterclass in how not to run a migration", "What
 * a great idea it was to deploy during the sale"), culprit hunts ("Which genius decided ...?", "Why didn't anyone
 * check the backups?", "Who do we hold accountable?"), hindsight ("We all saw this coming", "Any of us could have
 * told you"), human error in other words ("a human slipped", "the person at the keyboard made an error"), vigilance
 * ("Attention to detail must improve", "Don't be that engineer who ..."), habits ("keeps breaking the API"), a
 * person's decision as the multiplier of the harm ("Sven's decision to fail over late doubled the impact"), the easy
 * check not done ("It would have been trivial for the engineer to verify", "All that was needed was for the reviewer
 * to ..."), and timeline rows whose act is faulty by its scope, timing or manner ("deploys to all regions at once",
 * "closes the incident prematurely", "waits 40 minutes before paging anyone").
 * @module
 */
import { agentOf } from "./agent-acts.js";
import type { BlameCategory } from "./blame-patterns.js";
import { mentionOnly, personPossessorBefore, quoted, type SentenceCtx, tokenAt } from "./clause-analysis.js";
import { anyMatches, eachMatch } from "./pattern-gate.js";

/** Stems every pattern below has a word starting with: added to the agent-act family's gate in the prefilter. */
export const BLAME_WORDING_STEMS =
  "masterclass master textbook perfect shining fine what apparent evident thought genius bright clown idiot hero " +
  "wise smart bozo cowboy ask why who accountable coming told bound matter accident human keyboard console " +
  "terminal controls wheel error mistake slip typo blunder misstep goof attention care vigilance diligence " +
  "discipline rigor rigour focus don keep kept keeps doubled tripled prolonged extended worsened amplified " +
  "compounded lengthened magnified trivial easy simple straightforward needed required necessary once " +
  "simultaneous prematur too needless unnecessar skipping bypassing ignoring overriding circumventing side wait " +
  "mess fiasco disaster shambles dry sanity grep glance";

type Push = (category: BlameCategory, start: number, end: number) => void;

// Irony: "a masterclass in how not to run a migration", "What a great idea it was to ...", "apparently reading the
// runbook is optional for the on-call", "thought testing was for other people"
const IRONY =
  /\b(?:masterclass|master class|textbook example|perfect example|shining example|fine example) (?:in|of) how not to\b|^\s*what a (?:great|brilliant|fantastic|genius|wonderful|smart|clever|bright) (?:idea|plan|move|call|decision)\b|\b(?:apparently|evidently) (?:[\w-]+ ){1,4}(?:is|are|was|were) (?:optional|for other people|someone else's (?:job|problem)|beneath)\b|\bthought (?:[\w-]+ ){1,3}(?:was|were) (?:for other people|optional|someone else's (?:job|problem))\b/gim;
// Culprit hunts
const WHO_HUNT =
  /^\s*which (?:genius|bright spark|clown|idiot|hero|wise guy|smart aleck|bozo|cowboy)\b|\bask(?:ed)? (?:[\w@.-]+ ){1,2}why (?:he|she|they|you) (?:did|didn't|made|ran|pushed|deployed|chose|decided|skipped|ignored)\b|^\s*why (?:didn't|did not|wasn't|weren't|was not|were not|hadn't|had not|couldn't|could not|wouldn't|would not) (?:anyone|anybody|somebody|someone|nobody|he|she|they|you|the [\w-]+(?: [\w-]+)?|[\w@.-]+) |\bwho (?:do|should|will|can|must) we (?:hold|blame|fire|punish|discipline)\b|\bhold (?:someone|somebody|him|her|them|people|the [\w-]+|[\w@.-]+) (?:personally )?accountable\b/gim;
// Hindsight: "We all saw this coming", "Any of us could have told you", "it was only a matter of time before someone"
const FORESEEN =
  /\b(?:saw|see|seen) (?:this|it|that) coming\b|\bcould have told (?:you|them|us)\b|\b(?:only a matter of time|bound to happen|an accident waiting to happen)\b/gi;
// Human error in other words
const HUMAN_SLIP =
  /\bhumans? (?:slipped|erred|goofed|messed up|screwed up)\b|\b(?:person|engineer|operator|human|user|someone|somebody) (?:at|behind|on) the (?:keyboard|console|terminal|controls|wheel)\b/gi;
const MADE_ERROR =
  /\bmade (?:a|an|one|another|several|two|the same|a few) (?:[\w-]+ )?(?:error|mistake|slip|typo|blunder|misstep|goof)s?\b/gi;
// Vigilance: "Attention to detail must improve across the team", "Don't be that engineer who deletes prod"
const CARE_MUST =
  /\b(?:attention to detail|carefulness|vigilance|diligence|discipline|rigou?r|focus|care) (?:must|needs to|should|has to|will have to) (?:improve|increase|be improved|be better|be higher|go up)\b|\bdon't be (?:that|the) (?:engineer|person|developer|guy|one|operator|reviewer|on-?call)\b/gi;
// Habits: "the frontend team keeps breaking the API contract"
const HABIT =
  /\b(?:keeps|kept|keep) (?:on )?(?:breaking|ignoring|forgetting|skipping|pushing|merging|deploying|deleting|missing|bypassing|making (?:the same )?(?:mistakes?|errors?))\b/gi;
// "Sven's decision to fail over late doubled the impact"
const MULTIPLIED =
  /\b(?:doubled|tripled|prolonged|extended|worsened|amplified|compounded|lengthened|magnified)\s+(?:the |our |its )?(?:[\w-]+ )?(?:impact|outage|incident|downtime|damage|disruption|blast radius|recovery time|problem)\b/gi;
// The easy check not done: "It would have been trivial for the engineer to verify", "All that was needed was for the
// reviewer to run the tests", "A simple dry run by the engineer would have caught the typo"
const EASY_CHECK =
  /\bwould have been (?:trivial|easy|simple|straightforward) for (?:the |an? |our |any )?(?:[\w-]+ )?(?:[\w@.-]+) to\b|\ball (?:that|it) (?:was|would have been) (?:needed|required|necessary) (?:was|is) (?:for )?(?:the |an? |our |someone|somebody|anyone)/gi;
const DRY_RUN_BY =
  /\b(?:dry[- ]run|sanity check|grep|second glance)\s+(?:by|from)\s+(?:the |an? |our )?[\w@.-]+[^.;]{0,60}?\b(?:would|could)(?: have|'ve)\b/gi;
// Timeline acts faulty by scope, timing or manner
const ACT_MANNER =
  /\b(?:to|on|across|in) (?:all|every) (?:[\w-]+ ){0,2}?(?:at once|simultaneously)\b|\b(?:prematurely|too early|too soon|needlessly|unnecessarily)\b|,\s*(?:skipping|bypassing|ignoring|overriding|circumventing|side-?stepping) (?:the|a|an|all|every|our|its)\b|\bwait(?:s|ed|ing)? (?:\d+|an?|several|many|a few|forty|thirty|twenty|fifty) (?:more )?(?:minutes?|hours?|mins?) (?:before|to) (?:paging|escalating|acting|responding|telling|calling|alerting|rolling back|reverting)\b/gi;
const MESS = /\bresponsible for (?:this|the|that) (?:mess|fiasco|disaster|shambles)\b/gi;

const ALL = [
  IRONY,
  WHO_HUNT,
  FORESEEN,
  HUMAN_SLIP,
  MADE_ERROR,
  CARE_MUST,
  HABIT,
  MULTIPLIED,
  EASY_CHECK,
  DRY_RUN_BY,
  ACT_MANNER,
  MESS,
];

/** True when some pattern of this family may match (part of the agent-act family's gate). */
export function mayHaveBlameWording(sentence: string): boolean {
  return anyMatches(ALL, sentence);
}

/** The hits of this family in one sentence (not guidance: the caller checked). */
export function blameWordingHits(ctx: SentenceCtx, push: Push): void {
  const { sentence, tokens } = ctx;
  const free = (m: RegExpExecArray) => !mentionOnly(ctx, m.index, m[0].length);
  const other = (index: number) => agentOf(ctx, tokenAt(tokens, index)) === "other";
  const personal = (index: number) => agentOf(ctx, tokenAt(tokens, index)) !== undefined;
  eachMatch(IRONY, sentence, (m) => {
    if (!quoted(sentence, m.index)) push("judgmental", m.index, m.index + m[0].length);
  });
  eachMatch(WHO_HUNT, sentence, (m) => {
    // "Why didn't the failover trigger?" asks about a system: only a person after "why didn't" is a culprit hunt
    if (/^\s*why/i.test(m[0]) && !personAfterWhy(ctx, m)) return;
    if (free(m)) push("who-question", m.index, m.index + m[0].length);
  });
  eachMatch(FORESEEN, sentence, (m) => {
    // "only a matter of time before the disk filled" is about a system; it is hindsight when people are there
    if (!/coming|told/i.test(m[0]) && !ctx.anyPerson) return;
    if (free(m)) push("hindsight", m.index, m.index + m[0].length);
  });
  eachMatch(HUMAN_SLIP, sentence, (m) => {
    if (free(m)) push("human-error", m.index, m.index + m[0].length);
  });
  eachMatch(CARE_MUST, sentence, (m) => {
    if (!quoted(sentence, m.index)) push("vigilance", m.index, m.index + m[0].length);
  });
  eachMatch(DRY_RUN_BY, sentence, (m) => {
    if (!quoted(sentence, m.index) && ctx.anyPerson) push("counterfactual", m.index, m.index + m[0].length);
  });
  eachMatch(EASY_CHECK, sentence, (m) => {
    if (free(m) && ctx.anyPerson) push("counterfactual", m.index, m.index + m[0].length);
  });
  if (!ctx.anyPerson) return;
  eachMatch(MADE_ERROR, sentence, (m) => {
    if (free(m) && other(m.index)) push("person-as-cause", m.index, m.index + m[0].length);
  });
  eachMatch(HABIT, sentence, (m) => {
    if (free(m) && other(m.index)) push("judgmental", m.index, m.index + m[0].length);
  });
  eachMatch(MULTIPLIED, sentence, (m) => {
    const ti = tokenAt(tokens, m.index);
    if (free(m) && (personPossessorBefore(ctx, ti) || other(m.index)))
      push("person-as-cause", m.index, m.index + m[0].length);
  });
  eachMatch(ACT_MANNER, sentence, (m) => {
    if (free(m) && other(m.index) && personActs(ctx, m.index)) push("person-as-cause", m.index, m.index + m[0].length);
  });
  eachMatch(MESS, sentence, (m) => {
    if (free(m) && personal(m.index)) push("person-as-cause", m.index, m.index + m[0].length);
  });
}

/** A person heads what follows "why didn't" / "why wasn't". */
function personAfterWhy(ctx: SentenceCtx, m: RegExpExecArray): boolean {
  const words = m[0].trim().split(/\s+/);
  const at = m.index + m[0].indexOf(words[2] ?? "", m[0].indexOf(words[1] ?? ""));
  const ti = tokenAt(ctx.tokens, at);
  for (let k = ti; k < Math.min(ctx.tokens.length, ti + 3); k++) {
    if (ctx.refs[k] === "person") return true;
    if (ctx.refs[k] === "system") return false;
  }
  return false;
}

/** The clause before offset `at` has a person doing a verb (not a system noun as subject of a passive). */
function personActs(ctx: SentenceCtx, at: number): boolean {
  const ti = tokenAt(ctx.tokens, at);
  for (let k = ti - 1; k >= 0; k--) {
    const t = ctx.tokens[k];
    if (!t || /^[;.:]$/.test(t.text)) break;
    if (/^(?:was|were|been|is|are|be|being)$/.test(t.lower)) return false;
  }
  return true;
}
