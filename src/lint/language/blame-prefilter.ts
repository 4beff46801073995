/**
 * Cheap gates in front of the clause analysis: a scan for the word stems every trigger starts with, grouped in
 * families, so a sentence is only searched for the patterns whose words it contains (most sentences have none).
 * @module
 */
import {
  BECAUSE_SINCE,
  CAUSE_VERBS,
  CONDITIONAL_JUDGMENTAL,
  COUNTERFACTUAL,
  FAILURE_WORDS,
  HARM_VERBS,
  HINDSIGHT_ALWAYS,
  HINDSIGHT_PERSON,
  HUMAN_ERROR,
  IF_ONLY_HAD,
  IGNORED,
  MISSED,
  OMISSION,
  PREPOSITION_GATE,
  VIGILANCE,
  WHO_QUESTION,
} from "./blame-patterns.js";
import { mayHaveShape, SHAPE_STEMS } from "./blame-shapes.js";
import { gatedTest, mayMatch } from "./pattern-gate.js";
import { WordIndex } from "./word-index.js";

// Every trigger above starts with one of these stems; a sentence with none of them cannot be blame, so the
// tokeniser and the lexicon never run on it (most sentences of a post-mortem).
export const PREFILTER_STEMS = `human|operator|engineer|pilot|personnel|fat|pebkac|id10t|careless|sloppy|negligen|incompeten|lazy|lazi|reckless|irresponsib|stupid|dumb|idiot|foolish|bonehead|clueless|inexcusable|drop|rookie|amateur|asleep|excuse|lax|unacceptable|careful|vigilant|diligent|attentive|cautious|attention|double|remind|care|follow|remember|who|wrongly|mistakenly|incorrectly|naively|sign|missed|anyone|anybody|competent|known|hindsight|retrospect|obvious|clearly|ignored|disregarded|overlooked|brushed|dismissed|fail|neglect|forg|omit|bother|should|could|would|ought|might|must|had|cause|broke|crash|corrupt|wiped|nuked|botched|ruined|trashed|destroyed|took|takes|brought|brings|knocked|messed|screwed|fouled|blew|led|trigger|result|deleted|killed|removed|overwrote|truncated|erased|deletes|drops|kills|removes|overwrites|truncates|erases|wipes|mistake|typo|error|blunder|oversight|fault|slip|lapse|misstep|screw|goof|because|since|blame|responsib|due|thanks|down|made|makes|trace|tracing|attribut|pinned|${SHAPE_STEMS.split(" ").join("|")}`;

export const MAX_SENTENCE = 600;

/** Matches of each trigger pattern in a sentence (empty when its gate ruled it out). */
export interface Triggers {
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
  /** One of the sentence shapes of blame-shapes.ts may be there. */
  shapes: boolean;
}

export const NONE: readonly RegExpExecArray[] = [];

// Gates. Every match of a trigger pattern has a word starting with one of its family's prefixes below (the first
// word of each alternative, or another one that is always there), and so has every token pattern of personAsCause;
// a sentence without any is left alone, and a family whose words are missing is not searched for. A gate that lets too
// much through only costs time, one that misses a word would lose hits: the tests compare the gated analysis with
// the exhaustive one.
export const F_PREFILTER = 1 << 0;
export const F_HUMAN_ERROR = 1 << 1;
export const F_JUDGMENTAL = 1 << 2;
export const F_CONDITIONAL_JUDGMENTAL = 1 << 3;
export const F_VIGILANCE = 1 << 4;
export const F_WHO = 1 << 5;
export const F_HINDSIGHT_ALWAYS = 1 << 6;
export const F_HINDSIGHT_PERSON = 1 << 7;
export const F_IGNORED = 1 << 8;
export const F_OMISSION = 1 << 9;
export const F_MISSED = 1 << 10;
export const F_COUNTERFACTUAL = 1 << 11;
export const F_IF_ONLY_HAD = 1 << 12;
export const F_CAUSE_VERBS = 1 << 13;
export const F_HARM_VERBS = 1 << 14;
export const F_BECAUSE_SINCE = 1 << 15;
export const F_BLAME = 1 << 16;
// token patterns of personAsCause: a mistake noun (after a possessive or "made"), a word right before by/from/of or
// "to" ("caused by", "a mistake from", "because of", "due to"), a "trace ... to" verb, "responsible for" / "at fault"
export const F_MISTAKE_NOUN = 1 << 17;
export const F_MADE = 1 << 18;
export const F_BEFORE_PREPOSITION = 1 << 19;
export const F_TRACE = 1 << 20;
export const F_RESPONSIBLE = 1 << 21;
export const F_SHAPES = 1 << 22;
/** Every family: what the exhaustive reference and texts the prefix scan cannot read use. */
export const F_ALL = (F_SHAPES << 1) - 1;

export const MISTAKE_PREFIXES =
  "mista typo error blunder oversight fault slip lapse misstep negligence carelessness screw goof mis";
export const FAMILY_PREFIXES: [number, string][] = [
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
  [
    F_HARM_VERBS,
    "deleted dropped killed removed overwrote truncated erased deletes drops kills removes overwrites truncates erases wipes",
  ],
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
  [F_SHAPES, SHAPE_STEMS],
];
/** Flags of each prefix (the scan adds those of every shorter prefix, which match wherever it matches). */
export const PREFIX_FLAGS = new Map<string, number>();
for (const [flag, words] of FAMILY_PREFIXES) {
  for (const w of words.split(" ")) PREFIX_FLAGS.set(w, (PREFIX_FLAGS.get(w) ?? 0) | flag);
}
// the prefixes in a word index: at each word start, the flags of every prefix there (the longest one's, which cover
// the others'). Not one regular expression of ~750 alternatives: V8 interprets, then compiles it on the first
// sentences of every run (12-22 ms of each `debrief lint FILE`)
const PREFIX_INDEX = new WordIndex();
for (const [w, flags] of PREFIX_FLAGS) PREFIX_INDEX.add(w, flags);

/**
 * The F_ flags of the prefixes found at word starts of a sentence, or -1 for a sentence holding U+0130 or U+212A,
 * which lower-case to ASCII letters: the tokens' lower-case words could then hold a trigger the scan did not see.
 * With `found`, each word start holding a prefix is recorded as a pair (offset, flags there).
 */
export function familiesIn(sentence: string, found: number[] | undefined): number {
  if (sentence.includes("\u212a") || sentence.includes("\u0130")) return -1;
  scanFlags = 0;
  scanAt = -1;
  scanFound = found;
  PREFIX_INDEX.scan(sentence, visitPrefix);
  if (found !== undefined && scanAt >= 0) found.push(scanAt, scanWordFlags);
  scanFound = undefined;
  return scanFlags;
}

let scanFlags = 0;
let scanAt = -1;
let scanWordFlags = 0;
let scanFound: number[] | undefined;
const visitPrefix = (flags: number, at: number): void => {
  scanFlags |= flags;
  if (scanFound === undefined) return;
  if (at !== scanAt) {
    if (scanAt >= 0) scanFound.push(scanAt, scanWordFlags);
    scanAt = at;
    scanWordFlags = 0;
  }
  scanWordFlags |= flags;
};

/** The flags of the words `familiesIn` recorded (offset, flags pairs) that start in `[start, end)`. */
export function familiesBetween(found: readonly number[], start: number, end: number): number {
  let flags = 0;
  for (let i = 0; i < found.length; i += 2) {
    const at = found[i] as number;
    if (at >= start && at < end) flags |= found[i + 1] as number;
  }
  return flags;
}

/**
 * Every match of a global pattern, like `String.prototype.matchAll` but without its per-call regex copy and iterator
 * (this runs a dozen times per sentence). Collected up front, so the caller may reuse the pattern while iterating.
 */
export function allMatches(pattern: RegExp, text: string): readonly RegExpExecArray[] {
  if (!mayMatch(pattern, text)) return NONE;
  const out: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    out.push(m);
    if (m[0].length === 0) pattern.lastIndex++;
  }
  pattern.lastIndex = 0;
  return out;
}

/**
 * Matches of every trigger pattern whose family `f` has words in the sentence (see the F_ flags), or undefined when
 * nothing matched and no person-as-cause construction is possible either: no hit can come out of the sentence.
 */
export function findTriggers(
  sentence: string,
  guidance: boolean,
  f: number,
  judgmentalPattern: RegExp,
): Triggers | undefined {
  const t: Triggers = {
    humanError: f & F_HUMAN_ERROR ? allMatches(HUMAN_ERROR, sentence) : NONE,
    judgmental: f & F_JUDGMENTAL ? allMatches(judgmentalPattern, sentence) : NONE,
    conditionalJudgmental: f & F_CONDITIONAL_JUDGMENTAL ? allMatches(CONDITIONAL_JUDGMENTAL, sentence) : NONE,
    vigilance: f & F_VIGILANCE ? allMatches(VIGILANCE, sentence) : NONE,
    whoQuestion: f & F_WHO ? allMatches(WHO_QUESTION, sentence) : NONE,
    // "Who pushed the bad config?" hunts a doer; "Who is on call this week?" asks about a role
    whoFirst:
      (f & F_WHO) !== 0 &&
      /^\s*who\b(?!\s+(?:is|are|will|can|owns|own|has|have|does|do|knows|else)\b(?!\s+(?:to blame|responsible|at fault)))/i.test(
        sentence,
      ) &&
      sentence.trimEnd().endsWith("?") &&
      !guidance,
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
      !guidance && f & F_BECAUSE_SINCE && gatedTest(FAILURE_WORDS, sentence)
        ? allMatches(BECAUSE_SINCE, sentence)
        : NONE,
    blame:
      !guidance &&
      (f & F_BLAME) !== 0 &&
      /(?<!\b(?:of|culture|fear|game|no|without|assign|assigning|avoid|avoiding)\s)\bblame\b(?![-‐]?(?:less|free)|\s+(?:culture|game))/i.test(
        sentence,
      ),
    // not behind F_SHAPES: the hand-kept SHAPE_STEMS miss words of newer shapes ("Clause's overwrote" is found by
    // the possessive act), and every shape pattern is gated by the words read from its own source anyway
    shapes: !guidance && mayHaveShape(sentence),
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
    t.blame ||
    t.shapes
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
