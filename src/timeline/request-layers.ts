import { columnTotal, FAILURES } from "./second-table.js";
import type { PairSamples, SourceAggregates } from "./source-aggregates.js";

/**
 * One request logged by two layers (a load balancer and the proxy or application behind it) is one request. When
 * two request sources share the request ids of most of their failures, they are two layers of the same traffic:
 * only the one that saw more requests (the outer layer, which also sees what never reached the inner one) is
 * counted for impact, so no failure is counted twice.
 */

/** Fewest shared failures before two sources are taken for layers of one traffic. */
const MIN_SHARED = 20;
/** Share of the smaller source's failures that must carry an id the other source also logged. */
const MIN_SHARE = 0.5;

/** The request sources without those that only repeat another source's requests. */
export function withoutDuplicateLayers(
  sources: readonly SourceAggregates[],
  pairs: readonly PairSamples[],
): SourceAggregates[] {
  const byIndex = new Map(sources.map((s) => [s.index, s]));
  const dropped = new Set<number>();
  for (const p of pairs) {
    const a = byIndex.get(p.a);
    const b = byIndex.get(p.b);
    if (!a || !b || p.offsets.length < MIN_SHARED) continue;
    const fewer = Math.min(columnTotal(a.seconds, FAILURES), columnTotal(b.seconds, FAILURES));
    if (p.offsets.length < MIN_SHARE * fewer) continue;
    // keep the layer that saw more requests; on a tie, the one listed first
    const inner =
      b.requestEvents > a.requestEvents || (b.requestEvents === a.requestEvents && b.index < a.index) ? a : b;
    dropped.add(inner.index);
  }
  return dropped.size === 0 ? [...sources] : sources.filter((s) => !dropped.has(s.index));
}
