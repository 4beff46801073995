/**
 * The two clause-level analyses with the most constructions: counterfactuals about people ("should have", "had the
 * operator read ...") and a person as the cause ("caused by Bob", "Alice's mistake", "Raj broke production").
 * @module
 */
import { type BlameCategory, FAILURE_WORDS, HARM_OBJECT, MISTAKE_NOUNS, REMEDY_OBJECT } from "./blame-patterns.js";
import type { Triggers } from "./blame-prefilter.js";
import {
  clauseBefore,
  firstReferent,
  firstWordIndex,
  headReferent,
  isAdjectiveLike,
  isParticiple,
  mentionOnly,
  nextWordAfter,
  personPossessorBefore,
  quoted,
  type SentenceCtx,
  SKIP_ADVERBS,
  subjectOf,
  systemCondition,
  tokenAt,
  writersAreSubject,
} from "./clause-analysis.js";
import { basePossessive } from "./person-lexicon.js";

/** Report a hit at `[start, end)` of the sentence. */
export type AddHit = (category: BlameCategory, start: number, end: number) => void;

/** Words before "caused"/"causes" that make it a noun or the verb "root-cause", not a cause verb. */
const NOT_A_CAUSE_VERB = new Set(["root", "the", "possible", "likely", "main", "other", "its", "their", "underlying"]);
/** Said of a name after "due to": "due to Buildkite being down" is about a system. */
const SYSTEM_STATE =
  /^['’]?s?\s+(?:being|was|were|is|are|going|having)\s+(?:\w+\s+)?(?:down|unavailable|offline|slow|degraded|overloaded|broken|unreachable|out|outage|misconfigured|rate-limited|flaky)\b|^\s+(?:outage|downtime|incident|degradation|failure|being down)\b/i;
/** What a proposal says a role or safeguard would have done. */
const PROPOSAL_RESULT =
  /^(?:helped|prevented|caught|reduced|shortened|sped|avoided|allowed|limited|saved|mitigated|surfaced|detected|flagged|spotted|coordinated|made)$/;
/** Nouns of a condition that, heading a sentence, make it about the condition rather than its people. */
const CONDITION_HEADS = new Set(
  "lack absence breakdown gap gaps confusion ambiguity miscommunication combination unclear insufficient".split(" "),
);
/** What follows a person's possessive when the act is praised, not blamed. */
const PRAISED_ACT =
  /^\s+(?:[\w-]+\s+)?(?:quick|fast|prompt|swift|rapid|timely|good|great|excellent|careful|thorough|hard|diligent|fix|fixes|help|efforts?|work|vigilance|diligence|attention|expertise|experience|knowledge|intervention|response|investigation|rollback|revert|patch|alert|report)\b/i;
const MITIGATION_PURPOSE =
  /\b(?:to|in order to|so as to) (?:prevent|stop|avoid|protect|free|mitigate|contain|limit|block|reduce|halt|unblock|recover|restore)\b/i;
const GENERIC_PEOPLE = /^(?:engineers|people|operators|developers|responders|humans|those|folks|teams|admins)$/;
const DETERMINER = /^(?:the|our|their|two|three|both|these|several|some|a|an|its|his|her)$/;
/** What "could not have" been known or seen: a statement of the limits of the moment, not a verdict. */
const NOT_KNOWABLE = new Set(
  "known seen foreseen predicted noticed anticipated guessed expected realised realized detected told spotted caught found identified recognised recognized".split(
    " ",
  ),
);
/** A negative subject right before a modal: "nobody", "no one", "none of us", "no engineer". */
const NO_ONE =
  /\b(?:nobody|no one|no-one|none of (?:us|them|the \w+)|no (?:engineer|operator|responder|human|person|reviewer)s?)\s+(?:\w+\s+)?$/i;
/** After "who caused/triggered the incident": the main clause praises or reports the person's response. */
const IDENTIFYING_THEN_PRAISED =
  /^\s+(?:the |this |an? )?(?:[\w-]+\s+){0,3}?(?:was|were|is)\s+(?:also\s+)?(?:quick|fast|first|the first|able|instrumental|key|swift|prompt)\b|^\s+(?:the |this |an? )?(?:[\w-]+\s+){0,3}?(?:also|then|later|quickly|immediately|promptly|himself|herself|themselves)\s+(?:found|fixed|identified|raised|reported|noticed|rolled back|reverted|helped|wrote|led|spotted|flagged|debugged|diagnosed|restored|mitigated|escalated|declared)\b/i;
/** Human checks, which "should have been" done by someone. */
const HUMAN_CHECKS = new Set(
  (
    "reviewed tested checked caught noticed spotted verified validated escalated consulted communicated reverted " +
    "followed read approved questioned investigated flagged raised announced considered discussed coordinated " +
    "done performed planned double-checked re-checked rechecked informed told asked warned handled " +
    "examined inspected proofread rolled"
  ).split(" "),
);

/** The clause's subject is indefinite ("a dedicated incident commander", "an extra reviewer", "having a second DBA"). */
function indefiniteSubject(ctx: SentenceCtx, ti: number): boolean {
  const first = firstWordIndex(ctx.tokens);
  const w = ctx.tokens[first]?.lower ?? "";
  return ti > first && /^(?:a|an|having|another|more|better|extra|additional|some|any|one)$/.test(w);
}

/** The clause before token `ti` starts with a gerund ("Requiring a second reviewer ..."), not a person. */
function gerundSubject(ctx: SentenceCtx, ti: number): boolean {
  const start = clauseBefore(ctx.tokens, ti).start;
  const first = ctx.tokens[start];
  return first !== undefined && /^[a-z]{3,}ing$/.test(first.lower) && ctx.refs[start] !== "person";
}

export function counterfactuals(ctx: SentenceCtx, t: Triggers, add: AddHit): void {
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
    // "The engineer could not have known which environment ...": what nobody could know exculpates
    if (/^could(?:n't| not| never)|^could (?:\w+ )?(?:ever|never) /i.test(m[0]) && NOT_KNOWABLE.has(next)) continue;
    // "Nobody could have known that ...": a statement that no one could know, the opposite of a verdict
    if (NOT_KNOWABLE.has(next) && NO_ONE.test(sentence.slice(Math.max(0, m.index - 24), m.index))) continue;
    const subject = subjectOf(ctx, ti);
    let blame = subject.referent === "person";
    // "scenarios of what could have gone wrong": an indirect question about events, not about a person
    if (blame && /^(?:what|which|how|where|anything|something|nothing|things)$/.test(tokens[ti - 1]?.lower ?? ""))
      blame = false;
    // "different pathways ... that we could have taken": options described, not a verdict
    if (
      blame &&
      /^could/i.test(m[0]) &&
      /\b(?:that|which) (?:we|i) $/i.test(sentence.slice(Math.max(0, m.index - 12), m.index))
    )
      blame = false;
    // "If the runbook had listed the new primary, the on-call could have failed over in minutes": what a system
    // condition would have made possible
    if (blame && /^(?:would|could)/i.test(m[0]) && systemCondition(ctx)) blame = false;
    // "Requiring a second reviewer would have slowed this down": an activity as the subject is a proposal
    if (blame && gerundSubject(ctx, ti)) blame = false;
    // "A required QA sign-off in the release tool would have held the tag": an indefinite thing as the subject of
    // would/could is a proposal (a missing person's act is caught by the shapes: "a more careful engineer would ...")
    if (
      blame &&
      /^(?:would|could)/i.test(m[0]) &&
      indefiniteSubject(ctx, ti) &&
      !/\b(?:engineer|developer|operator|reviewer|person|admin|sre)s?\b/i.test(sentence.slice(0, m.index))
    )
      blame = false;
    // "a dedicated incident commander could have helped": a proposal, not a verdict on someone
    if (blame && PROPOSAL_RESULT.test(next) && indefiniteSubject(ctx, ti)) blame = false;
    // "the Cosmos Hub's team should have been involved": people as the object of a plan that left them out
    if (blame && next === "been") {
      const state = nextWordAfter(tokens, k);
      if (
        !/^(?:more|aware|careful|paying|alert|faster|quicker|quick|fast|able|watching|checking|looking|monitoring|reading|testing|on)$/.test(
          state,
        )
      )
        blame = false;
    }
    // "the change should have been tested before the rollout": a human check that was not done
    if (!blame && next === "been" && /^(?:should|ought|must)/i.test(m[0])) {
      const done = nextWordAfter(tokens, k);
      const rest = sentence.slice(tokens[k]?.end ?? 0);
      if (
        HUMAN_CHECKS.has(done) &&
        !/\b(?:automatically|by (?:the |a |an )?(?:[\w-]+ )?(?:system|pipeline|ci|tool|script|job|check|automation|controller|probe))\b/i.test(
          rest,
        )
      )
        blame = true;
    }
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
    if (blame) add("counterfactual", m.index, m.index + m[0].length);
  }
  for (const m of t.ifOnlyHad) {
    const lead = m[0].trimStart().replace(/^[,;] ?/, "");
    if (quoted(sentence, m.index + m[0].length - lead.length)) continue;
    if (/^if/i.test(lead)) {
      const startTok = tokenAt(tokens, m.index);
      const endTok = tokenAt(tokens, m.index + m[0].length - 3);
      const subjectRef = headReferent(tokens, ctx.refs, startTok + 1, endTok);
      if (subjectRef === "person" && isParticiple(nextWordAfter(tokens, endTok))) {
        add("counterfactual", m.index + m[0].length - lead.length, m.index + m[0].length);
      }
    } else {
      // inverted conditional: "Had the operator read the runbook, ..."
      const hadTok = tokenAt(tokens, m.index + m[0].length - 3);
      let k = hadTok + 1;
      while (k < tokens.length && !tokens[k]?.punct && !isParticiple(tokens[k]?.lower ?? "")) k++;
      if (k < tokens.length && headReferent(tokens, ctx.refs, hadTok + 1, k) === "person" && k > hadTok + 1) {
        const had = tokens[hadTok];
        if (had) add("counterfactual", had.start, had.end);
      }
    }
  }
}
export function personAsCause(ctx: SentenceCtx, t: Triggers, add: AddHit): void {
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
          // "This was not Priya's fault": denied, not claimed
          if (!mentionOnly(ctx, tok.start, 0)) add("person-as-cause", tok.start, tokens[k]?.end ?? tok.end);
          break;
        }
      }
      // "The mistake was entirely the on-call engineer's."
      if (i >= tokens.length - 2 && tokens.slice(0, i).some((t) => MISTAKE_NOUNS.test(t.lower))) {
        add("person-as-cause", tok.start, tok.end);
      }
    }
    // "the engineer made a mistake", "Jamal made a typo"
    const nx = tokens[i + 1]?.lower;
    if (nx === "made" || nx === "makes") {
      // "made a typo", "made a judgment error", "made a costly mistake"
      for (let k = i + 2; k <= i + 5 && k < tokens.length && !tokens[k]?.punct; k++) {
        if (MISTAKE_NOUNS.test(tokens[k]?.lower ?? "")) {
          if (!mentionOnly(ctx, tok.start, 0)) add("person-as-cause", tok.start, tokens[k]?.end ?? tok.end);
          break;
        }
      }
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
      if ((MISTAKE_NOUNS.test(before) || agentOfHarm || agentOfMistake) && !mentionOnly(ctx, from, 0))
        add("person-as-cause", from, tok.end);
      if (before === "because" && prep === "of") add("person-as-cause", from, tok.end);
    }
    // "due to Buildkite being down": what follows the name says it is a system
    // "due to Discord permissions issues": a name followed by a lower-case noun modifies it (a product's issues)
    const nextTok = tokens[i + 1];
    // "thanks to Dario's shortcut": a person's possessive is their act, unless it is praise ("thanks to Ana's quick fix")
    const ownAct = basePossessive(tok.lower).possessive && !PRAISED_ACT.test(sentence.slice(tok.end, tok.end + 40));
    const compound =
      !ownAct &&
      nextTok !== undefined &&
      !nextTok.punct &&
      !nextTok.capitalised &&
      /^[a-z]+$/.test(nextTok.text) &&
      !/ing$/.test(nextTok.lower) &&
      !/^(?:and|or|but|who|which|that|when|while|because|so|as|to|in|on|at|for|with|by|from|of|is|was|were|are|had|has|did|would|should|could|not)$/.test(
        nextTok.lower,
      );
    const systemState = compound || SYSTEM_STATE.test(sentence.slice(tok.end, tok.end + 40));
    if (
      !systemState &&
      ((prep === "to" && (before === "due" || before === "down" || before === "thanks")) || prep === "with")
    ) {
      if (prep === "to" || /\bblame\b/i.test(sentence)) add("person-as-cause", from, tok.end);
    }
    // "traces back to Greta's refactor", "we traced the bad deploy to @rv", "attributed to the on-call"
    if (prep === "to" && /\b(trace[sd]?|tracing|attribut\w+|pinned)\b/i.test(sentence.slice(0, tok.start))) {
      add("person-as-cause", tokens[q]?.start ?? tok.start, tok.end);
    }
    // "PERSON is/was responsible for the outage", "the operator was at fault"
    const rest = sentence.slice(tok.end, tok.end + 60);
    if (
      /^\s+(?:is|was|were|are)?\s*(?!not |never |no longer )(?:\w+ )?(?:responsible for (?:the |this |that )?(?:[\w-]+ )?(?:outage|incident|failure|downtime|issue|problem|breakage|mistake|error|bug|data loss|expired|broken|failed|leak|breach|regression|typo)(?![\w-]*\s+(?:response|management|review|process|channel|commander|communications?|comms|coordination|retro|retrospective|reports?|post-?mortems?|follow-?ups?|rotation|handling|runbooks?|tooling|playbooks?))|at fault)\b/i.test(
        rest,
      )
    ) {
      add("person-as-cause", tok.start, tok.end);
    }
  }
  // cause verbs with a person subject (or a person's change as the subject)
  for (const m of t.causeVerbs) {
    if (quoted(sentence, m.index)) continue;
    const ti = tokenAt(tokens, m.index);
    const prevWord = tokens[ti - 1]?.lower;
    if (prevWord !== undefined && /^(?:was|were|been|is|are|be|being|get|gets|got)$/.test(prevWord)) {
      // passive "was caused by X": handled by the "by PERSON" pattern
      continue;
    }
    // "the disruption this caused": a pronoun for a thing right before the verb is its subject
    if (prevWord === "this" || prevWord === "it") continue;
    // "Engineers who caused an outage are the best source ...": a kind of people, said in general
    if (
      prevWord === "who" &&
      GENERIC_PEOPLE.test(tokens[ti - 2]?.lower ?? "") &&
      !DETERMINER.test(tokens[ti - 3]?.lower ?? "")
    )
      continue;
    // "app hashes, triggered from the staking epoch": a participle with its source is a passive
    if (/^[a-z]+ed$/i.test(m[0]) && /^\s+(?:by|from)\b/i.test(sentence.slice(m.index + m[0].length))) continue;
    // "we root caused it to a race", "the root causes", "possible causes": a noun or the verb "root-cause"
    if (prevWord !== undefined && NOT_A_CAUSE_VERB.has(prevWord)) continue;
    if (/root[- ]$/i.test(sentence.slice(Math.max(0, m.index - 5), m.index))) continue;
    if (mentionOnly(ctx, m.index, m[0].length)) continue;
    // "we did not have enough knowledge, which led to us misunderstanding ...": the writers' own gap
    if (/^(?:led to|resulted in|triggered)$/i.test(m[0]) && writersAreSubject(ctx, ti)) continue;
    // "we shipped a fix to address a race condition that caused downloads by different users ...": a relative clause
    // about a thing in the writers' own sentence
    if ((prevWord === "that" || prevWord === "which") && ctx.refs[ti - 2] !== "person" && writersAreSubject(ctx, ti))
      continue;
    const subject = subjectOf(ctx, ti);
    // a weak causal verb needs a person as its subject: in "Lack of information sharing between the team patching
    // ... led to", the people are inside the subject's phrase, not its head
    const weak = /^(?:led to|resulted in|triggered)$/i.test(m[0]);
    // "Lack of information sharing between the team ... and the team ... led to": a condition heads the sentence
    const firstWord = tokens[firstWordIndex(tokens)]?.lower ?? "";
    if (CONDITION_HEADS.has(firstWord)) continue;
    // "The engineer who triggered the incident also found the fix": a relative clause that only identifies the
    // person, whose own predicate is praise or a response
    if (/^(?:who|that)$/.test(prevWord ?? "") && IDENTIFYING_THEN_PRAISED.test(sentence.slice(m.index + m[0].length)))
      continue;
    if (
      subject.referent === "person" ||
      (!weak && subject.referent === "unknown" && subject.personInClause) ||
      personPossessorBefore(ctx, ti)
    )
      add("person-as-cause", m.index, m.index + m[0].length);
  }
  for (const m of t.harmVerbs) {
    if (quoted(sentence, m.index)) continue;
    const ti = tokenAt(tokens, m.index);
    // the act's own clause: "deleted the namespace named in the ticket; the ticket named the wrong one"
    const after = sentence.slice(m.index, m.index + 80).split(/[;:]|\.\s/)[0] ?? "";
    const before = tokens[ti - 1]?.lower ?? "";
    if (!HARM_OBJECT.test(after) && before !== "accidentally" && before !== "mistakenly") continue;
    if (REMEDY_OBJECT.test(after.slice(m[0].length))) continue;
    // "deletes the prod ingress to prevent users spawning mid-deployment": a deliberate mitigation with its purpose
    if (MITIGATION_PURPOSE.test(after)) continue;
    if (before === "was" || before === "were" || before === "been") continue;
    const subject = subjectOf(ctx, ti);
    if (
      subject.referent === "person" ||
      (subject.referent === "unknown" && subject.personInClause) ||
      personPossessorBefore(ctx, ti)
    )
      add("person-as-cause", m.index, m.index + m[0].length);
  }
  // "The incident happened because Raj merged without review."
  for (const m of t.becauseSince) {
    const ti = tokenAt(tokens, m.index);
    const head = firstReferent(refs, ti + 1, Math.min(tokens.length, ti + 4));
    if (head !== "person" || !FAILURE_WORDS.test(sentence) || mentionOnly(ctx, m.index, m[0].length)) continue;
    // "because we had planned": the writers' own plans; "because they were assumed": a passive says nothing of a doer
    const subject = tokens.slice(ti + 1, ti + 4).find((_, k) => refs[ti + 1 + k] === "person");
    if (subject && /^(?:we|i|us|our|my)$/.test(subject.lower)) continue;
    const vi = tokens.slice(ti + 1, ti + 5).findIndex((t) => /(ed|ran|broke|made|did|pushed)$/.test(t.lower));
    const verb = vi < 0 ? undefined : tokens[ti + 1 + vi];
    if (verb && /^(?:was|were|been|being|is|are|be)$/.test(tokens[ti + vi]?.lower ?? "")) continue;
    // observing, reporting and responding are not the cause: "noticed because Tim happened to look at grafana"
    if (
      verb &&
      !/^(restarted|restored|recovered|fixed|rolled|noticed|saw|acknowledged|paged|happened|looked|checked|asked|joined|reported|spotted|realised|realized|learned|wanted|needed|tried|watched|investigated|escalated|responded|answered|helped|suggested|mentioned|pinged|alerted|warned|confirmed|verified|tested|reviewed)$/.test(
        verb.lower,
      )
    ) {
      add("person-as-cause", m.index, verb.end);
    }
  }
  if (t.blame && !/\bwho\b/i.test(sentence)) {
    const b = sentence.search(/\bblame\b/i);
    if (!mentionOnly(ctx, b, 5)) add("person-as-cause", b, b + 5);
  }
}
