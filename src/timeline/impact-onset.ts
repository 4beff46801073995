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
      if (failures >= need) return i;
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
