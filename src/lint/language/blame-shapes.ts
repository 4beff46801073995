/**
 * Sentence shapes of blame that a single trigger word does not give away, each judged on its clause: a person doing a
 * bad act ("Priya pushed an untested config to production"), a person or their act as the root cause ("the on-call's
 * restart of the wrong node was the root cause"), "an oversight on the part of the storage team", judgements of how
 * people behaved ("the new hire panicked", "the release team let this slip through"), hindsight verdicts ("the signs
 * were plain to see", "in retrospect the decision was obviously wrong"), and counterfactual care ("if greater care had
 * been taken").
 * @module
 */
import { AGENT_ACT_STEMS, agentActHits, mayHaveAgentAct } from "./agent-acts.js";
import { AGENT_FAULT_STEMS, agentFaultHits, mayHaveAgentFault } from "./agent-faults.js";
import type { BlameCategory } from "./blame-patterns.js";
import { BLAME_WORDING_STEMS, blameWordingHits, mayHaveBlameWording } from "./blame-wordings.js";
import {
  clauseBefore,
  headReferent,
  hypothetical,
  mentionOnly,
  personPossessorBefore,
  prescriptive,
  quoted,
  type SentenceCtx,
  subjectOf,
  tokenAt,
  writersAreSubject,
} from "./clause-analysis.js";
import { anyMatches, eachMatch, gatedTest } from "./pattern-gate.js";
import { BranchedPattern } from "./split-alternation.js";

/** Stems every shape below starts with (or always contains); the prefilter's gate for this family. */
export const SHAPE_STEMS =
  // acts and passives only count next to a word of badness, so those words gate them (not the common verbs)
  "instead untest unreview unapprov unvalidat bad wrong broken faulty incorrect bugg invalid risky danger half " +
  "unfinish destruct typo own public open plain straight direct hand despite before never not password api secret " +
  "credential token private rather middle during freeze " +
  "mistak accident without careless blind hast reckless " +
  "rubber skip bypass circumvent ignor disregard overlook mis botch fumbl bungl blunder goof slipp screw mess guess " +
  "rush hurri forg neglect fat yolo wing improvis wast hard self down test friday left own introduc remov disabl " +
  "delet drop broke wip knock doing user action fired reprimand disciplin sacked not didn hadn hasn doesn never " +
  "refus fail follow read overconfiden complacen arrogan inattent unprofession lackadaisical cavalier haphazard " +
  "slapdash shoddy clums gross derelict unforgiv ashamed held judg distract unprepared depth paying cowboy cut " +
  "always employed actually aware think stay keep taken would could should must sign why word job work another " +
  "shout kudos props thanks supposed expected meant required responsib tasked assigned asked told duty task known " +
  "seen foreseen anticipated predicted realis realiz red warning glaring blatant staring brainer surpris factor " +
  "layer keyboard personnel problem mindful remember remind twice triple retrain train additional coach stop who " +
  "culprit fault cause part panic froze lost slip happen late slowly again usual course plain looking care " +
  "attention caution diligen thought obvious clear hindsight retrospect writing know human poor terrible " +
  `questionable flail rookie took lapse ${AGENT_ACT_STEMS} ${AGENT_FAULT_STEMS} ${BLAME_WORDING_STEMS}`;

/** A hit found by a shape: where, and under which rule. */
export interface ShapeHit {
  category: BlameCategory;
  start: number;
  end: number;
}

// Actions that are neutral on their own ("@dana restarted the primary") and blame when the clause calls what was
// acted on bad, wrong or untested, or says the act skipped a safeguard.
const ACT_VERBS =
  /\b(?:self-?merged|self-?merges|self-?merge|self-?approved|self-?approves|force-?pushed|force-?pushes|pushed|pushes|merged|merges|deployed|deploys|shipped|ships|ran|runs|applied|applies|committed|commits|approved|approves|skipped|skips|bypassed|bypasses|ignored|ignores|overrode|overrides|overrid|disabled|disables|restarted|restarts|rebooted|reboots|changed|changes|edited|edits|typed|entered|enters|configured|released|releases|rolled out|rolls out|executed|executes|introduced|introduces|wrote|writes|chose|chooses|picked|picks|decided|deleted|deletes|dropped|drops|drained|drains|removed|removes|truncated|killed|kills|pasted|pastes|targeted|targets|escalated|escalates|left|leaves|set|sets|switched|switches|turned|turns|upgraded|upgrades|migrated|scaled|failed over|promoted|restored|reverted|rolled back|patched|edited|modified|updated|updates|sent|sends|pointed|points|gave|gives|launched|launches|shut (?:down|off)|shuts (?:down|off)|turned off|powered off|stopped|kicked off|copied|copies|editing|running|pushing|deploying|merging|restarting|deleting|dropping|applying|changing|shipping|disabling|removing|rebooting|signed off|overwrote|leaked|exposed|published|uploaded|kept|keeps|added|adds|copy-pasted|used|uses)\b/gi;
const BAD_OBJECT =
  /^[^,;:.]{0,70}?\b(?:untested|unreviewed|unapproved|unvalidated|bad|wrong|broken|faulty|incorrect|buggy|invalid|risky|dangerous|half-baked|by mistake|accidentally|mistakenly|by accident|instead of|had not (?:read|checked|tested|reviewed)|hadn't (?:read|checked|tested|reviewed)|without (?:any |a |proper |the |first |even )?(?:review|reviews|reviewing|reading|looking|testing|tests|test|approval|checking|checks|a ticket|telling|asking|notice|notifying|a rollback plan|a backup|a second pair of eyes|peer review|code review|running)|half-finished|unfinished|destructive|typos?|(?:his|her|their) own|public (?:[\w-]+ )?(?:repo|repository|bucket|gist|channel)|(?:password|api key|secret|credentials?|token|private key)s? (?:to|into|in) (?:github|gitlab|git|the repo\w*|a public|public|slack|the channel|plain ?text)|rather than|in the middle of (?:the |a )?(?:sale|launch|peak|business day|day|demo|backup|migration|incident)|during (?:the )?(?:peak|business hours|sale|launch|backup window|demo)|(?:during|on top of|despite|through|in) (?:a|the) (?:[\w-]+ )?freeze|open to the (?:internet|world|public)|in plain ?text|straight (?:to|into) (?:main|master|prod|production|live)|directly (?:to|into|on) (?:main|master|prod|production)|by hand|despite|before (?:the )?(?:ci|tests?|checks?|review|build|pipeline|canary|approval)s? (?:had )?(?:finished|passed|completed|ran|came back|went green|was done|were done)|without (?:anyone|anybody|(?!losing|dropping|interrupting|impacting|affecting|breaking)\w+ing)|(?:that|which) (?:had|has|was|were) (?:never|not) (?:been )?[a-z]+(?:ed|en|un|wn))\b/i;
// run branch by branch where a branch's own words are (split-alternation.ts): compiling it whole cost ~20 ms
const BAD_OBJECT_BRANCHES = new BranchedPattern(BAD_OBJECT);
const REMEDIAL =
  /^(?:stopped|shut down|shut off|turned off|powered off|removing|deleting|dropping|restarting|rebooting|disabling|removed|removes|deleted|deletes|dropped|drops|killed|kills|reverted|rolled back|restarted|restarts|drained|drains|patched|restored|truncated|disabled|disables|rebooted|reboots|skipped|skips)$/i;
const WRONG_TARGET =
  /^[^,;:.]{0,70}?\b(?:in the middle of (?:the |a )?(?:sale|launch|peak|business day|day|demo|backup|migration)|during (?:the )?(?:peak|business hours|sale|launch|backup window|demo)|wrong|by mistake|accidentally|mistakenly|by accident|instead of|healthy|working|good|production data|without (?:any |a |proper |the |first |even )?(?:review|reviewing|reading|looking|testing|checking|approval|telling|asking|a backup))\b/i;
const BAD_MANNER_BEFORE = /\b(?:accidentally|mistakenly|carelessly|blindly|hastily|recklessly|wrongly)\s+$/i;

// "X was the root cause", "the root cause was X('s change)"
const IS_CAUSE =
  /\b(?:is|was|were|became)\s+(?:the\s+|a\s+|an\s+)?(?:\w+\s+)?(?:root\s+|direct\s+|main\s+|primary\s+|proximate\s+|real\s+|underlying\s+)?cause\b/gi;
const CAUSE_IS =
  /\b(?:root\s+|direct\s+|main\s+|primary\s+|real\s+)?cause\s+(?:of\s+(?:the\s+|this\s+)?[\w-]+\s+(?:[\w-]+\s+)?)?(?:is|was)\s*:?\s+/gi;
const ON_THE_PART_OF =
  /\b(?:mistake|error|oversight|failure|lapse|negligence|fault|misjudgement|misjudgment|slip|carelessness)s?\s+on the part of\s+/gi;

// Behaviour judged, with a person as the subject: a kernel panics, an engineer does not.
const PERSON_JUDGEMENT =
  /\b(?:panicked|panicking|panics|froze up|lost (?:his|her|their|our) (?:head|cool|nerve)|let (?:this|it|that|things|these|those|the \w+|\w+) slip(?: through)?|let (?:this|it|that) happen|too late|too slowly|(?:once|yet) again|as usual|at it again|of course)\b/gi;

// Hindsight verdicts that need no person in the sentence.
const HINDSIGHT_VERDICT =
  /\bplain(?:ly)? to see\b|\bplain as day\b|\b(?:should|must) have been (?:obvious|clear|apparent|evident)\b|\bwriting (?:was )?on the wall\b|\b(?:obviously|clearly|plainly) (?:wrong|a mistake|mistaken|flawed|misguided|a bad (?:call|decision|idea)|a poor (?:call|decision|choice)|the wrong)\b|\blooking back,? (?:it|this|that) (?:was|is) (?:obvious|clear)\b/gi;
const RETROSPECT = /\b(?:in hindsight|in retrospect|with hindsight|looking back)\b/gi;
const RETROSPECT_VERDICT =
  /\b(?:obvious(?:ly)?|clear(?:ly)?|wrong|mistake|mistaken|should|bad (?:call|decision|idea)|poor (?:call|decision|choice)|misguided|missed|careless)\b/i;

// Acts that are wrong by their verb: "Carlos misconfigured the load balancer", "Kofi ignores the runbook".
const MISDEED_VERBS =
  /\b(?:(?!mismatch|misalign|mislabel|misbehav|misfir|misroute|mistak|missi|missil)mis[a-z]{3,}(?:ed|es|read|understood|took)|misread|fumbled|fumbles|bungled|bungles|blundered|goofed|slipped up|screwed up|messed up|got it wrong|made the wrong call|made a bad call|guessed|rushed|rushes|hurried|forgets|neglects|fat-?fingers|yolo['’]?d|winged it|improvised|botch(?:ed|es)|skipped|skips|ignored|ignores|disregarded|disregards|overlooked|overlooks|wasted|wastes|wasting|improvis(?:ed|es)|hard-?coded|hard-?codes|self-?approved|self-?approves|self-?merged|self-?merges|bypassed|bypasses|circumvented|circumvents|approved (?:her|his|their) own|approves (?:her|his|their) own|misse[sd] (?:the |a |an |it\b|them\b|three |two |several |all )|(?:took|takes|taking|take) down|(?:is|was) testing in production|tested in production|pushed to prod(?:uction)? on a friday|left [\w-]+ (?:mode )?(?:switched |turned )?on)/gi;
// Omissions: "Jane didn't validate the input", "the networking team never told anyone".
const NOT_DONE =
  /\b(?:did not|didn't|never|had not|hadn't|has not|hasn't|does not|doesn't|could not be bothered to|chose not to|decided not to|refused to)\s+(?:\w+ly\s+)?(?![a-z-]+ing\b)(?!been (?:\w+ly )?(?:told|informed|warned|notified|given|shown|trained|taught|consulted|included|invited|paged|alerted|added|granted|briefed|onboarded|copied|asked|made aware)\b)(?!feel|felt|make|made|skip|ignore|break|forget|miss|neglect|bypass|overlook|disregard|fail|wave|rush|rubber|override|circumvent|do anything|do wrong|know|knew|have|had|need|want|expect|receive|get|hear|mean|intend|exist|appear|seem|happen|work|matter|see|realise|realize|recognise|recognize|understand|own|hold|include|contain|affect|cause|occur|return|reach|load|fire|trigger|support|apply|match|change|arrive|start|stop|finish|complete)[a-z-]{3,}\b/gi;
// "Bad code was shipped by the checkout team", "the wrong cluster was targeted by Jonas"
const PASSIVE_BY = /\b(?:was|were|got|had been)\s+(?:\w+ly\s+)?[\w-]+(?:ed|en|wn|ipped|un|ade|one|et|ut)\s+by\s+/gi;
// "The runbook was not followed", "the page was acknowledged and then simply forgotten"
const PASSIVE_NEGLECT =
  /\b(?:runbook|runbooks|checklist|process|procedure|instructions|warnings?|alerts?|page|pages|guidance|policy|steps?|risks?|concerns?|red flags?|complaints?|objections?|signs?)(?:\s+(?:in|on|from|of)\s+(?:the\s+|a\s+)?[\w-]+)?\s+(?:was|were|had been|got)\s+(?:\w+\s+){0,4}?(?:not followed|never followed|not read|never read|ignored|disregarded|forgotten|overlooked|skipped)\b/gi;
// "failure to follow the deploy checklist by the checkout team"
const FAILURE_BY = /\bfailure (?:to|of) [^,;]{0,60}?\bby\s+/gi;
// "Bongani's refactor removed the retry logic": a person's work as the doer of the harm
const POSSESSIVE_ACT =
  /\b(?:introduced|removed|disabled|deleted|dropped|broke|wiped|took out|knocked out|truncated|corrupted|overwrote|crashed|killed|locked|evicted|leaked|exposed|flooded|overloaded)\b/gi;
const SYSTEM_GAP =
  /,\s*which (?:the |our |any |no )?(?:tests?|ci|review|pipeline|checks?|linter|tooling|alerts?|monitoring|validation)\s+(?:did not|didn't|could not|couldn't|never|does not|doesn't)\b|\bbecause (?:the |a |an |our )?(?:[\w-]+ )?(?:role|roles|permissions?|account|accounts|tests?|ci|pipeline|tool|tooling|config|configuration|default|defaults|template|schema|check|checks|script|api|orm|driver)\b/i;
// "The incident was Gabriela's doing"
const DOING = /[\w-]+['’]s doing\b/gi;
// "User error was made here", "user misunderstanding of the commit SHA"
const USER_ERROR =
  /\buser (?:error|mistake|misunderstanding)\b(?!s)(?!\s*\(?\s*(?:HTTP|[1-5]\d\d\b)|\s+(?:codes?|status|responses?|messages?|pages?|rates?|counts?|class|types?|handling)\b)/gi;
// Discipline as the outcome: "we have taken action with that employee", "the engineer was fired"
const DISCIPLINE =
  /\b(?:taken|take|took) (?:disciplinary )?action (?:with|against)\b|\b(?:was|were|been|got|be) (?:fired|reprimanded|disciplined|sacked)\b/gi;
// Judgements of people that are never technical terms.
const JUDGEMENT_ALWAYS =
  /\b(?:overconfiden(?:t|ce)|complacen(?:t|cy|ce)|arrogan(?:t|ce)|inattentive|inattention|unprofessional(?:ly)?|lackadaisical|cavalier|haphazard(?:ly)?|slapdash|shoddy|shoddily|clumsy|clumsily|gross negligence|dereliction|unforgivable|should be ashamed|held (?:personally )?accountable|be held responsible|(?:a|the) (?:bad|poor|wrong|terrible|questionable) (?:call|judgement|judgment|decision) (?:by|from|of)|poor judg(?:e)?ment|lapse (?:of|in) judg(?:e)?ment|(?:was|were|got) distracted|unprepared|not up to the (?:task|job)|out of (?:his|her|their) depth|flailed|flailing|rookie (?:move|error)|(?:was|were|wasn't|weren't|not) (?:even )?paying attention|approving blindly|blindly|cowboy\w*|rubber-?stamp(?:ed|ing|s)?|cut(?:ting)? corners|half-?assed|wasting \d+ minutes|still employed|as always)\b/gi;
// More vigilance: "staff should think twice", "the on-call needs to stay alert"
const VIGILANCE_MORE =
  /\b(?:think twice|stay (?:alert|vigilant|focused|sharp)|keep (?:a close|an) eye|actually read|read (?:it|the diff|the docs|the runbook) (?:carefully|properly)|be (?:more )?aware)\b/gi;
// "All it would have taken was for the on-call to check", "a more experienced engineer would have spotted it"
const COUNTERFACTUAL_MORE =
  /\ball (?:it|that) (?:would have|would've) taken\b|\b(?:a|an|any) (?:more |half-?way )?(?:experienced|competent|careful|senior|skilled|attentive|seasoned|decent) (?:engineer|developer|operator|reviewer|sre|admin|person|on-?call\w*|dba|sysadmin|responder|lead|manager|team|programmer|human)\b[^.;]{0,40}?\b(?:would|could|should)(?: never| not|n't)?(?: have|'ve)\b/gi;
// Hindsight: "the warning signs were all there", "should have been foreseeable", "hard to understand how they missed it"
const HINDSIGHT_MORE =
  /\b(?:warning )?signs were (?:all )?there\b|\b(?:should|must) have been (?:foreseeable|predictable|anticipated)\b|\bhard to (?:understand|see|believe) how (?:\w+ ){0,3}(?:missed|ignored|overlooked|could)\b/gi;
// Who-questions aimed at a person: "Why did you push to prod on a Friday?", "Why is Dave still employed?"
const WHY_YOU = /^\s*why (?:did|didn't|would|wouldn't|were|weren't) you\b|^\s*have a word with\b/gi;
// Sarcastic praise of a failure: "Great job, Omar, on taking down the whole site", "Another flawless deploy from ..."
const SARCASM =
  /^\s*(?:great|nice|good|fantastic|amazing) (?:job|work)\b[^.]*\b(?:down|broke|breaking|outage|wrong|again|as always|ruined|wrecked)\b|^\s*another (?:flawless|perfect|stellar|great|smooth|brilliant) (?:[\w-]+ ){1,2}(?:from|by)\b|^\s*(?:shout-?out|kudos|props|thanks) to\b[^.]*\b(?:in production|as always|again|in (?:\w+ )?seconds|without reading|on a friday)\b/gi;

// More hindsight: "any engineer would have known", "the red flags were obvious", "staring us in the face"
const HINDSIGHT_WIDE =
  /\b(?:should|could|would) have (?:known|seen|foreseen|anticipated|predicted|realised|realized) (?:better|this|that|it|the)\b|\b(?:red flags|warning signs|glaring|blatant(?:ly)?|in plain sight|staring (?:us|them|him|her) in the face|no-?brainer|it is (?:now )?obvious|was obvious|were obvious|it's obvious|easy to see (?:now|in hindsight)|should not have been (?:a )?surpris\w+)\b/gi;
// More human error: "human factors", "layer 8", "a slip by the operator", "user mistake"
const HUMAN_ERROR_WIDE =
  /\bhuman (?:factors?|slip|lapse|mistake|failing|fault)\b|\blayer ?8\b|\bbetween (?:the )?keyboard and (?:the )?chair\b|\bpersonnel (?:error|mistake|failure)\b|\bhuman-caused\b|\bpeople problem\b/gi;
// More vigilance: "must remember to", "should know better", "be mindful", "retrain the engineer", "triple-check"
const VIGILANCE_WIDE =
  /\b(?:must|should|need to|needs to|have to|has to|will) (?:always |now )?(?:remember|know better|be mindful|be reminded|think before|take care|check twice|triple-?check|read (?:\w+ ){0,2}(?:carefully|closely|properly)|not forget|never forget|stop (?:being|making))\b|\b(?:re-?train(?:ing)?|additional training for|more training for|coach(?:ing)?) (?:the |our |that |this )?(?:engineer|operator|developer|on-?call\w*|staff|team|individual|person|employee)s?\b|\btriple-?check\b/gi;
// Who-questions in prose: "we need to know who approved this", "identify the engineer responsible"
const WHO_WIDE =
  /\b(?:know|learn|see|check|track down|name|ask) who (?:approved|pushed|merged|deployed|broke|deleted|caused|wrote|signed off|did|made|ran|changed|was responsible)\b|\b(?:identify|find|name) the (?:engineer|person|developer|operator|individual|employee|culprit)s? (?:who|responsible|at fault)\b|\bthe culprit\b/gi;

// "If greater care had been taken", "with more attention"
const CARE_COUNTERFACTUAL =
  /\b(?:if (?:only )?|had )(?:more|greater|enough|proper|sufficient|extra|due|closer|better|adequate) (?:care|attention|caution|diligence|thought)\b/gi;

const BAD_ANYWHERE =
  /\b(?:password|api key|secret|credential|token|private key|rather than|in the middle of|during|freeze|half-finished|unfinished|destructive|typo|his own|her own|their own|public|open to the|in plain|straight|directly|by hand|despite|before|that had|that has|that was|that were|which had|which has|which was|which were|instead of|had not|hadn't|untested|unreviewed|unapproved|unvalidated|bad|wrong|broken|faulty|incorrect|buggy|invalid|risky|dangerous|half-baked|mistake|accident|accidentally|mistakenly|without|carelessly|blindly|hastily|recklessly|wrongly)/i;
const ACT_OR_PASSIVE = [ACT_VERBS, PASSIVE_BY];
const CAUSE_SHAPES = [IS_CAUSE, CAUSE_IS];
const ON_THE_PART_OF_SHAPES = [ON_THE_PART_OF];
const ACT_OF_PERSON_SHAPES = [POSSESSIVE_ACT, DOING, USER_ERROR, DISCIPLINE, FAILURE_BY];
const JUDGEMENT_SHAPES = [PERSON_JUDGEMENT, JUDGEMENT_ALWAYS, SARCASM];
const MISDEED_SHAPES = [MISDEED_VERBS];
const OMISSION_SHAPES = [NOT_DONE, PASSIVE_NEGLECT];
const HINDSIGHT_SHAPES = [HINDSIGHT_VERDICT, RETROSPECT, HINDSIGHT_MORE, HINDSIGHT_WIDE];
const VIGILANCE_SHAPES = [VIGILANCE_MORE, COUNTERFACTUAL_MORE, VIGILANCE_WIDE, CARE_COUNTERFACTUAL];
const WHO_SHAPES = [WHY_YOU, WHO_WIDE, HUMAN_ERROR_WIDE];

/**
 * The shapes' tests: some pattern of a shape may match. Each pattern is tried only where one of the words it cannot
 * match without is (pattern-gate.ts reads them from its source), so the families need no word lists of their own and
 * a pattern added to one is gated with it: most sentences hold no shape pattern's words, and trying every shape's
 * pattern on them was most of the lint time.
 */
export const SHAPE_TESTS: readonly ((sentence: string) => boolean)[] = [
  // an act or passive "by" next to a word of badness
  (s) => gatedTest(BAD_ANYWHERE, s) && anyMatches(ACT_OR_PASSIVE, s),
  // a cause, a person's part, work or doing, user error, discipline, "failure to ... by"
  (s) => {
    const lower = s.toLowerCase();
    if (lower.includes("cause") && anyMatches(CAUSE_SHAPES, s)) return true;
    if (lower.includes("on the part of") && anyMatches(ON_THE_PART_OF_SHAPES, s)) return true;
    return anyMatches(ACT_OF_PERSON_SHAPES, s);
  },
  // judgements of behaviour and sarcasm; misdeeds by their verb; omissions and neglected procedures; hindsight;
  // vigilance and counterfactual care or competence; who-questions, human error, unmet obligations
  (s) => anyMatches(JUDGEMENT_SHAPES, s),
  (s) => anyMatches(MISDEED_SHAPES, s),
  (s) => anyMatches(OMISSION_SHAPES, s),
  (s) => anyMatches(HINDSIGHT_SHAPES, s),
  (s) => anyMatches(VIGILANCE_SHAPES, s),
  (s) => anyMatches(WHO_SHAPES, s),
  // an agent and an act of fault in wider wordings (agent-acts.ts, agent-faults.ts, blame-wordings.ts)
  (s) => mayHaveAgentAct(s) || mayHaveAgentFault(s) || mayHaveBlameWording(s),
];

/** An apology, thanks or feeling right after "once again" / "as usual": not a judgement of anyone. */
const FEELING_NEXT =
  /^[\s,]*(?:\w+\s+){0,2}?(?:sorry|apologi[sz]e|apologies|thank|thanks|grateful|pleased|happy|glad|excited|proud|delighted)\b/i;

/** What readers are pointed at for news: a channel and updates, not a system to watch. */
const FOR_NEWS =
  /^\s*(?:on|out for)\s+(?:our|the)\s+(?:[\w.𝕏-]+\s+){0,2}?(?:status page|page|blog|account|feed|channel|website|site|newsletter|announcements?|twitter|x\.com|forum|discord)\b|\bfor (?:the |further |more )?(?:details|updates|news|announcements|information)\b/iu;

/** True when some shape may match: the gate in front of tokenising the sentence for them. */
export function mayHaveShape(sentence: string): boolean {
  for (const test of SHAPE_TESTS) if (test(sentence)) return true;
  return false;
}

/** A person, or a person's act ("the on-call's restart"), heads the clause before token `ti`. */
function personSubject(ctx: SentenceCtx, ti: number): boolean {
  const s = subjectOf(ctx, ti);
  return s.referent === "person" || (s.referent === "unknown" && s.personInClause);
}

/** The hits of every shape in one sentence (the caller has checked that the sentence is not guidance). */
export function shapeHits(ctx: SentenceCtx): ShapeHit[] {
  const { sentence, tokens, refs } = ctx;
  const out: ShapeHit[] = [];
  const push = (category: BlameCategory, start: number, end: number): void => {
    out.push({ category, start, end });
  };
  if (ctx.anyPerson) {
    eachMatch(ACT_VERBS, sentence, (m) => {
      const after = sentence.slice(m.index + m[0].length);
      const before = sentence.slice(Math.max(0, m.index - 20), m.index);
      const bad = BAD_OBJECT_BRANCHES.exec(after);
      if (!bad && !BAD_MANNER_BEFORE.test(before)) return;
      // the mark of fault inside a quotation is someone else's words ('wrote "Kaito restored the wrong snapshot"')
      if (bad && !BAD_MANNER_BEFORE.test(before) && quoted(sentence, m.index + m[0].length + bad[0].length - 1)) return;
      // "we removed the broken entries", "reverted the bad change": undoing something bad is the remedy
      if (REMEDIAL.test(m[0]) && !BAD_MANNER_BEFORE.test(before) && !WRONG_TARGET.test(after)) return;
      if (mentionOnly(ctx, m.index, m[0].length)) return;
      const ti = tokenAt(tokens, m.index);
      const prev = tokens[ti - 1]?.lower ?? "";
      // passive "was pushed" has the act's object as its subject, not a person
      if (/^(?:was|were|been|is|are|be|being)$/.test(prev)) return;
      const s = subjectOf(ctx, ti);
      // "We should consider ... banning changes from merging without moving ...": the writers' own plan
      if (s.referent === "person" && !writersAreSubject(ctx, ti))
        push("person-as-cause", m.index, m.index + m[0].length);
    });
    eachMatch(IS_CAUSE, sentence, (m) => {
      if (quoted(sentence, m.index) || mentionOnly(ctx, m.index, 0)) return;
      if (/\b(?:not|never)\b/i.test(m[0])) return;
      if (personSubject(ctx, tokenAt(tokens, m.index))) push("person-as-cause", m.index, m.index + m[0].length);
    });
    eachMatch(CAUSE_IS, sentence, (m) => {
      const from = tokenAt(tokens, m.index + m[0].length);
      // "the root cause was Chinwe's change": a person's act is the person as the cause
      const possessor = refs[from] === "person" && /['’]s?$/.test(tokens[from]?.lower ?? "");
      if (possessor || headReferent(tokens, refs, from, Math.min(tokens.length, from + 3)) === "person") {
        push("person-as-cause", m.index, tokens[from]?.end ?? m.index + m[0].length);
      }
    });
    eachMatch(ON_THE_PART_OF, sentence, (m) => {
      const from = tokenAt(tokens, m.index + m[0].length);
      if (headReferent(tokens, refs, from, Math.min(tokens.length, from + 4)) === "person") {
        push("person-as-cause", m.index, m.index + m[0].length);
      }
    });
    eachMatch(MISDEED_VERBS, sentence, (m) => {
      if (mentionOnly(ctx, m.index, m[0].length)) return;
      const ti = tokenAt(tokens, m.index);
      if (/^(?:was|were|been|is|are|be|being)$/.test(tokens[ti - 1]?.lower ?? "") && !/testing/i.test(m[0])) return;
      if (personSubject(ctx, ti)) push("person-as-cause", m.index, m.index + m[0].length);
    });
    eachMatch(NOT_DONE, sentence, (m) => {
      if (quoted(sentence, m.index) || writersAreSubject(ctx, tokenAt(tokens, m.index))) return;
      // "..., using the emergency process, which did not require a staged rollout": "which" stands for a thing
      if (clauseBefore(tokens, tokenAt(tokens, m.index)).breakWord === "which") return;
      // "Aditya did not pick the wrong cluster": denying a faulty act is not an omission
      if (
        /^[^;:.]{0,40}?\b(?:wrong|incorrect|bad|a mistake|an error|faulty)\b/i.test(
          sentence.slice(m.index + m[0].length),
        )
      )
        return;
      if (subjectOf(ctx, tokenAt(tokens, m.index)).referent === "person")
        push("omission", m.index, m.index + m[0].length);
    });
    eachMatch(PASSIVE_BY, sentence, (m) => {
      if (mentionOnly(ctx, m.index, m[0].length) || !BAD_ANYWHERE.test(sentence)) return;
      const from = tokenAt(tokens, m.index + m[0].length);
      if (headReferent(tokens, refs, from, Math.min(tokens.length, from + 4)) === "person") {
        push("person-as-cause", m.index, m.index + m[0].length);
      }
    });
    eachMatch(FAILURE_BY, sentence, (m) => {
      const from = tokenAt(tokens, m.index + m[0].length);
      if (headReferent(tokens, refs, from, Math.min(tokens.length, from + 4)) === "person") {
        push("omission", m.index, m.index + m[0].length);
      }
    });
    eachMatch(POSSESSIVE_ACT, sentence, (m) => {
      const ti = tokenAt(tokens, m.index);
      // "Bogdana's merge removed the rate limiter, which the tests did not cover": a gap in the system explains it
      if (SYSTEM_GAP.test(sentence.slice(m.index))) return;
      if (personPossessorBefore(ctx, ti) && !mentionOnly(ctx, m.index, m[0].length))
        push("person-as-cause", m.index, m.index + m[0].length);
    });
    eachMatch(DOING, sentence, (m) => {
      if (refs[tokenAt(tokens, m.index)] === "person" && !mentionOnly(ctx, m.index, m[0].length))
        push("person-as-cause", m.index, m.index + m[0].length);
    });
    eachMatch(PERSON_JUDGEMENT, sentence, (m) => {
      if (mentionOnly(ctx, m.index, m[0].length)) return;
      // "We are once again sorry for ...", "as usual, thanks to ...": the repetition is of an apology or thanks
      if (FEELING_NEXT.test(sentence.slice(m.index + m[0].length, m.index + m[0].length + 30))) return;
      if (personSubject(ctx, tokenAt(tokens, m.index))) push("judgmental", m.index, m.index + m[0].length);
    });
  }
  eachMatch(HINDSIGHT_WIDE, sentence, (m) => {
    if (!mentionOnly(ctx, m.index, m[0].length)) push("hindsight", m.index, m.index + m[0].length);
  });
  eachMatch(HUMAN_ERROR_WIDE, sentence, (m) => {
    if (!mentionOnly(ctx, m.index, m[0].length)) push("human-error", m.index, m.index + m[0].length);
  });
  eachMatch(VIGILANCE_WIDE, sentence, (m) => {
    // "Retraining the operator is not a fix": rejected, not prescribed
    if (!quoted(sentence, m.index) && !ctx.guidance && !mentionOnly(ctx, m.index, m[0].length))
      push("vigilance", m.index, m.index + m[0].length);
  });
  eachMatch(WHO_WIDE, sentence, (m) => {
    // "the node is suspected to be the culprit": a culprit is only a person in a sentence about people
    if (/culprit/i.test(m[0]) && !ctx.anyPerson) return;
    if (!mentionOnly(ctx, m.index, m[0].length)) push("who-question", m.index, m.index + m[0].length);
  });
  eachMatch(USER_ERROR, sentence, (m) => {
    if (!mentionOnly(ctx, m.index, m[0].length)) push("human-error", m.index, m.index + m[0].length);
  });
  eachMatch(DISCIPLINE, sentence, (m) => {
    // "An engineer who thinks they will be reprimanded ...": a fear, not an outcome
    if (!mentionOnly(ctx, m.index, m[0].length) && !hypothetical(ctx, m.index))
      push("judgmental", m.index, m.index + m[0].length);
  });
  eachMatch(PASSIVE_NEGLECT, sentence, (m) => {
    if (!quoted(sentence, m.index)) push("omission", m.index, m.index + m[0].length);
  });
  eachMatch(JUDGEMENT_ALWAYS, sentence, (m) => {
    if (!mentionOnly(ctx, m.index, m[0].length)) push("judgmental", m.index, m.index + m[0].length);
  });
  eachMatch(VIGILANCE_MORE, sentence, (m) => {
    // "the team started to keep an eye on all validator rounds": a report of what was done, not a prescription
    if (
      !quoted(sentence, m.index) &&
      prescriptive(ctx, m.index) &&
      !/\b(?:started|began|kept|continued|will keep|is keeping|are keeping)\s+(?:to\s+)?$/i.test(
        sentence.slice(Math.max(0, m.index - 20), m.index),
      ) &&
      // "Keep an eye on our status page for the details": readers pointed at news, not a watch kept by people
      !FOR_NEWS.test(sentence.slice(m.index + m[0].length, m.index + m[0].length + 80))
    )
      push("vigilance", m.index, m.index + m[0].length);
  });
  eachMatch(COUNTERFACTUAL_MORE, sentence, (m) => {
    if (!mentionOnly(ctx, m.index, m[0].length)) push("counterfactual", m.index, m.index + m[0].length);
  });
  eachMatch(HINDSIGHT_MORE, sentence, (m) => {
    if (!mentionOnly(ctx, m.index, m[0].length)) push("hindsight", m.index, m.index + m[0].length);
  });
  eachMatch(WHY_YOU, sentence, (m) => push("who-question", m.index, m.index + m[0].length));
  eachMatch(SARCASM, sentence, (m) => push("judgmental", m.index, m.index + m[0].length));
  eachMatch(HINDSIGHT_VERDICT, sentence, (m) => {
    if (!mentionOnly(ctx, m.index, m[0].length)) push("hindsight", m.index, m.index + m[0].length);
  });
  eachMatch(RETROSPECT, sentence, (m) => {
    if (ctx.anyPerson) return; // the detector's own hindsight check reads these next to a person
    if (RETROSPECT_VERDICT.test(sentence.slice(m.index + m[0].length)) && !mentionOnly(ctx, m.index, m[0].length)) {
      push("hindsight", m.index, m.index + m[0].length);
    }
  });
  eachMatch(CARE_COUNTERFACTUAL, sentence, (m) => {
    if (!mentionOnly(ctx, m.index, m[0].length)) push("counterfactual", m.index, m.index + m[0].length);
  });
  agentActHits(ctx, push);
  agentFaultHits(ctx, push);
  blameWordingHits(ctx, push);
  return out;
}
