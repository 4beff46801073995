import type { RawEvent } from "../model/event.js";
import { LagHeap, SourceHeap, SourceState } from "./merge-source.js";

/**
 * K-way merge of per-source event streams into one time-ordered stream.
 *
 * Each source is "mostly in order" (nginx writes a line when a request ends, so lines can be a few seconds out of
 * order; multi-threaded apps interleave). Every source gets a bounded reorder buffer: an event is held until the
 * source has shown an event `reorderWindowMs` later, then it is released. Across sources, an event is emitted once
 * no source can still produce an earlier one (the global watermark). Ties keep source order, then arrival (line)
 * order, so the merge equals a stable sort of the union whenever each source's disorder fits in the window.
 *
 * Memory is bounded by the window and `maxBufferedPerSource`, never by the file sizes: the driver always pulls from
 * the source that holds the watermark back. An event that arrives later than the window allows is still emitted
 * (never dropped), as soon as possible, and counted in {@link MergeStats.late}.
 */
export interface MergeOptions {
  /** How far back in time a source may jump and still be placed exactly; default 10 s. */
  reorderWindowMs?: number;
  /** Hard cap on events held per source; past it the oldest are released early. Default 200,000. */
  maxBufferedPerSource?: number;
  /** Events per emitted batch (async merge); default 4,096. */
  batchSize?: number;
}

/** What the merge saw, per source index. */
export interface MergeStats {
  /** Total events emitted (equals the total pushed: nothing is lost or duplicated). */
  events: number;
  /** Events per source. */
  perSource: number[];
  /** Events that arrived too late to be placed in order, per source. */
  late: number[];
  /** Largest number of events buffered at once, all sources together. */
  peakBuffered: number;
}

/**
 * The push/drain core of the merge, synchronous so it can be driven by arrays (tests) or async streams (files).
 * Call {@link push} and {@link end} per source, and {@link drain} to collect what is safe to emit.
 *
 * Every step costs O(log k) for k sources, never a pass over all of them: the source holding the watermark back
 * comes from a heap of unfinished sources by newest time seen ({@link LagHeap}), the next event from a heap of
 * sources by their next event ({@link SourceHeap}) in which only the sources pushed to since the last drain are
 * re-placed. A folder of 20,000 small files used to pay a scan of all sources and a rebuild of the heap per file.
 */
export class EventMerger {
  private readonly sources: SourceState[];
  private readonly window: number;
  private readonly cap: number;
  private readonly top = new SourceHeap();
  private readonly lag = new LagHeap();
  /** Sources pushed to since the last drain: their place in {@link top} and {@link lag} may have changed. */
  private touched: SourceState[] = [];
  /** Sources over the cap since the last drain. */
  private overCapList: SourceState[] = [];
  private buffered = 0;
  private endedCount = 0;
  /**
   * Unfinished sources that have not shown an event yet. While any exists the watermark is -Infinity and nothing
   * can be emitted, so `drain` returns at once.
   */
  private unseen: number;
  /** Lowest index that may still be an unseen source (they only ever become seen, so it only moves forward). */
  private nextUnseen = 0;
  private lastEmitted = Number.NEGATIVE_INFINITY;
  /** Running statistics; see {@link MergeStats}. */
  readonly stats: MergeStats;

  constructor(sourceCount: number, options: MergeOptions = {}) {
    this.window = options.reorderWindowMs ?? 10_000;
    this.cap = options.maxBufferedPerSource ?? 200_000;
    this.sources = Array.from({ length: sourceCount }, (_, i) => new SourceState(i));
    for (const s of this.sources) this.lag.note(s);
    this.unseen = sourceCount;
    this.stats = {
      events: 0,
      perSource: new Array(sourceCount).fill(0),
      late: new Array(sourceCount).fill(0),
      peakBuffered: 0,
    };
  }

  /** Add one event of source `src` (events of a source must be pushed in file order). */
  push(src: number, ev: RawEvent): void {
    const s = this.sources[src];
    if (!s) throw new RangeError(`no source ${src}`);
    if (ev.ts < this.lastEmitted) this.stats.late[src] = (this.stats.late[src] ?? 0) + 1;
    const wasUnseen = !s.ended && s.maxSeen === Number.NEGATIVE_INFINITY;
    s.push(ev);
    if (wasUnseen && s.maxSeen !== Number.NEGATIVE_INFINITY) this.unseen--;
    if (!s.touched) {
      s.touched = true;
      this.touched.push(s);
    }
    if (!s.overCap && s.size > this.cap) {
      s.overCap = true;
      this.overCapList.push(s);
    }
    this.buffered++;
    if (this.buffered > this.stats.peakBuffered) this.stats.peakBuffered = this.buffered;
  }

  /** Add a batch of events of source `src`, in file order. */
  pushAll(src: number, events: readonly RawEvent[]): void {
    for (let i = 0; i < events.length; i++) this.push(src, events[i] as RawEvent);
  }

  /** Mark source `src` as finished: everything it holds may now be released. */
  end(src: number): void {
    const s = this.sources[src];
    if (!s || s.ended) return;
    if (s.maxSeen === Number.NEGATIVE_INFINITY) this.unseen--;
    s.ended = true;
    this.endedCount++;
  }

  /** True when every source has ended and nothing is held. */
  get done(): boolean {
    return this.buffered === 0 && this.endedCount === this.sources.length;
  }

  /**
   * The index of the unfinished source that holds the global watermark back (the one to read next), or -1 when
   * every source has ended.
   */
  laggingSource(): number {
    if (this.unseen > 0) {
      // the first unfinished source without an event holds the watermark at -Infinity: read it
      for (; this.nextUnseen < this.sources.length; this.nextUnseen++) {
        const s = this.sources[this.nextUnseen] as SourceState;
        if (!s.ended && s.maxSeen === Number.NEGATIVE_INFINITY) return this.nextUnseen;
      }
    }
    return this.lagging()?.index ?? -1;
  }

  /** Append every event that is safe to emit to `out`, in merged order; returns how many were appended. */
  drain(out: RawEvent[]): number {
    // nothing can pass a -Infinity watermark, and no source is over its cap: no work, whatever the source count
    if (this.unseen > 0 && this.overCapList.length === 0) return 0;
    const lagging = this.lagging();
    const watermark = lagging ? lagging.maxSeen - this.window : Number.POSITIVE_INFINITY;
    let n = 0;
    // A source over its cap releases its oldest events regardless of the watermark: bounded memory comes first,
    // and any disorder this causes is counted as late events rather than hidden. Index order, as a scan would.
    if (this.overCapList.length > 0) {
      const over = this.overCapList.sort((a, b) => a.index - b.index);
      this.overCapList = [];
      for (const s of over) {
        s.overCap = false;
        while (s.size > this.cap) {
          this.emit(s, s.pop(), out);
          n++;
        }
        // (re-placed in the heap below: it was pushed to, so it is among the touched sources)
      }
    }
    this.placeTouched();
    const top = this.top;
    for (;;) {
      const s = top.peek();
      if (!s) break;
      if (s.minTs() >= watermark) break;
      // Emit a run from this source without heap work while it stays strictly before every other source.
      const next = top.peekSecond();
      const bound = next ? Math.min(watermark, next.minTs()) : watermark;
      do {
        this.emit(s, s.pop(), out);
        n++;
      } while (s.size > 0 && s.minTs() < bound);
      if (s.size === 0) top.remove(s);
      else top.place(s);
    }
    return n;
  }

  /** The unfinished source with the lowest newest-time-seen (lowest index on ties); see {@link LagHeap}. */
  private lagging(): SourceState | undefined {
    for (const s of this.touched) this.lag.note(s);
    return this.lag.top();
  }

  /** Re-place the sources pushed to since the last drain in the heap of sources holding events. */
  private placeTouched(): void {
    for (const s of this.touched) {
      this.lag.note(s);
      s.touched = false;
      if (s.size > 0) this.top.place(s);
      else this.top.remove(s);
    }
    this.touched = [];
  }

  private emit(s: SourceState, ev: RawEvent, out: RawEvent[]): void {
    out.push(ev);
    this.buffered--;
    if (ev.ts > this.lastEmitted) this.lastEmitted = ev.ts;
    this.stats.events++;
    this.stats.perSource[s.index] = (this.stats.perSource[s.index] ?? 0) + 1;
  }
}

/** Merge in-memory per-source arrays (each in file order) into one ordered array. */
export function mergeEventArrays(sources: readonly (readonly RawEvent[])[], options: MergeOptions = {}): RawEvent[] {
  const merger = new EventMerger(sources.length, options);
  const out: RawEvent[] = [];
  const pos = sources.map(() => 0);
  const chunk = 1024;
  for (;;) {
    const src = merger.laggingSource();
    if (src === -1) break;
    const arr = sources[src] as readonly RawEvent[];
    let p = pos[src] as number;
    const stop = Math.min(arr.length, p + chunk);
    for (; p < stop; p++) merger.push(src, arr[p] as RawEvent);
    pos[src] = p;
    if (p >= arr.length) merger.end(src);
    merger.drain(out);
  }
  merger.drain(out);
  return out;
}

/** One source for the async merge: events or batches of events, in file order. */
export type EventStream = AsyncIterable<RawEvent | readonly RawEvent[]> | Iterable<RawEvent | readonly RawEvent[]>;

/**
 * Merge async per-source streams; yields batches of merged events. `stats` (when given) is filled as it runs,
 * so callers can report it after the loop.
 */
export async function* mergeEventStreams(
  streams: readonly EventStream[],
  options: MergeOptions = {},
  stats?: { current?: MergeStats },
): AsyncGenerator<RawEvent[]> {
  const merger = new EventMerger(streams.length, options);
  if (stats) stats.current = merger.stats;
  const batchSize = options.batchSize ?? 4096;
  const iterators = streams.map((s) =>
    Symbol.asyncIterator in s
      ? (s as AsyncIterable<RawEvent | readonly RawEvent[]>)[Symbol.asyncIterator]()
      : (s as Iterable<RawEvent | readonly RawEvent[]>)[Symbol.iterator](),
  );
  let out: RawEvent[] = [];
  try {
    for (;;) {
      const src = merger.laggingSource();
      if (src === -1) break;
      const it = iterators[src] as
        | AsyncIterator<RawEvent | readonly RawEvent[]>
        | Iterator<RawEvent | readonly RawEvent[]>;
      // Pull a few items from the lagging source before draining, so per-item overhead stays small.
      for (let k = 0; k < 64; k++) {
        const r = await it.next();
        if (r.done) {
          merger.end(src);
          break;
        }
        const v = r.value;
        if (Array.isArray(v)) {
          merger.pushAll(src, v as readonly RawEvent[]);
          break;
        }
        merger.push(src, v as RawEvent);
      }
      merger.drain(out);
      if (out.length >= batchSize) {
        yield out;
        out = [];
      }
    }
    merger.drain(out);
    if (out.length > 0) yield out;
  } finally {
    // Close sources left open when the consumer stops early (file handles).
    await Promise.all(iterators.map((it) => it.return?.()));
  }
}
