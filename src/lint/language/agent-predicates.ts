/**
 * Blame as a person, role or team that is the agent of a predicate of a broad class, each class a lexicon built by
 * meaning and word formation rather than from sentences: a manner adverb of fault on any verb ("unilaterally rolled
 * back", "failed over rashly"), a judgement of character or competence said of the person ("was thoughtless",
 * "Mei's hasty decision", "a careless sysadmin"), a duty of diligence the person "needed to" do, a burden placed on
 * a person ("responsibility for the outage lies with ..."), sarcastic praise of a harm, and "with no" safeguard as
 * the mark of a faulty act. The agent is found by the clause analysis (subject, possessor, "by PERSON"); the writers
 * themselves ("we", "I") are never singled out.
 * @module
 */
import { ENV_MISMATCH_BRANCHES, FAULT_MARK_WORD_BRANCHES } from "./agent-act-branches.js";
import type { BlameCategory } from "./blame-patterns.js";
import { mentionOnly, personPossessorBefore, quoted, type SentenceCtx, subjectOf, tokenAt } from "./clause-analysis.js";
import { anyMatches, eachMatch } from "./pattern-gate.js";

type Push = (category: BlameCategory, start: number, end: number) => void;

/** Stems every pattern below has a word starting with: this family's part of the prefilter's gate. */
export const AGENT_PREDICATE_STEMS =
  "unilateral hurried rash impulsiv slopp lazi negligent haphazard cavalier arbitrar unwitting unthinking improper " +
  "erroneous naive naïve foolish stupid absent careless thoughtless heedless reckless mindless senseless hast " +
  "incompeten irresponsib clums inept feckless hapless clueless lax lazy ignoran overconfiden complacen arrogan " +
  "inattent slapdash amateur silly dumb idiot unprofession unreliable gullible forgetful disorgani undisciplin " +
  "unfocus lackadaisical inexperienc untrain unqualif incapabl useless hopeless needed responsib blame fault " +
  "accountab culpab didn did never fail forgot neglect wasn hadn lovely wonderful great fantastic brilliant " +
  "amazing nice excellent stellar fine breaking wiping nuking crashing killing deleting dropping review approv " +
  "test backup canar sign rollback ticket check warning notice announcement heads second dry change red broken " +
  "left still password api secret credential token private were but if shortcut causing leading resulting " +
  "bringing taking knocking costing warn told advis caution chose choos prefer priorit put plac valu action " +
  "attempt effort badly poorly read verify double confirm inspect look make ensure validate proofread would " +
  "could should might mute silenc disabl turn switch snooz suppress ack ignor hesita inaction indecis delay slow " +
  "tard reluctan procrastin dither failure asleep eye jump rogue cowboy wing flew flies flying blind hosed bork " +
  "fubar flub typo mistyp fat play shot shoot cut phone awol mia distract preoccup sleep-depriv half-asleep ball asleep homework job diligence merg lgtm okay tak";

/** Manner adverbs that make any act a fault: by meaning (haste, carelessness, acting alone, acting wrongly). */
const FAULT_MANNER =
  "unilaterally|hurriedly|hastily|rashly|impulsively|sloppily|lazily|negligently|haphazardly|cavalierly|arbitrarily|" +
  "unwittingly|unthinkingly|improperly|erroneously|naively|naïvely|foolishly|stupidly|absent-?mindedly|" +
  "(?:care|thought|heed|reck|mind|sense)lessly|incompetently|irresponsibly|clumsily|ineptly";
const MANNER = new RegExp(`\\b(?:${FAULT_MANNER})\\b`, "gi");

/** Adjectives of character or competence: said of a person they judge them, said of software they are rare. */
const CHARACTER_ADJ =
  "careless|thoughtless|heedless|reckless|clueless|mindless|feckless|hapless|hasty|rash|sloppy|negligent|" +
  "incompetent|inept|irresponsible|unprofessional|naive|naïve|ignorant|lazy|impulsive|cavalier|overconfident|" +
  "complacent|arrogant|inattentive|slapdash|foolish|stupid|dumb|idiotic|silly|amateurish|unreliable|gullible|" +
  "absent-?minded|forgetful|disorgani[sz]ed|undisciplined|unfocused|lackadaisical|inexperienced|untrained|" +
  "unqualified|incapable|useless|hopeless|lax|clumsy|distracted|preoccupied|sleep-deprived|half-asleep";
// "Rahul was thoughtless about the rollout", "the responders seemed completely clueless"
const COPULA_JUDGEMENT = new RegExp(
  `\\b(?:was|were|is|are|seemed|seems|appeared|proved|became|acted|behaved|looked|sounded|got)\\s+` +
    `(?:(?:so|too|very|completely|utterly|totally|rather|pretty|quite|extremely|clearly|frankly|simply|just|really|incredibly|remarkably|thoroughly|fairly|somewhat|a bit|a little|downright|plain|entirely|just plain)\\s+){0,2}` +
    `(?:${CHARACTER_ADJ})\\b`,
  "gi",
);
// "Mei's hasty decision", "a careless sysadmin", "our inexperienced on-call": the adjective before a person or their act
const ATTRIBUTIVE_JUDGEMENT = new RegExp(`\\b(?:${CHARACTER_ADJ})\\s+[\\w-]+`, "gi");
/** Nouns of a person's act or judgement, which a character adjective before them judges. */
const ACT_NOUNS = new Set(
  (
    "decision decisions call calls choice choices change changes edit edits rollout rollouts deploy deploys " +
    "deployment push pushes merge merges restart restarts handling response move moves mistake mistakes error " +
    "errors approval approvals review reviews fix fixes hotfix work attempt attempts action actions command commands " +
    "judgement judgment behaviour behavior attitude reaction conduct shortcut shortcuts commit commits typo typos"
  ).split(" "),
);

// "Kaito needed to verify the snapshot date": a duty of diligence, said afterwards of one person
const NEEDED_DILIGENCE =
  /\b(?:needed|was required|were required|was obliged|had a duty|had the duty|was obligated)\s+to\s+(?:(?:first|also|just|at least|really)\s+)?(?:check|verify|confirm|validate|test|review|read|re-?read|ask|notify|tell|inform|double-?check|ensure|make sure|consult|escalate|follow|look at|wait for|coordinate)\b/gi;
// "it was up to the on-call to renew the certificate"
const UP_TO =
  /\b(?:it was|it is|that was|this was|was|were) (?:entirely |solely )?(up to\s+)[^.;]{1,80}?\b(?:didn't|did not|never|failed|forgot|neglected|wasn't|was not|hadn't|had not)\b/gi;
// "responsibility for the outage lies with the payments team", "the fault rests squarely on Signe"
const BURDEN =
  /\b(?:blame|responsibility|fault|accountability|culpability)(?:\s+for\s+[^,;.]{1,50}?)?\s+(?:lies|lay|rests|rested|falls|fell|sits|sat|is|was)\s+(?:squarely |entirely |solely |firmly |fully |wholly |clearly )?(?:with|on|upon)\s+/gi;
// Sarcastic praise of a harm: "Nice work, Thabo, taking out the entire EU region", "Thanks, @x, for that lovely deploy"
const SARCASTIC_PRAISE =
  /^\s*(?:(?:nice|great|good|fantastic|brilliant|excellent|stellar|amazing|superb|lovely|outstanding|top|well)\s+(?:work|job|going|done|one|effort|move|stuff|show)|thanks|thank you|cheers|kudos|bravo)\b[^.?!]{0,60}?\b(?:taking (?:out|down)|bringing down|knocking (?:out|over)|breaking|wiping|nuking|crashing|killing|deleting|dropping|for (?:that|this|another|the) (?:lovely|wonderful|great|fantastic|brilliant|amazing|nice|excellent|stellar|fine) [\w-]+)/gi;
/** A person named (or addressed) in a sarcastic praise: the sentence is aimed at them. */
const PRAISE_AIM = /,\s*(@?[\w.-]+(?: [A-Z][\w-]*)?),/;

// Counterfactuals without "if": "were it not for Kasper's shortcut", "but for the on-call's restart"
const BUT_FOR =
  /\b(?:were it not for|if (?:it )?(?:were|was)(?:n't| not) for|if (?:it )?had(?:n't| not) been for|if not for|but for)\s+/gi;
// "any half-decent engineer would have caught it", "a more careful reviewer could have stopped it": a person who
// would have done better, i.e. a verdict on the one who did not (a "second" or "dedicated" role is a proposal)
const BETTER_PERSON =
  /\b(?:any|a|an)\s+(?:(?:more|less|better|half|properly|sufficiently|reasonably|truly|actually)[- ])?(?:[\w-]+\s+)?([\w-]+)\s+(?:would|could|should)(?:\s+(?:never|not|easily|surely|certainly|have|just))*\s+(?:have|'ve)\s+(?:caught|noticed|spotted|seen|known|prevented|avoided|stopped|questioned|checked|realised|realized|flagged|found)\b/gi;
const NOT_BETTER =
  /^(?:second|dedicated|additional|extra|another|independent|automated|separate|assigned|named|designated|trained|backup|standby|on-?duty)$/i;
// "..., causing the outage", "..., taking down checkout": the act's consequence as a participle of its clause
const PARTICIPLE_CONSEQUENCE =
  /,\s*(?:(?:thereby|so|thus)\s+)?(?:causing|triggering|leading to|resulting in|bringing down|taking down|taking out|knocking out|costing us)\b(?!\s+(?:no|zero|little|minimal|only|a (?:brief|short|small)|recovery)\b)[^.;]{0,40}?\b(?:outage|incident|downtime|failure|failures|data loss|crash|breakage|disruption|errors|offline)\b/gi;
// "the config was pushed to production by Haruto without review": a passive act with a person as agent, marked bad
const PASSIVE_BY_PERSON =
  /\b(?:was|were|got|had been|been)\s+(?:\w+ly\s+)?[a-z-]+(?:ed|en|wn|un|ut|et|one|ade|ept|ent)\b(?:\s+[\w-]+){0,4}?\s+by\s+/gi;
// "Nikolai took shortcuts during the upgrade"
const SHORTCUTS =
  /\b(?:took|takes|taking|take) (?:a |some |several |many |too many )?shortcuts?\b(?! through| via| across)/gi;
/** A purpose that makes an act a mitigation ("to restore service faster"). */
const MITIGATION =
  /\b(?:to|in order to) (?:restore|recover|mitigate|stop|prevent|contain|limit|free|unblock|reduce|speed up)\b/i;

// "Tomasz had been warned twice but went ahead with the migration": proceeding after a warning to the same person
const WARNED_BUT =
  /\b(?:was|were|had been|been|got)\s+(?:\w+\s+){0,2}?(?:warned|told|advised|cautioned)\b[^.;]{0,60}?\b(?:(?:but|yet)\s+(?:still\s+|nevertheless\s+|then\s+)?(?:went ahead|proceeded|did it|did so|deployed|merged|pushed|shipped|ran|restarted|continued|carried on|ignored|dismissed)|and\s+(?:still|nevertheless|then still)\s+[a-z]+ed|and\s+(?:went ahead|proceeded|did it|did so)(?:\s+anyway)?)\b/gi;
// "Kasper chose speed over safety": a person's priorities judged
const CHOSE_OVER =
  /\b(?:chose|chooses|preferred|prefers|prioriti[sz]ed|prioriti[sz]es|put|puts|placed|places|valued|values)\s+(?:[\w-]+\s+){0,2}?(?:over|above|before|ahead of)\s+(?:[\w-]+\s+)?(?:safety|correctness|testing|tests|process|procedure|review|reviews|reliability|stability|caution|quality|the (?:customers?|users?|runbook|process|checklist))\b/gi;
// "The engineer on call took no action for 30 minutes", "made no attempt to escalate"
const NO_ACTION = /\b(?:took|takes|taking) no action\b|\b(?:made|makes|making) no (?:attempt|effort) to\b/gi;
// "signed off on a 2,000-line diff in under a minute": a review or approval too quick to be one
const HASTY_REVIEW =
  /\b(?:approved|approves|signed off(?: on)?|signs off(?: on)?|reviewed|reviews|merged|merges|lgtm(?:'d|ed)|okayed|okays)\b[^.;]{0,60}?\bin (?:under|less than|barely|just|about) (?:a|one|two|three|five|ten|thirty|sixty|ninety|\d+) (?:seconds?|minutes?)\b/gi;
// "The on-call took forty minutes to even acknowledge the page": the person's delay in answering, judged
const SLOW_ANSWER =
  /\b(?:took|takes|taking) (?:(?:over|more than|almost|nearly|about|a full|an?|\w+-?\w*) ){1,3}(?:minutes|hours|an hour|hour|days) (?:before (?:\w+ )?(?:even |finally )?|to (?:even |finally )?)(?:acknowledg\w*|ack\b|respond\w*|escalat\w*|answer\w*|react\w*|pick(?:ed)? up|look(?:ed)? at|notic\w*|join\w*|show\w* up|get (?:online|on the bridge))/gi;
// "used it badly", "handled the escalation poorly": a manner verdict on a person's act
const BADLY =
  /\b(?:used|handled|managed|ran|run|coordinated|communicated|planned|executed|reviewed|tested|wrote|done|did|reacted|responded)\b(?:\s+[\w-]+){0,3}?\s+(?:badly|poorly)\b/gi;

// "Reviewers have to read every line", "engineers should always verify which cluster they are on": diligence
// prescribed to people, marked as a standing demand (always, every, carefully ...), not a one-off step
const DILIGENCE_DEMAND =
  /\b(?:should|must|need to|needs to|have to|has to|ought to|are expected to|is expected to)\s+(?:always\s+|carefully\s+|personally\s+|properly\s+|manually\s+)?(?:read|verify|check|double-?check|confirm|review|inspect|look at|make sure|ensure|validate|proofread)\b[^.;]{0,60}?\b(?:always|every|each|carefully|properly|thoroughly|closely|twice|manually|personally|themselves|more)\b|\b(?:should|must|need to|needs to|have to|has to|ought to)\s+always\s+(?:read|verify|check|double-?check|confirm|review|inspect|look at|make sure|ensure|validate)\b/gi;
/** Plural or generic people as the addressees of a demand. */
const ADDRESSEES =
  /^(?:engineers|developers|reviewers|operators|responders|admins|sres|everyone|everybody|people|staff|the team|teams|on-?call(?:ers| engineers| staff)?|the on-?call|you|they|oncallers)$/i;
// "Everyone could see the latency climbing for an hour": hindsight put in everyone's eyes
const EVERYONE_SAW =
  /\b(?:everyone|everybody|we all|they all|all of us|any(?:one|body))\s+(?:(?:could|should|would)\s+have\s+(?:seen|told|predicted|guessed|spotted|noticed)|could\s+(?:see|tell)\s+(?:that\b|(?:it|this|that) coming|(?:[\w-]+\s+){1,3}(?:coming|climbing|rising|growing|filling|failing|dropping|burning)\b))/gi;
// "The backups were never checked by the ops team": an omission in the passive with a person as agent
const NEG_PASSIVE_BY =
  /\b(?:was|were|had been|has been|have been)\s+(?:never|not)\s+(?:\w+ly\s+)?[a-z-]+(?:ed|en|wn)\s+by\s+/gi;
// "The alerts had been muted by someone on the team": a safeguard switched off, a person as agent
const SAFEGUARD_OFF_BY =
  /\b(?:was|were|had been|has been|have been|got)\s+(?:\w+ly\s+)?(?:muted|silenced|disabled|turned off|switched off|snoozed|suppressed)\s+by\s+/gi;
/** A planned or sanctioned switch-off: not a fault. */
const PLANNED =
  /\b(?:maintenance|planned|scheduled|as agreed|per the runbook|as the runbook|as documented|on purpose to)\b/i;

// "The on-call silences all alerts and goes offline": a safeguard switched off, then the watch left
const OFF_AND_GONE =
  /\b(?:muted|mutes|silenced|silences|disabled|disables|snoozed|snoozes|acked|acks|acknowledged|acknowledges|ignored|ignores|turned off|turns off)\b[^.;]{0,60}?\band (?:then )?(?:went|goes|going) (?:home|offline|to bed|to sleep|back to sleep|back to bed|afk|dark|to lunch)\b/gi;

// "This would never have happened had the on-call read the alert": the inverted conditional after its result
const RESULT_HAD =
  /\b(?:would|could|might)(?:n't| not| never)?\s+have\s+(?:been\s+)?[a-z]+(?:\s+[\w-]+){0,4}?\s+had\s+/gi;
// "Nikolai's inaction cost us an hour", "prolonged by the on-call's hesitation": a person's (in)action as the harm
const FAULT_NOUN =
  "hesitation|hesitancy|inaction|indecision|indecisiveness|delay|delays|slowness|tardiness|reluctance|procrastination|dithering|failure to [a-z]+";
const OWN_FAULT_NOUN = new RegExp(`(?:['’]s?|\\b(?:his|her|their))\\s+(?:[\\w-]+\\s+)?(?:${FAULT_NOUN})\\b`, "gi");
const HARM_PREDICATE =
  /\b(?:cost|costs|prolonged|prolongs|extended|extends|doubled|doubles|worsened|worsens|compounded|made (?:[\w-]+ ){0,3}?worse|caused|causes|added \w+|delayed|delays|led to|meant (?:the|that|another|an extra))\b/i;

// English idioms of negligence or recklessness, said of a person: a lexicon of the language, not of a corpus
const NEGLIGENCE_IDIOM =
  /\b(?:asleep at the (?:switch|wheel)|took (?:his|her|their|an|the) eyes? off|(?:jumped|jumps|jumping) the gun|(?:went|goes|going) rogue|(?:went|goes|going) cowboy|winged (?:it|the)|(?:flew|flies|flying) blind|(?:deployed|shipped|merged|pushed|released|ran) (?:[\w-]+ ){0,3}?blind\b|(?:hosed|borked|fubared|flubbed) (?:the|it|our|prod|production)|(?:typoed|typo'd|mistyped|fat-?fingered)\b|(?:played|plays|playing) fast and loose|(?:shot|shoots|shooting) from the hip|(?:cut|cuts|cutting) (?:a |some )?corners|(?:phoned|phones) it in|(?:was|were|went) (?:AWOL|MIA)\b|(?:dropped|drops|dropping) the ball|(?:fell|falls|falling) asleep (?:on|at)\b|(?:did(?:n't| not)|never|does(?:n't| not)) (?:do|did) (?:his|her|their|its) (?:job|homework|due diligence)\b)/gi;

const ALL = [
  NEGLIGENCE_IDIOM,
  HASTY_REVIEW,
  SLOW_ANSWER,
  RESULT_HAD,
  OWN_FAULT_NOUN,
  OFF_AND_GONE,
  DILIGENCE_DEMAND,
  EVERYONE_SAW,
  NEG_PASSIVE_BY,
  SAFEGUARD_OFF_BY,
  WARNED_BUT,
  CHOSE_OVER,
  NO_ACTION,
  BADLY,
  BUT_FOR,
  BETTER_PERSON,
  PARTICIPLE_CONSEQUENCE,
  PASSIVE_BY_PERSON,
  SHORTCUTS,
  MANNER,
  COPULA_JUDGEMENT,
  ATTRIBUTIVE_JUDGEMENT,
  NEEDED_DILIGENCE,
  UP_TO,
  BURDEN,
  SARCASTIC_PRAISE,
];

/** True when some pattern of this family may match (the prefilter's family test). */
export function mayHaveAgentPredicate(sentence: string): boolean {
  return anyMatches(ALL, sentence);
}

const FIRST_PERSON = new Set(["we", "i", "us", "our", "my", "me", "myself", "ourselves"]);
const PASSIVE_BEFORE = /^(?:was|were|been|is|are|be|being)$/;

/** The subject of the clause holding token `ti` is a person other than the writers, or a person's act. */
function otherAgent(ctx: SentenceCtx, ti: number): boolean {
  const s = subjectOf(ctx, ti);
  const person = s.referent === "person" || (s.referent === "unknown" && s.personInClause);
  if (!person && !personPossessorBefore(ctx, ti)) return false;
  for (let k = ti - 1; k >= 0; k--) {
    const t = ctx.tokens[k];
    if (!t || (t.punct && /[.;:!?]/.test(t.text))) break;
    if (ctx.refs[k] === "person") return !FIRST_PERSON.has(t.lower);
  }
  return true;
}

/** A person (not the writers) heads the few words after offset `at`. */
function personAt(ctx: SentenceCtx, at: number, span = 4): boolean {
  const from = tokenAt(ctx.tokens, at);
  for (let k = from; k < Math.min(ctx.tokens.length, from + span); k++) {
    const r = ctx.refs[k];
    if (r === "person") return !FIRST_PERSON.has(ctx.tokens[k]?.lower ?? "");
    if (r === "system") return false;
  }
  return false;
}

/** The hits of this family in one sentence (not guidance: the caller checked). */
export function agentPredicateHits(ctx: SentenceCtx, push: Push): void {
  const { sentence, tokens, refs } = ctx;
  if (!ctx.anyPerson) return;
  for (const [pattern, category] of [
    [WARNED_BUT, "person-as-cause"],
    [CHOSE_OVER, "judgmental"],
    [NO_ACTION, "omission"],
    [OFF_AND_GONE, "omission"],
    [NEGLIGENCE_IDIOM, "judgmental"],
    [BADLY, "judgmental"],
    [HASTY_REVIEW, "judgmental"],
    [SLOW_ANSWER, "omission"],
  ] as const) {
    eachMatch(pattern, sentence, (m) => {
      if (quoted(sentence, m.index) || mentionOnly(ctx, m.index, m[0].length)) return;
      if (otherAgent(ctx, tokenAt(tokens, m.index))) push(category, m.index, m.index + m[0].length);
    });
  }
  eachMatch(DILIGENCE_DEMAND, sentence, (m) => {
    if (quoted(sentence, m.index) || mentionOnly(ctx, m.index, m[0].length)) return;
    // the addressee: the word (or two) right before the modal
    const ti = tokenAt(tokens, m.index);
    const one = tokens[ti - 1]?.lower ?? "";
    const two = `${tokens[ti - 2]?.lower ?? ""} ${one}`;
    if (ADDRESSEES.test(one) || ADDRESSEES.test(two)) push("vigilance", m.index, m.index + m[0].length);
  });
  eachMatch(EVERYONE_SAW, sentence, (m) => {
    if (!quoted(sentence, m.index) && !mentionOnly(ctx, m.index, m[0].length))
      push("hindsight", m.index, m.index + m[0].length);
  });
  for (const [pattern, category] of [
    [NEG_PASSIVE_BY, "omission"],
    [SAFEGUARD_OFF_BY, "person-as-cause"],
  ] as const) {
    eachMatch(pattern, sentence, (m) => {
      if (quoted(sentence, m.index) || mentionOnly(ctx, m.index, m[0].length)) return;
      if (pattern === SAFEGUARD_OFF_BY && PLANNED.test(sentence)) return;
      // "... by the on-call because PagerDuty routed them to an old schedule": the reason given is the finding
      if (pattern === NEG_PASSIVE_BY && /\b(?:because|since|as|due to)\b/i.test(sentence.slice(m.index))) return;
      if (personAt(ctx, m.index + m[0].length, 3)) push(category, m.index, m.index + m[0].length);
    });
  }
  eachMatch(RESULT_HAD, sentence, (m) => {
    if (quoted(sentence, m.index) || mentionOnly(ctx, m.index, m[0].length)) return;
    const after = m.index + m[0].length;
    // "... had the on-call read the alert": a person as the subject, then a participle
    if (
      personAt(ctx, after, 3) &&
      /^(?:the |an? |our |someone |anyone )?(?:[\w@.-]+\s+){1,3}?(?:not\s+|just\s+|only\s+)?[a-z]+(?:ed|en|ne|ad|ok|wn|ht)\b/i.test(
        sentence.slice(after),
      )
    )
      push("counterfactual", after - 4, after - 1);
  });
  eachMatch(OWN_FAULT_NOUN, sentence, (m) => {
    if (quoted(sentence, m.index) || mentionOnly(ctx, m.index, m[0].length)) return;
    if (!HARM_PREDICATE.test(sentence)) return;
    const ti = tokenAt(tokens, m.index);
    const owner = tokens[ti];
    const person =
      /^(?:his|her|their)$/.test(owner?.lower ?? "") ||
      (refs[ti] === "person" && !FIRST_PERSON.has(owner?.lower ?? ""));
    if (person) push("person-as-cause", m.index, m.index + m[0].length);
  });
  eachMatch(BUT_FOR, sentence, (m) => {
    if (quoted(sentence, m.index) || mentionOnly(ctx, m.index, m[0].length)) return;
    if (personAt(ctx, m.index + m[0].length, 3)) push("counterfactual", m.index, m.index + m[0].length);
  });
  eachMatch(BETTER_PERSON, sentence, (m) => {
    if (quoted(sentence, m.index) || mentionOnly(ctx, m.index, m[0].length)) return;
    const head = tokenAt(tokens, m.index + m[0].indexOf(m[1] ?? "", m[0].search(/\s/)));
    if (refs[head] !== "person") return;
    for (let k = tokenAt(tokens, m.index) + 1; k < head; k++) if (NOT_BETTER.test(tokens[k]?.lower ?? "")) return;
    push("counterfactual", m.index, m.index + m[0].length);
  });
  eachMatch(PARTICIPLE_CONSEQUENCE, sentence, (m) => {
    if (quoted(sentence, m.index) || mentionOnly(ctx, m.index, m[0].length)) return;
    if (otherAgent(ctx, tokenAt(tokens, m.index))) push("person-as-cause", m.index, m.index + m[0].length);
  });
  eachMatch(PASSIVE_BY_PERSON, sentence, (m) => {
    if (quoted(sentence, m.index) || mentionOnly(ctx, m.index, m[0].length)) return;
    const after = m.index + m[0].length;
    const mark = FAULT_MARK_WORD_BRANCHES.exec(sentence) ?? ENV_MISMATCH_BRANCHES.exec(sentence);
    if (!mark || quoted(sentence, mark.index)) return;
    if (personAt(ctx, after, 3)) push("person-as-cause", m.index, after);
  });
  eachMatch(SHORTCUTS, sentence, (m) => {
    if (MITIGATION.test(sentence.slice(m.index))) return;
    if (
      !quoted(sentence, m.index) &&
      !mentionOnly(ctx, m.index, m[0].length) &&
      otherAgent(ctx, tokenAt(tokens, m.index))
    )
      push("judgmental", m.index, m.index + m[0].length);
  });
  eachMatch(MANNER, sentence, (m) => {
    const ti = tokenAt(tokens, m.index);
    // "the value was improperly escaped": a passive about a thing
    if (PASSIVE_BEFORE.test(tokens[ti - 1]?.lower ?? "") || quoted(sentence, m.index)) return;
    if (!mentionOnly(ctx, m.index, m[0].length) && otherAgent(ctx, ti))
      push("person-as-cause", m.index, m.index + m[0].length);
  });
  eachMatch(COPULA_JUDGEMENT, sentence, (m) => {
    if (quoted(sentence, m.index) || mentionOnly(ctx, m.index, m[0].length)) return;
    // "the lazy loader was ...": only people are judged
    if (otherAgent(ctx, tokenAt(tokens, m.index))) push("judgmental", m.index, m.index + m[0].length);
  });
  eachMatch(ATTRIBUTIVE_JUDGEMENT, sentence, (m) => {
    if (quoted(sentence, m.index) || mentionOnly(ctx, m.index, m[0].length)) return;
    const ti = tokenAt(tokens, m.index);
    const next = tokens[ti + 1];
    if (!next) return;
    const prev = tokens[ti - 1];
    // "a careless sysadmin", "the inexperienced on-call": a person judged by the adjective
    const judgedPerson = refs[ti + 1] === "person" && !FIRST_PERSON.has(next.lower);
    // "Mei's hasty decision", "the on-call's sloppy handling": a person's act judged
    const judgedAct =
      ACT_NOUNS.has(next.lower) && prev !== undefined && refs[ti - 1] === "person" && /['’]s?$/.test(prev.lower);
    if (judgedPerson || judgedAct) push("judgmental", m.index, m.index + m[0].length);
  });
  eachMatch(NEEDED_DILIGENCE, sentence, (m) => {
    if (quoted(sentence, m.index) || mentionOnly(ctx, m.index, m[0].length)) return;
    // "to recover, the on-call needed to check every node by hand": toil the situation asked for, not a verdict
    if (/^\s*to\s+\w+/i.test(sentence) || /\b(?:by hand|manually|one by one|each|every)\b/i.test(sentence)) return;
    // the duty was due before an act ("before restoring it", "first") or left undone ("but didn't"): a verdict
    const rest = sentence.slice(m.index + m[0].length);
    if (!/\b(?:before|first|prior to|but (?:didn't|did not|never|hadn't|had not|wasn't|was not))\b/i.test(rest)) return;
    if (otherAgent(ctx, tokenAt(tokens, m.index))) push("counterfactual", m.index, m.index + m[0].length);
  });
  eachMatch(UP_TO, sentence, (m) => {
    if (quoted(sentence, m.index) || mentionOnly(ctx, m.index, m[0].length)) return;
    // "it was up to the on-call to renew it, and she didn't": a duty named with the fact that it was not done
    const after = m.index + m[0].indexOf(m[1] ?? "") + (m[1]?.length ?? 0);
    if (personAt(ctx, after)) push("omission", m.index, after);
  });
  eachMatch(BURDEN, sentence, (m) => {
    if (quoted(sentence, m.index) || mentionOnly(ctx, m.index, m[0].length)) return;
    if (personAt(ctx, m.index + m[0].length)) push("person-as-cause", m.index, m.index + m[0].length);
  });
  eachMatch(SARCASTIC_PRAISE, sentence, (m) => {
    if (quoted(sentence, m.index)) return;
    const aim = PRAISE_AIM.exec(sentence);
    const aimed = aim !== null && personAt(ctx, aim.index + 1, 3);
    if (aimed || /\bagain\b|\bas (?:always|usual)\b/i.test(sentence) || refs.some((r) => r === "person"))
      push("judgmental", m.index, m.index + m[0].length);
  });
}
