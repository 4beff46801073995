/**
 * Clause analysis over a tokenised sentence: where a clause starts, what its subject refers to (a person, a system,
 * unknown), and whether a phrase is negated, quoted or guidance about writing rather than a statement.
 * @module
 */
import type { BlameHit } from "./blame-patterns.js";
import { NEGATORS, PRESCRIPTIVE } from "./blame-patterns.js";
import type { Referent } from "./person-lexicon.js";
import { quoted } from "./quotation.js";

export { quoted, quotedTokens } from "./quotation.js";

import type { Token } from "./tokenize.js";

export const CLAUSE_BREAK_WORDS = new Set([
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
export const RELATIVE_OR_COORD = new Set(["who", "which", "that", "and", "but", "then", "or"]);
export const CLAUSE_BREAK_PUNCT = new Set([",", ";", ":", "(", ")", "—", "–", "[", "]"]);

export const PARTICIPLE_IRREGULAR = new Set(
  (
    "been known seen done caught taken run made gone had got gotten sent built brought thought kept left spent told " +
    "found held set put read shut split begun written given shown understood heard felt let meant paid said sold " +
    "stood won chosen driven eaten fallen forgotten frozen hidden ridden risen shaken spoken stolen sworn thrown " +
    "woken worn beaten bitten broken"
  ).split(" "),
);
export const SKIP_ADVERBS = new Set(
  "just also really simply probably likely clearly obviously completely easily then still ever actually certainly definitely already immediately quickly instead at least"
    .split(" ")
    .concat(["not", "n't", "never"]),
);

export interface Clause {
  start: number;
  breakWord: string | undefined;
}

/** What the analysis of one sentence shares between its steps. */
export interface SentenceCtx {
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

export const NOT_ADJECTIVES = new Set([
  "that",
  "which",
  "who",
  "whom",
  "this",
  "these",
  "those",
  "it",
  "is",
  "was",
  "were",
  "are",
  "be",
  "been",
  "and",
  "or",
  "but",
  "if",
  "as",
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

export function isAdjectiveLike(tok: Token | undefined): boolean {
  return (
    tok !== undefined && !tok.punct && !tok.capitalised && !NOT_ADJECTIVES.has(tok.lower) && /^[a-z-]+$/.test(tok.lower)
  );
}

export function firstWordIndex(tokens: readonly Token[]): number {
  let i = 0;
  // skip leading times, list markers and labels like "Cause:" or "10:14"
  while (i < tokens.length && (tokens[i]?.punct || /^\d/.test(tokens[i]?.text ?? ""))) i++;
  return Math.min(i, Math.max(0, tokens.length - 1));
}

export function tokenAt(tokens: readonly Token[], index: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((tokens[mid]?.start ?? 0) <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function isParticiple(lower: string): boolean {
  if (!lower) return false;
  return (
    PARTICIPLE_IRREGULAR.has(lower) ||
    (lower.length > 3 && /(ed|en)$/.test(lower) && lower !== "then" && lower !== "when")
  );
}

export function nextWordAfter(tokens: readonly Token[], i: number): string {
  let k = i + 1;
  while (k < tokens.length && SKIP_ADVERBS.has(tokens[k]?.lower ?? "")) k++;
  return tokens[k]?.lower ?? "";
}

export function clauseBefore(tokens: readonly Token[], ti: number): Clause {
  for (let k = ti - 1; k >= 0; k--) {
    const t = tokens[k];
    if (!t) break;
    if ((t.punct && CLAUSE_BREAK_PUNCT.has(t.text)) || CLAUSE_BREAK_WORDS.has(t.lower)) {
      return { start: k + 1, breakWord: t.punct ? undefined : t.lower };
    }
  }
  return { start: 0, breakWord: undefined };
}

export function firstReferent(refs: readonly Referent[], from: number, to: number): Referent {
  for (let k = from; k < to; k++) {
    const r = refs[k];
    if (r && r !== "unknown") return r;
  }
  return "unknown";
}

/** The class of the noun-phrase head: the first lexicon word, extended through a compound ("release manager"). */
export function headReferent(tokens: readonly Token[], refs: readonly Referent[], from: number, to: number): Referent {
  let content = false;
  for (let k = from; k < to; k++) {
    const r = refs[k];
    if (!r || r === "unknown") {
      const lower = tokens[k]?.lower ?? "";
      // "Training for new on-call engineers ...": a noun phrase headed by an unknown word ends at its preposition
      if (content && HEAD_PREPOSITIONS.has(lower)) return "unknown";
      if (!tokens[k]?.punct && !DETERMINERS.has(lower)) content = true;
      continue;
    }
    let head: Referent = r;
    let j = k + 1;
    while (j < to && refs[j] !== "unknown" && !tokens[j]?.punct) {
      // "10:42 Noor deploys to all regions": after a person, a system noun that is also a verb is the verb
      if (head === "person" && VERB_NOUNS.has(tokens[j]?.lower ?? "")) break;
      // a possessive ends the owner's phrase: "the engineer's laptop" is about the laptop
      head = refs[j] ?? head;
      j++;
    }
    return head;
  }
  return "unknown";
}

/** System nouns that are also the present tense of a verb ("deploys", "checks"): after a person, the verb. */
const VERB_NOUNS = new Set(
  "deploys releases builds changes checks tests commits patches queries requests alerts logs monitors flags pages limits rules restores rolls".split(
    " ",
  ),
);
const HEAD_PREPOSITIONS = new Set(["for", "of", "in", "on", "about", "from", "to", "within", "across", "between"]);
const DETERMINERS = new Set(
  "the a an our their its this that these those his her my your some all every each both any no new old one two three".split(
    " ",
  ),
);

/** Subject of the clause containing token `ti`: the head of the first noun phrase in it. */
export function subjectOf(ctx: SentenceCtx, ti: number): { referent: Referent; personInClause: boolean } {
  const { tokens, refs } = ctx;
  let clause = clauseBefore(tokens, ti);
  let referent = headReferent(tokens, refs, clause.start, ti);
  let personInClause = refs.slice(clause.start, ti).includes("person");
  // "Rule changes were treated as data, so they bypassed the rollout": "they" after earlier clauses that name no
  // person stands for the things those clauses are about
  if (referent === "person" && thingPronoun(tokens, refs, clause.start, ti))
    return { referent: "unknown", personInClause: false };
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
  // "the person who wrote the script did not ...": "who" stands for a person, whatever the clause's nouns
  if (clause.breakWord === "who" && !/^\s*who\b/i.test(ctx.sentence))
    return { referent: "person", personInClause: true };
  // "the engineer who ...", "Bob ... and then wiped ...", "Kevin ran X, which wiped ...", "The engineer, however,
  // bypassed ...": the previous clause, past clauses of discourse adverbs only
  let guard = 0;
  let end = ti;
  while (
    referent === "unknown" &&
    (clause.start >= end - 1 ||
      (clause.breakWord !== undefined &&
        RELATIVE_OR_COORD.has(clause.breakWord) &&
        // "we see that launches almost never take ...": a that-clause with its own words has its own subject
        !(clause.breakWord === "that" && ownSubject(tokens, clause.start, end))) ||
      onlyDiscourse(tokens, clause.start, end) ||
      parenthetical(tokens, clause.start, end)) &&
    guard++ < 4
  ) {
    const prevEnd = clause.start - 1;
    if (prevEnd <= 0) break;
    clause = clauseBefore(tokens, prevEnd);
    end = prevEnd;
    if (clause.breakWord === "who" && !/^\s*who\b/i.test(ctx.sentence))
      return { referent: "person", personInClause: true };
    referent = headReferent(tokens, refs, clause.start, prevEnd);
    personInClause = personInClause || refs.slice(clause.start, prevEnd).includes("person");
  }
  return { referent, personInClause };
}

const DISCOURSE = new Set(
  "however then also meanwhile unfortunately again instead later eventually though therefore thus still finally first next so indeed apparently".split(
    " ",
  ),
);

/** A word other than an adverb or negation in `[from, to)`: the clause names its own subject there. */
function ownSubject(tokens: readonly Token[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const t = tokens[k];
    if (!t || t.punct) continue;
    if (!SKIP_ADVERBS.has(t.lower) && !DISCOURSE.has(t.lower) && !/ly$/.test(t.lower) && t.lower !== "almost")
      return true;
  }
  return false;
}

/**
 * Tokens `[from, to)` are a participle phrase set off by commas ("a single engineer, trying to fix it quickly,
 * bypassed ...", "the DBA, working alone at midnight, deleted ..."): it describes the subject before it, not its own.
 */
function parenthetical(tokens: readonly Token[], from: number, to: number): boolean {
  if (from >= to || tokens[from - 1]?.text !== "," || tokens[to]?.text !== ",") return false;
  const first = tokens[from]?.lower ?? "";
  return /^[a-z]{3,}ing$/.test(first) && !/^(?:during|including|according|regarding|following|concerning)$/.test(first);
}

/** The clause's first person word is "they"/"them", preceded in the sentence by words but by no person. */
function thingPronoun(tokens: readonly Token[], refs: readonly Referent[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    if (refs[k] !== "person") continue;
    if (!/^(?:they|them)$/.test(tokens[k]?.lower ?? "") || k < 3) return false;
    for (let j = 0; j < k; j++) if (refs[j] === "person") return false;
    return true;
  }
  return false;
}

/** Tokens `[from, to)` are discourse adverbs only ("however", "then"): no subject there. */
function onlyDiscourse(tokens: readonly Token[], from: number, to: number): boolean {
  if (from >= to) return false;
  for (let k = from; k < to; k++) if (!DISCOURSE.has(tokens[k]?.lower ?? "")) return false;
  return true;
}

const WRITERS = new Set(["we", "i", "us", "our", "my", "me", "myself", "ourselves"]);

/**
 * The clause holding token `ti` has the writers ("we", "I") as its first person: a team stating its own gaps ("We did
 * not predefine the level of information sharing") is the blameless form, not an omission pinned on someone.
 */
export function writersAreSubject(ctx: SentenceCtx, ti: number): boolean {
  const clause = clauseBefore(ctx.tokens, ti);
  for (const from of [clause.start, 0]) {
    for (let k = from; k < ti; k++) {
      if (ctx.refs[k] === "person") return WRITERS.has(ctx.tokens[k]?.lower ?? "");
    }
  }
  return false;
}

/** "With a canary / If the pipeline had ... we would have": the what-if is about a system. */
export function systemCondition(ctx: SentenceCtx): boolean {
  const m = /\b(?:if|with|without|had) (?:the |a |an )?(\S+)/i.exec(ctx.sentence);
  if (!m) return false;
  const ti = tokenAt(ctx.tokens, m.index + m[0].length - (m[1]?.length ?? 0));
  return firstReferent(ctx.refs, ti, Math.min(ctx.tokens.length, ti + 4)) === "system";
}
export function prescriptive(ctx: SentenceCtx, index: number): boolean {
  const ti = tokenAt(ctx.tokens, index);
  if (ti <= firstWordIndex(ctx.tokens)) return true;
  // "you might want to be paranoid and just double-check": an option offered, not a duty prescribed
  for (let k = ti - 1; k >= Math.max(0, ti - 8); k--) {
    const t = ctx.tokens[k];
    if (!t || t.punct) break;
    if (/^(?:might|may|can|could|optionally|optional)$/.test(t.lower)) return false;
  }
  for (let k = ti - 1; k >= Math.max(0, ti - 5); k--) {
    const t = ctx.tokens[k];
    if (!t) break;
    if (PRESCRIPTIVE.has(t.lower)) return true;
  }
  return false;
}

/** True when the phrase is quoted, negated or part of guidance about how to write. */
export function mentionOnly(ctx: SentenceCtx, index: number, length: number): boolean {
  if (ctx.guidance || quoted(ctx.sentence, index)) return true;
  const ti = tokenAt(ctx.tokens, index);
  for (let k = ti - 1; k >= Math.max(0, ti - 3); k--) {
    const t = ctx.tokens[k];
    if (t && (NEGATORS.has(t.lower) || t.lower.endsWith("n't"))) return true;
    if (t?.punct) break;
  }
  // "it wasn't a bug introduced by a careless deploy": the clause denies what it names
  for (let k = ti - 1; k >= Math.max(1, ti - 10); k--) {
    const t = ctx.tokens[k];
    if (!t || t.punct) break;
    const denial =
      t.lower === "wasn't" ||
      t.lower === "isn't" ||
      (t.lower === "not" && /^(?:was|is)$/.test(ctx.tokens[k - 1]?.lower ?? ""));
    const it = ctx.tokens[t.lower === "not" ? k - 2 : k - 1]?.lower ?? "";
    if (denial && (it === "it" || it === "this" || it === "that")) return true;
  }
  const after = ctx.sentence.slice(index + length, index + length + 40);
  return /^\s*(?:is|was|are|were) (?:never|not|rarely|no longer)\b/i.test(after);
}
/**
 * The clause before offset `index` frames what follows as a possibility, a fear or a condition ("thinks they will be
 * reprimanded", "If we punish people for mistakes", "We don't fire people"): not a statement that it happened.
 */
export function hypothetical(ctx: SentenceCtx, index: number): boolean {
  const ti = tokenAt(ctx.tokens, index);
  for (let k = ti - 1; k >= Math.max(0, ti - 8); k--) {
    const t = ctx.tokens[k];
    if (!t || (t.punct && CLAUSE_BREAK_PUNCT.has(t.text))) break;
    if (HYPOTHETICAL.has(t.lower) || t.lower.endsWith("n't")) return true;
  }
  return false;
}
const HYPOTHETICAL = new Set(
  "would might may could if fear afraid worried worry worries thinks think risk never not without whether unless".split(
    " ",
  ),
);

/** A person owns something in the clause before token `ti` ("Mike's change caused ..."): the act is theirs. */
export function personPossessorBefore(ctx: SentenceCtx, ti: number): boolean {
  const clause = clauseBefore(ctx.tokens, ti);
  for (let k = clause.start; k < ti; k++) {
    const lower = ctx.tokens[k]?.lower ?? "";
    if (ctx.refs[k] === "person" && (lower.endsWith("'s") || lower.endsWith("s'"))) return true;
  }
  return false;
}
