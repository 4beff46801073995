import type { SourceAggregates } from "./source-aggregates.js";

/**
 * Sibling sources: request logs of hosts that serve the same traffic (the members of one load-balanced fleet). They
 * saw the same occurrences in the statistical sense, the same endpoints at about the same rate, which is what makes
 * their shared features (the collection window, the incident's edges) comparable for clock skew.
 */

/** Fewest requests a source needs to be compared with its siblings. */
const MIN_REQUESTS = 100;
/** Share of the endpoints (by requests) two siblings must have in common. */
const MIN_OVERLAP = 0.6;
/** Largest ratio between two siblings' request counts. */
const MAX_RATIO = 2;

/** Request share per endpoint of a source. */
function endpointShares(s: SourceAggregates): Map<string, number> {
  const out = new Map<string, number>();
  let total = 0;
  for (const k of s.endpoints.values()) total += k.requests;
  if (total === 0) return out;
  for (const [key, k] of s.endpoints) out.set(key, k.requests / total);
  return out;
}

/** Overlap of two request mixes: the sum over endpoints of the smaller share (1 = the same mix). */
function overlap(a: Map<string, number>, b: Map<string, number>): number {
  let o = 0;
  for (const [key, x] of a) o += Math.min(x, b.get(key) ?? 0);
  return o;
}

/**
 * Groups of sibling sources (each of at least two), connected by pairs with the same request mix (overlap of at
 * least 0.6) and request counts within a factor of two. Sources in input order within a group.
 */
export function siblingGroups(sources: readonly SourceAggregates[]): SourceAggregates[][] {
  const cands = sources.filter((s) => s.requestEvents >= MIN_REQUESTS);
  const shares = cands.map(endpointShares);
  const parent = cands.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  for (let i = 0; i < cands.length; i++) {
    for (let j = i + 1; j < cands.length; j++) {
      const a = cands[i] as SourceAggregates;
      const b = cands[j] as SourceAggregates;
      const ratio = Math.max(a.requestEvents, b.requestEvents) / Math.min(a.requestEvents, b.requestEvents);
      if (ratio > MAX_RATIO) continue;
      if (overlap(shares[i] as Map<string, number>, shares[j] as Map<string, number>) < MIN_OVERLAP) continue;
      parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, SourceAggregates[]>();
  cands.forEach((s, i) => {
    const root = find(i);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = []));
    g.push(s);
  });
  return [...groups.values()].filter((g) => g.length >= 2);
}
