import { median } from "../util/stats.js";
import { looksLikeZoneOffset, problemSeries, type SourceOffset } from "./skew.js";
import type { SourceAggregates } from "./source-aggregates.js";

/**
 * Skew by consensus from the edges of the incident: when several sources saw the same failures (the hosts behind one
 * load balancer, the edges of one fleet) but each at a rate too low for second-by-second correlation (a few failures
 * a second between them), the moments their failures began and ended still line up. Each source's onset (first
 * failure of the first dense minute) and end (last failure of the last dense minute) are compared with the median of
 * all sources; a source whose onset and end are both off by the same amount, while most sources agree with the
 * median, has a clock that is off by that amount. Only that source is reported.
 */

/** Fewest sources for a majority to outvote one clock. */
const MIN_SOURCES = 3;
/** Fewest failures a source needs to have edges worth timing. */
const MIN_FAILURES = 20;
/** Smallest offset reported, seconds: below it the edges' own jitter (the wait for a source's next failure) dominates. */
const MIN_OFFSET = 10;

interface Edges {
  src: number;
  onset: number;
  end: number;
}

/** Onset and end (epoch seconds) of a source's dense failures: minutes holding at least half its busy-minute count. */
export function edgesOf(s: SourceAggregates): Edges | null {
  const series = problemSeries(s);
  let total = 0;
  for (const v of series.values()) total += v;
  if (total < MIN_FAILURES) return null;
  const perMinute = new Map<number, number>();
  for (const [sec, v] of series) perMinute.set(Math.floor(sec / 60), (perMinute.get(Math.floor(sec / 60)) ?? 0) + v);
  const counts = [...perMinute.values()].sort((a, b) => b - a);
  // the typical count of the busiest minutes (the incident), not of the baseline's scattered ones
  const busy = counts[Math.min(counts.length - 1, Math.floor(counts.length / 4))] ?? 0;
  const need = Math.max(3, Math.ceil(busy / 2));
  const seconds = [...series.keys()].sort((a, b) => a - b);
  // a dense stretch: `need` failures within the 60 s from this second on (onset), or up to it (end)
  let onset: number | null = null;
  for (let i = 0, j = 0, sum = 0; i < seconds.length; i++) {
    while (j < seconds.length && (seconds[j] as number) < (seconds[i] as number) + 60)
      sum += series.get(seconds[j++] as number) as number;
    if (sum >= need) {
      onset = seconds[i] as number;
      break;
    }
    sum -= series.get(seconds[i] as number) as number;
  }
  let end: number | null = null;
  for (let i = seconds.length - 1, j = i, sum = 0; i >= 0; i--) {
    while (j >= 0 && (seconds[j] as number) > (seconds[i] as number) - 60)
      sum += series.get(seconds[j--] as number) as number;
    if (sum >= need) {
      end = seconds[i] as number;
      break;
    }
    sum -= series.get(seconds[i] as number) as number;
  }
  return onset === null || end === null || end <= onset ? null : { src: s.index, onset, end };
}

/**
 * Offsets of the sources whose failure onset and end both disagree with the majority by the same amount.
 * @param sources the request or error sources to compare (each must have seen the incident)
 */
export function offsetsFromEdges(sources: readonly SourceAggregates[]): SourceOffset[] {
  const edges = sources.map(edgesOf).filter((e): e is Edges => e !== null);
  if (edges.length < MIN_SOURCES) return [];
  const onsetMedian = median(edges.map((e) => e.onset));
  const endMedian = median(edges.map((e) => e.end));
  // the incident must be one shared stretch: every source's edges within ten minutes of the others'
  if (edges.some((e) => Math.abs(e.onset - onsetMedian) > 600 || Math.abs(e.end - endMedian) > 600)) return [];
  // how far the sources' edges scatter anyway (each waits for its own next failure): an odd clock stands out of it
  const scatter = (xs: number[], m: number) =>
    Math.max(MIN_OFFSET, 4 * 1.4826 * median(xs.map((x) => Math.abs(x - m))));
  const onsetTolerance = scatter(
    edges.map((e) => e.onset),
    onsetMedian,
  );
  const endTolerance = scatter(
    edges.map((e) => e.end),
    endMedian,
  );
  const agree = edges.filter(
    (e) => Math.abs(e.onset - onsetMedian) <= onsetTolerance && Math.abs(e.end - endMedian) <= endTolerance,
  );
  if (agree.length * 2 <= edges.length) return [];
  // the majority's edges are the reference; the odd source's two differences must tell the same story
  const refOnset = median(agree.map((e) => e.onset));
  const refEnd = median(agree.map((e) => e.end));
  const anchor = agree[0]?.src ?? 0;
  const out: SourceOffset[] = [];
  for (const e of edges) {
    if (agree.includes(e)) continue;
    const a = e.onset - refOnset;
    const b = e.end - refEnd;
    if (Math.sign(a) !== Math.sign(b) || Math.abs(a) <= onsetTolerance || Math.abs(b) <= endTolerance) continue;
    if (Math.abs(a - b) > Math.max(MIN_OFFSET, 0.25 * Math.max(Math.abs(a), Math.abs(b)))) continue;
    const offsetSeconds = Math.round(((a + b) / 2) * 10) / 10;
    out.push({
      src: e.src,
      ref: anchor,
      offsetSeconds,
      method: "failure-edges",
      samples: agree.length,
      spreadSeconds: Math.abs(a - b) / 2,
      correlation: 0,
      timezone: looksLikeZoneOffset(offsetSeconds),
      consensus: agree.length,
    });
  }
  return out;
}
