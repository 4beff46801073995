import type { EvidenceRef } from "../model/common.js";
import { mad, median } from "../util/stats.js";
import type { PairSamples, SourceAggregates } from "./source-aggregates.js";
import { activityEvidence, mutualAgreement, type Scored, SLACK, scoreActivity } from "./zone-alignment-activity.js";

/**
 * Time-zone inference for sources whose timestamps carry no zone (read as UTC and marked assumed).
 *
 * A log written in the host's local time without a zone sits whole hours away from the truth. When the same
 * occurrences were also recorded by sources that do state their zone, the zone-less source lines up with them once
 * shifted by its UTC offset. Every plausible offset (whole and half hours within ±14 h, and the quarter-hour zones in
 * use: +05:45, +08:45, +12:45, +13:45) is scored by three kinds of proof, strongest first:
 * - the same request id logged by both (the median of the time differences is the offset);
 * - the same log template written by both in bursts that start the same number of minutes apart (a host restart, a
 *   statement cancelled, seen by two systems);
 * - the activity of the source (events and errors per minute) against the activity of the zoned sources together:
 *   Pearson's r over the minutes both cover, at each candidate offset.
 * A mismatch is reported only when the best offset is not zero and explains the data clearly better than zero and
 * than the runner-up; it is corrected only when that is unambiguous. Otherwise the source stays "assumed UTC".
 */

/** UTC offsets (minutes) tried: whole and half hours within ±14 h, and the quarter-hour zones in use. */
export const CANDIDATE_OFFSETS: readonly number[] = (() => {
  const out: number[] = [];
  for (let m = -14 * 60; m <= 14 * 60; m += 30) out.push(m);
  // Nepal +05:45, Eucla +08:45, Chatham +12:45 and +13:45 in summer
  out.push(345, 525, 765, 825);
  return out.sort((a, b) => a - b);
})();

/** How the offset of a zone-less source was (or was not) established. */
export interface ZoneAlignment {
  /** Index of the zone-less source. */
  src: number;
  /** Its clock's offset from UTC in minutes (+60: local time UTC+01:00, so its timestamps read as UTC are 60 min late). 0 when none was found. */
  utcOffsetMinutes: number;
  /** `corrected`: shifted by the offset; `reported`: a mismatch found but not unambiguous; `assumed`: kept as UTC. */
  status: "corrected" | "reported" | "assumed";
  /** The proof the offset rests on. */
  method: "request-id" | "shared-template" | "activity" | "none";
  /** Activity correlation at the chosen offset, at zero, and at the best other offset (null: not measurable). */
  score: number | null;
  zeroScore: number | null;
  runnerUp: { utcOffsetMinutes: number; score: number } | null;
  /** Requests matched by id, and templates whose bursts line up, at the chosen offset. */
  keys: { requests: number; templates: number };
  /** Lines of the zone-less source and of a zoned source that record the same moment once aligned. */
  evidence: EvidenceRef[];
  /** How the alignment was found and why it was, or was not, corrected. */
  detail: string;
}

/** Tuning of {@link alignZones}. */
export interface ZoneAlignmentOptions {
  /** Events the zone-less source needs before its activity is compared; default 20. */
  minEvents?: number;
  /** Minutes both sides must cover at an offset for its correlation to count; default 30. */
  minOverlapMinutes?: number;
}

/**
 * Thresholds of the activity proof. Reported: r at least 0.45 (significant over its overlap), 0.25 above zero and
 * 0.08 above the runner-up, with 60% of the bursts meeting both ways and such a meeting expected by chance at no
 * more than 0.2 of the offsets compared (or the source plainly out of step unshifted: 0.8 above zero, 0.12 above
 * the runner-up). Corrected: 80% of the bursts meeting, a lead of 0.35 over zero and 0.15 over the runner-up (0.05
 * over a rival at which only some bursts meet), and r at least 0.55 with a chance meeting expected at no more than
 * 0.01 of the offsets, or r at least 0.7 and 0.1. Calibrated on generated incidents (zone-alignment.test.ts):
 * independent bursts are never corrected, a zone with three or more bursts always is.
 */
const R_REPORT = 0.45;
const R_CORRECT = 0.55;
const MARGIN_CORRECT = 0.15;
const SHARE_REPORT = 0.6;
const SHARE_CORRECT = 0.8;
const CHANCE_REPORT = 0.2;
const CHANCE_CORRECT = 0.01;
const ZERO_GAP_REPORT = 0.8;

/** The candidate offset nearest `minutes`, if within the slack. */
function nearestCandidate(minutes: number): number | null {
  let best: number | null = null;
  for (const c of CANDIDATE_OFFSETS) if (best === null || Math.abs(c - minutes) < Math.abs(best - minutes)) best = c;
  return best !== null && Math.abs(best - minutes) <= SLACK ? best : null;
}

/** Offset (minutes) of `z` against the zoned sources from shared request ids; null without a consistent one. */
function requestIdOffset(
  z: number,
  zoned: ReadonlySet<number>,
  pairs: readonly PairSamples[],
): { minutes: number; samples: number } | null {
  const diffs: number[] = [];
  for (const p of pairs) {
    if (p.a === z && zoned.has(p.b)) for (const d of p.offsets) diffs.push(-d);
    else if (p.b === z && zoned.has(p.a)) for (const d of p.offsets) diffs.push(d);
  }
  if (diffs.length < 5) return null;
  const med = median(diffs);
  if (mad(diffs, med) * 1.4826 > 60_000) return null;
  const c = nearestCandidate(med / 60_000);
  return c === null ? null : { minutes: c, samples: diffs.length };
}

/**
 * Templates both sides wrote, and the candidate offsets at which their bursts start together. A template whose
 * bursts agree with more than three offsets is periodic (a cron line) and proves nothing.
 */
function templateVotes(
  z: SourceAggregates,
  refs: readonly SourceAggregates[],
): Map<number, Array<{ template: number; zLine: number; ref: number; refLine: number }>> {
  const votes = new Map<number, Array<{ template: number; zLine: number; ref: number; refLine: number }>>();
  for (const [id, tz] of z.templates) {
    if (tz.bursts.length === 0 || tz.bursts.length > 50) continue;
    const mine = new Map<number, { template: number; zLine: number; ref: number; refLine: number }>();
    for (const r of refs) {
      const tr = r.templates.get(id);
      if (!tr || tr.bursts.length > 50) continue;
      for (const bz of tz.bursts) {
        for (const br of tr.bursts) {
          const c = nearestCandidate((bz.first - br.first) / 60_000);
          if (c !== null && !mine.has(c))
            mine.set(c, { template: id, zLine: bz.firstLine, ref: r.index, refLine: br.firstLine });
        }
      }
    }
    if (mine.size === 0 || mine.size > 3) continue;
    for (const [c, v] of mine) votes.set(c, [...(votes.get(c) ?? []), v]);
  }
  return votes;
}

const fmt = (r: number) => r.toFixed(2);

function agreementText(a: ReturnType<typeof mutualAgreement>, offsets: number): string {
  return `${a.agreeing} of its ${a.bursts} burst(s) fall on raised activity of the zoned sources and ${a.refAgreeing} of their ${a.refBursts} on its own (agreement ${Math.round(a.share * 100)}%; expected by chance at ${(a.chance * offsets).toPrecision(1)} of the ${offsets} offsets compared)`;
}

/** `+05:45` style. */
export function offsetLabel(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/**
 * Align each zone-less source with the zoned ones (see the module comment). `zoneless` are the indexes of sources
 * read as assumed UTC, `zoned` those whose zone is known (from the data or stated by the user).
 */
export function alignZones(
  sources: readonly SourceAggregates[],
  zoneless: readonly number[],
  zoned: readonly number[],
  pairs: readonly PairSamples[],
  options: ZoneAlignmentOptions = {},
): ZoneAlignment[] {
  const byIndex = new Map(sources.map((s) => [s.index, s]));
  const refs = zoned.map((i) => byIndex.get(i)).filter((s): s is SourceAggregates => s !== undefined && s.events > 0);
  const zonedSet = new Set(refs.map((s) => s.index));
  const out: ZoneAlignment[] = [];
  for (const i of zoneless) {
    const z = byIndex.get(i);
    if (!z || zonedSet.has(i)) continue;
    out.push(alignOne(z, refs, zonedSet, byIndex, pairs, options));
  }
  return out;
}

function alignOne(
  z: SourceAggregates,
  refs: readonly SourceAggregates[],
  zonedSet: ReadonlySet<number>,
  byIndex: ReadonlyMap<number, SourceAggregates>,
  pairs: readonly PairSamples[],
  options: ZoneAlignmentOptions,
): ZoneAlignment {
  const none: ZoneAlignment = {
    src: z.index,
    utcOffsetMinutes: 0,
    status: "assumed",
    method: "none",
    score: null,
    zeroScore: null,
    runnerUp: null,
    keys: { requests: 0, templates: 0 },
    evidence: [],
    detail: "",
  };
  if (refs.length === 0) return { ...none, detail: "no source with a stated zone to line it up with" };
  const ids = requestIdOffset(z.index, zonedSet, pairs);
  const votes = templateVotes(z, refs);
  const activityScores =
    z.events >= (options.minEvents ?? 20)
      ? scoreActivity(z, refs, CANDIDATE_OFFSETS, options.minOverlapMinutes ?? 30)
      : null;
  const scores = activityScores?.scores ?? [];
  const at = (c: number) => scores.find((s) => s.c === c) ?? null;
  const ranked = [...scores].sort((a, b) => b.r - a.r || Math.abs(a.c) - Math.abs(b.c));
  const top = ranked[0] ?? null;
  const second = ranked[1] ?? null;
  const zero = at(0);
  const zeroR = zero?.r ?? 0;
  // Significance of the best correlation over its overlap (Fisher z): a few busy minutes prove nothing.
  const significant = (s: Scored | null) =>
    s !== null && s.r > 0 && Math.atanh(Math.min(s.r, 0.999)) * Math.sqrt(s.n - 3) >= 5;

  // Shared keys first: the same request, the same template burst.
  let keyOffset: number | null = null;
  let method: ZoneAlignment["method"] = "none";
  if (ids) {
    keyOffset = ids.minutes;
    method = "request-id";
  } else {
    const ranking = [...votes.entries()].sort((a, b) => b[1].length - a[1].length);
    const [first, next] = ranking;
    if (first && first[1].length >= 2 && (!next || first[1].length > next[1].length)) {
      keyOffset = first[0];
      method = "shared-template";
    }
  }
  const agreement = top && activityScores ? mutualAgreement(activityScores.zd, activityScores.ref, top.lag) : null;
  // The zone lines up everything the two sides share; an offset that compares much less than the widest overlap
  // leaves the rest unexplained (two bursts meeting at an offset that pushes half of each span out of view).
  const widest = Math.max(0, ...scores.map((s) => s.n));
  const activityPick =
    top &&
    top.c !== 0 &&
    significant(top) &&
    top.r >= R_REPORT &&
    top.r - zeroR >= 0.25 &&
    top.r - (second?.r ?? 0) >= 0.08 &&
    top.n >= 0.8 * widest &&
    agreement !== null &&
    agreement.bursts > 0 &&
    agreement.share >= SHARE_REPORT &&
    // bursts that meet by chance no more than rarely, or a source that is plainly out of step unshifted
    (agreement.chance * scores.length <= CHANCE_REPORT ||
      (top.r - zeroR >= ZERO_GAP_REPORT && top.r - (second?.r ?? 0) >= 0.12))
      ? top
      : null;
  const expected = (agreement?.chance ?? 1) * scores.length;
  // A rival offset (zero, or the runner-up) that puts only some of the bursts on each other is a coincidence of
  // those bursts, not an alternative reading: against it a smaller lead in r is enough.
  const credible = (s: Scored | null) =>
    s !== null &&
    activityScores !== null &&
    mutualAgreement(activityScores.zd, activityScores.ref, s.lag).share >= SHARE_CORRECT;
  const leads = (rival: Scored | null, margin: number) =>
    rival === null || (activityPick !== null && activityPick.r - rival.r >= (credible(rival) ? margin : 0.05));
  const activityClear =
    activityPick !== null &&
    leads(zero, 0.35) &&
    leads(second, MARGIN_CORRECT) &&
    (agreement?.share ?? 0) >= SHARE_CORRECT &&
    ((activityPick.r >= R_CORRECT && expected <= CHANCE_CORRECT) || (activityPick.r >= 0.7 && expected <= 0.1));

  const chosen = keyOffset ?? activityPick?.c ?? null;
  if (chosen === null || chosen === 0) {
    const why =
      keyOffset === 0
        ? `${method === "request-id" ? `${ids?.samples} requests matched by id` : "log lines both sources wrote"} line up without a shift`
        : !activityScores
          ? "too little activity to line up with the zoned sources"
          : top && top.c === 0
            ? `its activity lines up best without a shift (r = ${fmt(top.r)})`
            : top
              ? `no offset lines its activity up clearly (best ${offsetLabel(top.c)} r = ${fmt(top.r)}, unshifted r = ${fmt(zeroR)}${second ? `, next ${offsetLabel(second.c)} r = ${fmt(second.r)}` : ""}${agreement && agreement.bursts + agreement.refBursts > 0 ? `; ${agreementText(agreement, scores.length)}` : ""})`
              : "it shares too few minutes with the zoned sources";
    return {
      ...none,
      method: keyOffset === 0 ? method : "none",
      score: top?.r ?? null,
      zeroScore: zero?.r ?? null,
      detail: why,
    };
  }

  const atChosen = at(chosen);
  const others = ranked.filter((s) => s.c !== chosen);
  const runner = others[0] ?? null;
  const templateHits = votes.get(chosen) ?? [];
  // Keys and activity must not contradict each other; either proof alone must leave no close second.
  const contradicted = keyOffset !== null && activityPick !== null && activityPick.c !== keyOffset;
  const unambiguous =
    !contradicted &&
    (method === "request-id" ||
      (method === "shared-template" && (templateHits.length >= 3 || activityPick?.c === chosen)) ||
      (method === "none" && activityClear));
  const evidence: EvidenceRef[] = [];
  const hit = templateHits[0];
  if (hit) {
    evidence.push({ path: z.path, line: hit.zLine });
    const r = byIndex.get(hit.ref);
    if (r) evidence.push({ path: r.path, line: hit.refLine });
  } else if (activityScores && atChosen) {
    evidence.push(...activityEvidence(z, byIndex, activityScores.zd, activityScores.ref, atChosen.lag));
  }
  const proofs: string[] = [];
  if (method === "request-id")
    proofs.push(`${ids?.samples} requests matched by request id are ${Math.abs(chosen)} min apart`);
  if (templateHits.length > 0)
    proofs.push(`${templateHits.length} log template(s) both wrote start their bursts ${Math.abs(chosen)} min apart`);
  if (atChosen)
    proofs.push(
      `its activity per minute lines up with the zoned sources at ${offsetLabel(chosen)} (r = ${fmt(atChosen.r)} over ${atChosen.n} min, against ${fmt(zeroR)} unshifted${runner ? `; runner-up ${offsetLabel(runner.c)} r = ${fmt(runner.r)}, margin ${fmt(atChosen.r - runner.r)}` : ""})`,
    );
  const agreed =
    activityScores && atChosen ? mutualAgreement(activityScores.zd, activityScores.ref, atChosen.lag) : null;
  if (agreed && agreed.bursts > 0) proofs.push(agreementText(agreed, scores.length));
  const detail = unambiguous
    ? "corrected: the alignment is unambiguous"
    : contradicted
      ? `not corrected: the shared log lines say ${offsetLabel(chosen)} but the activity says ${offsetLabel(activityPick?.c ?? 0)}`
      : "not corrected: the alignment is not unambiguous (the runner-up is too close or the proof too thin); set its zone in debrief.yaml";
  return {
    src: z.index,
    utcOffsetMinutes: chosen,
    status: unambiguous ? "corrected" : "reported",
    method: method === "none" ? "activity" : method,
    score: atChosen?.r ?? null,
    zeroScore: zero?.r ?? null,
    runnerUp: runner ? { utcOffsetMinutes: runner.c, score: runner.r } : null,
    keys: { requests: method === "request-id" ? (ids?.samples ?? 0) : 0, templates: templateHits.length },
    evidence,
    detail: `${proofs.join("; ")}; ${detail}`,
  };
}
