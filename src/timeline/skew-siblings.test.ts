import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../util/mulberry32.js";
import { countKey } from "./count-aggregates.js";
import type { SourceOffset } from "./skew.js";
import { clockOffsets, offsetsFromEdges, offsetsFromWindowEdges } from "./skew-edges.js";
import { siblingGroups } from "./skew-siblings.js";
import { emptySourceAggregates, type SourceAggregates } from "./source-aggregates.js";

/*
 * Hosts of one load-balanced fleet, each logging a few requests a second with the same endpoint mix, all collected
 * over the same true window: a clock that is off shows at both ends of its log. Only that host is reported.
 */

const W0 = 1_773_247_200_000; // true start of the collection window (ms)
const HOURS = 2;
const MIX = ["GET /api/conversations.history", "POST /api/chat.postMessage", "GET /api/users.counts"];

/** A host's request log: Poisson arrivals at `perSecond` over the window, its clock `shift` s ahead. */
function host(index: number, seed: number, shift: number, options: { perSecond?: number; mix?: string[] } = {}) {
  const agg = emptySourceAggregates(`lb-${index}/haproxy.log`, index);
  const rnd = mulberry32(seed);
  // the first draws of a freshly seeded generator follow the seed: skip them
  for (let i = 0; i < 8; i++) rnd();
  const rate = options.perSecond ?? 0.33;
  const mix = options.mix ?? MIX;
  let t = W0;
  for (;;) {
    t += (-Math.log(1 - rnd()) / rate) * 1000;
    if (t >= W0 + HOURS * 3_600_000) break;
    const ts = Math.round(t + shift * 1000);
    const endpoint = mix[Math.floor(rnd() * mix.length)] as string;
    countKey(agg.endpoints, endpoint, Math.floor(ts / 60_000), rnd() < 0.05, 500);
    agg.events++;
    agg.requestEvents++;
    if (ts < agg.first) agg.first = ts;
    if (ts > agg.last) agg.last = ts;
  }
  return agg;
}

describe("sibling request sources", () => {
  it("groups the hosts that serve the same endpoint mix at about the same rate", () => {
    const fleet = [1, 2, 3].map((i) => host(i, i, 0));
    const other = host(4, 4, 0, { mix: ["GET /static/app.js", "GET /"] });
    const quiet = host(5, 5, 0, { perSecond: 0.05 });
    const groups = siblingGroups([...fleet, other, quiet]);
    expect(groups.map((g) => g.map((s) => s.index))).toEqual([[1, 2, 3]]);
  });
});

describe("skew from the collection window of sibling sources", () => {
  it("finds the one load balancer of four whose clock runs 43 s ahead, and no other", () => {
    const lbs = [1, 2, 3, 4].map((i) => host(i, 10 + i, i === 3 ? 43 : 0));
    const found = offsetsFromWindowEdges(lbs);
    expect(found.map((o) => o.src)).toEqual([3]);
    expect(found[0]?.method).toBe("window-edges");
    expect(Math.abs((found[0]?.offsetSeconds ?? 0) - 43)).toBeLessThanOrEqual(4.3);
    expect(found[0]?.consensus).toBe(3);
    // the failure edges found nothing here (no incident), so the combined search falls back to the window
    expect(offsetsFromEdges(lbs).map((o) => o.src)).toEqual([3]);
  });

  it("finds a clock 29 s behind among three ingress hosts", () => {
    const found = offsetsFromWindowEdges([1, 2, 3].map((i) => host(i, 50 + i, i === 2 ? -29 : 0)));
    expect(found.map((o) => o.src)).toEqual([2]);
    expect(Math.abs((found[0]?.offsetSeconds ?? 0) + 29)).toBeLessThanOrEqual(6);
  });

  it("reports nothing when clocks agree, with two hosts, or when only one end of a log differs", () => {
    expect(offsetsFromWindowEdges([1, 2, 3, 4].map((i) => host(i, 70 + i, 0)))).toEqual([]);
    expect(offsetsFromWindowEdges([host(1, 1, 0), host(2, 2, 60)])).toEqual([]);
    // a log that starts late (rotation, a host added) but ends with the others is not a clock
    const late = host(3, 93, 0);
    late.first += 120_000;
    expect(offsetsFromWindowEdges([host(1, 91, 0), host(2, 92, 0), late])).toEqual([]);
    // a shifted host that serves other endpoints is not a sibling: nothing to compare its window with
    const foreign = host(3, 103, 60, { mix: ["GET /static/app.js", "GET /"] });
    expect(offsetsFromWindowEdges([host(1, 101, 0), host(2, 102, 0), foreign])).toEqual([]);
  });

  it("reports a host shifted by k seconds as skewed by about k, and no other host (property)", () => {
    // a sparse log's first line can come late by chance (the wait for the next request is exponential): such a run
    // finds nothing, which is allowed; blaming another host or a wrong offset is not
    let runs = 0;
    let detected = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 6 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 20, max: 300 }),
        fc.boolean(),
        (n, seed, k, behind) => {
          const shift = behind ? -k : k;
          const hosts: SourceAggregates[] = Array.from({ length: n }, (_, i) => host(i, seed + i, i === 0 ? shift : 0));
          const found = offsetsFromWindowEdges(hosts);
          runs++;
          if (found.length > 0) detected++;
          // the estimate is as good as the wait for a line at either end: about 3 s here, so within two waits
          return found.every((o) => o.src === 0 && Math.abs(o.offsetSeconds - shift) <= Math.max(6, 0.1 * k));
        },
      ),
      { numRuns: 40, seed: 16 },
    );
    expect(detected / runs).toBeGreaterThanOrEqual(0.8);
  });

  it("never blames a host when every clock is right (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 8 }), fc.integer({ min: 0, max: 10_000 }), (n, seed) => {
        const hosts = Array.from({ length: n }, (_, i) => host(i, seed + i, 0));
        return offsetsFromWindowEdges(hosts).length === 0;
      }),
      { numRuns: 30, seed: 17 },
    );
  });
});

describe("which offsets are clocks", () => {
  const offset = (src: number, seconds: number, timezone: boolean): SourceOffset => ({
    src,
    ref: 0,
    offsetSeconds: seconds,
    method: "cross-correlation",
    samples: 50,
    spreadSeconds: 0,
    correlation: 0.8,
    timezone,
  });

  it("searches the edges when the chain found only a zone-less source's zone, and reports the edges' clock", () => {
    const lbs = [1, 2, 3, 4].map((i) => host(i, 10 + i, i === 3 ? 43 : 0));
    const found = clockOffsets([offset(9, 3600, true)], new Set([9]), () => offsetsFromEdges(lbs));
    expect(found.map((o) => o.src)).toEqual([3]);
  });

  it("keeps the chain's clocks and does not search the edges then; keeps a zone of a zoned source", () => {
    let searched = false;
    const edges = () => {
      searched = true;
      return [];
    };
    expect(clockOffsets([offset(2, 12, false), offset(9, 3600, true)], new Set([9]), edges).map((o) => o.src)).toEqual([
      2,
    ]);
    expect(searched).toBe(false);
    // a source with a zone of its own that is an hour off is a clock question (or a wrong zone): reported
    expect(clockOffsets([offset(5, 3600, true)], new Set([9]), edges).map((o) => o.src)).toEqual([5]);
  });
});
