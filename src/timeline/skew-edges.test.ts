import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../test/scenarios/prng.js";
import { bump, EVENTS, FAILURES, pageFor, REQUESTS, slotOf } from "./second-table.js";
import { offsetsFromEdges } from "./skew-edges.js";
import { emptySourceAggregates, type SourceAggregates } from "./source-aggregates.js";

/*
 * One clock among several hosts that saw the same incident, each at a few failures a minute (too sparse for
 * second-by-second correlation): the odd clock shows at the incident's edges, and only that source is reported.
 */

const T = 1_751_463_726; // epoch seconds of the incident's onset

/** A host failing at `perSecond` on average from onset to onset + `length` s, its clock `shift` s ahead. */
function host(index: number, seed: number, shift: number, perSecond = 0.2, length = 1500): SourceAggregates {
  const agg = emptySourceAggregates(`edge-0${index}/access.log`, index);
  const rnd = mulberry32(seed);
  for (let sec = T - 1800; sec < T + length + 1800; sec++) {
    const page = pageFor(agg.seconds, sec + shift);
    bump(page, slotOf(sec + shift) + EVENTS);
    bump(page, slotOf(sec + shift) + REQUESTS);
    const inIncident = sec >= T && sec < T + length;
    // a steady trickle of baseline failures, and the incident's
    if (rnd() < (inIncident ? perSecond : 0.002)) {
      bump(page, slotOf(sec + shift) + FAILURES);
    }
  }
  return agg;
}

describe("skew from the incident's edges", () => {
  it("finds the one host of eight whose clock runs 97 s ahead, and no other", () => {
    const hosts = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => host(i, 100 + i, i === 5 ? 97 : 0));
    const found = offsetsFromEdges(hosts);
    expect(found.map((o) => o.src)).toEqual([5]);
    // each edge waits for the host's next failure (5 s on average at 0.2 a second): a few seconds either way
    expect(Math.abs((found[0]?.offsetSeconds ?? 0) - 97)).toBeLessThan(15);
    expect(found[0]?.consensus).toBeGreaterThanOrEqual(5);
  });

  it("reports nothing when the clocks agree, or when there is no majority to judge by", () => {
    expect(offsetsFromEdges([1, 2, 3, 4].map((i) => host(i, 200 + i, 0)))).toEqual([]);
    // two sources cannot outvote each other
    expect(offsetsFromEdges([host(1, 1, 0), host(2, 2, 90)])).toEqual([]);
  });

  it("never blames a host whose clock is right (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 7 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 30, max: 300 }),
        (n, seed, skew) => {
          const hosts = Array.from({ length: n }, (_, i) => host(i, seed + i, i === 0 ? skew : 0));
          return offsetsFromEdges(hosts).every((o) => o.src === 0 && o.offsetSeconds > 0);
        },
      ),
      { numRuns: 25, seed: 16 },
    );
  });
});
