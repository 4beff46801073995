import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { withoutDuplicateLayers } from "./request-layers.js";
import { bump, FAILURES, pageFor, slotOf } from "./second-table.js";
import { emptySourceAggregates, type PairSamples } from "./source-aggregates.js";

/** A request source with `requests` requests and `failures` failures, one a second from a fixed instant. */
function source(index: number, requests: number, failures: number) {
  const s = emptySourceAggregates(`layer-${index}.log`, index);
  s.requestEvents = requests;
  for (let i = 0; i < failures; i++) bump(pageFor(s.seconds, 1_780_000_000 + i), slotOf(1_780_000_000 + i) + FAILURES);
  return s;
}

const pair = (a: number, b: number, n: number): PairSamples => ({ a, b, offsets: Array.from({ length: n }, () => 40) });

describe("one request logged by two layers counts once", () => {
  it("drops the inner layer whose failures mostly carry the outer layer's request ids", () => {
    const alb = source(0, 5000, 300);
    const nginx = source(1, 4800, 290);
    const other = source(2, 3000, 100);
    const kept = withoutDuplicateLayers([alb, nginx, other], [pair(0, 1, 280)]);
    expect(kept.map((s) => s.index)).toEqual([0, 2]);
  });

  it("keeps both when few failures are shared, or when the partner is not a request source", () => {
    const a = source(0, 5000, 300);
    const b = source(1, 4000, 300);
    expect(withoutDuplicateLayers([a, b], [pair(0, 1, 30)]).map((s) => s.index)).toEqual([0, 1]);
    // an application's error log shares the ids, but it is not counted as requests anyway
    expect(withoutDuplicateLayers([a, b], [pair(0, 7, 300)]).map((s) => s.index)).toEqual([0, 1]);
    expect(withoutDuplicateLayers([a, b], [pair(0, 1, 10)]).map((s) => s.index)).toEqual([0, 1]);
  });

  it("always keeps the source that saw most requests (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 100, max: 10_000 }), { minLength: 2, maxLength: 5 }),
        fc.integer({ min: 20, max: 200 }),
        (requests, shared) => {
          const sources = requests.map((r, i) => source(i, r, 200));
          const pairs = sources.slice(1).map((s) => pair(0, s.index, shared));
          const kept = withoutDuplicateLayers(sources, pairs);
          const most = Math.max(...requests);
          return kept.some((s) => s.requestEvents === most) && kept.length >= 1;
        },
      ),
      { numRuns: 50, seed: 16 },
    );
  });
});
