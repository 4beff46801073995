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

import { ENV_MISMATCH_BRANCHES, FAULT_MARK_BRANCHES, FAULT_MARK_WORD_BRANCHES } from "./agent-act-branches.js";
import {
  AGENT_ACT_STEMS as ACT_STEMS,
  ADVERB,
  BUNGLED,
  CHARACTER,
  CHECK_BY,
  CHOSE_TO,
  CONSEQUENCE,
  FAILURE_NEAR,
  FAULT_VERB,
  HARMED_THING,
  HINDSIGHT,
  HINDSIGHT_VERDICT,
  INCORRECT_ENTRY,
  INTRODUCED,
  IRREGULAR_PAST,
  IS_ON,
  LET_SLIP,
  MADE_LONGER,
  MANNER_ACT,
  MANUAL_ERROR,
  MISTAKE_KIND,
  OBLIGATION,
  OBSERVING,
  OF_PERSON,
  ON_PART,
  ON_PART_FAULT,
  ONE_JOB,
  PASSIVE_FAULT,
  PASSIVE_HARM,
  PLAIN_THAT,
  POSSESSIVE_VERDICT,
  PUT_ON,
  REASON,
  REMEDIAL,
  RUINED_BY,
  SANCTIONED,
  SARCASM,
  STATE,
  SYSTEM_BECAUSE,
  TURNED_INTO,
  VIGILANCE,
  WHO,
  WRONG_AIM,
} from "./agent-act-patterns.js";
import { AGENT_PREDICATE_STEMS, agentPredicateHits, mayHaveAgentPredicate } from "./agent-predicates.js";
import type { BlameCategory } from "./blame-patterns.js";
import {
  clauseBefore,
  mentionOnly,
  personPossessorBefore,
  quoted,
  type SentenceCtx,
  subjectOf,
  tokenAt,
} from "./clause-analysis.js";
import { FIRST_PERSON, humanSlipHits, mayHaveHumanSlip, personAfter } from "./human-slips.js";
import { anyMatches, eachMatch } from "./pattern-gate.js";

/** Stems every pattern of this family (and of agent-predicates.ts) has a word starting with: the prefilter's gate. */
export const AGENT_ACT_STEMS = `${ACT_STEMS} ${AGENT_PREDICATE_STEMS}`;

type Push = (category: BlameCategory, start: number, end: number) => void;

/** The token heading the clause after the first "because" after offset `from`. */
function systemAfterBecause(ctx: SentenceCtx, from: number): number {
  const m = SYSTEM_BECAUSE.exec(ctx.sentence.slice(from));
  if (!m) return -1;
  const ti = tokenAt(ctx.tokens, from + m.index + m[0].length);
  // "the ORM's default", "the deploy tool": the first classified word within three
  for (let k = ti; k < Math.min(ctx.tokens.length, ti + 3); k++) if (ctx.refs[k] !== "unknown") return k;
  return ti;
}

/** Verbs of finding and undoing beyond OBSERVING and REMEDIAL: what follows is their object, not their act. */
const FOUND = new Set(
  "identified isolated located bisected pinpointed tracked traced undid rolled-back backed".split(" "),
);

/** A sentence opening with the alternative the doer passed over: "Instead of waiting for the canary, ...". */
const FRONTED_ALTERNATIVE =
  /^\s*(?:instead of|rather than)\b[^,;.]{0,60}?\b(?:appropriate|proper|correct|standard|documented|approved|established|agreed|required|safe|runbook|process|procedure|checklist|review|tests?|testing|canary|approval|waiting)\b[^,;.]{0,40},\s*/i;
/** What an apposition may say of the act it interrupts: the practice passed over ("Sipho, without waiting for approval, ..."). */
const APPOSITION_MARK =
  /\b(?:instead of|rather than|without|despite (?:being |having been |repeated |the |a |an |all |several |two |three )(?:[\w-]+ )?(?:warned|told|asked|warnings?|objections?|alerts?|failing|red|concerns?|advice))\b/i;

/** A role's post-modifier between it and its verb: "the operator on duty", "the engineer in charge". */
const ON_DUTY = /^(?:on (?:duty|call|shift)|in charge)$/;

/**
 * The agent of the clause holding token `ti`: "other" for a person other than the writers, "self" for we/I, or
 * undefined when the subject is a system or unknown. A person's possessive ("Kofi's decision") counts as the agent.
 */
export function agentOf(ctx: SentenceCtx, ti: number): "other" | "self" | undefined {
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

const PASSIVE_BEFORE = /^(?:was|were|been|is|are|be|being)$/;

/** True when some pattern of this family may match (the prefilter's family test). */
export function mayHaveAgentAct(sentence: string): boolean {
  return anyMatches(ALL, sentence) || mayHaveAgentPredicate(sentence) || mayHaveHumanSlip(sentence);
}

const ALL = [
  MANNER_ACT,
  CONSEQUENCE,
  TURNED_INTO,
  FAULT_VERB,
  MADE_LONGER,
  RUINED_BY,
  REASON,
  POSSESSIVE_VERDICT,
  PLAIN_THAT,
  INCORRECT_ENTRY,
  PUT_ON,
  ON_PART,
  MANUAL_ERROR,
  OF_PERSON,
  ONE_JOB,
  HINDSIGHT_VERDICT,
  ...FAULT_MARK_BRANCHES.patterns(),
  ...ENV_MISMATCH_BRANCHES.patterns(),
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
    eachMatch(MANNER_ACT, sentence, (m) => {
      if (!mentionOnly(ctx, m.index, m[0].length) && personal(m.index))
        push("person-as-cause", m.index, m.index + m[0].length);
    });
    eachMatch(CONSEQUENCE, sentence, (m) => {
      if (quoted(sentence, m.index) || mentionOnly(ctx, m.index, m[0].length)) return;
      // "Ana found (reverted) the commit that caused the outage": what the person found or undid did the harm
      const ti = tokenAt(tokens, m.index);
      for (let k = ti - 1; k >= 0 && ctx.refs[k] !== "person"; k--) {
        const w = tokens[k]?.lower ?? "";
        if (OBSERVING.has(w) || REMEDIAL.has(w) || FOUND.has(w)) return;
      }
      if (other(m.index)) push("person-as-cause", m.index, m.index + m[0].length);
    });
    eachMatch(TURNED_INTO, sentence, (m) => {
      if (!mentionOnly(ctx, m.index, m[0].length) && other(m.index))
        push("person-as-cause", m.index, m.index + m[0].length);
    });
    eachMatch(FAULT_VERB, sentence, (m) => {
      if (mentionOnly(ctx, m.index, m[0].length)) return;
      const ti = tokenAt(tokens, m.index);
      if (PASSIVE_BEFORE.test(tokens[ti - 1]?.lower ?? "") && !/^too/i.test(m[0])) return;
      if (personal(m.index)) push("person-as-cause", m.index, m.index + m[0].length);
    });
    for (const p of [INTRODUCED, CHOSE_TO]) {
      eachMatch(p, sentence, (m) => {
        if (!mentionOnly(ctx, m.index, m[0].length) && other(m.index))
          push("person-as-cause", m.index, m.index + m[0].length);
      });
    }
    eachMatch(IS_ON, sentence, (m) => {
      if (!mentionOnly(ctx, m.index, m[0].length) && personAfter(ctx, m.index + m[0].length))
        push("person-as-cause", m.index, m.index + m[0].length);
    });
    eachMatch(MADE_LONGER, sentence, (m) => {
      if (!mentionOnly(ctx, m.index, m[0].length) && other(m.index))
        push("person-as-cause", m.index, m.index + m[0].length);
    });
    eachMatch(RUINED_BY, sentence, (m) => {
      if (!mentionOnly(ctx, m.index, m[0].length) && personAfter(ctx, m.index + m[0].length))
        push("judgmental", m.index, m.index + m[0].length);
    });
    eachMatch(REASON, sentence, (m) => {
      if (!mentionOnly(ctx, m.index, m[0].length) && FAILURE_NEAR.test(sentence) && other(m.index))
        push("person-as-cause", m.index, m.index + m[0].length);
    });
    eachMatch(POSSESSIVE_VERDICT, sentence, (m) => {
      if (ctx.refs[tokenAt(tokens, m.index)] === "person" && !mentionOnly(ctx, m.index, m[0].length))
        push("judgmental", m.index, m.index + m[0].length);
    });
    eachMatch(PUT_ON, sentence, (m) => {
      const at = m.index + m[0].length;
      // "of Lucía's making": the possessor is the person, the head ("making") is not
      const maker = /of $/.test(m[0]) && ctx.refs[tokenAt(tokens, at)] === "person";
      if (!mentionOnly(ctx, m.index, m[0].length) && (maker || personAfter(ctx, at)))
        push("person-as-cause", m.index, m.index + m[0].length);
    });
    eachMatch(ON_PART, sentence, (m) => {
      const ti = tokenAt(tokens, m.index + 3);
      if (ctx.refs[ti] === "person" && ON_PART_FAULT.test(sentence) && !mentionOnly(ctx, m.index, m[0].length))
        push("person-as-cause", m.index, m.index + m[0].length);
    });
    eachMatch(OF_PERSON, sentence, (m) => {
      if (!mentionOnly(ctx, m.index, m[0].length) && personAfter(ctx, m.index + m[0].indexOf(" of ") + 4))
        push("judgmental", m.index, m.index + m[0].length);
    });
    eachMatch(ONE_JOB, sentence, (m) => {
      if (!mentionOnly(ctx, m.index, m[0].length) && other(m.index)) push("judgmental", m.index, m.index + m[0].length);
    });
    if (FAULT_MARK_BRANCHES.test(sentence) || ENV_MISMATCH_BRANCHES.test(sentence)) genericActs(ctx, push);
    eachMatch(LET_SLIP, sentence, (m) => {
      if (!mentionOnly(ctx, m.index, m[0].length) && personal(m.index))
        push("omission", m.index, m.index + m[0].length);
    });
    eachMatch(PASSIVE_FAULT, sentence, (m) => {
      if (!mentionOnly(ctx, m.index, m[0].length) && personAfter(ctx, m.index + m[0].length))
        push("person-as-cause", m.index, m.index + m[0].length);
    });
    eachMatch(PASSIVE_HARM, sentence, (m) => {
      if (mentionOnly(ctx, m.index, m[0].length) || !HARMED_THING.test(sentence.slice(0, m.index))) return;
      if (personAfter(ctx, m.index + m[0].length)) push("person-as-cause", m.index, m.index + m[0].length);
    });
    eachMatch(OBLIGATION, sentence, (m) => {
      if (quoted(sentence, m.index)) return;
      if (m[0].startsWith("'") || m[0].startsWith("’")) {
        if (ctx.refs[tokenAt(tokens, m.index)] === "person") push("omission", m.index, m.index + m[0].length);
      } else if (other(m.index)) push("omission", m.index, m.index + m[0].length);
    });
    eachMatch(CHARACTER, sentence, (m) => {
      if (ctx.refs[tokenAt(tokens, m.index)] === "person" && !mentionOnly(ctx, m.index, m[0].length))
        push("judgmental", m.index, m.index + m[0].length);
    });
    eachMatch(STATE, sentence, (m) => {
      if (!mentionOnly(ctx, m.index, m[0].length) && other(m.index)) push("judgmental", m.index, m.index + m[0].length);
    });
    eachMatch(CHECK_BY, sentence, (m) => {
      const rest = sentence.slice(m.index + m[0].length, m.index + m[0].length + 80);
      // "... would have caught the typo": the check's result is a catch, not "would have needed context"
      if (
        !/\b(?:would|could|should)(?: have|'ve) (?:\w+ )?(?:caught|spotted|found|prevented|stopped|flagged|noticed|revealed|shown|avoided|saved|detected)\b/i.test(
          rest,
        ) ||
        quoted(sentence, m.index)
      )
        return;
      if (personAfter(ctx, m.index + m[0].length)) push("counterfactual", m.index, m.index + m[0].length);
    });
  }
  for (const p of [PLAIN_THAT, INCORRECT_ENTRY]) {
    eachMatch(p, sentence, (m) => {
      if (!mentionOnly(ctx, m.index, m[0].length))
        push(p === PLAIN_THAT ? "hindsight" : "human-error", m.index, m.index + m[0].length);
    });
  }
  eachMatch(MANUAL_ERROR, sentence, (m) => {
    if (!mentionOnly(ctx, m.index, m[0].length)) push("human-error", m.index, m.index + m[0].length);
  });
  eachMatch(HINDSIGHT_VERDICT, sentence, (m) => {
    if (!mentionOnly(ctx, m.index, m[0].length)) push("hindsight", m.index, m.index + m[0].length);
  });
  eachMatch(BUNGLED, sentence, (m) => {
    const category = /^should/i.test(m[0])
      ? "counterfactual"
      : /waved|brushed|shrugged/i.test(m[0])
        ? "omission"
        : "judgmental";
    if (!mentionOnly(ctx, m.index, m[0].length)) push(category, m.index, m.index + m[0].length);
  });
  eachMatch(MISTAKE_KIND, sentence, (m) => {
    if (!mentionOnly(ctx, m.index, m[0].length)) push("judgmental", m.index, m.index + m[0].length);
  });
  eachMatch(HINDSIGHT, sentence, (m) => {
    if (!mentionOnly(ctx, m.index, m[0].length)) push("hindsight", m.index, m.index + m[0].length);
  });
  eachMatch(WHO, sentence, (m) => {
    if (!mentionOnly(ctx, m.index, m[0].length)) push("who-question", m.index, m.index + m[0].length);
  });
  eachMatch(SARCASM, sentence, (m) => push("judgmental", m.index, m.index + m[0].length));
  humanSlipHits(ctx, push);
  agentPredicateHits(ctx, push);
  eachMatch(VIGILANCE, sentence, (m) => {
    if (!quoted(sentence, m.index)) push("vigilance", m.index, m.index + m[0].length);
  });
}

/**
 * The generic shape: for each person (not the writers) followed by a verb (past tense, or present in a timeline row),
 * the rest of the clause is searched for a mark of fault outside quotes. Verbs that undo, observe or report only
 * count when aimed at the wrong target.
 */
function genericActs(ctx: SentenceCtx, push: Push): void {
  const { tokens, refs, sentence } = ctx;
  const timeline = /^\s*(?:[-*+]\s*)?(?:\|\s*)?\[?\d{1,2}:\d{2}/.test(sentence);
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (!tok || refs[i] !== "person" || FIRST_PERSON.has(tok.lower)) continue;
    // "Efosa's script ran against all tenants instead of one": the person's work as the doer
    let j = i + 1;
    if (/['’]s?$/.test(tok.lower)) {
      while (
        j < tokens.length &&
        j <= i + 2 &&
        !tokens[j]?.punct &&
        !/^[a-z][a-z-]*ed$/.test(tokens[j]?.lower ?? "") &&
        !IRREGULAR_PAST.has(tokens[j]?.lower ?? "")
      )
        j++;
    }
    // "the operator on duty", "the engineer in charge", "the developer responsible": a role's post-modifier
    if (ON_DUTY.test(`${tokens[j]?.lower ?? ""} ${tokens[j + 1]?.lower ?? ""}`)) j += 2;
    else if (tokens[j]?.lower === "responsible") j++;
    // "It was Olumide who applied ...": a relative "who" right after the person leads to the person's verb
    if (tokens[j]?.lower === "who") j++;
    // "YP, tired after a long day, ran ...": an apposition between the person and the verb; what it says of the act
    // ("Sipho, despite being warned, pushed ahead") is part of the act's clause
    let from = -1;
    // "Instead of using an appropriate library, someone wrote ...": a fronted alternative belongs to the act
    const lead = FRONTED_ALTERNATIVE.exec(sentence);
    if (
      lead &&
      tok.start >= lead[0].length &&
      /^(?:(?:the|a|an|one|of|our|their|his|her)\s+)*$/i.test(sentence.slice(lead[0].length, tok.start))
    )
      from = 0;
    if (tokens[j]?.text === ",") {
      let k = j + 1;
      while (k < tokens.length && k <= j + 8 && tokens[k]?.text !== "," && !tokens[k]?.punct) k++;
      if (tokens[k]?.text === ",") {
        from = tokens[j]?.end ?? -1;
        j = k + 1;
      }
    }
    while (j < tokens.length && ADVERB.test(tokens[j]?.lower ?? "")) j++;
    // "Haruto had merged a change that nobody had reviewed": the pluperfect's auxiliary, then the act
    if (
      /^(?:had|has|have)$/.test(tokens[j]?.lower ?? "") &&
      /^[a-z][a-z-]*ed$|^[a-z]+en$/.test(tokens[j + 1]?.lower ?? "")
    )
      j++;
    const verb = tokens[j];
    if (!verb || verb.punct) continue;
    const v = verb.lower;
    const past = /^[a-z][a-z-]*ed$/.test(v) || IRREGULAR_PAST.has(v);
    const present = timeline && /^[a-z][a-z-]*[^s]s$/.test(v);
    if (!past && !present) continue;
    if (mentionOnly(ctx, verb.start, 0) || quoted(sentence, tok.start)) continue;
    // the clause after the verb: up to a full stop (not a version's "v2.3"), semicolon, colon or dash
    let end = sentence.length;
    const stop = /\.(?!\d)|[;:!?—–]|\s-\s|,\s*(?:which|and|but|so|because|since|as)\b/.exec(sentence.slice(verb.end));
    if (stop) end = verb.end + stop.index;
    const start = from >= 0 ? from : verb.end;
    const clause = sentence.slice(start, end);
    const mark = FAULT_MARK_WORD_BRANCHES.exec(clause) ?? ENV_MISMATCH_BRANCHES.exec(clause);
    if (!mark || quoted(sentence, start + mark.index)) continue;
    // a mark inside an apposition counts only when it is the practice passed over ("Ana, despite the late hour, ...")
    if (from > 0 && start + mark.index < verb.start && !APPOSITION_MARK.test(sentence.slice(from, verb.start)))
      continue;
    if (OBSERVING.has(v) || (REMEDIAL.has(v) && !WRONG_AIM.test(clause))) continue;
    // "merges the fix over a red build ..., as agreed in the channel": a sanctioned act
    if (SANCTIONED.test(sentence)) continue;
    // "... ran without a WHERE clause because the ORM dropped the filter": a system explains the act
    // (an "as" inside the mark itself, "production as their test bed", is not a reason)
    const why = /\bas\b/i.test(mark[0]) ? start + mark.index + mark[0].length : verb.end;
    if (SYSTEM_BECAUSE.test(sentence.slice(why)) && ctx.refs[systemAfterBecause(ctx, why)] === "system") continue;
    push("person-as-cause", tok.start, verb.end);
  }
}
