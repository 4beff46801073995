import type { RawEvent } from "../model/event.js";
import { MinHeap } from "./min-heap.js";

/**
 * The per-source half of the merge (merge.ts): one source's reorder buffer, and the heaps that order sources so
 * that every step of the merge costs O(log k) for k sources, never a scan of all of them (folders of thousands of
 * small files made every scan per step quadratic).
 */

interface Held {
  ev: RawEvent;
  seq: number;
}

const heldLess = (a: Held, b: Held): boolean => a.ev.ts < b.ev.ts || (a.ev.ts === b.ev.ts && a.seq < b.seq);

/**
 * One source's reorder buffer. Most events arrive in order and go to a FIFO (no heap work at all); only events
 * older than the newest one seen go to a small heap. On equal times the FIFO wins: an event can only enter the
 * FIFO after every heap event with its time arrived, so FIFO-first keeps arrival order.
 */
export class SourceState {
  readonly fifo: RawEvent[] = [];
  head = 0;
  private lateHeap: MinHeap<Held> | null = null;
  maxSeen = Number.NEGATIVE_INFINITY;
  ended = false;
  seq = 0;
  /** Position in the {@link SourceHeap} of sources holding events, -1 when not in it. */
  pos = -1;
  /**
   * `minTs()` when the source was last placed in the {@link SourceHeap}: the heap orders by this copy, so pushes
   * between drains cannot break its order behind its back; the merge re-places a source whenever it changed.
   */
  heapTs = Number.POSITIVE_INFINITY;
  /** Pushed to since the merge last placed this source in its heaps. */
  touched = false;
  /** Listed as holding more than the buffer cap. */
  overCap = false;
  /** The `maxSeen` of this source's live entry in the {@link LagHeap}. */
  lagKey = Number.NaN;

  constructor(readonly index: number) {}

  get size(): number {
    return this.fifo.length - this.head + (this.lateHeap === null ? 0 : this.lateHeap.size);
  }

  /** Time of the next event this source will release (+Infinity when it holds none). */
  minTs(): number {
    const f = this.head < this.fifo.length ? (this.fifo[this.head] as RawEvent).ts : Number.POSITIVE_INFINITY;
    const h = this.lateHeap?.peek();
    return h && h.ev.ts < f ? h.ev.ts : f;
  }

  push(ev: RawEvent): void {
    if (ev.ts >= this.maxSeen) {
      this.fifo.push(ev);
      this.maxSeen = ev.ts;
    } else {
      // allocated on the first late event only: most sources never have one
      this.lateHeap ??= new MinHeap<Held>(heldLess);
      this.lateHeap.push({ ev, seq: this.seq++ });
    }
  }

  pop(): RawEvent {
    const h = this.lateHeap?.peek();
    if (this.head < this.fifo.length) {
      const f = this.fifo[this.head] as RawEvent;
      if (!h || f.ts <= h.ev.ts) {
        this.head++;
        // Compact now and then so the FIFO's dead prefix does not grow without bound.
        if (this.head > 4096 && this.head * 2 > this.fifo.length) {
          this.fifo.splice(0, this.head);
          this.head = 0;
        }
        return f;
      }
    }
    return ((this.lateHeap as MinHeap<Held>).pop() as Held).ev;
  }
}

/** "a releases before b": earlier next event, then lower source index (the merge's tie-break). */
function sourceLess(a: SourceState, b: SourceState): boolean {
  return a.heapTs < b.heapTs || (a.heapTs === b.heapTs && a.index < b.index);
}

/**
 * The sources that hold events, by their next event (see {@link sourceLess}). Indexed (each source knows its
 * position) so a source whose next event changed is re-placed in O(log k) instead of the heap being rebuilt.
 * The order is total, so what `peek` and `peekSecond` return depends only on the sources held, not on the shape.
 * Sources are ordered by their `heapTs`, set when placed: a source whose next event changed must be placed again.
 */
export class SourceHeap {
  private readonly items: SourceState[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): SourceState | undefined {
    return this.items[0];
  }

  /** The second in order (the smaller child of the root). */
  peekSecond(): SourceState | undefined {
    const l = this.items[1];
    const r = this.items[2];
    if (l === undefined) return undefined;
    if (r === undefined) return l;
    return sourceLess(r, l) ? r : l;
  }

  /** Add `s`, or re-place it when it is already held and its next event changed. */
  place(s: SourceState): void {
    s.heapTs = s.minTs();
    if (s.pos < 0) {
      s.pos = this.items.length;
      this.items.push(s);
      this.up(s.pos);
    } else {
      this.up(s.pos);
      this.down(s.pos);
    }
  }

  /** Remove `s` if held. */
  remove(s: SourceState): void {
    const i = s.pos;
    if (i < 0) return;
    s.pos = -1;
    const last = this.items.pop() as SourceState;
    if (i === this.items.length) return;
    this.items[i] = last;
    last.pos = i;
    this.up(i);
    this.down(last.pos);
  }

  private up(i: number): void {
    const a = this.items;
    const item = a[i] as SourceState;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = a[parent] as SourceState;
      if (!sourceLess(item, p)) break;
      a[i] = p;
      p.pos = i;
      i = parent;
    }
    a[i] = item;
    item.pos = i;
  }

  private down(i: number): void {
    const a = this.items;
    const n = a.length;
    const item = a[i] as SourceState;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && sourceLess(a[r] as SourceState, a[l] as SourceState)) c = r;
      const child = a[c] as SourceState;
      if (!sourceLess(child, item)) break;
      a[i] = child;
      child.pos = i;
      i = c;
    }
    a[i] = item;
    item.pos = i;
  }
}

interface LagEntry {
  s: SourceState;
  key: number;
}

const lagLess = (a: LagEntry, b: LagEntry): boolean => a.key < b.key || (a.key === b.key && a.s.index < b.s.index);

/**
 * Unfinished sources by the newest time they have shown (`maxSeen`, -Infinity before their first event), lowest
 * first, ties by index: its top is the source that holds the merge's watermark back. Lazy: a source gets a new
 * entry when its `maxSeen` moved, and entries of ended sources or older keys are dropped when they surface, so an
 * update costs O(log k) and no per-event work.
 */
export class LagHeap {
  private readonly heap = new MinHeap<LagEntry>(lagLess);

  /** Record `s`'s current `maxSeen` (no-op when unchanged or ended). */
  note(s: SourceState): void {
    if (s.ended || s.lagKey === s.maxSeen) return;
    s.lagKey = s.maxSeen;
    this.heap.push({ s, key: s.maxSeen });
  }

  /** The unfinished source with the lowest `maxSeen` (lowest index on ties), or undefined when all ended. */
  top(): SourceState | undefined {
    for (;;) {
      const e = this.heap.peek();
      if (!e) return undefined;
      if (!e.s.ended && e.key === e.s.maxSeen) return e.s;
      this.heap.pop();
    }
  }
}
