import { basePossessive, PersonLexicon, type Referent } from "./person-lexicon.js";
import { suggestRewrite } from "./rewrite.js";
import { splitSentences, type Token, tokenize } from "./tokenize.js";

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
}

const SUGGESTIONS: Record<BlameCategory, string> = {
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

const MESSAGES: Record<BlameCategory, string> = {
  "person-as-cause": "names a person as the cause of the failure",
  "human-error": "gives human error as a cause",
  counterfactual: "hindsight counterfactual about what a person should have done",
  omission: "frames a person's omission as the cause",
  hindsight: "hindsight judgment of what people knew",
  judgmental: "judgmental word about people's work",
  vigilance: "prescribes vigilance instead of a system change",
  "who-question": "asks who did it rather than how it happened",
};

const CLAUSE_BREAK_WORDS = new Set([
  "because",
  "since",
  "when",
  "while",
  "after",
  "before",
  "and",
  "but",
  "so",
  "if",
  "although",
  "though",
  "yet",
  "whereas",
  "then",
  "or",
  "until",
  "unless",
  "once",
  "who",
  "which",
  "that",
  "where",
]);
const RELATIVE_OR_COORD = new Set(["who", "which", "that", "and", "but", "then", "or"]);
const CLAUSE_BREAK_PUNCT = new Set([",", ";", ":", "(", ")", "—", "–", "[", "]"]);

const PARTICIPLE_IRREGULAR = new Set(
  (
    "been known seen done caught taken run made gone had got gotten sent built brought thought kept left spent told " +
    "found held set put read shut split begun written given shown understood heard felt let meant paid said sold " +
    "stood won chosen driven eaten fallen forgotten frozen hidden ridden risen shaken spoken stolen sworn thrown " +
    "woken worn beaten bitten broken"
  ).split(" "),
);
const SKIP_ADVERBS = new Set(
  "just also really simply probably likely clearly obviously completely easily then still ever actually certainly definitely already immediately quickly instead at least"
    .split(" ")
    .concat(["not", "n't", "never"]),
);

// Verbs that make their subject the cause of the failure.
const CAUSE_VERBS =
  /\b(caused|causes|broke|breaks|crashed|corrupted|wiped|nuked|botched|ruined|trashed|destroyed|(?:took|takes|brought|brings|knocked) (?:down|out|over|offline)|(?:took|takes|brought|brings|knocked) (?:the |a |an |our |its |their )?(?:[\w-]+ ){0,2}(?:down|offline)|(?:messed|screwed|fouled) up|blew away|led to|triggered|resulted in)\b/gi;
const HARM_VERBS = /\b(deleted|dropped|killed|removed|overwrote|truncated|erased)\b/gi;
const HARM_OBJECT =
  /\b(prod|production|primary|wrong|database|databases|data|table|tables|users|customer|customers|by mistake|accidentally|mistakenly)\b/i;
/**
 * "we removed the broken entries from the database", "deleted the stale locks": removing something already bad is
 * the remedy, not the harm (seen in a real public incident report, where a harm-verb reading was a false positive).
 */
const REMEDY_OBJECT =
  /^\s+(?:(?:the|all|any|these|those|some|every|each)\s+)?(?:\w+\s+)?(?:broken|corrupt|corrupted|stale|duplicate|duplicated|orphaned|orphan|invalid|bad|faulty|offending|affected|leftover|dangling|poisoned|bogus|erroneous|malformed|inconsistent|damaged|stuck|hung|zombie)\b/i;
const MISTAKE_NOUNS =
  /^(mistake|mistakes|typo|typos|error|errors|blunder|blunders|oversight|fault|slip|lapse|misstep|negligence|carelessness|screw-up|screwup|goof)$/;
const FAILURE_WORDS =
  /\b(incident|outage|failure|failed|duplicated|lost|broke|broken|down|corrupt\w*|errors|happened|offline|deleted|wiped|data loss|crash\w*|unavailable)\b/i;

const HUMAN_ERROR =
  /\b(human|operator|engineer|engineering|pilot|personnel)[ -](error|errors|mistake|mistakes|failure)\b|\bfat[- ]?finger(?:ed|ing|s)?\b|\bpebkac\b|\bid10t\b/gi;
const JUDGMENTAL_BASE =
  "careless|carelessly|carelessness|sloppy|sloppily|sloppiness|negligent|negligently|negligence|incompetent|incompetence|incompetently|lazy|laziness|lazily|reckless|recklessly|recklessness|irresponsible|irresponsibly|stupid|stupidity|dumb|idiotic|foolish|foolishly|boneheaded|clueless|inexcusable|dropped the ball|drop the ball|rookie mistake|amateurish|asleep at the wheel|should have known better|no excuse";
const CONDITIONAL_JUDGMENTAL = /\b(lax|unacceptable)\b/gi;
const VIGILANCE =
  /\b(?:be|being|are|is) (?:more |extra |very )?(?:careful|vigilant|diligent|attentive|cautious)\b|\bmore (?:careful|vigilant|diligent|attentive|cautious)\b|\bpay (?:more |closer |better |extra )?attention\b|\bdouble[- ]check(?:s|ing)?\b|\bremind (?:everyone|everybody|engineers|the team|people|developers|operators|staff|all|responders|the on-?call)\b|\btake (?:more|extra|greater) care\b|\bfollow (?:the|our) (?:runbook|checklist|process|procedure)s?\b|\bremember to\b/gi;
const PRESCRIPTIVE = new Set([
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
const WHO_QUESTION =
  /\b(?:find(?:ing)? out|determin(?:e|ing)|identify(?:ing)?|figur(?:e|ing) out|establish(?:ing)?|work(?:ing)? out|discover(?:ing)?|ask(?:ing)?(?: \S+){0,3}|investigat(?:e|ing)) who\b|\bwho (?:is|was|are|were) (?:to blame|responsible|at fault)\b/gi;
const HINDSIGHT_ALWAYS =
  /\b(?:wrongly|mistakenly|incorrectly|naively|foolishly) (?:assumed|believed|thought|decided|trusted|concluded|presumed)\b|\bsigns? (?:that )?we missed\b|\bwe missed (?:them|it|the signs?|the warning)\b|\bany(?:one|body) could (?:see|have seen|tell|have told)\b|\bany competent\b|\bshould have known\b/gi;
const HINDSIGHT_PERSON = /\bin hindsight\b|\bwith hindsight\b|\bin retrospect\b|\bobvious(?:ly)?\b|\bclearly\b/gi;
// "clearly" as a manner of saying or showing ("update the policy to clearly state ...", a real report), not a
// hindsight verdict on what someone should have seen
const CLEARLY_NEUTRAL_NEXT =
  /^(documented|labelled|labeled|defined|visible|marked|stated|communicated|written|shown|displayed|explained|named|separated|identified|signposted|described|readable|legible|specified|logged|indicated|showed|shows|show|see|saw|state|states|document|documents|label|labels|define|defines|mark|marks|communicate|communicates|explain|explains|describe|describes|specify|specifies|indicate|indicates|separate|separates|identify|identifies|display|displays|distinguish|distinguishes|signal|signals|flag|flags|warn|warns)$/;
const IGNORED =
  /\b(ignored|disregarded|overlooked|brushed off|dismissed) (?:the |a |an |all |every )?(?:\w+ )?(?:warning|warnings|alert|alerts|banner|error|errors|page|pages|signs?)\b/gi;
const MISSED = /\bmissed (?:the |a |an )?(?:\w+ )?(?:alert|alerts|page|pages|warning|warnings|signs?|step|steps)\b/gi;
const OMISSION =
  /\b(?:failed|fails|fail|neglected|neglects|neglect|forgot|forgets|forget|forgotten|omitted|bothered|bother)\s+to\b|\bforgot (?:that|about|the)\b|\bdid(?:n't| not) bother\b/gi;
const COUNTERFACTUAL =
  /\b(should|could|would|ought to|might|must)(?:n't| not)?(?: (?:really|just|also|probably|definitely|certainly|clearly|easily|simply|at least))?(?:'ve| have)\b|\b(should|could|would)'ve\b/gi;
const IF_ONLY_HAD = /\b(?:if only|if)\b([^,;]*?)\bhad\b|(?:^|[,;] ?)had\b/gi;
const GUIDANCE =
  /\b(avoid|instead of|rather than|don't (?:write|say|use|name)|do not (?:write|say|use|name|call)|never (?:write|say|use)|words like|phrases like|phrases such as|terms like|terms such as|language like|replace|is never (?:a|the) root cause|is not (?:a|the) root cause|not a place to|labell?ing|calling (?:it|this|an incident|an outage)|the goal is not|is not an action item|blameless post-?mortems? do not|we do not use)\b/i;
const NEGATORS = new Set(["not", "n't", "never", "no", "without", "nor"]);

// Every trigger above starts with one of these stems; a sentence with none of them cannot be blame, so the
// tokeniser and the lexicon never run on it (most sentences of a post-mortem).
const PREFILTER_STEMS =
  "human|operator|engineer|pilot|personnel|fat|pebkac|id10t|careless|sloppy|negligen|incompeten|lazy|lazi|reckless|irresponsib|stupid|dumb|idiot|foolish|bonehead|clueless|inexcusable|drop|rookie|amateur|asleep|excuse|lax|unacceptable|careful|vigilant|diligent|attentive|cautious|attention|double|remind|care|follow|remember|who|wrongly|mistakenly|incorrectly|naively|sign|missed|anyone|anybody|competent|known|hindsight|retrospect|obvious|clearly|ignored|disregarded|overlooked|brushed|dismissed|fail|neglect|forg|omit|bother|should|could|would|ought|might|must|had|cause|broke|crash|corrupt|wiped|nuked|botched|ruined|trashed|destroyed|took|takes|brought|brings|knocked|messed|screwed|fouled|blew|led|trigger|result|deleted|killed|removed|overwrote|truncated|erased|mistake|typo|error|blunder|oversight|fault|slip|lapse|misstep|screw|goof|because|since|blame|responsib|due|thanks|down|made|makes|trace|tracing|attribut|pinned";

const MAX_SENTENCE = 600;

interface Clause {
  start: number;
  breakWord: string | undefined;
}

/**
 * Finds blaming language in prose. Hand-written rules over a tokenised sentence: a trigger phrase, then who the
 * clause is about (person, system, unknown) and whether the phrase is negated, quoted or part of guidance.
 * Designed for precision: a sentence with a system subject or no clear subject is left alone.
 */
export class BlameDetector {
  private readonly lexicon: PersonLexicon;
  private readonly judgmental: RegExp;
  private readonly allow: readonly string[];

  /** @param options team additions from configuration */
  constructor(options: BlameOptions = {}) {
    this.lexicon = new PersonLexicon(options.people ?? []);
    const extra = (options.judgmentalWords ?? []).map((w) => w.trim()).filter((w) => w.length > 0);
    const words = [JUDGMENTAL_BASE, ...extra.map(escapeRegExp)].join("|");
    this.judgmental = new RegExp(`\\b(?:${words})\\b`, "gi");
    this.allow = (options.allowPhrases ?? []).map((p) => p.toLowerCase()).filter((p) => p.length > 0);
    this.prefilter = new RegExp(
      `\\b(?:${PREFILTER_STEMS}${extra.length ? `|${extra.map(escapeRegExp).join("|")}` : ""})`,
      "i",
    );
    this.extraWords = extra.length > 0;
  }

  private readonly prefilter: RegExp;
  /** The team added judgmental words: the prefix scan does not know them, so the prefilter regex decides. */
  private readonly extraWords: boolean;

  /** Analyse a block of prose (several sentences); offsets in hits are relative to `text` plus `offset`. */
  detectInText(text: string, offset = 0): BlameHit[] {
    const hits: BlameHit[] = [];
    // Most blocks have no trigger word at all, so a block no longer than one analysis window is scanned once, and the
    // words found give each sentence's families: sentences start after white space and words never span two, so a
    // sentence has exactly the trigger words of the block that lie inside it.
    let found: number[] | undefined;
    if (text.length <= MAX_SENTENCE && !EXHAUSTIVE.has(this)) {
      if (this.extraWords) {
        if (!this.prefilter.test(text)) return hits;
      } else {
        const words: number[] = [];
        const families = familiesIn(text, words);
        if (families !== -1) {
          if ((families & F_PREFILTER) === 0) return hits;
          found = words;
        }
      }
    }
    for (const span of splitSentences(text)) {
      // a "sentence" of thousands of characters is a log paste or a table flattened into prose: analyse it in
      // bounded windows so no input can make the clause scans quadratic
      for (let start = span.start; start < span.end; ) {
        let end = Math.min(span.end, start + MAX_SENTENCE);
        if (end < span.end) {
          const space = text.lastIndexOf(" ", end);
          if (space > start + MAX_SENTENCE / 2) end = space;
        }
        const families = found === undefined ? undefined : familiesBetween(found, start, end);
        for (const h of this.analyse(text.slice(start, end), offset + start, families)) hits.push(h);
        start = end;
      }
    }
    return hits;
  }

  /** Analyse one sentence. */
  detect(sentence: string, offset = 0): BlameHit[] {
    return this.analyse(sentence, offset, undefined);
  }

  /**
   * The analysis. Every trigger is a regular expression over the raw sentence or a word the lexicon must find next to
   * a person, so they are looked for first, each behind a cheap test for a word it cannot match without; only a
   * sentence with a trigger is tokenised and classified (a small share of a post-mortem's sentences).
   */
  private analyse(sentence: string, offset: number, known: number | undefined): BlameHit[] {
    if (sentence.length < 6) return [];
    const exhaustive = EXHAUSTIVE.has(this);
    let families = known ?? familiesIn(sentence, undefined);
    if (families === -1 || this.extraWords || exhaustive) {
      if (!this.prefilter.test(sentence)) return [];
      families = families === -1 || exhaustive ? F_ALL : families | F_PREFILTER | F_JUDGMENTAL;
    } else if ((families & F_PREFILTER) === 0) {
      return [];
    }
    if ((families & ~F_PREFILTER) === 0) return [];
    const guidance = GUIDANCE.test(sentence);
    const t = this.triggers(sentence, guidance, families);
    if (t === undefined) return [];
    const tokens = tokenize(sentence);
    if (tokens.length === 0) return [];
    const hits: BlameHit[] = [];
    const first = firstWordIndex(tokens);
    const refs: Referent[] = new Array(tokens.length);
    let anyPerson = false;
    for (let i = 0; i < tokens.length; i++) {
      const r = this.lexicon.classify(tokens, i, first);
      refs[i] = r;
      if (r === "person") anyPerson = true;
    }
    // "Ana caused the issue": a sentence-initial given name is a person too.
    if (refs[first] === "unknown" && this.lexicon.isGivenName(tokens[first]?.lower ?? "")) {
      refs[first] = "person";
      anyPerson = true;
    }
    const ctx: SentenceCtx = { sentence, tokens, refs, guidance, anyPerson, hits, offset };

    // 2. human error as a cause
    for (const m of t.humanError) {
      if (!this.mentionOnly(ctx, m.index, m[0].length)) this.add(ctx, "human-error", m.index, m.index + m[0].length);
    }
    // 6. judgmental words
    for (const m of t.judgmental) {
      if (!this.mentionOnly(ctx, m.index, m[0].length)) this.add(ctx, "judgmental", m.index, m.index + m[0].length);
    }
    for (const m of t.conditionalJudgmental) {
      if (!anyPerson && !/\b(standards?|behaviou?r|conduct|work|handling|attitude|review)\b/i.test(sentence)) continue;
      if (!this.mentionOnly(ctx, m.index, m[0].length)) this.add(ctx, "judgmental", m.index, m.index + m[0].length);
    }
    // 7. prescribed vigilance
    for (const m of t.vigilance) {
      if (guidance || this.quoted(sentence, m.index)) continue;
      if (/^(?:double[- ]check|remember to|follow)/i.test(m[0]) && !this.prescriptive(ctx, m.index)) continue;
      this.add(ctx, "vigilance", m.index, m.index + m[0].length);
    }
    // 8. "who" questions
    for (const m of t.whoQuestion) {
      if (!this.mentionOnly(ctx, m.index, m[0].length)) this.add(ctx, "who-question", m.index, m.index + m[0].length);
    }
    if (t.whoFirst) {
      const w = sentence.search(/who/i);
      this.add(ctx, "who-question", w, w + 3);
    }
    // 5. hindsight
    for (const m of t.hindsightAlways) {
      if (!this.mentionOnly(ctx, m.index, m[0].length)) this.add(ctx, "hindsight", m.index, m.index + m[0].length);
    }
    for (const m of t.hindsightPerson) {
      if (!anyPerson || this.mentionOnly(ctx, m.index, m[0].length)) continue;
      if (/^clearly/i.test(m[0]) || /^obvious/i.test(m[0])) {
        const ti = tokenAt(tokens, m.index);
        const next = tokens[ti + 1]?.lower ?? "";
        const prev = tokens[ti - 1]?.lower ?? "";
        if (CLEARLY_NEUTRAL_NEXT.test(next) || NEGATORS.has(prev) || prev === "more" || prev === "less") continue;
      }
      this.add(ctx, "hindsight", m.index, m.index + m[0].length);
    }
    for (const m of t.ignored) {
      if (this.subjectOf(ctx, tokenAt(tokens, m.index)).referent === "person" && !guidance) {
        this.add(ctx, "hindsight", m.index, m.index + m[0].length);
      }
    }
    // 4. omissions with a human subject
    for (const m of t.omission) {
      if (this.mentionOnly(ctx, m.index, m[0].length)) continue;
      const subject = this.subjectOf(ctx, tokenAt(tokens, m.index));
      const humanOnlyVerb = /^(forg|neglect|bother|omit|did)/i.test(m[0]);
      if (subject.referent === "person" || (humanOnlyVerb && subject.referent === "unknown")) {
        this.add(ctx, "omission", m.index, m.index + m[0].length);
      }
    }
    for (const m of t.missed) {
      if (this.subjectOf(ctx, tokenAt(tokens, m.index)).referent === "person" && !guidance) {
        this.add(ctx, "omission", m.index, m.index + m[0].length);
      }
    }
    // 3. counterfactuals about people
    this.counterfactuals(ctx, t);
    // 1. a person as the cause
    this.personAsCause(ctx, t);
    hits.sort((a, b) => a.start - b.start);
    for (const h of hits) {
      const rewrite = suggestRewrite(sentence, h.category);
      // inline code stands in as CODE in the analysed text; a rewrite containing it would misquote the author
      if (rewrite && !/\bCODE\b/.test(rewrite)) h.rewrite = rewrite;
    }
    return hits;
  }

  /**
   * Matches of every trigger pattern whose family `f` has words in the sentence (see the F_ flags), or undefined when
   * nothing matched and no person-as-cause construction is possible either: no hit can come out of the sentence.
   */
  private triggers(sentence: string, guidance: boolean, f: number): Triggers | undefined {
    const t: Triggers = {
      humanError: f & F_HUMAN_ERROR ? allMatches(HUMAN_ERROR, sentence) : NONE,
      judgmental: f & F_JUDGMENTAL ? allMatches(this.judgmental, sentence) : NONE,
      conditionalJudgmental: f & F_CONDITIONAL_JUDGMENTAL ? allMatches(CONDITIONAL_JUDGMENTAL, sentence) : NONE,
      vigilance: f & F_VIGILANCE ? allMatches(VIGILANCE, sentence) : NONE,
      whoQuestion: f & F_WHO ? allMatches(WHO_QUESTION, sentence) : NONE,
      whoFirst: (f & F_WHO) !== 0 && /^\s*who\b/i.test(sentence) && sentence.trimEnd().endsWith("?") && !guidance,
      hindsightAlways: f & F_HINDSIGHT_ALWAYS ? allMatches(HINDSIGHT_ALWAYS, sentence) : NONE,
      hindsightPerson: f & F_HINDSIGHT_PERSON ? allMatches(HINDSIGHT_PERSON, sentence) : NONE,
      ignored: f & F_IGNORED ? allMatches(IGNORED, sentence) : NONE,
      omission: f & F_OMISSION ? allMatches(OMISSION, sentence) : NONE,
      missed: f & F_MISSED ? allMatches(MISSED, sentence) : NONE,
      // counterfactuals and causes are never read in guidance
      counterfactual: !guidance && f & F_COUNTERFACTUAL ? allMatches(COUNTERFACTUAL, sentence) : NONE,
      ifOnlyHad: !guidance && f & F_IF_ONLY_HAD ? allMatches(IF_ONLY_HAD, sentence) : NONE,
      causeVerbs: !guidance && f & F_CAUSE_VERBS ? allMatches(CAUSE_VERBS, sentence) : NONE,
      harmVerbs: !guidance && f & F_HARM_VERBS ? allMatches(HARM_VERBS, sentence) : NONE,
      // a "because" clause only counts in a sentence that names a failure
      becauseSince:
        !guidance && f & F_BECAUSE_SINCE && FAILURE_WORDS.test(sentence) ? allMatches(BECAUSE_SINCE, sentence) : NONE,
      blame: !guidance && (f & F_BLAME) !== 0 && /\bblame\b/i.test(sentence),
    };
    if (f === F_ALL) return t;
    if (
      t.humanError.length > 0 ||
      t.judgmental.length > 0 ||
      t.conditionalJudgmental.length > 0 ||
      t.vigilance.length > 0 ||
      t.whoQuestion.length > 0 ||
      t.whoFirst ||
      t.hindsightAlways.length > 0 ||
      t.hindsightPerson.length > 0 ||
      t.ignored.length > 0 ||
      t.omission.length > 0 ||
      t.missed.length > 0 ||
      t.counterfactual.length > 0 ||
      t.ifOnlyHad.length > 0 ||
      t.causeVerbs.length > 0 ||
      t.harmVerbs.length > 0 ||
      t.becauseSince.length > 0 ||
      t.blame
    ) {
      return t;
    }
    // the token patterns of personAsCause (see the F_ flags)
    if (guidance) return undefined;
    if (f & F_MISTAKE_NOUN && (f & F_MADE || sentence.includes("'") || sentence.includes("\u2019"))) return t;
    if (f & F_TRACE) return t;
    if (f & (F_BEFORE_PREPOSITION | F_RESPONSIBLE)) {
      const lower = sentence.toLowerCase();
      if (f & F_BEFORE_PREPOSITION && PREPOSITION_GATE.test(lower)) return t;
      if (f & F_RESPONSIBLE && (lower.includes("responsible for") || lower.includes("at fault"))) return t;
    }
    return undefined;
  }

  private add(ctx: SentenceCtx, category: BlameCategory, start: number, end: number): void {
    const { sentence, hits, offset } = ctx;
    if (this.allowed(sentence, start, end)) return;
    for (const h of hits) if (h.category === category && h.start === start + offset) return;
    hits.push({
      category,
      start: start + offset,
      end: end + offset,
      phrase: sentence.slice(start, end),
      message: MESSAGES[category],
      suggestion: SUGGESTIONS[category],
    });
  }

  private counterfactuals(ctx: SentenceCtx, t: Triggers): void {
    const { sentence, tokens, guidance } = ctx;
    if (guidance) return;
    for (const m of t.counterfactual) {
      if (this.quoted(sentence, m.index)) continue;
      const ti = tokenAt(tokens, m.index);
      // find "have"/"'ve" and the word after it: "should have a follow-up review" is not a counterfactual
      let j = ti;
      while (j < tokens.length && !/^(have|'ve|should've|could've|would've)$/.test(tokens[j]?.lower ?? "")) {
        if (/('ve)$/.test(tokens[j]?.lower ?? "")) break;
        j++;
      }
      let k = j + 1;
      while (k < tokens.length && SKIP_ADVERBS.has(tokens[k]?.lower ?? "")) k++;
      const next = tokens[k]?.lower ?? "";
      if (!isParticiple(next)) continue;
      const subject = this.subjectOf(ctx, ti);
      let blame = subject.referent === "person";
      if (blame && /^would/i.test(m[0]) && this.systemCondition(ctx)) blame = false;
      if (!blame && next === "been") {
        // passive: "should have been reviewed more carefully by the author"
        const rest = sentence.slice(tokens[k]?.end ?? 0);
        if (/\b(more carefully|more thoroughly|properly|carefully)\b/i.test(rest)) blame = true;
        const by = /\bby (?:the |an? )?(\S+)/i.exec(rest);
        if (by) {
          const bi = tokenAt(tokens, (tokens[k]?.end ?? 0) + by.index + by[0].length - (by[1]?.length ?? 0));
          if (ctx.refs[bi] === "person") blame = true;
        }
      }
      if (blame) this.add(ctx, "counterfactual", m.index, m.index + m[0].length);
    }
    for (const m of t.ifOnlyHad) {
      const lead = m[0].trimStart().replace(/^[,;] ?/, "");
      if (/^if/i.test(lead)) {
        const startTok = tokenAt(tokens, m.index);
        const endTok = tokenAt(tokens, m.index + m[0].length - 3);
        const subjectRef = headReferent(tokens, ctx.refs, startTok + 1, endTok);
        if (subjectRef === "person" && isParticiple(nextWordAfter(tokens, endTok))) {
          this.add(ctx, "counterfactual", m.index + m[0].length - lead.length, m.index + m[0].length);
        }
      } else {
        // inverted conditional: "Had the operator read the runbook, ..."
        const hadTok = tokenAt(tokens, m.index + m[0].length - 3);
        let k = hadTok + 1;
        while (k < tokens.length && !tokens[k]?.punct && !isParticiple(tokens[k]?.lower ?? "")) k++;
        if (k < tokens.length && headReferent(tokens, ctx.refs, hadTok + 1, k) === "person" && k > hadTok + 1) {
          const had = tokens[hadTok];
          if (had) this.add(ctx, "counterfactual", had.start, had.end);
        }
      }
    }
  }

  private personAsCause(ctx: SentenceCtx, t: Triggers): void {
    const { sentence, tokens, refs, guidance } = ctx;
    if (guidance || !ctx.anyPerson) return;
    // possessive person next to a mistake noun: "Alice's mistake", "an engineer's oversight"
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i];
      if (!tok || refs[i] !== "person") continue;
      const { possessive } = basePossessive(tok.lower);
      if (possessive) {
        for (let k = i + 1; k <= i + 3 && k < tokens.length; k++) {
          if (MISTAKE_NOUNS.test(tokens[k]?.lower ?? "")) {
            this.add(ctx, "person-as-cause", tok.start, tokens[k]?.end ?? tok.end);
            break;
          }
        }
        // "The mistake was entirely the on-call engineer's."
        if (i >= tokens.length - 2 && tokens.slice(0, i).some((t) => MISTAKE_NOUNS.test(t.lower))) {
          this.add(ctx, "person-as-cause", tok.start, tok.end);
        }
      }
      // "the engineer made a mistake", "Jamal made a typo"
      const nx = tokens[i + 1]?.lower;
      if ((nx === "made" || nx === "makes") && MISTAKE_NOUNS.test(tokens[i + 3]?.lower ?? tokens[i + 2]?.lower ?? "")) {
        this.add(ctx, "person-as-cause", tok.start, tokens[i + 3]?.end ?? tok.end);
      }
      // "(mistake|error) (by|from|of) PERSON", "caused by PERSON", "due to PERSON", "because of PERSON"
      // walk back over a compound ("the release manager") and its determiner to the preposition
      let q = i - 1;
      while (q >= 0 && refs[q] !== "unknown" && !tokens[q]?.punct) q--;
      // and over up to two adjectives: "by a junior engineer", "from the overworked DBA"
      for (let adj = 0; adj < 2 && q >= 0 && isAdjectiveLike(tokens[q]); adj++) q--;
      const pq = tokens[q]?.lower ?? "";
      if (pq === "the" || pq === "a" || pq === "an" || pq === "our" || pq === "their" || pq === "its") q--;
      const prep = tokens[q]?.lower ?? "";
      const before = tokens[q - 1]?.lower ?? "";
      const from = tokens[q - 1]?.start ?? tok.start;
      if (prep === "by" || prep === "from" || prep === "of") {
        // "caused by Bob", "a mistake from the network team"; "made/pushed by X" only next to a mistake or a bad change
        const agentOfHarm = /^(caused|triggered|broken|responsibility|fault)$/.test(before);
        const agentOfMistake =
          /^(made|pushed|done|committed)$/.test(before) &&
          (MISTAKE_NOUNS.test(tokens[q - 2]?.lower ?? "") || /\b(bad|wrong|broken|untested|faulty)\b/i.test(sentence));
        if (MISTAKE_NOUNS.test(before) || agentOfHarm || agentOfMistake)
          this.add(ctx, "person-as-cause", from, tok.end);
        if (before === "because" && prep === "of") this.add(ctx, "person-as-cause", from, tok.end);
      }
      if ((prep === "to" && (before === "due" || before === "down" || before === "thanks")) || prep === "with") {
        if (prep === "to" || /\bblame\b/i.test(sentence)) this.add(ctx, "person-as-cause", from, tok.end);
      }
      // "traces back to Greta's refactor", "we traced the bad deploy to @rv", "attributed to the on-call"
      if (prep === "to" && /\b(trace[sd]?|tracing|attribut\w+|pinned)\b/i.test(sentence.slice(0, tok.start))) {
        this.add(ctx, "person-as-cause", tokens[q]?.start ?? tok.start, tok.end);
      }
      // "PERSON is/was responsible for the outage", "the operator was at fault"
      const rest = sentence.slice(tok.end, tok.end + 60);
      if (
        /^\s+(?:is|was|were|are)?\s*(?:\w+ )?(?:responsible for (?:the |this )?(?:outage|incident|failure|downtime|issue|problem|breakage|mistake|error|bug|data loss)|at fault)\b/i.test(
          rest,
        )
      ) {
        this.add(ctx, "person-as-cause", tok.start, tok.end);
      }
    }
    // cause verbs with a person subject (or a person's change as the subject)
    for (const m of t.causeVerbs) {
      if (this.quoted(sentence, m.index)) continue;
      const ti = tokenAt(tokens, m.index);
      const prevWord = tokens[ti - 1]?.lower;
      if (prevWord === "was" || prevWord === "were" || prevWord === "been" || prevWord === "is") {
        // passive "was caused by X": handled by the "by PERSON" pattern
        continue;
      }
      // "the disruption this caused": a pronoun for a thing right before the verb is its subject
      if (prevWord === "this" || prevWord === "it") continue;
      const subject = this.subjectOf(ctx, ti);
      if (subject.referent === "person" || subject.personInClause)
        this.add(ctx, "person-as-cause", m.index, m.index + m[0].length);
    }
    for (const m of t.harmVerbs) {
      const ti = tokenAt(tokens, m.index);
      const after = sentence.slice(m.index, m.index + 80);
      const before = tokens[ti - 1]?.lower ?? "";
      if (!HARM_OBJECT.test(after) && before !== "accidentally" && before !== "mistakenly") continue;
      if (REMEDY_OBJECT.test(after.slice(m[0].length))) continue;
      if (before === "was" || before === "were" || before === "been") continue;
      const subject = this.subjectOf(ctx, ti);
      if (subject.referent === "person" || subject.personInClause)
        this.add(ctx, "person-as-cause", m.index, m.index + m[0].length);
    }
    // "The incident happened because Raj merged without review."
    for (const m of t.becauseSince) {
      const ti = tokenAt(tokens, m.index);
      const head = firstReferent(refs, ti + 1, Math.min(tokens.length, ti + 4));
      if (head !== "person" || !FAILURE_WORDS.test(sentence)) continue;
      const verb = tokens.slice(ti + 1, ti + 5).find((t) => /(ed|ran|broke|made|did|pushed)$/.test(t.lower));
      if (verb && !/^(restarted|restored|recovered|fixed|rolled|noticed|saw|acknowledged|paged)$/.test(verb.lower)) {
        this.add(ctx, "person-as-cause", m.index, verb.end);
      }
    }
    if (t.blame && !/\bwho\b/i.test(sentence)) {
      const b = sentence.search(/\bblame\b/i);
      this.add(ctx, "person-as-cause", b, b + 5);
    }
  }

  /** Subject of the clause containing token `ti`: the head of the first noun phrase in it. */
  private subjectOf(ctx: SentenceCtx, ti: number): { referent: Referent; personInClause: boolean } {
    const { tokens, refs } = ctx;
    let clause = clauseBefore(tokens, ti);
    let referent = headReferent(tokens, refs, clause.start, ti);
    let personInClause = refs.slice(clause.start, ti).includes("person");
    // "It was Hugo's decision ... that brought the site down": in a cleft the subject is what follows "it was"
    if (
      referent === "unknown" &&
      (clause.breakWord === "that" || clause.breakWord === "who") &&
      /^\s*it (?:was|is)\b/i.test(ctx.sentence)
    ) {
      const cleft = refs.slice(2, clause.start);
      if (cleft.includes("person")) return { referent: "person", personInClause: true };
    }
    // restrictive "a command that removed ...": the subject is the noun right before "that"/"which"
    if (referent === "unknown" && (clause.breakWord === "that" || clause.breakWord === "which")) {
      const before = tokens[clause.start - 2];
      if (before && !before.punct) {
        const r = refs[clause.start - 2] ?? "unknown";
        if (r !== "unknown") return { referent: r, personInClause: r === "person" };
      }
    }
    // "the engineer who ...", "Bob ... and then wiped ...", "Kevin ran X, which wiped ...": the previous clause
    let guard = 0;
    while (
      referent === "unknown" &&
      (clause.start >= ti - 1 || (clause.breakWord !== undefined && RELATIVE_OR_COORD.has(clause.breakWord))) &&
      guard++ < 4
    ) {
      const prevEnd = clause.start - 1;
      if (prevEnd <= 0) break;
      clause = clauseBefore(tokens, prevEnd);
      referent = headReferent(tokens, refs, clause.start, prevEnd);
      personInClause = personInClause || refs.slice(clause.start, prevEnd).includes("person");
    }
    return { referent, personInClause };
  }

  /** "With a canary / If the pipeline had ... we would have": the what-if is about a system. */
  private systemCondition(ctx: SentenceCtx): boolean {
    const m = /\b(?:if|with|without|had) (?:the |a |an )?(\S+)/i.exec(ctx.sentence);
    if (!m) return false;
    const ti = tokenAt(ctx.tokens, m.index + m[0].length - (m[1]?.length ?? 0));
    return firstReferent(ctx.refs, ti, Math.min(ctx.tokens.length, ti + 4)) === "system";
  }

  private prescriptive(ctx: SentenceCtx, index: number): boolean {
    const ti = tokenAt(ctx.tokens, index);
    if (ti <= firstWordIndex(ctx.tokens)) return true;
    for (let k = ti - 1; k >= Math.max(0, ti - 5); k--) {
      const t = ctx.tokens[k];
      if (!t) break;
      if (PRESCRIPTIVE.has(t.lower)) return true;
    }
    return false;
  }

  /** True when the phrase is quoted, negated or part of guidance about how to write. */
  private mentionOnly(ctx: SentenceCtx, index: number, length: number): boolean {
    if (ctx.guidance || this.quoted(ctx.sentence, index)) return true;
    const ti = tokenAt(ctx.tokens, index);
    for (let k = ti - 1; k >= Math.max(0, ti - 3); k--) {
      const t = ctx.tokens[k];
      if (t && (NEGATORS.has(t.lower) || t.lower.endsWith("n't"))) return true;
      if (t?.punct) break;
    }
    const after = ctx.sentence.slice(index + length, index + length + 40);
    return /^\s*(?:is|was) (?:never|not|rarely) (?:a|the)\b/i.test(after);
  }

  private quoted(sentence: string, index: number): boolean {
    let open = false;
    for (let i = 0; i < index; i++) {
      const c = sentence[i];
      if (c === '"' || c === "“" || c === "”") open = c === "”" ? false : c === "“" ? true : !open;
    }
    return open;
  }

  private allowed(sentence: string, start: number, end: number): boolean {
    if (this.allow.length === 0) return false;
    const lower = sentence.toLowerCase();
    for (const phrase of this.allow) {
      let at = lower.indexOf(phrase);
      while (at >= 0) {
        if (at < end && at + phrase.length > start) return true;
        at = lower.indexOf(phrase, at + 1);
      }
    }
    return false;
  }
}

const EXHAUSTIVE = new WeakSet<BlameDetector>();

/**
 * A detector that runs every pattern on every sentence the prefilter passes and never stops early: the reference the
 * gates in {@link BlameDetector} are tested against (same hits, slower). Not exported from the package.
 * @param options team additions from configuration
 */
export function exhaustiveBlameDetector(options: BlameOptions = {}): BlameDetector {
  const d = new BlameDetector(options);
  EXHAUSTIVE.add(d);
  return d;
}

interface SentenceCtx {
  sentence: string;
  tokens: Token[];
  refs: Referent[];
  guidance: boolean;
  anyPerson: boolean;
  /** Hits found so far. */
  hits: BlameHit[];
  /** Added to every hit's offsets. */
  offset: number;
}

/** Matches of each trigger pattern in a sentence (empty when its gate ruled it out). */
interface Triggers {
  humanError: readonly RegExpExecArray[];
  judgmental: readonly RegExpExecArray[];
  conditionalJudgmental: readonly RegExpExecArray[];
  vigilance: readonly RegExpExecArray[];
  whoQuestion: readonly RegExpExecArray[];
  /** The sentence is a question starting with "who". */
  whoFirst: boolean;
  hindsightAlways: readonly RegExpExecArray[];
  hindsightPerson: readonly RegExpExecArray[];
  ignored: readonly RegExpExecArray[];
  omission: readonly RegExpExecArray[];
  missed: readonly RegExpExecArray[];
  counterfactual: readonly RegExpExecArray[];
  ifOnlyHad: readonly RegExpExecArray[];
  causeVerbs: readonly RegExpExecArray[];
  harmVerbs: readonly RegExpExecArray[];
  becauseSince: readonly RegExpExecArray[];
  /** The word "blame" appears. */
  blame: boolean;
}

const NONE: readonly RegExpExecArray[] = [];

// Gates. Every match of a trigger pattern has a word starting with one of its family's prefixes below (the first
// word of each alternative, or another one that is always there), and so has every token pattern of personAsCause;
// a sentence without any is left alone, and a family whose words are missing is not searched for. A gate that lets too
// much through only costs time, one that misses a word would lose hits: the tests compare the gated analysis with
// the exhaustive one.
const F_PREFILTER = 1 << 0;
const F_HUMAN_ERROR = 1 << 1;
const F_JUDGMENTAL = 1 << 2;
const F_CONDITIONAL_JUDGMENTAL = 1 << 3;
const F_VIGILANCE = 1 << 4;
const F_WHO = 1 << 5;
const F_HINDSIGHT_ALWAYS = 1 << 6;
const F_HINDSIGHT_PERSON = 1 << 7;
const F_IGNORED = 1 << 8;
const F_OMISSION = 1 << 9;
const F_MISSED = 1 << 10;
const F_COUNTERFACTUAL = 1 << 11;
const F_IF_ONLY_HAD = 1 << 12;
const F_CAUSE_VERBS = 1 << 13;
const F_HARM_VERBS = 1 << 14;
const F_BECAUSE_SINCE = 1 << 15;
const F_BLAME = 1 << 16;
// token patterns of personAsCause: a mistake noun (after a possessive or "made"), a word right before by/from/of or
// "to" ("caused by", "a mistake from", "because of", "due to"), a "trace ... to" verb, "responsible for" / "at fault"
const F_MISTAKE_NOUN = 1 << 17;
const F_MADE = 1 << 18;
const F_BEFORE_PREPOSITION = 1 << 19;
const F_TRACE = 1 << 20;
const F_RESPONSIBLE = 1 << 21;
/** Every family: what the exhaustive reference and texts the prefix scan cannot read use. */
const F_ALL = (1 << 22) - 1;

const MISTAKE_PREFIXES =
  "mista typo error blunder oversight fault slip lapse misstep negligence carelessness screw goof";
const FAMILY_PREFIXES: [number, string][] = [
  [F_PREFILTER, PREFILTER_STEMS.split("|").join(" ")],
  [F_HUMAN_ERROR, "human operator engineer pilot personnel fat pebkac id10t"],
  [
    F_JUDGMENTAL,
    "careless slopp negligen incompeten lazy lazi reckless irresponsib stupid dumb idiot foolish bonehead clueless " +
      "inexcusable drop rookie amateur asleep should excuse",
  ],
  [F_CONDITIONAL_JUDGMENTAL, "lax unacceptable"],
  [F_VIGILANCE, "care vigilant diligent attentive cautious attention double remind follow remember"],
  [F_WHO, "who"],
  [F_HINDSIGHT_ALWAYS, "wrongly mistakenly incorrectly naively foolishly sign missed anyone anybody competent known"],
  [F_HINDSIGHT_PERSON, "hindsight retrospect obvious clearly"],
  [F_IGNORED, "ignored disregarded overlooked brushed dismissed"],
  [F_OMISSION, "fail neglect forg omitted bother"],
  [F_MISSED, "missed"],
  [F_COUNTERFACTUAL, "should could would ought might must"],
  [F_IF_ONLY_HAD, "had"],
  [
    F_CAUSE_VERBS,
    "caused causes broke breaks crashed corrupted wiped nuked botched ruined trashed destroyed took takes brought " +
      "brings knocked messed screwed fouled blew led triggered resulted",
  ],
  [F_HARM_VERBS, "deleted dropped killed removed overwrote truncated erased"],
  [F_BECAUSE_SINCE, "because since"],
  [F_BLAME, "blame"],
  [F_MISTAKE_NOUN, MISTAKE_PREFIXES],
  [F_MADE, "made makes"],
  [
    F_BEFORE_PREPOSITION,
    `${MISTAKE_PREFIXES} caused triggered broken responsibility made pushed done committed because due down thanks`,
  ],
  [F_TRACE, "trac attribut pinned"],
  [F_RESPONSIBLE, "responsible fault"],
];
/** Flags of each prefix, including those of every shorter prefix of it (which match wherever it matches). */
const PREFIX_FLAGS = new Map<string, number>();
for (const [flag, words] of FAMILY_PREFIXES) {
  for (const w of words.split(" ")) PREFIX_FLAGS.set(w, (PREFIX_FLAGS.get(w) ?? 0) | flag);
}
for (const [w, flags] of PREFIX_FLAGS) {
  let all = flags;
  for (const [other, f] of PREFIX_FLAGS) if (w.startsWith(other)) all |= f;
  PREFIX_FLAGS.set(w, all);
}
// longest first, so that at each word start the match is the longest prefix there, whose flags cover the others'
const PREFIX_SCAN = new RegExp(
  `\\b(?:${[...PREFIX_FLAGS.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b)).join("|")})`,
  "gi",
);

/**
 * The F_ flags of the prefixes found at word starts of a sentence, or -1 for a sentence holding U+0130 or U+212A,
 * which lower-case to ASCII letters: the tokens' lower-case words could then hold a trigger the scan did not see.
 * The prefixes are letters and digits only, so a match never spans a word start and every word start is looked at.
 */
function familiesIn(sentence: string, found: number[] | undefined): number {
  if (sentence.includes("\u212a") || sentence.includes("\u0130")) return -1;
  let flags = 0;
  PREFIX_SCAN.lastIndex = 0;
  for (let m = PREFIX_SCAN.exec(sentence); m !== null; m = PREFIX_SCAN.exec(sentence)) {
    // ASCII letters only match ASCII letters in a non-unicode /i pattern: the match lower-cases to the prefix
    const f = PREFIX_FLAGS.get(m[0].toLowerCase()) ?? F_ALL;
    flags |= f;
    found?.push(m.index, f);
  }
  return flags;
}

/** The flags of the words `familiesIn` recorded (offset, flags pairs) that start in `[start, end)`. */
function familiesBetween(found: readonly number[], start: number, end: number): number {
  let flags = 0;
  for (let i = 0; i < found.length; i += 2) {
    const at = found[i] as number;
    if (at >= start && at < end) flags |= found[i + 1] as number;
  }
  return flags;
}

// "mistake by", "caused by", "because of", "due to": the two tokens with only white space between them. Run on the
// lower-cased sentence, where the tokens' lower-case words are.
const PREPOSITION_GATE =
  /(?:mistake|typo|error|blunder|oversight|fault|slip|lapse|misstep|negligence|carelessness|screw-?up|goof|caused|triggered|broken|responsibility|made|pushed|done|committed|because)s?\s*(?:by|from|of)\b|(?:due|down|thanks)\s*to\b/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const NOT_ADJECTIVES = new Set([
  "by",
  "from",
  "of",
  "to",
  "the",
  "a",
  "an",
  "our",
  "their",
  "its",
  "with",
  "for",
  "on",
  "in",
  "at",
]);

function isAdjectiveLike(tok: Token | undefined): boolean {
  return (
    tok !== undefined && !tok.punct && !tok.capitalised && !NOT_ADJECTIVES.has(tok.lower) && /^[a-z-]+$/.test(tok.lower)
  );
}

const BECAUSE_SINCE = /\b(because|since) (?!of\b)/gi;

/**
 * Every match of a global pattern, like `String.prototype.matchAll` but without its per-call regex copy and iterator
 * (this runs a dozen times per sentence). Collected up front, so the caller may reuse the pattern while iterating.
 */
function allMatches(pattern: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    out.push(m);
    if (m[0].length === 0) pattern.lastIndex++;
  }
  pattern.lastIndex = 0;
  return out;
}

function firstWordIndex(tokens: readonly Token[]): number {
  let i = 0;
  // skip leading times, list markers and labels like "Cause:" or "10:14"
  while (i < tokens.length && (tokens[i]?.punct || /^\d/.test(tokens[i]?.text ?? ""))) i++;
  return Math.min(i, Math.max(0, tokens.length - 1));
}

function tokenAt(tokens: readonly Token[], index: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((tokens[mid]?.start ?? 0) <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function isParticiple(lower: string): boolean {
  if (!lower) return false;
  return (
    PARTICIPLE_IRREGULAR.has(lower) ||
    (lower.length > 3 && /(ed|en)$/.test(lower) && lower !== "then" && lower !== "when")
  );
}

function nextWordAfter(tokens: readonly Token[], i: number): string {
  let k = i + 1;
  while (k < tokens.length && SKIP_ADVERBS.has(tokens[k]?.lower ?? "")) k++;
  return tokens[k]?.lower ?? "";
}

function clauseBefore(tokens: readonly Token[], ti: number): Clause {
  for (let k = ti - 1; k >= 0; k--) {
    const t = tokens[k];
    if (!t) break;
    if ((t.punct && CLAUSE_BREAK_PUNCT.has(t.text)) || CLAUSE_BREAK_WORDS.has(t.lower)) {
      return { start: k + 1, breakWord: t.punct ? undefined : t.lower };
    }
  }
  return { start: 0, breakWord: undefined };
}

function firstReferent(refs: readonly Referent[], from: number, to: number): Referent {
  for (let k = from; k < to; k++) {
    const r = refs[k];
    if (r && r !== "unknown") return r;
  }
  return "unknown";
}

/** The class of the noun-phrase head: the first lexicon word, extended through a compound ("release manager"). */
function headReferent(tokens: readonly Token[], refs: readonly Referent[], from: number, to: number): Referent {
  for (let k = from; k < to; k++) {
    const r = refs[k];
    if (!r || r === "unknown") continue;
    let head: Referent = r;
    let j = k + 1;
    while (j < to && refs[j] !== "unknown" && !tokens[j]?.punct) {
      // a possessive ends the owner's phrase: "the engineer's laptop" is about the laptop
      head = refs[j] ?? head;
      j++;
    }
    return head;
  }
  return "unknown";
}
