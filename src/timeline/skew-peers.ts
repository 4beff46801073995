import type { PairSamples, SourceAggregates } from "./source-aggregates.js";

/**
 * Which sources the clock-skew search (skew.ts, `detectOffsets`) can measure against one another, found through
 * hash maps of what they share instead of by trying every pair. A measurement needs one of three proofs, and each
 * has a necessary condition that can be indexed:
 *
 * - the same request ids: the pair is in the collector's request-id pairs with at least `minPairs` samples;
 * - correlated failure/error counts: both sources have at least `minEvents` of them;
 * - a log template both wrote about as often (within 5%, at least 20 times in the reference): both hold it at
 *   least 19 times (19 = 20 less 5%).
 *
 * Sources with none of these in common are never compared (a folder of 20,000 small files used to be compared
 * 20,000 × 20,000 times). The peers are a superset of the sources a measurement can succeed for, so the search
 * finds exactly what trying every pair found.
 */

/** Fewest occurrences of a template in the reference side of a shared-template measurement. */
const TEMPLATE_MIN = 20;
/** Fewest on the other side: within 5% of at least {@link TEMPLATE_MIN}. */
const TEMPLATE_PEER_MIN = Math.floor(TEMPLATE_MIN * 0.95);

/** What the skew search needs to know about the sources it may compare. */
export interface SkewPeers {
  /** The request-id pair of two sources (the first one listed for them, either way round), if any. */
  pair(a: number, b: number): PairSamples | undefined;
  /** Positions (in the candidate list) of the candidates `pos` might be measured against, itself excluded. */
  peersOf(pos: number): number[];
}

/**
 * Index the candidates of a skew search.
 * @param problemTotal each candidate's failure+error count (what correlation needs `minEvents` of)
 */
export function skewPeers(
  candidates: readonly SourceAggregates[],
  pairs: readonly PairSamples[],
  problemTotal: (s: SourceAggregates) => number,
  minPairs: number,
  minEvents: number,
): SkewPeers {
  const posOf = new Map<number, number>();
  candidates.forEach((s, i) => {
    posOf.set(s.index, i);
  });
  const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);
  const byKey = new Map<string, PairSamples>();
  const partners = new Map<number, number[]>();
  for (const p of pairs) {
    const key = pairKey(p.a, p.b);
    if (byKey.has(key)) continue;
    byKey.set(key, p);
    if (p.offsets.length < minPairs || p.a === p.b) continue;
    for (const [x, y] of [
      [p.a, p.b],
      [p.b, p.a],
    ] as const) {
      const at = posOf.get(y);
      if (at === undefined) continue;
      let list = partners.get(x);
      if (!list) partners.set(x, (list = []));
      list.push(at);
    }
  }
  const correlated: number[] = [];
  const byTemplate = new Map<number, number[]>();
  candidates.forEach((s, i) => {
    if (problemTotal(s) >= minEvents) correlated.push(i);
    for (const t of s.templates.values()) {
      if (t.count < TEMPLATE_PEER_MIN) continue;
      let list = byTemplate.get(t.id);
      if (!list) byTemplate.set(t.id, (list = []));
      list.push(i);
    }
  });
  const correlates = new Set(correlated);
  return {
    pair: (a, b) => byKey.get(pairKey(a, b)),
    peersOf(pos) {
      const s = candidates[pos] as SourceAggregates;
      const out = new Set<number>(partners.get(s.index));
      if (correlates.has(pos)) for (const i of correlated) out.add(i);
      for (const t of s.templates.values()) {
        if (t.count < TEMPLATE_PEER_MIN) continue;
        for (const i of byTemplate.get(t.id) ?? []) out.add(i);
      }
      out.delete(pos);
      return [...out];
    },
  };
}
