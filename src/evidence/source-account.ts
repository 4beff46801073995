import type { SkipAccount, SourceGap } from "../model/evidence-source.js";

/** Longest excerpt kept for a skipped line, so reports stay readable whatever the input. */
export const MAX_EXCERPT_CHARS = 120;
/** Examples kept per skip reason. */
export const EXAMPLES_PER_REASON = 3;
/** A silence shorter than this is never a gap, however regular the source. */
export const GAP_FLOOR_MS = 60_000;
/** A silence is a gap when it is this many times longer than the source's median interval. */
export const GAP_FACTOR = 20;
/** A source needs this many events before its rhythm means anything. */
export const GAP_MIN_EVENTS = 20;
/** Events required on each side of a silence: a lone startup line an hour before the rest is not a gap. */
export const GAP_EDGE_EVENTS = 3;
/** A silence matched by this many other silences at least half as long is the source's rhythm, not lost data. */
export const GAP_RHYTHM_COUNT = 5;

const MAX_CANDIDATES = 10_000;
// log-scale histogram of positive intervals: bucket i covers [1.1^i, 1.1^(i+1)) ms, ~10% resolution on the median
const LOG_BASE = Math.log(1.1);
const BUCKETS = 320;

/** Shorten a line for a skip example: at most {@link MAX_EXCERPT_CHARS} characters, control characters escaped. */
export function excerptOf(text: string): string {
  const head = text.length > MAX_EXCERPT_CHARS * 2 ? text.slice(0, MAX_EXCERPT_CHARS * 2) : text;
  const clean = head.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
  return clean.length > MAX_EXCERPT_CHARS ? `${clean.slice(0, MAX_EXCERPT_CHARS - 1)}…` : clean;
}

interface GapCandidate {
  from: number;
  to: number;
  /** Events seen before the silence. */
  before: number;
}

/**
 * The running account of one source: skips by reason with examples, event count, first/last instants and the
 * silences that may be gaps. Memory is bounded whatever the number of events (a histogram for the median interval,
 * a capped list of long silences), so a 5 GB log costs the same as a small one.
 *
 * Gap rule: a silence is a gap when it lasts more than max(60 s, 20 × the median positive interval between
 * consecutive events), the source has at least 20 events, at least 3 events lie on each side (silences at the
 * very edges are a file starting or stopping, not lost data), and fewer than 5 other silences of the source last at
 * least half as long (a bursty log quiet for minutes between bursts has many: that is its rhythm; a rotation that
 * lost ten minutes of a busy log stands alone). Intervals are measured against the latest instant
 * seen so far, so slightly out-of-order lines never create gaps. Document sources (whose items are not in time
 * order, e.g. one series after another) are sorted first via {@link SourceAccount.sortedMode}.
 */
export class SourceAccount {
  events = 0;
  first: number | null = null;
  last: number | null = null;
  private skippedTotal = 0;
  private readonly byReason: Record<string, number> = {};
  private readonly examples: { line: number; reason: string; excerpt: string }[] = [];
  private readonly histogram = new Float64Array(BUCKETS);
  private intervals = 0;
  private candidates: GapCandidate[] = [];
  private maxSoFar = Number.NEGATIVE_INFINITY;
  private sorted: number[] | null = null;

  /** Keep every instant and sort at the end: for whole-document sources whose items interleave series. */
  sortedMode(): void {
    this.sorted = [];
  }

  /** Count a skipped line. */
  skip(line: number, reason: string, excerpt: string): void {
    this.skippedTotal++;
    const n = (this.byReason[reason] ?? 0) + 1;
    this.byReason[reason] = n;
    if (n <= EXAMPLES_PER_REASON) this.examples.push({ line, reason, excerpt: excerptOf(excerpt) });
  }

  /** Count `n` skips of one reason without examples beyond the first (bulk skips such as an unknown format). */
  skipMany(line: number, reason: string, excerpt: string, n: number): void {
    if (n <= 0) return;
    this.skip(line, reason, excerpt);
    this.skippedTotal += n - 1;
    this.byReason[reason] = (this.byReason[reason] ?? 0) + n - 1;
  }

  /** Total skipped lines so far. */
  get skippedCount(): number {
    return this.skippedTotal;
  }

  /** Record one event instant (epoch ms). */
  event(ts: number): void {
    this.events++;
    if (this.first === null || ts < this.first) this.first = ts;
    if (this.last === null || ts > this.last) this.last = ts;
    if (this.sorted) {
      this.sorted.push(ts);
      return;
    }
    this.interval(ts, this.events - 1);
  }

  private interval(ts: number, before: number): void {
    if (ts > this.maxSoFar) {
      if (this.maxSoFar !== Number.NEGATIVE_INFINITY) {
        const d = ts - this.maxSoFar;
        const b = Math.min(BUCKETS - 1, Math.floor(Math.log(d) / LOG_BASE));
        this.histogram[b < 0 ? 0 : b] = (this.histogram[b < 0 ? 0 : b] ?? 0) + 1;
        this.intervals++;
        if (d > GAP_FLOOR_MS) this.addCandidate({ from: this.maxSoFar, to: ts, before });
      }
      this.maxSoFar = ts;
    }
  }

  private addCandidate(c: GapCandidate): void {
    this.candidates.push(c);
    if (this.candidates.length > MAX_CANDIDATES * 2) {
      // keep the longest silences; the short ones cannot beat the threshold of a source that has this many
      this.candidates.sort((a, b) => b.to - b.from - (a.to - a.from));
      this.candidates.length = MAX_CANDIDATES;
      this.candidates.sort((a, b) => a.from - b.from);
    }
  }

  /** Median positive interval between consecutive events in ms (10% resolution), or null with too few events. */
  medianInterval(): number | null {
    this.flushSorted();
    if (this.intervals === 0) return null;
    const half = this.intervals / 2;
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.histogram[i] ?? 0;
      if (seen >= half) return 1.1 ** (i + 0.5);
    }
    return null;
  }

  private flushSorted(): void {
    if (!this.sorted) return;
    const all = Float64Array.from(this.sorted).sort();
    this.sorted = null;
    for (let i = 0; i < all.length; i++) this.interval(all[i] as number, i);
  }

  /** Detected gaps, oldest first. */
  gaps(): { from: number; to: number }[] {
    const median = this.medianInterval();
    if (median === null || this.events < GAP_MIN_EVENTS) return [];
    const threshold = Math.max(GAP_FLOOR_MS, GAP_FACTOR * median);
    const durations = this.candidates.map((c) => c.to - c.from).sort((a, b) => a - b);
    // how many recorded silences last at least `d` (binary search over the sorted durations)
    const atLeast = (d: number): number => {
      let lo = 0;
      let hi = durations.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((durations[mid] as number) < d) lo = mid + 1;
        else hi = mid;
      }
      return durations.length - lo;
    };
    return this.candidates
      .filter((c) => {
        const d = c.to - c.from;
        if (d <= threshold || c.before < GAP_EDGE_EVENTS || this.events - c.before < GAP_EDGE_EVENTS) return false;
        // a bursty source (a database log quiet between checkpoints) has many long silences: they are its rhythm
        return atLeast(d / 2) - 1 < GAP_RHYTHM_COUNT;
      })
      .sort((a, b) => a.from - b.from)
      .map((c) => ({ from: c.from, to: c.to }));
  }

  /** The skip account in the model's shape. */
  skipped(): SkipAccount {
    return {
      total: this.skippedTotal,
      byReason: { ...this.byReason },
      examples: this.examples.slice().sort((a, b) => a.line - b.line),
    };
  }

  /** Gaps in the model's shape. */
  gapRecords(): SourceGap[] {
    return this.gaps().map((g) => ({ from: new Date(g.from).toISOString(), to: new Date(g.to).toISOString() }));
  }
}
