import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RawEvent } from "../model/event.js";
import { EventMerger, mergeEventArrays, mergeEventStreams } from "./merge.js";

function ev(path: string, line: number, ts: number): RawEvent {
  return {
    ts,
    path,
    line,
    kind: "log",
    severity: null,
    service: null,
    host: null,
    actor: null,
    message: `${path}:${line}`,
    attributes: {},
  };
}

/** Sources whose events are out of order by at most `jitter` ms (what a reorder window is for). */
const jitteredSources = (jitter: number) =>
  fc
    .array(
      fc.array(fc.record({ step: fc.integer({ min: 0, max: 2_000 }), wobble: fc.integer({ min: 0, max: jitter }) }), {
        maxLength: 120,
      }),
      { minLength: 1, maxLength: 6 },
    )
    .map((sources) =>
      sources.map((steps, s) => {
        let t = 1_700_000_000_000;
        return steps.map((x, i) => {
          t += x.step;
          return ev(`s${s}`, i + 1, t - x.wobble);
        });
      }),
    );

/** The reference: a stable sort of the union by time, ties by source order then line order. */
function stableUnion(sources: RawEvent[][]): RawEvent[] {
  const all = sources.flatMap((evs, s) => evs.map((e, i) => ({ e, s, i })));
  all.sort((a, b) => a.e.ts - b.e.ts || a.s - b.s || a.i - b.i);
  return all.map((x) => x.e);
}

describe("mergeEventArrays", () => {
  it("equals the stable sort of the union when disorder fits the window", () => {
    fc.assert(
      fc.property(jitteredSources(5_000), (sources) => {
        const merged = mergeEventArrays(sources, { reorderWindowMs: 5_000 });
        expect(merged).toEqual(stableUnion(sources));
      }),
      { numRuns: 200 },
    );
  });

  it("output is sorted by time", () => {
    fc.assert(
      fc.property(jitteredSources(3_000), (sources) => {
        const merged = mergeEventArrays(sources, { reorderWindowMs: 3_000 });
        for (let i = 1; i < merged.length; i++) expect(merged[i]!.ts).toBeGreaterThanOrEqual(merged[i - 1]!.ts);
      }),
    );
  });

  it("conserves every event exactly once even when disorder exceeds the window or the buffer cap", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 80 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 50 }),
        (times, window, cap) => {
          const sources = times.map((ts, s) => ts.map((t, i) => ev(`s${s}`, i + 1, t)));
          const merger = new EventMerger(sources.length, { reorderWindowMs: window, maxBufferedPerSource: cap });
          const out: RawEvent[] = [];
          sources.forEach((evs, s) => {
            for (const e of evs) {
              merger.push(s, e);
              merger.drain(out);
            }
            merger.end(s);
          });
          merger.drain(out);
          const key = (e: RawEvent) => `${e.path}:${e.line}`;
          expect(out.map(key).sort()).toEqual(sources.flat().map(key).sort());
          expect(merger.stats.events).toBe(out.length);
          expect(merger.stats.perSource).toEqual(sources.map((s) => s.length));
          expect(merger.done).toBe(true);
        },
      ),
    );
  });

  it("counts events that arrive later than the window allows", () => {
    const a = [ev("a", 1, 1000), ev("a", 2, 100_000), ev("a", 3, 2000)];
    const merger = new EventMerger(1, { reorderWindowMs: 10 });
    const out: RawEvent[] = [];
    for (const e of a) {
      merger.push(0, e);
      merger.drain(out);
    }
    merger.end(0);
    merger.drain(out);
    expect(out.map((e) => e.line)).toEqual([1, 3, 2]);
    expect(merger.stats.late).toEqual([0]);
    // with a window too small for the jump, the late line is still emitted, and counted
    const m2 = new EventMerger(2, { reorderWindowMs: 10 });
    const o2: RawEvent[] = [];
    m2.push(0, ev("a", 1, 1000));
    m2.push(1, ev("b", 1, 50_000));
    m2.push(0, ev("a", 2, 60_000));
    m2.drain(o2);
    m2.push(1, ev("b", 2, 500));
    m2.end(0);
    m2.end(1);
    m2.drain(o2);
    expect(o2).toHaveLength(4);
    expect(m2.stats.late).toEqual([0, 1]);
  });

  it("rejects a source index it was not told about", () => {
    const merger = new EventMerger(1);
    expect(() => merger.push(3, ev("x", 1, 1))).toThrow(RangeError);
  });

  it("handles no sources and empty sources", () => {
    expect(mergeEventArrays([])).toEqual([]);
    expect(mergeEventArrays([[], []])).toEqual([]);
  });
});

describe("mergeEventStreams", () => {
  it("gives the same result as the array merge for async batched sources", async () => {
    await fc.assert(
      fc.asyncProperty(jitteredSources(2_000), fc.integer({ min: 1, max: 50 }), async (sources, batch) => {
        const streams = sources.map((evs) =>
          (async function* () {
            for (let i = 0; i < evs.length; i += batch) yield evs.slice(i, i + batch);
          })(),
        );
        const out: RawEvent[] = [];
        for await (const b of mergeEventStreams(streams, { reorderWindowMs: 2_000, batchSize: 7 })) out.push(...b);
        expect(out).toEqual(stableUnion(sources));
      }),
      { numRuns: 60 },
    );
  });

  it("accepts plain iterables of single events and reports stats", async () => {
    const box: { current?: import("./merge.js").MergeStats } = {};
    const out: RawEvent[] = [];
    for await (const b of mergeEventStreams([[ev("a", 1, 5), ev("a", 2, 9)], [ev("b", 1, 7)]], {}, box)) out.push(...b);
    expect(out.map((e) => e.message)).toEqual(["a:1", "b:1", "a:2"]);
    expect(box.current?.perSource).toEqual([2, 1]);
  });
});
