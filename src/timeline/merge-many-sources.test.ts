import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RawEvent } from "../model/event.js";
import { EventMerger, mergeEventArrays, mergeEventStreams } from "./merge.js";

/**
 * The merge on folders of many small sources (issue 18): it keeps heaps of sources instead of scanning all of
 * them per step, and must give exactly what the scanning merge gave. {@link ReferenceMerger} is that merge, written
 * plainly (every step a pass over all sources): same watermark, same cap releases, same tie-break (time, then
 * source index, then arrival within a source), same choice of the source to read next.
 */

function ev(src: number, line: number, ts: number): RawEvent {
  return {
    ts,
    path: `s${src}`,
    line,
    kind: "log",
    severity: null,
    service: null,
    host: null,
    actor: null,
    message: `s${src}:${line}`,
    attributes: {},
  };
}

interface RefSource {
  held: RawEvent[];
  maxSeen: number;
  ended: boolean;
}

class ReferenceMerger {
  private readonly sources: RefSource[];
  private overCap = false;
  private lastEmitted = Number.NEGATIVE_INFINITY;
  readonly late: number[];
  readonly perSource: number[];

  constructor(
    n: number,
    private readonly window: number,
    private readonly cap: number,
  ) {
    this.sources = Array.from({ length: n }, () => ({ held: [], maxSeen: Number.NEGATIVE_INFINITY, ended: false }));
    this.late = new Array(n).fill(0);
    this.perSource = new Array(n).fill(0);
  }

  push(i: number, e: RawEvent): void {
    const s = this.sources[i] as RefSource;
    if (e.ts < this.lastEmitted) this.late[i] = (this.late[i] ?? 0) + 1;
    s.held.push(e);
    if (e.ts > s.maxSeen) s.maxSeen = e.ts;
    if (s.held.length > this.cap) this.overCap = true;
  }

  end(i: number): void {
    (this.sources[i] as RefSource).ended = true;
  }

  lagging(): number {
    const open = this.sources.map((s, i) => ({ s, i })).filter((x) => !x.s.ended);
    const unseen = open.find((x) => x.s.maxSeen === Number.NEGATIVE_INFINITY);
    if (unseen) return unseen.i;
    let best = -1;
    for (const x of open) if (best === -1 || x.s.maxSeen < (this.sources[best] as RefSource).maxSeen) best = x.i;
    return best;
  }

  /** Index in `held` of the source's next event: earliest time, then earliest arrival. */
  private static next(s: RefSource): number {
    let k = 0;
    for (let j = 1; j < s.held.length; j++) if ((s.held[j] as RawEvent).ts < (s.held[k] as RawEvent).ts) k = j;
    return k;
  }

  private emit(i: number, out: RawEvent[]): void {
    const s = this.sources[i] as RefSource;
    const [e] = s.held.splice(ReferenceMerger.next(s), 1) as [RawEvent];
    out.push(e);
    if (e.ts > this.lastEmitted) this.lastEmitted = e.ts;
    this.perSource[i] = (this.perSource[i] ?? 0) + 1;
  }

  drain(out: RawEvent[]): void {
    const open = this.sources.filter((s) => !s.ended);
    if (open.some((s) => s.maxSeen === Number.NEGATIVE_INFINITY) && !this.overCap) return;
    const watermark = Math.min(...open.map((s) => s.maxSeen - this.window));
    this.overCap = false;
    this.sources.forEach((s, i) => {
      while (s.held.length > this.cap) this.emit(i, out);
    });
    for (;;) {
      let best = -1;
      let bestTs = Number.POSITIVE_INFINITY;
      this.sources.forEach((s, i) => {
        if (s.held.length === 0) return;
        const t = (s.held[ReferenceMerger.next(s)] as RawEvent).ts;
        if (t < bestTs) {
          best = i;
          bestTs = t;
        }
      });
      if (best === -1 || bestTs >= watermark) return;
      this.emit(best, out);
    }
  }
}

/** Many small sources with times from a narrow range (many ties) and some disorder, sometimes beyond the window. */
const manySources = fc
  .array(fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 8 }), { minLength: 1, maxLength: 60 })
  .map((times) => times.map((ts, s) => ts.map((t, i) => ev(s, i + 1, 1_700_000_000_000 + t * 10))));

/** A stable sort of all events by time; ties by source order, then by line (the merge's tie-break). */
function stableSort(sources: RawEvent[][]): RawEvent[] {
  const all = sources.flatMap((evs, s) => evs.map((e, i) => ({ e, s, i })));
  all.sort((a, b) => a.e.ts - b.e.ts || a.s - b.s || a.i - b.i);
  return all.map((x) => x.e);
}

describe("merge of many small sources", () => {
  it("equals a stable sort of all events when disorder fits the window, for hundreds of sources", () => {
    fc.assert(
      fc.property(manySources, fc.integer({ min: 0, max: 300 }), (sources, jump) => {
        // sorted per source except a jump back of at most `jump` ms, inside the 5 s window
        const jittered = sources.map((evs) =>
          evs.map((e, i) => ({ ...e, ts: i % 3 === 1 ? e.ts - jump : e.ts })).sort((a, b) => a.line - b.line),
        );
        expect(mergeEventArrays(jittered, { reorderWindowMs: 5_000 })).toEqual(stableSort(jittered));
      }),
      { numRuns: 300 },
    );
  });

  it("gives exactly the scanning merge's order and statistics, disorder beyond the window and caps included", () => {
    fc.assert(
      fc.property(
        manySources,
        fc.integer({ min: 0, max: 3_000 }),
        fc.integer({ min: 1, max: 6 }),
        (sources, window, cap) => {
          const merged = new EventMerger(sources.length, { reorderWindowMs: window, maxBufferedPerSource: cap });
          const ref = new ReferenceMerger(sources.length, window, cap);
          const got: RawEvent[] = [];
          const want: RawEvent[] = [];
          // the lagging-source driver of mergeEventArrays, two events per read so that cap releases happen
          const pos = sources.map(() => 0);
          for (;;) {
            const src = merged.laggingSource();
            expect(src).toBe(ref.lagging());
            if (src === -1) break;
            const evs = sources[src] as RawEvent[];
            for (let k = 0; k < 2 && (pos[src] as number) < evs.length; k++) {
              const e = evs[pos[src] as number] as RawEvent;
              merged.push(src, e);
              ref.push(src, e);
              pos[src] = (pos[src] as number) + 1;
            }
            if ((pos[src] as number) >= evs.length) {
              merged.end(src);
              ref.end(src);
            }
            merged.drain(got);
            ref.drain(want);
            expect(got).toEqual(want);
          }
          merged.drain(got);
          ref.drain(want);
          expect(got).toEqual(want);
          expect(merged.stats.late).toEqual(ref.late);
          expect(merged.stats.perSource).toEqual(ref.perSource);
          expect(merged.done).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives the scanning merge's order under any interleaving of pushes, ends and drains", () => {
    const step = fc.oneof(
      fc.record({ op: fc.constant("push" as const), src: fc.nat(40), t: fc.integer({ min: 0, max: 200 }) }),
      fc.record({ op: fc.constant("end" as const), src: fc.nat(40) }),
      fc.record({ op: fc.constant("drain" as const) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(step, { maxLength: 200 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 1, max: 8 }),
        (n, steps, window, cap) => {
          const merged = new EventMerger(n, { reorderWindowMs: window, maxBufferedPerSource: cap });
          const ref = new ReferenceMerger(n, window, cap);
          const ended = new Set<number>();
          const got: RawEvent[] = [];
          const want: RawEvent[] = [];
          let line = 0;
          for (const x of steps) {
            if (x.op === "drain") {
              merged.drain(got);
              ref.drain(want);
              expect(got).toEqual(want);
              continue;
            }
            const src = x.src % n;
            if (ended.has(src)) continue;
            if (x.op === "end") {
              ended.add(src);
              merged.end(src);
              ref.end(src);
            } else {
              const e = ev(src, ++line, x.t);
              merged.push(src, e);
              ref.push(src, e);
            }
            expect(merged.laggingSource()).toBe(ref.lagging());
          }
          for (let s = 0; s < n; s++) {
            merged.end(s);
            ref.end(s);
          }
          merged.drain(got);
          ref.drain(want);
          expect(got).toEqual(want);
          expect(merged.stats.late).toEqual(ref.late);
          expect(merged.done).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("streams thousands of small files in time order", async () => {
    const files = Array.from({ length: 3_000 }, (_, s) =>
      Array.from({ length: 5 }, (_, k) => ev(s, k + 1, 1_700_000_000_000 + ((s * 7 + k * 13) % 3600) * 1000)),
    );
    const out: RawEvent[] = [];
    for await (const batch of mergeEventStreams(files.map((evs) => [evs]))) out.push(...batch);
    expect(out).toEqual(stableSort(files));
  });
});
