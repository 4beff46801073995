/**
 * Blame said without an agent in subject position, and questions or remarks aimed at people: a slip in a human act in
 * the passive ("the wrong server was rebooted by mistake", "an incorrect command was issued", "one parameter was
 * mistyped"), a judgement of someone's judgement ("an error in judgement by the on-call"), a person's act named by
 * its noun as the cause ("a configuration change by the database team caused the outage"), rhetorical questions
 * ("Why on earth did you think ...?") and people judged by what they do not read. Split from agent-acts.ts.
 * @module
 */

import type { BlameCategory } from "./blame-patterns.js";
import { headReferent, mentionOnly, type SentenceCtx, tokenAt } from "./clause-analysis.js";
import { anyMatches, eachMatch } from "./pattern-gate.js";

type Push = (category: BlameCategory, start: number, end: number) => void;

/** Words for the writers themselves: their own steps are not singled-out blame. */
export const FIRST_PERSON = new Set(["we", "i", "us", "our", "my", "me", "myself", "ourselves"]);

// A slip in a human act, said without naming the person: "the wrong server was rebooted by mistake", "a command was
// issued that accidentally ...", "was mistyped", "a typo in a manually edited file". The plain factual passive ("the
// wrong host was selected", "the query ran against the wrong cluster") is the blameless rewrite itself and is left alone
const HUMAN_SLIP =
  /\b(?:was|were|got|had been)\s+(?:accidentally|inadvertently|unintentionally|mistakenly|erroneously|wrongly)\s+(?:deleted|removed|dropped|rebooted|restarted|shut down|run|ran|executed|applied|pushed|deployed|entered|typed|merged|committed|changed|modified|edited|configured|set|disabled|turned off|terminated|killed|overwritten|truncated|wiped|issued|sent|published|revoked|rotated|promoted|rolled back)\b|\b(?:was|were|got|had been)\s+(?:deleted|removed|dropped|rebooted|restarted|shut down|run|executed|applied|pushed|deployed|entered|typed|merged|committed|changed|modified|edited|configured|set|disabled|turned off|terminated|killed|overwritten|truncated|wiped|issued|sent|published|promoted|rolled back)\s+(?:[\w-]+\s+){0,6}?(?:by mistake|by accident|in error)\b|\b(?:command|input|instruction)s? (?:was|were) (?:issued|entered|typed|run|executed|given|sent|applied)\b[^.;]{0,80}?\b(?:unintentionally|inadvertently|accidentally|mistakenly|by mistake|in error|incorrectly|wrongly)\b|\b(?:was|were|got|had been) (?:mis-?typed|fat-?fingered|mis-?entered|mis-?keyed)\b|\bmistyped\b[^.;]{0,60}?\b(?:by hand|manually)\b|\b(?:typo|mistake|error|slip)s? in (?:a |the )?(?:manually|hand)[- ](?:edited|entered|typed|written|maintained)\b|\b(?:mistake|error|slip|typo)s? (?:in|during) (?:a |the )?manual\b/gi;
/** An agent named after the slip ("... by the nightly cleanup job"): a system did it, not a person. */
const SYSTEM_AGENT =
  /\bby (?:the |a |an |our |its )?(?:[\w-]+ )?(?:script|job|tool|system|pipeline|automation|controller|scheduler|bot|process|service|cron|build|deploy\w*|terraform|ansible|kubernetes|reconciler|operator|migration|hook|daemon|agent)\b/i;
// A judgement of someone's judgement: "an error in judgement by the on-call"
const JUDGEMENT_ERROR =
  /(?:\b(?:an?|the|this|that|his|her|their)\s+(?:[\w-]+\s+)?|['’]s\s+(?:[\w-]+\s+)?)(?:error|mistake|failure) (?:in|of) judg(?:e)?ment\b/gi;
// "A configuration change by the database team caused the outage": a person's act, named by its noun, as the cause
const ACT_BY_CAUSED =
  /\b(?:change|edit|push|deploy|deployment|update|rollout|command|commit|migration|decision|action|intervention)s? (?:(?:made|pushed|run|applied|deployed|issued|rolled out|taken) )?by\s+(?=[^.;]{1,40}?\b(?:caused|broke|took down|brought down|knocked out)\b)/gi;
// Rhetorical questions that judge the person: "Why on earth did you think restarting the primary was a good idea?"
const RHETORICAL_WHY =
  /^\s*why (?:on earth|in the world|the hell|the heck|in god['’]s name) (?:did|would|do|does|was|were)\b|\b(?:did|do|does) (?:you|he|she|they|anyone|anybody|someone|somebody) (?:really|honestly|actually|seriously) think (?:that )?[^?]{0,80}?\b(?:was|is|would be) a (?:good|great|smart|clever) idea\b/gi;
// People judged by what they do not do: "no linter on earth for people who don't read their own diffs"
const PEOPLE_WHO_DONT =
  /\b(?:people|engineers|developers|folks|those|reviewers|operators|admins|someone|anyone) who (?:don['’]t|do not|never|can['’]t|cannot|won['’]t|refuse to|couldn['’]t be bothered to) (?:bother to |even )?(?:read|check|test|review|look at|follow|run) (?:their own|the (?:docs|documentation|runbook|manual|instructions|diffs?|warnings?|changelog|alerts?|release notes)|instructions|warnings|diffs|docs)\b/gi;
/** Words that make a sentence about blame, not blame itself ("we don't punish people who don't ..."). */
const ABOUT_BLAME = /\b(?:blam\w*|punish\w*|fir(?:e|ed|ing)|sham\w*|reprimand\w*|discipline\w*)\b/i;
/** Words before a slip that name a risk of one rather than one that happened. */
const SLIP_RISK =
  /\b(?:chance|risk|possibility|likelihood|room|prone|avoid|prevent|reduce|eliminate|remove|removing)s?\b[^.;]{0,25}$/i;

/** A person (not the writers) heads the noun phrase right after offset `at` ("by the database team"). */
export function personAfter(ctx: SentenceCtx, at: number): boolean {
  const from = tokenAt(ctx.tokens, at);
  const to = Math.min(ctx.tokens.length, from + 4);
  if (headReferent(ctx.tokens, ctx.refs, from, to) !== "person") return false;
  for (let k = from; k < to; k++) if (ctx.refs[k] === "person") return !FIRST_PERSON.has(ctx.tokens[k]?.lower ?? "");
  return false;
}

const ALL = [HUMAN_SLIP, JUDGEMENT_ERROR, ACT_BY_CAUSED, RHETORICAL_WHY, PEOPLE_WHO_DONT];

/** True when some pattern of this family may match (the prefilter's family test). */
export function mayHaveHumanSlip(sentence: string): boolean {
  return anyMatches(ALL, sentence);
}

/** The hits of this family in one sentence (not guidance: the caller checked). */
export function humanSlipHits(ctx: SentenceCtx, push: Push): void {
  const { sentence } = ctx;
  eachMatch(HUMAN_SLIP, sentence, (m) => {
    if (mentionOnly(ctx, m.index, m[0].length) || SYSTEM_AGENT.test(sentence.slice(m.index))) return;
    // "... because the kubeconfig context had switched": the reason given is the finding; "the chance of a slip during
    // a manual procedure": a risk named, not a slip that happened
    if (/\b(?:because|since|due to|as a result of)\b/i.test(sentence.slice(m.index + m[0].length))) return;
    if (SLIP_RISK.test(sentence.slice(Math.max(0, m.index - 40), m.index))) return;
    push("human-error", m.index, m.index + m[0].length);
  });
  eachMatch(JUDGEMENT_ERROR, sentence, (m) => {
    if (!mentionOnly(ctx, m.index, m[0].length)) push("judgmental", m.index, m.index + m[0].length);
  });
  if (ctx.anyPerson)
    eachMatch(ACT_BY_CAUSED, sentence, (m) => {
      if (!mentionOnly(ctx, m.index, m[0].length) && personAfter(ctx, m.index + m[0].length))
        push("person-as-cause", m.index, m.index + m[0].length);
    });
  eachMatch(RHETORICAL_WHY, sentence, (m) => {
    if (!mentionOnly(ctx, m.index, m[0].length)) push("judgmental", m.index, m.index + m[0].length);
  });
  eachMatch(PEOPLE_WHO_DONT, sentence, (m) => {
    if (!mentionOnly(ctx, m.index, m[0].length) && !ABOUT_BLAME.test(sentence))
      push("judgmental", m.index, m.index + m[0].length);
  });
}
