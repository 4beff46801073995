import { mad, median } from "../util/stats.js";
import { columnTotal, ERRORS, eachSecond, FAILURES } from "./second-table.js";
import { bestLag, binned, correlationAt, keySpan } from "./skew-correlation.js";
import { skewPeers } from "./skew-peers.js";
import type { PairSamples, SourceAggregates } from "./source-aggregates.js";

/**
 * Clock-skew and time-zone detection between sources that saw the same occurrences.
 *
 * Two kinds of proof, strongest first: the same request id in two sources (the median of the time differences is
 * the offset; the MAD says how consistent it is), and, when no ids are shared, the cross-correlation of the
 * per-second failure/error counts (coarse 60 s bins over ±14 h to catch time-zone offsets, then 1 s bins around
 * the best coarse lag). An offset close to a whole number of quarter hours and at least 15 minutes long is read as
 * a time-zone mislabel rather than a drifting clock.
 */

/** The offset of one source against another. */
export interface SourceOffset {
  /** Source whose clock is measured. */
  src: number;
  /** Source it is measured against. */
  ref: number;
  /** Seconds `src` runs ahead of `ref` (positive: its timestamps are late); correct with `ts - offset`. */
  offsetSeconds: number;
  method: "request-id" | "cross-correlation" | "shared-template" | "failure-edges" | "window-edges";
  /** Matched requests, or correlated failures. */
  samples: number;
  /** Robust spread of the per-request offsets (request-id method), seconds. */
  spreadSeconds: number;
  /** Peak correlation (cross-correlation method), 0..1. */
  correlation: number;
  /** True when the offset looks like a time-zone mislabel. */
  timezone: boolean;
  /** Sources whose clocks agree with one another (the majority this one is measured against), when three or more were compared. */
  consensus?: number;
}

export { correlationAt, correlations } from "./skew-correlation.js";

/** Options of {@link detectOffsets}. */
export interface SkewOptions {
  /** Offsets smaller than this are normal jitter; default 1 s for request ids, 2 s for correlation. */
  minSeconds?: number;
  /** Matched requests needed; default 5. */
  minPairs?: number;
  /** Correlated events needed in each source; default 20. */
  minEvents?: number;
}

/** True when `seconds` is a plausible zone offset: at least 15 min and within 2 min of a quarter hour. */
export function looksLikeZoneOffset(seconds: number): boolean {
  const abs = Math.abs(seconds);
  if (abs < 15 * 60 - 120 || abs > 14 * 3600 + 120) return false;
  const q = Math.round(abs / 900) * 900;
  return Math.abs(abs - q) <= 120;
}

/** Offset between two sources from shared request ids. */
export function offsetFromPairs(p: PairSamples, options: SkewOptions = {}): SourceOffset | null {
  if (p.offsets.length < (options.minPairs ?? 5)) return null;
  const med = median(p.offsets);
  const spread = mad(p.offsets, med) * 1.4826;
  const offsetSeconds = Math.round(med / 100) / 10;
  // The offsets must agree: a consistent shift, not latency noise around zero.
  if (Math.abs(offsetSeconds) < (options.minSeconds ?? 1) || spread > Math.max(500, Math.abs(med) / 4)) return null;
  return {
    src: p.b,
    ref: p.a,
    offsetSeconds,
    method: "request-id",
    samples: p.offsets.length,
    spreadSeconds: Math.round(spread) / 1000,
    correlation: 1,
    timezone: looksLikeZoneOffset(offsetSeconds),
  };
}

/** Per-second failure+error counts of a source (sparse). */
export function problemSeries(s: SourceAggregates): Map<number, number> {
  const out = new Map<number, number>();
  for (const [sec, b] of eachSecond(s.seconds)) {
    const v = b.failures + b.errors;
    if (v > 0) out.set(sec, v);
  }
  return out;
}

/** Offset of `b` against `a` from the cross-correlation of their failure/error counts. */
export function offsetFromCorrelation(
  a: SourceAggregates,
  b: SourceAggregates,
  options: SkewOptions = {},
): SourceOffset | null {
  const sa = problemSeries(a);
  const sb = problemSeries(b);
  const minEvents = options.minEvents ?? 20;
  const total = (m: Map<number, number>) => {
    let t = 0;
    for (const v of m.values()) t += v;
    return t;
  };
  if (total(sa) < minEvents || total(sb) < minEvents) return null;
  const { lo, hi } = keySpan(sa);
  const maxLagMin = 14 * 60 + 2;
  const ca = binned(sa, 60);
  const cb = binned(sb, 60);
  const coarse = bestLag(ca, cb, -maxLagMin, maxLagMin, Math.floor(lo / 60), Math.floor(hi / 60));
  if (coarse.r < 0.5) return null;
  const fine = bestLag(sa, sb, coarse.lag * 60 - 150, coarse.lag * 60 + 150, lo, hi);
  if (fine.r < 0.6) return null;
  const atZero = Math.abs(fine.lag) <= 150 ? correlationAt(sa, sb, 0, lo, hi) : coarse.lag === 0 ? coarse.r : -1;
  // A lag only counts if it explains the data clearly better than no shift at all.
  if (Math.abs(fine.lag) < (options.minSeconds ?? 2) || (fine.lag !== 0 && fine.r - atZero < 0.1)) return null;
  return {
    src: b.index,
    ref: a.index,
    offsetSeconds: fine.lag,
    method: "cross-correlation",
    samples: Math.min(total(sa), total(sb)),
    spreadSeconds: 0,
    correlation: Math.round(fine.r * 100) / 100,
    timezone: looksLikeZoneOffset(fine.lag),
  };
}

/**
 * Offset of `b` against `a` from log templates both sources wrote the same number of times (within 5%, at least
 * 20): the same occurrences logged twice, e.g. "canceling statement due to user request" by the application and by
 * PostgreSQL. The offset is the median of the differences of their first and last occurrences, which must agree
 * within a second.
 */
export function offsetFromSharedTemplates(a: SourceAggregates, b: SourceAggregates): SourceOffset | null {
  const diffs: number[] = [];
  let samples = 0;
  for (const [id, ta] of a.templates) {
    const tb = b.templates.get(id);
    if (!tb || ta.count < 20 || Math.abs(ta.count - tb.count) > 0.05 * Math.max(ta.count, tb.count)) continue;
    const first = tb.first - ta.first;
    const last = tb.last - ta.last;
    if (Math.abs(first - last) > 1000) continue;
    diffs.push(first, last);
    samples += Math.min(ta.count, tb.count);
  }
  if (diffs.length === 0) return null;
  const offsetSeconds = Math.round(median(diffs) / 100) / 10;
  return {
    src: b.index,
    ref: a.index,
    offsetSeconds,
    method: "shared-template",
    samples,
    spreadSeconds: Math.round(mad(diffs) * 1.4826) / 1000,
    correlation: 0.5,
    timezone: looksLikeZoneOffset(offsetSeconds),
  };
}

/**
 * Offsets of every source that can be compared with the reference source (the one with the most failed
 * requests, else the most error lines), directly or through another source: a database log rarely shares
 * failures with the edge, but it shares them with the application, whose offset to the edge is known. Request ids
 * are preferred to correlation; measurements that agree there is no offset still anchor the chain. Returns one
 * offset per source whose clock is off by at least the reporting threshold.
 */
export function detectOffsets(
  sources: readonly SourceAggregates[],
  pairs: readonly PairSamples[],
  options: SkewOptions & { reference?: number } = {},
): { reference: number | null; offsets: SourceOffset[] } {
  // computed once per source: the reference choice below used to recompute them for every comparison
  const weights = new Map<SourceAggregates, number>();
  const weight = (s: SourceAggregates) => {
    let w = weights.get(s);
    if (w === undefined) weights.set(s, (w = columnTotal(s.seconds, FAILURES) * 1e6 + columnTotal(s.seconds, ERRORS)));
    return w;
  };
  const candidates = sources.filter((s) => weight(s) > 0);
  if (candidates.length < 2) return { reference: candidates[0]?.index ?? null, offsets: [] };
  const ref =
    options.reference ?? candidates.reduce((best, s) => (weight(s) > weight(best) ? s : best), candidates[0]!).index;
  const minPairs = options.minPairs ?? 5;
  const peers = skewPeers(
    candidates,
    pairs,
    (s) => {
      let t = 0;
      for (const v of problemSeries(s).values()) t += v;
      return t;
    },
    minPairs,
    options.minEvents ?? 20,
  );
  /** Offset of `s` against `p` (seconds, s ahead of p), with how it was measured; null when unmeasurable. */
  const measure = (s: SourceAggregates, p: SourceAggregates): SourceOffset | null => {
    const pair = peers.pair(p.index, s.index);
    if (pair && pair.offsets.length >= minPairs) {
      const med = median(pair.offsets);
      const spread = mad(pair.offsets, med) * 1.4826;
      if (spread <= Math.max(500, Math.abs(med) / 4)) {
        const sign = pair.b === s.index ? 1 : -1;
        const offsetSeconds = (sign * Math.round(med / 100)) / 10;
        return {
          src: s.index,
          ref: p.index,
          offsetSeconds,
          method: "request-id",
          samples: pair.offsets.length,
          spreadSeconds: Math.round(spread) / 1000,
          correlation: 1,
          timezone: looksLikeZoneOffset(offsetSeconds),
        };
      }
    }
    return offsetFromCorrelation(p, s, { ...options, minSeconds: 0 }) ?? offsetFromSharedTemplates(p, s);
  };
  const known = new Map<number, number>([[ref, 0]]);
  const found = new Map<number, SourceOffset>();
  // Grow the chain from the reference, best measurement first: each round takes, over every unplaced source and
  // every placed one, the measurement with the highest score (ties: the earlier source, then the earlier peer, in
  // candidate order). A measurement never changes, so each source keeps its best one against the placed sources,
  // updated only when a peer of it is placed: each pair is measured once, and only pairs that share something.
  const best = new Map<number, { o: SourceOffset; via: number; score: number; peer: number }>();
  const place = (pos: number) => {
    const p = candidates[pos] as SourceAggregates;
    const base = known.get(p.index) as number;
    for (const at of peers.peersOf(pos)) {
      const s = candidates[at] as SourceAggregates;
      if (known.has(s.index)) continue;
      const o = measure(s, p);
      if (!o) continue;
      const score = o.method === "request-id" ? 2 + o.samples / 1e6 : o.correlation;
      const held = best.get(at);
      if (!held || score > held.score || (score === held.score && pos < held.peer))
        best.set(at, { o, via: base, score, peer: pos });
    }
  };
  const refPos = candidates.findIndex((s) => s.index === ref);
  if (refPos >= 0) place(refPos);
  for (let round = 0; round < candidates.length && best.size > 0; round++) {
    let pick = -1;
    for (const [at, b] of best) {
      const cur = pick === -1 ? undefined : best.get(pick);
      if (!cur || b.score > cur.score || (b.score === cur.score && at < pick)) pick = at;
    }
    const chosen = best.get(pick) as { o: SourceOffset; via: number };
    best.delete(pick);
    const total = Math.round((chosen.o.offsetSeconds + chosen.via) * 10) / 10;
    known.set(chosen.o.src, total);
    found.set(chosen.o.src, { ...chosen.o, ref, offsetSeconds: total, timezone: looksLikeZoneOffset(total) });
    place(pick);
  }
  rebaseOnConsensus(known, found, ref);
  const offsets: SourceOffset[] = [];
  for (const o of found.values()) {
    const min = options.minSeconds ?? (o.method === "request-id" ? 1 : 2);
    if (Math.abs(o.offsetSeconds) >= min) offsets.push(o);
  }
  offsets.sort((a, b) => a.src - b.src);
  return { reference: ref, offsets };
}

/**
 * Skew by consensus: with three or more sources measured, the clock that is wrong is the one that disagrees with
 * the majority, not the others measured against it. Offsets measured against the reference are re-expressed
 * against the median of all sources when more than half of them agree with that median (within a second); the
 * reference itself then gets an offset when it is the odd one out. Without a majority nothing changes.
 */
function rebaseOnConsensus(known: Map<number, number>, found: Map<number, SourceOffset>, ref: number): void {
  if (known.size < 3) return;
  const values = [...known.values()];
  const med = median(values);
  const agree = [...known.entries()].filter(([, v]) => Math.abs(v - med) <= 1);
  if (agree.length * 2 <= known.size) return;
  const anchor = agree.find(([i]) => i === ref)?.[0] ?? agree[0]?.[0] ?? ref;
  const template = [...found.values()][0];
  if (!template) return;
  for (const [src, v] of known) {
    const offsetSeconds = Math.round((v - med) * 10) / 10;
    const prior = found.get(src) ?? { ...template, src };
    found.set(src, {
      ...prior,
      src,
      ref: anchor,
      offsetSeconds,
      timezone: looksLikeZoneOffset(offsetSeconds),
      consensus: agree.length,
    });
  }
}
