/**
 * A binary min-heap over an array. The merge runs one of these per source (its reorder buffer) and one across
 * sources, so it is written for speed: no per-push allocation beyond the array growth.
 */
export class MinHeap<T> {
  private readonly items: T[] = [];

  /** @param less strict "a sorts before b" */
  constructor(private readonly less: (a: T, b: T) => boolean) {}

  /** Number of items held. */
  get size(): number {
    return this.items.length;
  }

  /** The smallest item without removing it. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** The smallest item other than the root (one of the root's children), without removing anything. */
  peekSecond(): T | undefined {
    const a = this.items;
    const l = a[1];
    const r = a[2];
    if (l === undefined) return undefined;
    if (r === undefined) return l;
    return this.less(r, l) ? r : l;
  }

  /** Add an item. */
  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = a[parent] as T;
      if (!this.less(item, p)) break;
      a[i] = p;
      i = parent;
    }
    a[i] = item;
  }

  /** Remove and return the smallest item. */
  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Re-establish order after the root's key grew (k-way merge "replace top"). */
  siftRoot(): void {
    if (this.items.length > 1) this.siftDown(0);
  }

  private siftDown(i: number): void {
    const a = this.items;
    const n = a.length;
    const item = a[i] as T;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && this.less(a[r] as T, a[l] as T)) c = r;
      const child = a[c] as T;
      if (!this.less(child, item)) break;
      a[i] = child;
      i = c;
    }
    a[i] = item;
  }
}
