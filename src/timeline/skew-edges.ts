import { median } from "../util/stats.js";
import { looksLikeZoneOffset, problemSeries, type SourceOffset } from "./skew.js";
import { siblingGroups } from "./skew-siblings.js";
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
  const fromFailures = offsetsFromFailureEdges(sources);
  return fromFailures.length > 0 ? fromFailures : offsetsFromWindowEdges(sources);
}

function offsetsFromFailureEdges(sources: readonly SourceAggregates[]): SourceOffset[] {
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

/**
 * Offsets of sibling sources (the hosts of one load-balanced fleet: the same endpoints, about the same traffic) whose
 * first and last lines are both off from the majority's by the same amount. Such hosts log at a few requests a
 * second each, so their failures are independent samples of one smooth rate: cross-correlating them cannot place a
 * lag of less than a minute, and a gradual onset or a rolling repair gives each host its own failure edges. What
 * they do share sharply is the collection window: their logs were cut at the same true instants, so a clock that
 * is off shows at both ends by the same amount, while the others agree within the wait for their next line.
 */
export function offsetsFromWindowEdges(sources: readonly SourceAggregates[]): SourceOffset[] {
  const out: SourceOffset[] = [];
  for (const group of siblingGroups(sources)) {
    if (group.length < MIN_SOURCES) continue;
    // a source's edge is late by up to its own wait between lines; four mean waits cover that jitter
    const wait = Math.max(...group.map((s) => (s.last - s.first) / 1000 / Math.max(1, s.events - 1)));
    const tolerance = Math.max(MIN_OFFSET / 2, 4 * wait);
    const firsts = deviations(
      group.map((s) => s.first / 1000),
      tolerance,
    );
    const lasts = deviations(
      group.map((s) => s.last / 1000),
      tolerance,
    );
    if (!firsts || !lasts) continue;
    group.forEach((s, i) => {
      const a = firsts.dev[i] as number;
      const b = lasts.dev[i] as number;
      if (firsts.agree.has(i) || lasts.agree.has(i) || Math.sign(a) !== Math.sign(b)) return;
      if (Math.abs(a - b) > Math.max(tolerance, 0.25 * Math.max(Math.abs(a), Math.abs(b)))) return;
      const offsetSeconds = Math.round(((a + b) / 2) * 10) / 10;
      const anchor = group[[...firsts.agree].find((j) => lasts.agree.has(j)) ?? 0] as SourceAggregates;
      out.push({
        src: s.index,
        ref: anchor.index,
        offsetSeconds,
        method: "window-edges",
        samples: Math.min(firsts.agree.size, lasts.agree.size),
        spreadSeconds: Math.round(Math.abs(a - b) * 5) / 10,
        correlation: 0,
        timezone: looksLikeZoneOffset(offsetSeconds),
        consensus: Math.min(firsts.agree.size, lasts.agree.size),
      });
    });
  }
  return out;
}

/**
 * Each value's difference from the majority: the values within `tolerance` of the median agree, and when they are
 * more than half, the differences are taken from their own median. Null without a majority.
 */
function deviations(values: readonly number[], tolerance: number): { dev: number[]; agree: Set<number> } | null {
  const m = median([...values]);
  const agree = new Set<number>();
  values.forEach((v, i) => {
    if (Math.abs(v - m) <= tolerance) agree.add(i);
  });
  if (agree.size * 2 <= values.length) return null;
  const ref = median([...agree].map((i) => values[i] as number));
  return { dev: values.map((v) => v - ref), agree };
}

/**
 * The clock offsets to report: the chain's (skew.ts), or when it found no clock, the edges' (`edges`, run only
 * then). A zone offset of a zone-less source is not a clock: it is the zone alignment's question, so it is left
 * out and does not stop the edge search for the clocks of other sources.
 */
export function clockOffsets(
  chained: readonly SourceOffset[],
  zoneless: ReadonlySet<number>,
  edges: () => SourceOffset[],
): SourceOffset[] {
  const clocks = (offsets: readonly SourceOffset[]) => offsets.filter((o) => !(o.timezone && zoneless.has(o.src)));
  const found = clocks(chained);
  return found.length > 0 ? found : clocks(edges());
}
