/**
 * The blame detector: the patterns of blame-patterns.ts, behind the gates of blame-prefilter.ts, judged by the clause
 * analysis of clause-analysis.ts.
 * @module
 */

import { type AddHit, counterfactuals, personAsCause } from "./blame-clauses.js";
import {
  type BlameCategory,
  type BlameHit,
  type BlameOptions,
  CLEARLY_NEUTRAL_NEXT,
  escapeRegExp,
  GUIDANCE,
  JUDGMENTAL_BASE,
  MESSAGES,
  type NameOracle,
  NEGATORS,
  SUGGESTIONS,
} from "./blame-patterns.js";
import {
  F_ALL,
  F_JUDGMENTAL,
  F_PREFILTER,
  familiesBetween,
  familiesIn,
  findTriggers,
  MAX_SENTENCE,
  PREFILTER_STEMS,
} from "./blame-prefilter.js";
import { shapeHits } from "./blame-shapes.js";
import {
  firstWordIndex,
  mentionOnly,
  prescriptive,
  quoted,
  quotedTokens,
  type SentenceCtx,
  subjectOf,
  tokenAt,
  writersAreSubject,
} from "./clause-analysis.js";
import { gatedTest, withoutGates } from "./pattern-gate.js";
import { PersonLexicon, type Referent } from "./person-lexicon.js";
import { suggestRewrite } from "./rewrite.js";
import { splitSentences, tokenize } from "./tokenize.js";

export {
  BLAME_CATEGORIES,
  type BlameCategory,
  type BlameHit,
  type BlameOptions,
  type NameOracle,
} from "./blame-patterns.js";

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
    this.lexicon = new PersonLexicon(options.people ?? [], options.peopleComplete ?? false);
    this.nameOracle = options.nameOracle;
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
  private readonly nameOracle: NameOracle | undefined;
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
    // a Markdown table row ("| 13:19 | mkhan | Self-merges bad change |") reads as one clause; same length, same offsets
    const text = sentence.trimStart().startsWith("|") ? sentence.replace(/\|/g, " ") : sentence;
    return this.analyse(text, offset, undefined);
  }

  /**
   * The analysis. Every trigger is a regular expression over the raw sentence or a word the lexicon must find next to
   * a person, so they are looked for first, each behind a cheap test for a word it cannot match without; only a
   * sentence with a trigger is tokenised and classified (a small share of a post-mortem's sentences).
   */
  private analyse(sentence: string, offset: number, known: number | undefined): BlameHit[] {
    if (sentence.length < 6) return [];
    const exhaustive = EXHAUSTIVE.has(this);
    if (exhaustive) return withoutGates(() => this.analyseSentence(sentence, offset, known, true));
    return this.analyseSentence(sentence, offset, known, false);
  }

  private analyseSentence(
    sentence: string,
    offset: number,
    known: number | undefined,
    exhaustive: boolean,
  ): BlameHit[] {
    let families = known ?? familiesIn(sentence, undefined);
    if (families === -1 || this.extraWords || exhaustive) {
      if (!this.prefilter.test(sentence)) return [];
      families = families === -1 || exhaustive ? F_ALL : families | F_PREFILTER | F_JUDGMENTAL;
    } else if ((families & F_PREFILTER) === 0) {
      return [];
    }
    // no early return on a sentence whose only words are the prefilter's: the shapes are looked for in every sentence
    // the prefilter passes (each shape pattern behind its own derived words), as in the exhaustive reference
    const guidance = gatedTest(GUIDANCE, sentence);
    const t = findTriggers(sentence, guidance, families, this.judgmental);
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
    // a person named inside quotation marks is mentioned, not present: "concludes 'the engineer made a mistake'"
    if (anyPerson) {
      const inQuotes = quotedTokens(sentence, tokens);
      anyPerson = false;
      for (let i = 0; i < tokens.length; i++) {
        if (refs[i] === "person" && inQuotes[i] && !inQuotes.every((q, k) => q || tokens[k]?.punct))
          refs[i] = "unknown";
        if (refs[i] === "person") anyPerson = true;
      }
    }
    // "Ana caused the issue", "Oluwaseun deleted ...", "13:19 mkhan self-merges ...": the first word as the doer
    if (refs[first] === "unknown" && this.lexicon.leadingDoer(tokens, first, this.nameOracle, sentence)) {
      refs[first] = "person";
      anyPerson = true;
    }
    const ctx: SentenceCtx = { sentence, tokens, refs, guidance, anyPerson, hits, offset };
    const add: AddHit = (category, start, end) => this.add(ctx, category, start, end);

    // 2. human error as a cause
    for (const m of t.humanError) {
      // "human-error-proofing the CLI" is a safeguard, not a cause
      if (/^[-‐]proof/i.test(sentence.slice(m.index + m[0].length))) continue;
      if (!mentionOnly(ctx, m.index, m[0].length)) this.add(ctx, "human-error", m.index, m.index + m[0].length);
    }
    // 6. judgmental words
    for (const m of t.judgmental) {
      // "the lazy loader", "lazy-loading", "lazy evaluation": the word names a technique of a system
      if (TECHNIQUE.test(sentence.slice(m.index + m[0].length, m.index + m[0].length + 24))) continue;
      // "lazy DB lookups", "lazy init": "lazy" before a system noun is jargon for deferred work
      if (/^lazi?l?y$/i.test(m[0]) && this.lexicon.isSystemWord(tokens[tokenAt(tokens, m.index) + 1]?.lower ?? ""))
        continue;
      if (!mentionOnly(ctx, m.index, m[0].length)) this.add(ctx, "judgmental", m.index, m.index + m[0].length);
    }
    for (const m of t.conditionalJudgmental) {
      if (!anyPerson && !/\b(standards?|behaviou?r|conduct|work|handling|attitude|review)\b/i.test(sentence)) continue;
      if (!mentionOnly(ctx, m.index, m[0].length)) this.add(ctx, "judgmental", m.index, m.index + m[0].length);
    }
    // 7. prescribed vigilance
    for (const m of t.vigilance) {
      if (guidance || quoted(sentence, m.index)) continue;
      if (/^(?:double[- ]check|remember to|follow)/i.test(m[0]) && !prescriptive(ctx, m.index)) continue;
      this.add(ctx, "vigilance", m.index, m.index + m[0].length);
    }
    // 8. "who" questions
    for (const m of t.whoQuestion) {
      if (!mentionOnly(ctx, m.index, m[0].length)) this.add(ctx, "who-question", m.index, m.index + m[0].length);
    }
    if (t.whoFirst) {
      const w = sentence.search(/who/i);
      this.add(ctx, "who-question", w, w + 3);
    }
    // 5. hindsight
    for (const m of t.hindsightAlways) {
      if (!mentionOnly(ctx, m.index, m[0].length)) this.add(ctx, "hindsight", m.index, m.index + m[0].length);
    }
    for (const m of t.hindsightPerson) {
      if (!anyPerson || mentionOnly(ctx, m.index, m[0].length)) continue;
      if (/^clearly/i.test(m[0]) || /^obvious/i.test(m[0])) {
        const ti = tokenAt(tokens, m.index);
        const next = tokens[ti + 1]?.lower ?? "";
        const prev = tokens[ti - 1]?.lower ?? "";
        if (CLEARLY_NEUTRAL_NEXT.test(next) || NEGATORS.has(prev) || prev === "more" || prev === "less") continue;
      }
      this.add(ctx, "hindsight", m.index, m.index + m[0].length);
    }
    for (const m of t.ignored) {
      if (subjectOf(ctx, tokenAt(tokens, m.index)).referent === "person" && !guidance) {
        this.add(ctx, "hindsight", m.index, m.index + m[0].length);
      }
    }
    // 4. omissions with a human subject
    for (const m of t.omission) {
      if (mentionOnly(ctx, m.index, m[0].length)) continue;
      // "I reverted the bump, which restored X but failed to deploy ...": "which" stands for a thing, never a person
      const which = sentence.slice(0, m.index).search(/\bwhich\b(?![\s\S]*\bwhich\b)/i);
      if (which >= 0 && !refs.slice(tokenAt(tokens, which), tokenAt(tokens, m.index)).includes("person")) continue;
      if (writersAreSubject(ctx, tokenAt(tokens, m.index))) continue;
      const subject = subjectOf(ctx, tokenAt(tokens, m.index));
      const humanOnlyVerb = /^(forg|neglect|bother|omit|did)/i.test(m[0]);
      if (subject.referent === "person" || (humanOnlyVerb && subject.referent === "unknown")) {
        this.add(ctx, "omission", m.index, m.index + m[0].length);
      }
    }
    for (const m of t.missed) {
      if (mentionOnly(ctx, m.index, m[0].length)) continue;
      if (subjectOf(ctx, tokenAt(tokens, m.index)).referent === "person" && !guidance) {
        this.add(ctx, "omission", m.index, m.index + m[0].length);
      }
    }
    // 3. counterfactuals about people
    counterfactuals(ctx, t, add);
    // 1. a person as the cause
    personAsCause(ctx, t, add);
    if (t.shapes) for (const h of shapeHits(ctx)) this.add(ctx, h.category, h.start, h.end);
    hits.sort((a, b) => a.start - b.start);
    for (const h of hits) {
      const rewrite = suggestRewrite(sentence, h.category);
      // inline code stands in as CODE in the analysed text; a rewrite containing it would misquote the author
      if (rewrite && !/\bCODE\b/.test(rewrite)) h.rewrite = rewrite;
    }
    return hits;
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
/** Nouns after which a judgmental word names a technique ("lazy loading", "lazy evaluation"), not a person's trait. */
const TECHNIQUE =
  /^[-\s]?(?:load|evaluat|init|instantiat|fetch|compil|import|iterat|mode\b|pars|bind|alloc|delet|expir|sweep|gc\b|cleanup|propagat)/i;

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
