/**
 * The words and phrases of blaming language: the categories, what each finding says, and the trigger patterns the
 * detector looks for. Data only; the detector decides whether a match is blame by analysing its clause.
 * @module
 */
/** The kinds of blame the detector recognises; each is a `blameless/<kind>` rule. */
export type BlameCategory =
  | "person-as-cause"
  | "human-error"
  | "counterfactual"
  | "omission"
  | "hindsight"
  | "judgmental"
  | "vigilance"
  | "who-question";

/** All blame categories, in the order the practice notes list them. */
export const BLAME_CATEGORIES: readonly BlameCategory[] = [
  "person-as-cause",
  "human-error",
  "counterfactual",
  "omission",
  "hindsight",
  "judgmental",
  "vigilance",
  "who-question",
];

/** One piece of blaming language, with offsets into the analysed text. */
export interface BlameHit {
  category: BlameCategory;
  /** Offset of the first character of the trigger phrase. */
  start: number;
  /** Offset after the trigger phrase. */
  end: number;
  /** The trigger phrase as written. */
  phrase: string;
  /** One line on why this reads as blame. */
  message: string;
  /** How to rewrite it around the system. */
  suggestion: string;
  /** A concrete rewrite of the sentence built from the author's own words, when a safe one exists. */
  rewrite?: string;
}

/** Team-specific additions from `.debriefrc.yaml`. */
export interface BlameOptions {
  /** Extra judgmental words or phrases. */
  judgmentalWords?: readonly string[];
  /** Phrases that are never blame in this team's writing (matched case-insensitively). */
  allowPhrases?: readonly string[];
  /** Names and handles known to be people. */
  people?: readonly string[];
  /**
   * `people` holds everyone in the incident (read from its evidence, or given as the incident's people): other
   * capitalised words are then not guessed to be names. Configured or front-matter names alone are not complete.
   */
  peopleComplete?: boolean;
  /**
   * Decides whether a sentence's first word, capitalised and unknown to the lexicon, is a name (e.g. a part-of-speech
   * tagger's proper-noun verdict). Asked only for sentences that already hold a trigger. Without it the lexicon's own
   * rule decides (an unknown word that is not a common-noun form, followed by a verb).
   */
  nameOracle?: NameOracle;
}

/** See {@link BlameOptions.nameOracle}: is `word`, the first word of `sentence`, a person's name? */
export type NameOracle = (sentence: string, word: string) => boolean;

export const SUGGESTIONS: Record<BlameCategory, string> = {
  "person-as-cause":
    'Name the system condition instead of the person: what let this action have this effect (e.g. "the deploy tool applied the change to every region at once with no canary")?',
  "human-error":
    "'Human error' ends the inquiry. Describe the condition that made the action possible or harmful (no confirmation, ambiguous tool output, missing safeguard).",
  counterfactual:
    "Describe what people knew and saw at the time, and which safeguard or signal was missing, instead of what someone should have done.",
  omission:
    'Say what the system did not provide (e.g. "nothing reminded or checked that the certificate was renewed") rather than what a person failed to do.',
  hindsight:
    "Write what people knew and believed at the time; hindsight makes the outcome look obvious and hides why the action made sense then.",
  judgmental: "Drop the judgment; state what was done and the conditions around it.",
  vigilance:
    "Asking people to be more careful does not change the system: add a check, guard-rail or automation that makes the safe path the default.",
  "who-question": "Ask how and why it happened, and what made the action reasonable at the time, not who did it.",
};

export const MESSAGES: Record<BlameCategory, string> = {
  "person-as-cause": "names a person as the cause of the failure",
  "human-error": "gives human error as a cause",
  counterfactual: "hindsight counterfactual about what a person should have done",
  omission: "frames a person's omission as the cause",
  hindsight: "hindsight judgment of what people knew",
  judgmental: "judgmental word about people's work",
  vigilance: "prescribes vigilance instead of a system change",
  "who-question": "asks who did it rather than how it happened",
};

// Verbs that make their subject the cause of the failure.
export const CAUSE_VERBS =
  /\b(caused|causes|broke|breaks|crashed|corrupted|wiped|nuked|botched|ruined|trashed|destroyed|(?:took|takes|brought|brings|knocked) (?:down|out|offline)|knocked over|(?:took|takes|brought|brings|knocked) (?:the |a |an |our |its |their )?(?:[\w-]+ ){0,2}(?:down|offline)|(?:messed|screwed|fouled) up|blew away|led to|triggered|resulted in)\b/gi;
export const HARM_VERBS =
  /\b(deleted|dropped|killed|removed|overwrote|truncated|erased|deletes|drops|kills|removes|overwrites|truncates|erases|wipes)\b/gi;
export const HARM_OBJECT =
  /\b(prod|production|primary|wrong|database|databases|data|table|tables|users|customer|customers|by mistake|accidentally|mistakenly)\b/i;
/**
 * "we removed the broken entries from the database", "deleted the stale locks": removing something already bad is
 * the remedy, not the harm (seen in a real public incident report, where a harm-verb reading was a false positive).
 */
export const REMEDY_OBJECT =
  /^\s+(?:(?:the|all|any|these|those|some|every|each)\s+)?(?:\w+\s+)?(?:broken|corrupt|corrupted|stale|duplicate|duplicated|orphaned|orphan|invalid|bad|faulty|offending|affected|leftover|dangling|poisoned|bogus|erroneous|malformed|inconsistent|damaged|stuck|hung|zombie)\b/i;
export const MISTAKE_NOUNS =
  /^(mistake|mistakes|typo|typos|error|errors|blunder|blunders|oversight|fault|slip|lapse|misstep|negligence|carelessness|screw-up|screwup|goof|misclick|mis-click|misclicks|mis-clicks|misconfiguration|mistype|mis-type|misjudgement|misjudgment)$/;
export const FAILURE_WORDS =
  /\b(incident|outage|failure|failed|duplicated|lost|broke|broken|down|corrupt\w*|errors|happened|offline|deleted|wiped|data loss|crash\w*|unavailable)\b/i;

export const HUMAN_ERROR =
  /\b(human|operator|engineer|engineering|pilot|personnel)[ -](error|errors|mistake|mistakes|failure)\b|\bfat[- ]?finger(?:ed|ing|s)?\b(?![- ](?:protection|prevention|proof|guard|guards|check|checks|prompt|prompts|safeguards?|confirmation|detection|risk|insurance))|\bpebkac\b|\bid10t\b/gi;
export const JUDGMENTAL_BASE =
  "careless|carelessly|carelessness|sloppy|sloppily|sloppiness|negligent|negligently|negligence|incompetent|incompetence|incompetently|lazy|laziness|lazily|reckless|recklessly|recklessness|irresponsible|irresponsibly|stupid|stupidity|dumb|idiotic|foolish|foolishly|boneheaded|clueless|inexcusable|dropped the ball|drop the ball|rookie mistake|amateurish|asleep at the wheel|should have known better|no excuse";
export const CONDITIONAL_JUDGMENTAL = /\b(lax|unacceptable)\b/gi;
export const VIGILANCE =
  /\b(?:be|being|are|is) (?:more |extra |very )?(?:careful|vigilant|diligent|attentive|cautious)\b|\bmore (?:careful|vigilant|diligent|attentive|cautious)\b|\bpay (?:more |closer |better |extra )?attention\b|\bdouble[- ]check(?:s|ing)?\b|\bremind (?:everyone|everybody|engineers|the team|people|developers|operators|staff|all|responders|the on-?call)\b|\btake (?:more|extra|greater) care\b|\bfollow (?:the|our) (?:runbook|checklist|process|procedure)s?\b|\bremember to\b/gi;
export const PRESCRIPTIVE = new Set([
  "should",
  "must",
  "need",
  "needs",
  "have",
  "has",
  "will",
  "to",
  "please",
  "always",
  "shall",
  "ought",
  "sure",
  "ensure",
  "remind",
  "tell",
  "ask",
  "forward",
  "future",
  "we'll",
  "let's",
]);
export const WHO_QUESTION =
  /\b(?:find(?:ing)? out|determin(?:e|ing)|identify(?:ing)?|figur(?:e|ing) out|establish(?:ing)?|work(?:ing)? out|discover(?:ing)?|investigat(?:e|ing)) who\b|\bask(?:ing|ed)?(?: \S+){0,3} who (?:approved|pushed|merged|deployed|broke|did|caused|made|ran|changed|deleted|forgot|missed|is responsible|was responsible|is to blame|was to blame)\b|\bwho (?:is|was|are|were) (?:to blame|responsible|at fault)\b/gi;
export const HINDSIGHT_ALWAYS =
  /\b(?:wrongly|mistakenly|incorrectly|naively|foolishly) (?:assumed|believed|thought|decided|trusted|concluded|presumed)\b|\bsigns? (?:that )?we missed\b|\bwe missed (?:them|it|the signs?|the warning)\b|\bany(?:one|body) could (?:see|have seen|tell|have told)\b|\bany competent\b|\bshould have known\b/gi;
export const HINDSIGHT_PERSON =
  /\bin hindsight\b|\bwith hindsight\b|\bin retrospect\b|\bobvious(?:ly)?\b|\bclearly\b/gi;
// "clearly" as a manner of saying or showing ("update the policy to clearly state ...", a real report), not a
// hindsight verdict on what someone should have seen
export const CLEARLY_NEUTRAL_NEXT =
  /^(documented|labelled|labeled|defined|visible|marked|stated|communicated|written|shown|displayed|explained|named|separated|identified|signposted|described|readable|legible|specified|logged|indicated|showed|shows|show|see|saw|state|states|document|documents|label|labels|define|defines|mark|marks|communicate|communicates|explain|explains|describe|describes|specify|specifies|indicate|indicates|separate|separates|identify|identifies|display|displays|distinguish|distinguishes|signal|signals|flag|flags|warn|warns)$/;
export const IGNORED =
  /\b(ignored|disregarded|overlooked|brushed off|dismissed) (?:the |a |an |all |every )?(?:\w+ )?(?:warning|warnings|alert|alerts|banner|error|errors|page|pages|signs?)\b/gi;
export const MISSED =
  /\bmissed (?:the |a |an )?(?:\w+ )?(?:alert|alerts|page|pages|warning|warnings|signs?|step|steps|regression|regressions|bug|bugs|typo|typos|mistake|mistakes|error|errors|problem|problems|issue|issues|change|changes|deadline|deadlines|renewal|expiry|handoff|handover)\b/gi;
export const OMISSION =
  /\b(?:failed|fails|fail|neglected|neglects|neglect|forgot|forgets|forget|forgotten|omitted|bothered|bother)\s+to\b|\bforgot (?:that|about|the)\b|\bdid(?:n't| not) bother\b/gi;
// A modal perfect with any negation or adverb between the modal and "have" ("should never have", "shouldn't ever
// have", "could so easily have", "ought never to have"): the shape, not a list of phrasings.
export const COUNTERFACTUAL =
  /\b(should|could|would|ought to|might|must)(?:n't| not| never)?(?: (?:ever|never|really|just|also|at least|so|even|[a-z]+ly)){0,2}(?:'ve| have)\b|\b(should|could|would)'ve\b|\bought (?:not|never) to have\b/gi;
export const IF_ONLY_HAD = /\b(?:if only|if)\b([^,;]*?)\bhad\b|(?:^|[,;] ?)had\b/gi;
export const GUIDANCE =
  /\b(avoid (?:words|phrases|language|terms|blam\w*|naming|saying|writing|using|calling|evaluating|judging|speculating|second-guessing|dwelling|["“'])|(?:anyone|anybody|everyone|everybody|any (?:one )?of us|any (?:other )?(?:team member|engineer|member of (?:the|our) team|of them|of you|person)|we all|all of us) (?:could|might|would) (?:easily |just as easily |well )?(?:have|'ve) (?:made|done) (?:the same|that|this|a similar|such an?) (?:mistake|error|call|choice|decision|slip|thing)|(?:old|traditional|bad[- ]apple|old-school|classic) (?:view|theory|approach|model|understanding) of (?:human error|error|safety|accidents?|failure)|["“']?bad[- ]apple["”']? (?:theory|view|model|approach|thinking)|(?:when|if) (?:we|you|people|they|one|someone) (?:say|says|call|calls|label|labels|describe|describes|write|writes|conclude|concludes)\b|the (?:question|point|issue) (?:is|was) (?:not|never) (?:why|who|whether)|(?:should|must|do|does|did|will|would)(?:n't| not| never) ask (?:whether|who|why|if)|(?:found|find|see|saw|there (?:is|was)) no (?:evidence|sign|indication|suggestion) that|(?:nobody|no one|no-one|no engineer|no operator|people do not|people don't) (?:wakes? up|comes? to work|sets? out|goes? to work|intends?|wants?) (?:intending |wanting |planning )?to|(?:in|with) hindsight,? (?:everything|it all|things|the (?:answer|cause|signs?|problem)|it) (?:looks?|seems?|appears?|becomes?)|(?:mistakes?|errors?|slips?)(?: made by (?:a |an )?(?:human|person|people|operators?|engineers?))? (?:is|are) (?:only |just |merely |the |a |an )*(?:start|beginning|starting point|symptom|effect|consequence|label|signal)|(?:there is|there's|there are) always\b[^.]{0,150}?\bbehind (?:a|every|any|each)\b|(?:instead of|rather than) (?:\w+ ){0,2}(?:writing|saying|using (?:words?|phrases?|language|terms?|["“'])|naming|blaming|blame|asking who|pointing fingers|words?|phrases?|language|["“'])|don't (?:write|say|use|name)|do not (?:write|say|use|name|call)|never (?:write|say|use)|words like|phrases like|phrases such as|terms like|terms such as|language like|replace (?:words|phrases|language|terms|blame|["“'])|is never (?:a|the|an acceptable|a valid) root cause|is (?:not|never) (?:an? |the )?(?:acceptable |valid |sufficient |useful |real )?(?:root )?cause|not a place to|labell?ing|calling (?:it|this|an incident|an outage)|the (?:goal|point|aim|purpose|idea) (?:here )?is not|(?:someone|somebody|anyone|a person|a culprit|individuals?|people) to blame|blame (?:would|will|won't|does|doesn't|did|never|only) (?:\w+ )?(?:tell|help|teach|fix|explain|solve|change)|blame the (?:individual|person|people|engineer|operator|human)s? rather than|(?:rather than|instead of) (?:see|seeing|treat|treating|view|viewing|regard|regarding)|falsely believe|hindsight bias|outcome bias|no (?:single )?(?:person|one|individual|engineer) (?:is|was) (?:responsible|to blame|at fault)|implies (?:human error|blame|fault)|is not (?:about|to) (?:blam\w*|find\w* who|point\w* fingers|assign\w* blame)|not (?:here |trying |looking )?to (?:blame|assign blame|point fingers)|no(?: ?one|body) (?:is|was) to blame|is not an action item|blameless post-?mortems? do not|we do not use|blaming (?:[\w-]+ ){0,3}(?:would|will|does|did|is|isn't|doesn't|won't|never|tells|helps|fixes)|not (?:a|the) (?:story|question|matter|case|report) (?:about|of)|human error is where|not (?:looking|trying|here|out) (?:for|to find|to name) (?:who|a culprit|someone|the person)|human error is (?:where|a |an |the |only |just |merely )?(?:start|beginning|starting point|symptom|effect|consequence|label|signal|never|not|rarely|seldom)|tells us (?:nothing|little)|teaches (?:us )?nothing|no(?:body| one) (?:is|was) (?:at fault|responsible|to blame)|without blame|no blame|(?:tempting|easy|convenient) to (?:call|say|blame|write|label|conclude|point|put|pin|stop at)|(?:unfair|wrong|unjust|inaccurate|misleading|a mistake|incorrect) to (?:say|call|claim|suggest|conclude|label|describe|write)|hindsight (?:makes|made|can make) (?:[\w-]+ ){0,4}?(?:look|seem|appear)|(?:instinct|urge|temptation|tendency|impulse) to (?:find|blame|name|identify|punish|single out|point)|^\s*(?:punishing|blaming|firing|naming|shaming|reprimanding|disciplining|retraining|scolding|attributing|ascribing|pinning|chalking|reducing|labell?ing|dismissing)\b|is not (?:a|an|the) (?:fix|solution|remedy|action item|answer|root cause)|\b\w+s (?:like|such as) ['"“‘]|\b(?:had|if) (?:we|they|you|i) (?:had )?(?:blamed|punished|fired|reprimanded|disciplined|named|scolded)|(?:human|operator|user|engineer) errors? (?:is|are) (?:a |an |the |only |just |merely |usually |often |always )?(?:start|beginning|starting point|symptom|effect|consequence|label|signal|never|not|rarely|seldom)|(?:people|humans|everyone|engineers|we all) (?:will |always )?make mistakes)\b/i;
export const NEGATORS = new Set(["not", "n't", "never", "no", "without", "nor", "nobody", "neither", "cannot"]);

export const BECAUSE_SINCE = /\b(because|since) (?!of\b)/gi;

// "mistake by", "caused by", "because of", "due to": the two tokens with only white space between them. Run on the
// lower-cased sentence, where the tokens' lower-case words are.
export const PREPOSITION_GATE =
  /(?:mistake|typo|error|blunder|oversight|fault|slip|lapse|misstep|negligence|carelessness|screw-?up|goof|mis-?click|misconfiguration|mis-?type|misjudge?ment|caused|triggered|broken|responsibility|made|pushed|done|committed|because)s?\s*(?:by|from|of)\b|(?:due|down|thanks)\s*to\b/;

/** Escape a string for use inside a regular expression. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
