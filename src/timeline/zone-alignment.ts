import type { EvidenceRef } from "../model/common.js";
import { mad, median } from "../util/stats.js";
import { eachSecond } from "./second-table.js";
import type { PairSamples, SourceAggregates } from "./source-aggregates.js";

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

/** Minutes of slack either side of a candidate: a clock a little off still lines up. */
const SLACK = 2;
/** Spans longer than this (a git log over months) are not activity series; their minutes are not compared. */
const MAX_SPAN_MINUTES = 7 * 24 * 60;

interface Dense {
  lo: number;
  values: Float64Array;
}

/** Per-minute activity: log(1 + events) + 2 log(1 + failures and errors), over the source's span. */
function activity(s: SourceAggregates, clipLo = -Infinity, clipHi = Infinity): Dense | null {
  const perMinute = new Map<number, [number, number]>();
  for (const [sec, b] of eachSecond(s.seconds)) {
    const m = Math.floor(sec / 60);
    if (m < clipLo || m > clipHi) continue;
    const e = perMinute.get(m);
    if (e) {
      e[0] += b.events;
      e[1] += b.failures + b.errors;
    } else perMinute.set(m, [b.events, b.failures + b.errors]);
  }
  if (perMinute.size === 0) return null;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const m of perMinute.keys()) {
    lo = Math.min(lo, m);
    hi = Math.max(hi, m);
  }
  if (hi - lo > MAX_SPAN_MINUTES) return null;
  const values = new Float64Array(hi - lo + 1);
  for (const [m, [e, p]] of perMinute) values[m - lo] = Math.log1p(e) + 2 * Math.log1p(p);
  return { lo, values };
}

/** The zoned sources' activity summed, each standardised over its own span so that no busy source drowns the rest. */
function referenceActivity(
  refs: readonly SourceAggregates[],
  clipLo: number,
  clipHi: number,
): { lo: number; sum: Float64Array; cover: Uint8Array; top: Int32Array } | null {
  const parts: Array<{ src: number; d: Dense }> = [];
  for (const s of refs) {
    const d = activity(s, clipLo, clipHi);
    if (d && d.values.length > 1) parts.push({ src: s.index, d });
  }
  if (parts.length === 0) return null;
  const lo = Math.min(...parts.map((p) => p.d.lo));
  const hi = Math.max(...parts.map((p) => p.d.lo + p.d.values.length - 1));
  const sum = new Float64Array(hi - lo + 1);
  const cover = new Uint8Array(hi - lo + 1);
  const best = new Float64Array(hi - lo + 1).fill(Number.NEGATIVE_INFINITY);
  const top = new Int32Array(hi - lo + 1).fill(-1);
  for (const { src, d } of parts) {
    const n = d.values.length;
    let mean = 0;
    for (const v of d.values) mean += v;
    mean /= n;
    let variance = 0;
    for (const v of d.values) variance += (v - mean) ** 2;
    const sd = Math.sqrt(variance / n);
    if (sd === 0) continue;
    for (let i = 0; i < n; i++) {
      const z = Math.max(-4, Math.min(4, ((d.values[i] as number) - mean) / sd));
      const j = d.lo + i - lo;
      sum[j] = (sum[j] as number) + z;
      cover[j] = 1;
      if (z > (best[j] as number)) {
        best[j] = z;
        top[j] = src;
      }
    }
  }
  return { lo, sum, cover, top };
}

/** Pearson's r of the zone-less series at minute m against the reference at minute m − lag, over the minutes both cover. */
function overlapCorrelation(
  z: Dense,
  ref: { lo: number; sum: Float64Array; cover: Uint8Array },
  lag: number,
): { r: number; n: number } {
  let n = 0;
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0; i < z.values.length; i++) {
    const j = z.lo + i - lag - ref.lo;
    if (j < 0 || j >= ref.sum.length || ref.cover[j] === 0) continue;
    const a = z.values[i] as number;
    const b = ref.sum[j] as number;
    n++;
    sa += a;
    sb += b;
    saa += a * a;
    sbb += b * b;
    sab += a * b;
  }
  if (n < 3) return { r: 0, n };
  const va = saa - (sa * sa) / n;
  const vb = sbb - (sb * sb) / n;
  return { r: va > 1e-9 && vb > 1e-9 ? (sab - (sa * sb) / n) / Math.sqrt(va * vb) : 0, n };
}

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

/** The line of `s` nearest `ts` (within two minutes) among its failures, errors, template bursts and notable events. */
function lineNear(s: SourceAggregates, ts: number): number | null {
  let best: { d: number; line: number } | null = null;
  const consider = (t: number, line: number) => {
    const d = Math.abs(t - ts);
    if (d <= 120_000 && (!best || d < best.d)) best = { d, line };
  };
  for (const m of s.seconds.failures.values()) consider(m.first, m.firstLine);
  for (const m of s.seconds.errors.values()) consider(m.first, m.firstLine);
  for (const t of s.templates.values()) for (const b of t.bursts) consider(b.first, b.firstLine);
  for (const n of s.notables) consider(n.ts, n.line);
  return (best as { line: number } | null)?.line ?? null;
}

const fmt = (r: number) => r.toFixed(2);

/** `+05:45` style. */
export function offsetLabel(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

interface Scored {
  c: number;
  r: number;
  n: number;
  lag: number;
}

/** Scores of every candidate offset from the activity correlation (null where the overlap is too short). */
function scoreActivity(
  z: SourceAggregates,
  refs: readonly SourceAggregates[],
  minOverlap: number,
): { scores: Scored[]; zd: Dense; ref: NonNullable<ReturnType<typeof referenceActivity>> } | null {
  const zd = activity(z);
  if (!zd) return null;
  const reach = 14 * 60 + 60;
  const ref = referenceActivity(refs, zd.lo - reach, zd.lo + zd.values.length + reach);
  if (!ref) return null;
  const scores: Scored[] = [];
  for (const c of CANDIDATE_OFFSETS) {
    let best: Scored | null = null;
    for (let lag = c - SLACK; lag <= c + SLACK; lag++) {
      const { r, n } = overlapCorrelation(zd, ref, lag);
      if (n < minOverlap) continue;
      if (!best || r > best.r + 1e-12 || (Math.abs(r - best.r) <= 1e-12 && Math.abs(lag - c) < Math.abs(best.lag - c)))
        best = { c, r, n, lag };
    }
    if (best) scores.push(best);
  }
  return { scores, zd, ref };
}

/** Lines on both sides at the moment the aligned activity agrees most. */
function activityEvidence(
  z: SourceAggregates,
  byIndex: ReadonlyMap<number, SourceAggregates>,
  zd: Dense,
  ref: NonNullable<ReturnType<typeof referenceActivity>>,
  lag: number,
): EvidenceRef[] {
  let mean = 0;
  for (const v of zd.values) mean += v;
  mean /= zd.values.length;
  let peak = -1;
  let peakValue = 0;
  for (let i = 0; i < zd.values.length; i++) {
    const j = zd.lo + i - lag - ref.lo;
    if (j < 0 || j >= ref.sum.length || ref.cover[j] === 0) continue;
    const v = ((zd.values[i] as number) - mean) * (ref.sum[j] as number);
    if ((zd.values[i] as number) > mean && (ref.sum[j] as number) > 0 && v > peakValue) {
      peakValue = v;
      peak = i;
    }
  }
  if (peak < 0) return [];
  const minute = zd.lo + peak;
  const out: EvidenceRef[] = [];
  const zLine = lineNear(z, minute * 60_000 + 30_000);
  if (zLine !== null) out.push({ path: z.path, line: zLine });
  const refSrc = byIndex.get(ref.top[minute - lag - ref.lo] ?? -1);
  const refLine = refSrc ? lineNear(refSrc, (minute - lag) * 60_000 + 30_000) : null;
  if (refSrc && refLine !== null) out.push({ path: refSrc.path, line: refLine });
  return out;
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
    z.events >= (options.minEvents ?? 20) ? scoreActivity(z, refs, options.minOverlapMinutes ?? 30) : null;
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
  const activityPick =
    top && top.c !== 0 && significant(top) && top.r >= 0.45 && top.r - zeroR >= 0.25 && top.r - (second?.r ?? 0) >= 0.08
      ? top
      : null;
  const activityClear =
    activityPick !== null &&
    activityPick.r >= 0.55 &&
    activityPick.r - zeroR >= 0.35 &&
    activityPick.r - (second?.r ?? 0) >= 0.15;

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
              ? `no offset lines its activity up clearly (best ${offsetLabel(top.c)} r = ${fmt(top.r)}, unshifted r = ${fmt(zeroR)}${second ? `, next ${offsetLabel(second.c)} r = ${fmt(second.r)}` : ""})`
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
