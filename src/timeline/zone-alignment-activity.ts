import type { EvidenceRef } from "../model/common.js";
import { eachSecond } from "./second-table.js";
import type { SourceAggregates } from "./source-aggregates.js";

/**
 * The activity proof of zone-alignment.ts: per-minute activity of a zone-less source against the zoned sources'
 * at each candidate offset (Pearson's r over the minutes both cover), whether their bursts meet both ways and how
 * often that would happen by chance, and the lines that show it.
 */

/** Minutes of slack either side of a candidate: a clock a little off still lines up. */
export const SLACK = 2;
/** Spans longer than this (a git log over months) are not activity series; their minutes are not compared. */
const MAX_SPAN_MINUTES = 7 * 24 * 60;

export interface Dense {
  lo: number;
  values: Float64Array;
}

/** Events and failures+errors per minute of each source, counted once however many zone-less sources it is compared with. */
const minuteCache = new WeakMap<SourceAggregates["seconds"], Map<number, [number, number]>>();

function minuteCounts(s: SourceAggregates): Map<number, [number, number]> {
  const cached = minuteCache.get(s.seconds);
  if (cached) return cached;
  const perMinute = new Map<number, [number, number]>();
  for (const [sec, b] of eachSecond(s.seconds)) {
    const m = Math.floor(sec / 60);
    const e = perMinute.get(m);
    if (e) {
      e[0] += b.events;
      e[1] += b.failures + b.errors;
    } else perMinute.set(m, [b.events, b.failures + b.errors]);
  }
  minuteCache.set(s.seconds, perMinute);
  return perMinute;
}

/** Per-minute activity: log(1 + events) + 2 log(1 + failures and errors), over the source's span. */
function activity(s: SourceAggregates, clipLo = -Infinity, clipHi = Infinity): Dense | null {
  const perMinute = new Map<number, [number, number]>();
  for (const [m, counts] of minuteCounts(s)) if (m >= clipLo && m <= clipHi) perMinute.set(m, counts);
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
  const parts: Array<{ src: number; events: number; d: Dense }> = [];
  for (const s of refs) {
    const d = activity(s, clipLo, clipHi);
    if (d && d.values.length > 1) parts.push({ src: s.index, events: s.events, d });
  }
  if (parts.length === 0) return null;
  const lo = Math.min(...parts.map((p) => p.d.lo));
  const hi = Math.max(...parts.map((p) => p.d.lo + p.d.values.length - 1));
  const sum = new Float64Array(hi - lo + 1);
  const cover = new Uint8Array(hi - lo + 1);
  const best = new Float64Array(hi - lo + 1).fill(Number.NEGATIVE_INFINITY);
  const top = new Int32Array(hi - lo + 1).fill(-1);
  for (const { src, events, d } of parts) {
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
      // the source that speaks for the minute (its evidence line): of those raised then, the busiest (an access
      // log rather than a chat message that happens to fall there)
      const rank = z > 0.5 ? 1e12 + events : z;
      if (rank > (best[j] as number)) {
        best[j] = rank;
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

/** The line of `s` nearest `ts` (within two minutes) among its failures, errors, template bursts and notable events. */
export function lineNear(s: SourceAggregates, ts: number): { line: number; ts: number } | null {
  let best: { d: number; line: number; ts: number } | null = null;
  const consider = (t: number, line: number, d = Math.abs(t - ts)) => {
    if (d <= 120_000 && (!best || d < best.d)) best = { d, line, ts: t };
  };
  for (const m of s.seconds.failures.values()) consider(m.first, m.firstLine);
  for (const m of s.seconds.errors.values()) consider(m.first, m.firstLine);
  for (const t of s.templates.values())
    for (const b of t.bursts) {
      // a run of lines going on at that moment: its first line is where it shows
      if (b.first <= ts && ts <= b.last) consider(b.first, b.firstLine, 0);
      else consider(b.first, b.firstLine);
    }
  for (const n of s.notables) consider(n.ts, n.line);
  const found = best as { line: number; ts: number } | null;
  return found ? { line: found.line, ts: found.ts } : null;
}

export interface Scored {
  c: number;
  r: number;
  n: number;
  lag: number;
}

/** Scores of every candidate offset from the activity correlation (null where the overlap is too short). */
export function scoreActivity(
  z: SourceAggregates,
  refs: readonly SourceAggregates[],
  candidates: readonly number[],
  minOverlap: number,
): { scores: Scored[]; zd: Dense; ref: NonNullable<ReturnType<typeof referenceActivity>> } | null {
  const zd = activity(z);
  if (!zd) return null;
  const reach = 14 * 60 + 60;
  const ref = referenceActivity(refs, zd.lo - reach, zd.lo + zd.values.length + reach);
  if (!ref) return null;
  // An offset that leaves only a sliver of overlap proves nothing, however well the sliver correlates: at least
  // half of the shorter of the two spans must be compared.
  let covered = 0;
  for (const c of ref.cover) covered += c;
  const needed = Math.max(minOverlap, Math.floor(0.5 * Math.min(covered, zd.values.length)));
  const scores: Scored[] = [];
  for (const c of candidates) {
    let best: Scored | null = null;
    for (let lag = c - SLACK; lag <= c + SLACK; lag++) {
      const { r, n } = overlapCorrelation(zd, ref, lag);
      if (n < needed) continue;
      if (!best || r > best.r + 1e-12 || (Math.abs(r - best.r) <= 1e-12 && Math.abs(lag - c) < Math.abs(best.lag - c)))
        best = { c, r, n, lag };
    }
    if (best) scores.push(best);
  }
  return { scores, zd, ref };
}

/**
 * The bursts of the zone-less source (minutes well above its usual activity, pauses of up to 3 min merged) and how
 * many of them fall on raised activity of the zoned sources at `lag`, weighted by their size. One burst meeting
 * one burst by chance correlates too; an offset that is the zone puts every burst on its counterpart.
 */
export function burstAgreement(
  zd: { lo: number; values: Float64Array },
  ref: { lo: number; sum: Float64Array; cover: Uint8Array },
  lag: number,
): { bursts: number; agreeing: number; share: number; chance: number } {
  // smoothed over three minutes: a quiet source's single lines are noise, its bursts are runs
  const n = zd.values.length;
  const smooth = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    let k = 0;
    for (let j = Math.max(0, i - 1); j <= Math.min(n - 1, i + 1); j++, k++) s += zd.values[j] as number;
    smooth[i] = s / k;
  }
  const sorted = [...smooth].sort((a, b) => a - b);
  const med = sorted[sorted.length >> 1] ?? 0;
  const dev = sorted.map((v) => Math.abs(v - med)).sort((a, b) => a - b);
  const spread = (dev[dev.length >> 1] ?? 0) * 1.4826;
  const threshold = med + Math.max(3 * spread, 0.5);
  const segments: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    if ((smooth[i] as number) <= threshold) continue;
    const last = segments[segments.length - 1];
    if (last && i - last[1] <= 4) last[1] = i;
    else segments.push([i, i]);
  }
  // How often a window of the target is raised when placed anywhere: the chance that a burst lands on raised
  // activity at a wrong offset.
  const ps = new Float64Array(ref.sum.length + 1);
  const pc = new Float64Array(ref.sum.length + 1);
  for (let k = 0; k < ref.sum.length; k++) {
    const covered = ref.cover[k] === 0 ? 0 : 1;
    ps[k + 1] = (ps[k] as number) + covered * (ref.sum[k] as number);
    pc[k + 1] = (pc[k] as number) + covered;
  }
  const raisedShare = (width: number): number => {
    let placed = 0;
    let raised = 0;
    for (let s = 0; s + width <= ref.sum.length; s++) {
      const c = (pc[s + width] as number) - (pc[s] as number);
      if (c === 0) continue;
      placed++;
      if (((ps[s + width] as number) - (ps[s] as number)) / c > 0.5) raised++;
    }
    return placed > 0 ? raised / placed : 1;
  };
  let bursts = 0;
  let agreeing = 0;
  let mass = 0;
  let agreeingMass = 0;
  let chance = 1;
  for (const [a, b] of segments) {
    let seen = 0;
    let sum = 0;
    let weight = 0;
    for (let i = a; i <= b; i++) {
      weight += Math.max(0, (smooth[i] as number) - med);
      const j = zd.lo + i - lag - ref.lo;
      // the minutes around the burst too: a clock a little off, or a burst the zoned side saw a little longer
      for (let k = j - SLACK; k <= j + SLACK; k++) {
        if (k < 0 || k >= ref.sum.length || ref.cover[k] === 0) continue;
        seen++;
        sum += ref.sum[k] as number;
      }
    }
    if (seen === 0) continue; // the zoned sources did not cover it: no judgement either way
    bursts++;
    mass += weight;
    if (sum / seen > 0.5) {
      agreeing++;
      agreeingMass += weight;
      chance *= raisedShare(b - a + 1 + 2 * SLACK);
    }
  }
  // which `agreeing` of the bursts agree is free: C(bursts, agreeing) ways
  for (let i = 0; i < agreeing; i++) chance *= (bursts - i) / (i + 1);
  return { bursts, agreeing, share: mass > 0 ? agreeingMass / mass : 0, chance: Math.min(1, chance) };
}

/**
 * {@link burstAgreement} both ways: the zone-less source's bursts on the zoned sources' activity, and the zoned
 * sources' bursts (where the zone-less source was writing) on its activity. A source with one burst lands on one
 * of many by chance at some offset; the zone puts the bursts of both sides on each other. `share` is the smaller.
 */
export function mutualAgreement(
  zd: Dense,
  ref: NonNullable<ReturnType<typeof referenceActivity>>,
  lag: number,
): { bursts: number; agreeing: number; share: number; refBursts: number; refAgreeing: number; chance: number } {
  const forward = burstAgreement(zd, ref, lag);
  let mean = 0;
  for (const v of zd.values) mean += v;
  mean /= zd.values.length;
  let variance = 0;
  for (const v of zd.values) variance += (v - mean) ** 2;
  const sd = Math.sqrt(variance / zd.values.length) || 1;
  const standard = zd.values.map((v) => (v - mean) / sd);
  const backward = burstAgreement(
    { lo: ref.lo, values: ref.sum },
    { lo: zd.lo, sum: standard, cover: new Uint8Array(zd.values.length).fill(1) },
    -lag,
  );
  return {
    bursts: forward.bursts,
    agreeing: forward.agreeing,
    share: backward.bursts > 0 ? Math.min(forward.share, backward.share) : forward.share,
    refBursts: backward.bursts,
    refAgreeing: backward.agreeing,
    chance: forward.chance * backward.chance,
  };
}

/** Lines on both sides at the moment the aligned activity agrees most. */
export function activityEvidence(
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
  if (zLine !== null) out.push({ path: z.path, line: zLine.line });
  const refSrc = byIndex.get(ref.top[minute - lag - ref.lo] ?? -1);
  // the zoned line at the same moment as the zone-less one, once shifted
  const at = zLine ? zLine.ts - lag * 60_000 : (minute - lag) * 60_000 + 30_000;
  const refLine = refSrc ? (lineNear(refSrc, at) ?? lineNear(refSrc, (minute - lag) * 60_000 + 30_000)) : null;
  if (refSrc && refLine !== null) out.push({ path: refSrc.path, line: refLine.line });
  return out;
}
