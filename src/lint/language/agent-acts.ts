/**
 * Blame as an agent and an act of fault, in wordings the older shapes did not list: a person, role or team as the
 * subject of an act that is wrong by its manner ("accidentally pointed ..."), by its consequence ("..., which made
 * the rollback useless"), by its verb in any inflection ("neglected the backups", "did nothing for forty minutes",
 * "let the certificate lapse"), a judgement of the person ("Kofi's carelessness", "was too distracted", "an amateur
 * mistake"), a fault in the passive with a person as agent ("the alerts were dismissed by the database team"), unmet
 * obligations ("was supposed to rotate the key"), and the wider families of hindsight, who-questions, sarcasm and
 * vigilance. Each act counts only when the clause's agent is a person other than the writers ("we", "I"): a team
 * describing its own steps is not singling anyone out.
 * @module
 */
import type { BlameCategory } from "./blame-patterns.js";
import {
  clauseBefore,
  headReferent,
  mentionOnly,
  personPossessorBefore,
  quoted,
  type SentenceCtx,
  subjectOf,
  tokenAt,
} from "./clause-analysis.js";

/** Stems every pattern below has a word starting with: this family's gate in the prefilter. */
export const AGENT_ACT_STEMS =
  "accident mistaken careless blind hast reckless wrong inadvert unknowing unintention made turn broke took brought " +
  "knock crash corrupt wip lock fell went ignor neglect overlook disregard dismiss forgot forget botch bungl fumbl " +
  "mishandl rubber force slept sleep nothing sat wait too gave let skip miss mis forg bypass allow delet drop " +
  "truncat destroy taken overwrit supposed expected meant required tasked assigned job responsib duty task attitude " +
  "lazi lazy inexperience incompeten arrogan negligen complacen ignoran slopp overconfiden impatien inattent haste " +
  "half poor bad lack distract clueless unprepared depth head amateur rookie beginner novice newbie silly stupid " +
  "dumb schoolboy bonehead unforced embarrass staring hard reasonable sensible competent thoughtful halfway right " +
  "bother cared looked listened which whose well great nice good bravo congrat kudos thank shout props hats " +
  "harder disciplin rigor rigour thorough mindful conscientious alert focused check look glance review test " +
  "question second pressur left flood overload overwhelm hammer saturat exhaust acted behaved respond moved " +
  "reacted without shambles fiasco clown circus farce train wreck mess on which bug regression defect vulnerab breaking leak race deadlock chose decided opted elected";

type Push = (category: BlameCategory, start: number, end: number) => void;

// "Mei accidentally pointed the load balancer at the old pool": the manner makes any act a fault
const MANNER_ACT =
  /\b(?:accidentally|mistakenly|carelessly|blindly|hastily|recklessly|wrongly|inadvertently|unknowingly|unintentionally)\s+[a-z][a-z-]+/gi;
// "..., which made the rollback useless", "and the site fell over": the act's consequence is the harm
const CONSEQUENCE =
  /\b(?:which|that|and|so)\s+(?:\w+\s+){0,3}?(?:made (?:[\w-]+ ){0,3}(?:worse|useless|impossible|unusable|unrecoverable)|turned (?:[\w-]+ ){0,4}into (?:an? |the )?(?:[\w-]+ )?(?:outage|incident|disaster|catastrophe|crisis|emergency)|broke (?:every|all|the|production|prod|checkout|login)|took (?:down|out)|brought (?:\w+ ){0,3}down|knocked (?:\w+ ){0,3}(?:out|offline|over)|crashed|corrupted|wiped|locked (?:\w+ ){0,2}out|(?:\w+ ){0,2}(?:fell over|went down))\b/gi;
// "Kofi's decision to restart the primary turned a blip into an outage"
const TURNED_INTO =
  /\bturned (?:[\w-]+ ){0,4}into (?:an? |the )?(?:[\w-]+ )?(?:outage|incident|disaster|catastrophe|crisis|emergency)\b/gi;
// Acts wrong by their verb, in every inflection, and conduct that is a fault whatever its object
const FAULT_VERB =
  /\b(?:ignor(?:ed|es|ing)|neglect(?:ed|s|ing)|overlook(?:ed|s|ing)|disregard(?:ed|s|ing)|dismiss(?:ed|es|ing) (?:the |an? |all |every |our |their )?(?:\w+ )?(?:alerts?|warnings?|pages?|reports?|concerns?|signs?|errors?|objections?)|forgot|forgets|forgetting|botch(?:ed|es|ing)|bungl(?:ed|es|ing)|fumbl(?:ed|es|ing)|mishandl(?:ed|es|ing)|rubber-?stamp(?:ed|s|ing)?|force-?push(?:ed|es|ing)? (?:over|onto|on top of)|(?:slept|sleeps|sleeping) through|went back to (?:sleep|bed)|(?:did|does|doing) nothing|sat on (?:it|the|this|that)|waited (?:\w+ )?too long|took (?:\w+ )?too long|too (?:slow|late) to|gave up on|pressured (?:[\w-]+ ){0,3}into|left (?:it|them|the [\w-]+) (?:off|disabled|open|unlocked|exposed|unattended)|(?:flooded|overloaded|overwhelmed|hammered|saturated|exhausted) (?:the )?(?:[\w-]+ )?(?:database|db|cluster|api|service|queue|primary|servers?|replicas?)|(?:acted|behaved|responded|moved|reacted) (?:\w+ )?(?:rashly|hastily|carelessly|thoughtlessly|recklessly|impulsively|irresponsibly|foolishly)|without thinking|made a mess of)\b/gi;
// "Matías introduced the bug", "Tomasz chose to skip the load test": the act is the fault
const INTRODUCED =
  /\b(?:introduced|introduces|added|adds|shipped|ships|wrote|writes|committed|commits|pushed|pushes|merged|merges|landed|lands)\s+(?:a|the|an|this|that)\s+(?:[\w-]+\s+)?(?:bug|regression|defect|vulnerability|breaking change|memory leak|leak|race condition|deadlock)\b(?!\s+(?:test|tests|fix|fixes|suite|check|checks|report|reports))/gi;
const CHOSE_TO =
  /\b(?:chose|decided|opted|elected)\s+to\s+(?:skip|ignore|bypass|disregard|override|circumvent|overrule)\b/gi;
// A fault in the passive that only people commit, and verdicts on a response: "the rollback was bungled"
const BUNGLED =
  /\b(?:was|were|got) (?:\w+ )?(?:bungled|botched|mishandled|fumbled)\b|\b(?:a|an|complete|total|utter) (?:shambles|fiasco|clown show|circus|farce|train ?wreck)\b/gi;
// "The outage is on Chidi": the idiom puts the incident on a person
const IS_ON =
  /\b(?:outage|incident|failure|this|that|it|breakage)\s+(?:is|was)\s+(?:all |entirely |squarely |totally )?on\s+/gi;
// "Yusuf let the certificate lapse", "the release team let the bug through"
const LET_SLIP =
  /\blet (?:[\w-]+ ){1,4}?(?:lapse|expire|run out|rot|slip(?: through)?|through|get through|go stale|fill up|reach production|into production)\b/gi;
// "was allowed to expire by the infra team", "the alerts were dismissed by the database team"
const PASSIVE_FAULT =
  /\b(?:was|were|got|had been|been)\s+(?:\w+ly\s+)?(?:ignored|dismissed|overlooked|disregarded|skipped|missed|botched|mishandled|neglected|forgotten|bypassed|misconfigured|mistyped|misread|allowed to (?:expire|lapse|fail|rot|run out|fill up))\s+(?:[\w-]+\s+){0,3}?by\s+/gi;
// "the production table was dropped by an engineer": harm to data in the passive, a person as agent
const PASSIVE_HARM =
  /\b(?:was|were|got|had been)\s+(?:\w+ly\s+)?(?:deleted|dropped|wiped|truncated|destroyed|corrupted|taken down|brought down|overwritten)\s+by\s+/gi;
const HARMED_THING = /\b(?:prod|production|primary|database|data|table|tables|customer|customers|live|backups?)\b/i;
// "the on-call was supposed to check the backups", "it was Omar's job to renew the certificate"
const OBLIGATION =
  /\b(?:was|were) (?:supposed|expected|meant|required|tasked|assigned) to\b|['’]s (?:job|responsibility|duty|task) (?:to|was)\b/gi;
// Judgements of the person: character nouns after a person's possessive, states, kinds of mistake
const CHARACTER =
  /['’]s (?:attitude|laziness|carelessness|inexperience|incompetence|arrogance|negligence|complacency|ignorance|sloppiness|recklessness|overconfidence|impatience|inattention|haste|half-?hearted|poor judg(?:e)?ment|bad judg(?:e)?ment|lack of (?:care|attention|diligence|experience|skill|judg(?:e)?ment|discipline|rigou?r))\b/gi;
const STATE =
  /\b(?:was|were|seemed|got|became|is|are)\s+(?:too |so |completely |clearly |visibly |obviously |simply )?(?:distracted|negligent|lazy|sloppy|complacent|overconfident|inattentive|clueless|careless|reckless|incompetent|unprepared|out of (?:his|her|their) depth|in over (?:his|her|their) heads?)\b/gi;
const MISTAKE_KIND =
  /\b(?:amateur|rookie|beginner['’]?s?|novice|newbie|silly|stupid|dumb|careless|schoolboy|boneheaded|sloppy|unforced|embarrassing)\s+(?:mistake|error|move|blunder|slip|oversight|lapse)s?\b/gi;
// Hindsight in wider wordings
const HINDSIGHT =
  /\bstaring (?:[\w-]+ ){1,2}in the face\b|\bhard to (?:understand|see|believe|imagine|fathom|explain) how\b|\b(?:any|a) (?:reasonable|sensible|competent|thoughtful|halfway) (?:engineer|person|developer|operator|reviewer|admin|human|sre)\b|\bright there (?:on|in)\b|\b(?:nobody|no one|no-one) (?:bothered|cared|looked|listened)\b/gi;
// Who-questions: "find out which engineer ran the script", "Whose idea was it ...?"
const WHO =
  /\b(?:find out|know|learn|identify|determine|establish|figure out|ask|track down) which (?:engineer|person|developer|team|operator|admin|individual|employee|one of (?:us|you|them))\b|^\s*whose (?:idea|fault|decision|call|change|bright idea|responsibility)\b|^\s*which (?:one )?of (?:you|us|them)\b/gi;
// Sarcastic praise: "Well done to the platform team for another Friday outage", "Thanks, @x, for testing in prod again"
const SARCASM =
  /^\s*(?:well done|great job|nice job|nice one|nice work|good job|good work|bravo|congrats|congratulations|kudos|thanks|thank you|shout-?out|props|hats off)\b[^.?!]*?\b(?:again|as always|another|yet another|taking down|bringing down|breaking|for testing in)\b/gi;
// Vigilance in wider wordings, after a word of prescription
const VIGILANCE =
  /\b(?:should|must|need to|needs to|have to|has to|will|going to|ought to)\s+(?:\w+\s+){0,2}?(?:try|work|look|think) harder\b|\b(?:should|must|need to|needs to|have to|has to|will|ought to)\s+be (?:more |extra )?(?:disciplined|rigorous|thorough|mindful|conscientious|alert|focused)\b/gi;
// "A simple check by the reviewer would have caught the typo": the check a person did not do
const CHECK_BY = /\b(?:check|look|glance|review|test|question|second look)\s+(?:by|from)\s+(?:the |an? |our )?/gi;

/** Words for the writers themselves: their own steps are not singled-out blame. */
const FIRST_PERSON = new Set(["we", "i", "us", "our", "my", "me", "myself", "ourselves"]);

/**
 * The agent of the clause holding token `ti`: "other" for a person other than the writers, "self" for we/I, or
 * undefined when the subject is a system or unknown. A person's possessive ("Kofi's decision") counts as the agent.
 */
function agentOf(ctx: SentenceCtx, ti: number): "other" | "self" | undefined {
  const { tokens, refs } = ctx;
  const s = subjectOf(ctx, ti);
  if (s.referent !== "person" && !(s.referent === "unknown" && s.personInClause) && !personPossessorBefore(ctx, ti))
    return undefined;
  // the first person word of the clause (or of the sentence, when the subject came from an earlier clause)
  const clause = clauseBefore(tokens, ti);
  for (const from of [clause.start, 0]) {
    for (let k = from; k < ti; k++) {
      if (refs[k] === "person") return FIRST_PERSON.has(tokens[k]?.lower ?? "") ? "self" : "other";
    }
  }
  return "other";
}

function each(pattern: RegExp, text: string, fn: (m: RegExpExecArray) => void): void {
  pattern.lastIndex = 0;
  const found: RegExpExecArray[] = [];
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) found.push(m);
  pattern.lastIndex = 0;
  for (const m of found) fn(m);
}

const PASSIVE_BEFORE = /^(?:was|were|been|is|are|be|being)$/;

/** A person (not the writers) heads the noun phrase right after offset `at` ("by the database team"). */
function personAfter(ctx: SentenceCtx, at: number): boolean {
  const from = tokenAt(ctx.tokens, at);
  const to = Math.min(ctx.tokens.length, from + 4);
  if (headReferent(ctx.tokens, ctx.refs, from, to) !== "person") return false;
  for (let k = from; k < to; k++) if (ctx.refs[k] === "person") return !FIRST_PERSON.has(ctx.tokens[k]?.lower ?? "");
  return false;
}

/** True when some pattern of this family may match (the prefilter's family test). */
export function mayHaveAgentAct(sentence: string): boolean {
  for (const p of ALL) {
    p.lastIndex = 0;
    const hit = p.test(sentence);
    p.lastIndex = 0;
    if (hit) return true;
  }
  return false;
}

const ALL = [
  MANNER_ACT,
  CONSEQUENCE,
  TURNED_INTO,
  FAULT_VERB,
  BUNGLED,
  IS_ON,
  INTRODUCED,
  CHOSE_TO,
  LET_SLIP,
  PASSIVE_FAULT,
  PASSIVE_HARM,
  OBLIGATION,
  CHARACTER,
  STATE,
  MISTAKE_KIND,
  HINDSIGHT,
  WHO,
  SARCASM,
  VIGILANCE,
  CHECK_BY,
];

/** The hits of this family in one sentence (not guidance: the caller checked). */
export function agentActHits(ctx: SentenceCtx, push: Push): void {
  const { sentence, tokens } = ctx;
  const other = (index: number) => agentOf(ctx, tokenAt(tokens, index)) === "other";
  const personal = (index: number) => agentOf(ctx, tokenAt(tokens, index)) !== undefined;
  if (ctx.anyPerson) {
    each(MANNER_ACT, sentence, (m) => {
      if (!mentionOnly(ctx, m.index, m[0].length) && personal(m.index))
        push("person-as-cause", m.index, m.index + m[0].length);
    });
    each(CONSEQUENCE, sentence, (m) => {
      if (quoted(sentence, m.index) || mentionOnly(ctx, m.index, m[0].length)) return;
      if (other(m.index)) push("person-as-cause", m.index, m.index + m[0].length);
    });
    each(TURNED_INTO, sentence, (m) => {
      if (!mentionOnly(ctx, m.index, m[0].length) && other(m.index))
        push("person-as-cause", m.index, m.index + m[0].length);
    });
    each(FAULT_VERB, sentence, (m) => {
      if (mentionOnly(ctx, m.index, m[0].length)) return;
      const ti = tokenAt(tokens, m.index);
      if (PASSIVE_BEFORE.test(tokens[ti - 1]?.lower ?? "") && !/^too/i.test(m[0])) return;
      if (personal(m.index)) push("person-as-cause", m.index, m.index + m[0].length);
    });
    for (const p of [INTRODUCED, CHOSE_TO]) {
      each(p, sentence, (m) => {
        if (!mentionOnly(ctx, m.index, m[0].length) && other(m.index))
          push("person-as-cause", m.index, m.index + m[0].length);
      });
    }
    each(IS_ON, sentence, (m) => {
      if (!mentionOnly(ctx, m.index, m[0].length) && personAfter(ctx, m.index + m[0].length))
        push("person-as-cause", m.index, m.index + m[0].length);
    });
    each(LET_SLIP, sentence, (m) => {
      if (!mentionOnly(ctx, m.index, m[0].length) && personal(m.index))
        push("omission", m.index, m.index + m[0].length);
    });
    each(PASSIVE_FAULT, sentence, (m) => {
      if (!mentionOnly(ctx, m.index, m[0].length) && personAfter(ctx, m.index + m[0].length))
        push("person-as-cause", m.index, m.index + m[0].length);
    });
    each(PASSIVE_HARM, sentence, (m) => {
      if (mentionOnly(ctx, m.index, m[0].length) || !HARMED_THING.test(sentence.slice(0, m.index))) return;
      if (personAfter(ctx, m.index + m[0].length)) push("person-as-cause", m.index, m.index + m[0].length);
    });
    each(OBLIGATION, sentence, (m) => {
      if (quoted(sentence, m.index)) return;
      if (m[0].startsWith("'") || m[0].startsWith("’")) {
        if (ctx.refs[tokenAt(tokens, m.index)] === "person") push("omission", m.index, m.index + m[0].length);
      } else if (other(m.index)) push("omission", m.index, m.index + m[0].length);
    });
    each(CHARACTER, sentence, (m) => {
      if (ctx.refs[tokenAt(tokens, m.index)] === "person" && !mentionOnly(ctx, m.index, m[0].length))
        push("judgmental", m.index, m.index + m[0].length);
    });
    each(STATE, sentence, (m) => {
      if (!mentionOnly(ctx, m.index, m[0].length) && other(m.index)) push("judgmental", m.index, m.index + m[0].length);
    });
    each(CHECK_BY, sentence, (m) => {
      const rest = sentence.slice(m.index + m[0].length, m.index + m[0].length + 80);
      if (!/\b(?:would|could|should)(?: have|'ve)\b/i.test(rest) || quoted(sentence, m.index)) return;
      if (personAfter(ctx, m.index + m[0].length)) push("counterfactual", m.index, m.index + m[0].length);
    });
  }
  each(BUNGLED, sentence, (m) => {
    if (!mentionOnly(ctx, m.index, m[0].length)) push("judgmental", m.index, m.index + m[0].length);
  });
  each(MISTAKE_KIND, sentence, (m) => {
    if (!mentionOnly(ctx, m.index, m[0].length)) push("judgmental", m.index, m.index + m[0].length);
  });
  each(HINDSIGHT, sentence, (m) => {
    if (!mentionOnly(ctx, m.index, m[0].length)) push("hindsight", m.index, m.index + m[0].length);
  });
  each(WHO, sentence, (m) => {
    if (!mentionOnly(ctx, m.index, m[0].length)) push("who-question", m.index, m.index + m[0].length);
  });
  each(SARCASM, sentence, (m) => push("judgmental", m.index, m.index + m[0].length));
  each(VIGILANCE, sentence, (m) => {
    if (!quoted(sentence, m.index)) push("vigilance", m.index, m.index + m[0].length);
  });
}
