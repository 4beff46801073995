/**
 * The last few distinct strings looked up, with a value each: a cache in front of a `Map` for keys cut fresh from
 * every log line (messages, user agents, paths). Most sources repeat a handful of them, and comparing with a few
 * remembered strings (length first, then content) is cheaper than hashing the fresh string for a map lookup.
 */
export class RecentStrings<V> {
  private readonly keys: string[] = [];
  private readonly values: V[] = [];
  private next = 0;

  /** @param size how many distinct strings to remember */
  constructor(private readonly size = 8) {}

  /** The value remembered for `key`, or undefined. */
  get(key: string): V | undefined {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      if (k.length === key.length && k === key) return this.values[i];
    }
    return undefined;
  }

  /**
   * Remember `key` (pass a string that owns its memory: a slice of a big chunk would keep the chunk alive),
   * replacing the oldest entry when full.
   */
  set(key: string, value: V): void {
    if (this.keys.length < this.size) {
      this.keys.push(key);
      this.values.push(value);
      return;
    }
    this.keys[this.next] = key;
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.size;
  }
}
