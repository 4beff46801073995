import type { DenseSeries } from "./change-point.js";

/** How long a stretch of failures must last to be the incident's rather than the baseline's. */
const ONSET_WINDOW_S = 300;

/**
 * The second at which failures rose above the baseline for good, within the first elevated segment. A change-point
 * test on a sparse series (a request a second, a stray 5xx every few minutes) can open the segment at a baseline
 * failure many minutes before the incident: the onset is the first failure that opens five minutes holding clearly
 * more failures than the baseline would (at least five, and above three times the expected count plus three standard
 * deviations). The onset only ever moves later, and never past the segment's end; a segment without such a stretch
 * keeps its start, and so does one after a baseline without stray failures.
 */
export function sustainedOnset(series: DenseSeries, segStart: number, segEnd: number): number {
  if (segStart < ONSET_WINDOW_S) return segStart;
  let baseFailures = 0;
  let baseRequests = 0;
  for (let i = 0; i < segStart; i++) {
    baseFailures += series.failures[i] as number;
    baseRequests += series.requests[i] as number;
  }
  // a quiet baseline cannot have opened the segment early: its first failure is the incident's
  if (baseFailures < 2) return segStart;
  const ratio = baseRequests > 0 ? baseFailures / baseRequests : null;
  const perSecond = baseFailures / segStart;
  const last = Math.min(segEnd, series.failures.length - 1);
  // running sums over [i, i + window)
  let failures = 0;
  let requests = 0;
  const hi = Math.min(series.failures.length, segStart + ONSET_WINDOW_S);
  for (let j = segStart; j < hi; j++) {
    failures += series.failures[j] as number;
    requests += series.requests[j] as number;
  }
  for (let i = segStart; i <= last; i++) {
    if ((series.failures[i] as number) > 0) {
      const expected = ratio !== null && requests > 0 ? ratio * requests : perSecond * ONSET_WINDOW_S;
      const need = Math.max(5, 3 * expected + 3 * Math.sqrt(expected));
      if (failures >= need && !straggler(series, i, 1)) return i;
    }
    failures -= series.failures[i] as number;
    requests -= series.requests[i] as number;
    const add = i + ONSET_WINDOW_S;
    if (add < series.failures.length) {
      failures += series.failures[add] as number;
      requests += series.requests[add] as number;
    }
  }
  return segStart;
}

/**
 * The second of the incident's last failure within the final elevated segment, by the same test run backwards: the
 * last failure that closes five minutes holding clearly more failures than the baseline would. Stray baseline
 * failures after the recovery (a steady trickle of 504s on another endpoint) no longer stretch the impact; the
 * incident's own thin tail is followed afterwards by its failure classes (followTail in impact.ts). The end only
 * ever moves earlier, never before the segment's start; a quiet baseline keeps the segment's end.
 */
export function sustainedEnd(series: DenseSeries, baselineEnd: number, segStart: number, segEnd: number): number {
  if (baselineEnd < ONSET_WINDOW_S) return segEnd;
  let baseFailures = 0;
  let baseRequests = 0;
  for (let i = 0; i < baselineEnd; i++) {
    baseFailures += series.failures[i] as number;
    baseRequests += series.requests[i] as number;
  }
  if (baseFailures < 2) return segEnd;
  const ratio = baseRequests > 0 ? baseFailures / baseRequests : null;
  const perSecond = baseFailures / baselineEnd;
  const top = Math.min(segEnd, series.failures.length - 1);
  // running sums over (i - window, i]
  let failures = 0;
  let requests = 0;
  for (let j = Math.max(0, top - ONSET_WINDOW_S + 1); j <= top; j++) {
    failures += series.failures[j] as number;
    requests += series.requests[j] as number;
  }
  for (let i = top; i >= segStart; i--) {
    if ((series.failures[i] as number) > 0) {
      const expected = ratio !== null && requests > 0 ? ratio * requests : perSecond * ONSET_WINDOW_S;
      const need = Math.max(5, 3 * expected + 3 * Math.sqrt(expected));
      if (failures >= need && !straggler(series, i, -1)) return i;
    }
    failures -= series.failures[i] as number;
    requests -= series.requests[i] as number;
    const add = i - ONSET_WINDOW_S;
    if (add >= 0) {
      failures += series.failures[add] as number;
      requests += series.requests[add] as number;
    }
  }
  return segEnd;
}

/**
 * Whether the failure at second `i` stands apart from the run it borders: the next failure in direction `dir` (+1
 * after an onset, -1 before an end) comes more than 20 s later and more than three times the run's median spacing
 * (over the five minutes in that direction). A stray baseline failure a minute before the incident is such a one.
 */
function straggler(series: DenseSeries, i: number, dir: 1 | -1): boolean {
  const seconds: number[] = [];
  for (let k = i + dir; k >= 0 && k < series.failures.length && Math.abs(k - i) <= ONSET_WINDOW_S; k += dir)
    if ((series.failures[k] as number) > 0) seconds.push(k);
  const next = seconds[0];
  if (next === undefined) return true;
  const gaps: number[] = [];
  for (let g = 1; g < seconds.length; g++) gaps.push(Math.abs((seconds[g] as number) - (seconds[g - 1] as number)));
  gaps.sort((a, b) => a - b);
  const median = gaps.length > 0 ? (gaps[Math.floor(gaps.length / 2)] as number) : 0;
  return Math.abs(next - i) > Math.max(20, 3 * median);
}
