/**
 * The blame detector: the patterns of blame-patterns.ts, behind the gates of blame-prefilter.ts, judged by the clause
 * analysis of clause-analysis.ts.
 * @module
 */
import {
  type BlameCategory,
  type BlameHit,
  type BlameOptions,
  CLEARLY_NEUTRAL_NEXT,
  escapeRegExp,
  FAILURE_WORDS,
  GUIDANCE,
  HARM_OBJECT,
  JUDGMENTAL_BASE,
  MESSAGES,
  MISTAKE_NOUNS,
  NEGATORS,
  REMEDY_OBJECT,
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
  type Triggers,
} from "./blame-prefilter.js";
import {
  firstReferent,
  firstWordIndex,
  headReferent,
  isAdjectiveLike,
  isParticiple,
  mentionOnly,
  nextWordAfter,
  prescriptive,
  quoted,
  type SentenceCtx,
  SKIP_ADVERBS,
  subjectOf,
  systemCondition,
  tokenAt,
} from "./clause-analysis.js";
import { basePossessive, PersonLexicon, type Referent } from "./person-lexicon.js";
import { suggestRewrite } from "./rewrite.js";
import { splitSentences, tokenize } from "./tokenize.js";

export {
  BLAME_CATEGORIES,
  type BlameCategory,
  type BlameHit,
  type BlameOptions,
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
    // "Ana caused the issue": a sentence-initial given name is a person too.
    if (refs[first] === "unknown" && this.lexicon.isGivenName(tokens[first]?.lower ?? "")) {
      refs[first] = "person";
      anyPerson = true;
    }
    const ctx: SentenceCtx = { sentence, tokens, refs, guidance, anyPerson, hits, offset };

    // 2. human error as a cause
    for (const m of t.humanError) {
      if (!mentionOnly(ctx, m.index, m[0].length)) this.add(ctx, "human-error", m.index, m.index + m[0].length);
    }
    // 6. judgmental words
    for (const m of t.judgmental) {
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
      const subject = subjectOf(ctx, tokenAt(tokens, m.index));
      const humanOnlyVerb = /^(forg|neglect|bother|omit|did)/i.test(m[0]);
      if (subject.referent === "person" || (humanOnlyVerb && subject.referent === "unknown")) {
        this.add(ctx, "omission", m.index, m.index + m[0].length);
      }
    }
    for (const m of t.missed) {
      if (subjectOf(ctx, tokenAt(tokens, m.index)).referent === "person" && !guidance) {
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
      if (quoted(sentence, m.index)) continue;
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
      const subject = subjectOf(ctx, ti);
      let blame = subject.referent === "person";
      if (blame && /^would/i.test(m[0]) && systemCondition(ctx)) blame = false;
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
      if (quoted(sentence, m.index)) continue;
      const ti = tokenAt(tokens, m.index);
      const prevWord = tokens[ti - 1]?.lower;
      if (prevWord === "was" || prevWord === "were" || prevWord === "been" || prevWord === "is") {
        // passive "was caused by X": handled by the "by PERSON" pattern
        continue;
      }
      // "the disruption this caused": a pronoun for a thing right before the verb is its subject
      if (prevWord === "this" || prevWord === "it") continue;
      const subject = subjectOf(ctx, ti);
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
      const subject = subjectOf(ctx, ti);
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
