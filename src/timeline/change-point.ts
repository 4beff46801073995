/**
 * Change-point detection, the statistics behind impactStart, recovered and metric shifts.
 *
 * Method (documented because post-mortems quote its results):
 * - The baseline is estimated from the period before the incident: the failure ratio pooled over that period,
 *   after trimming minutes that are themselves outliers (median + 3·MAD of per-minute ratios), so a pre-existing
 *   blip does not inflate it; the detection then uses the upper end of its ~95% interval (f + 2√f + 1 failures),
 *   so a baseline that came out low by chance does not turn ordinary clusters into incidents.
 * - Onset and end of impact come from a two-sided Bernoulli CUSUM (Page, 1954) on per-second request counts:
 *   each second adds the log-likelihood ratio of "failure ratio p1" against "baseline ratio p0", with
 *   p1 = max(4·p0, p0 + minShift). An alarm is raised when the sum exceeds `h` (10); the onset is the second right after
 *   the sum was last zero (the classical CUSUM change-point estimate). After an alarm, a mirrored CUSUM (p0 against
 *   p1) finds the return to baseline the same way. Sources without request counts (error logs only) use the
 *   Poisson form on error counts. Segments shorter than `minPersistSeconds` (20 s), or whose excess failures are
 *   less than 7 standard deviations above what the baseline predicts, are ignored (the segment is the window that
 *   maximises its own excess, so its z overstates the evidence: at 5, 12 of 10,000 hours of 1% noise at 15 req/s
 *   produced a half-minute false segment; at 7, none did). The ends are then sharpened
 *   by maximum likelihood with the segment's own level (see `refine`).
 * - Metric series use median/MAD of the baseline points: a shift starts at the first of `persist` consecutive
 *   points beyond 4 robust standard deviations and ends at the first of `persist` consecutive points back within 2.
 */

import { mad, median } from "../util/stats.js";

// re-exported: the timeline API has always offered them
export { mad, median };

/** Dense per-second counts over a span: index i is second `start + i`. */
export interface DenseSeries {
  /** Epoch second of index 0. */
  start: number;
  /** Requests (or zero everywhere when only failures are known). */
  requests: Float64Array;
  /** Failures (5xx requests, or error lines). */
  failures: Float64Array;
}

/** Options of {@link detectSegments}. */
export interface SegmentOptions {
  /** Index where the analysed range starts (earlier seconds are baseline only). */
  from?: number;
  /** Index where the analysed range ends (exclusive). */
  to?: number;
  /** Baseline index range [start, end). */
  baseline: [number, number];
  /** CUSUM decision threshold; default 8. */
  h?: number;
  /** Smallest shift of the failure ratio worth calling impact; default 0.02 (2 points of error rate). */
  minShift?: number;
  /** Smallest shift of the failure rate per second when there are no request counts; default 0.05/s (3/min). */
  minRateShift?: number;
  /** Segments shorter than this are dropped; default 20 s. */
  minPersistSeconds?: number;
  /** Segments whose excess failures are fewer standard deviations above baseline than this are dropped; default 7. */
  minZ?: number;
}

/** A stretch of elevated failures, as indexes into the series (inclusive). */
export interface Segment {
  start: number;
  end: number;
  /** Failures in the segment above what the baseline predicts. */
  excess: number;
  failures: number;
  requests: number;
}

/** The baseline the detection used. */
export interface BaselineEstimate {
  /** Failure ratio (with requests) or failures per second (without). */
  rate: number;
  /** True when the rate is a ratio of requests. */
  ratio: boolean;
  /** Seconds of baseline used. */
  seconds: number;
}

/** Robust baseline over [start, end): pooled over minutes whose ratio is not an outlier. */
export function estimateBaseline(series: DenseSeries, start: number, end: number): BaselineEstimate {
  const useRatio = sumRange(series.requests, start, end) > 0;
  const minuteRates: number[] = [];
  const minutes: Array<[number, number]> = [];
  for (let m = start; m < end; m += 60) {
    const e = Math.min(end, m + 60);
    const f = sumRange(series.failures, m, e);
    const n = useRatio ? sumRange(series.requests, m, e) : e - m;
    if (n <= 0) continue;
    minutes.push([f, n]);
    minuteRates.push(f / n);
  }
  if (minutes.length === 0) return { rate: 0, ratio: useRatio, seconds: 0 };
  const med = median(minuteRates);
  const spread = mad(minuteRates, med) * 1.4826;
  const cut = med + 3 * Math.max(spread, med * 0.5, 1e-9);
  let f = 0;
  let n = 0;
  for (const [mf, mn] of minutes) {
    if (mf / mn > cut) continue;
    f += mf;
    n += mn;
  }
  return { rate: n > 0 ? f / n : 0, ratio: useRatio, seconds: end - start };
}

function sumRange(a: Float64Array, start: number, end: number): number {
  let s = 0;
  for (let i = Math.max(0, start); i < Math.min(a.length, end); i++) s += a[i] as number;
  return s;
}

/** Find elevated-failure segments with the two-sided CUSUM described in the module comment. */
export function detectSegments(
  series: DenseSeries,
  options: SegmentOptions,
): { segments: Segment[]; baseline: BaselineEstimate } {
  const n = series.failures.length;
  const from = Math.max(0, options.from ?? 0);
  const to = Math.min(n, options.to ?? n);
  const h = options.h ?? 10;
  const minPersist = options.minPersistSeconds ?? 20;
  const baseline = estimateBaseline(series, options.baseline[0], options.baseline[1]);
  const segments: Segment[] = [];
  let llrFor: (shifted: number) => (i: number) => number;
  let expected: (i: number) => number;
  let p1: number;
  if (baseline.ratio) {
    const baseN = Math.max(1, sumRange(series.requests, options.baseline[0], options.baseline[1]));
    // The upper end of the baseline rate's ~95% interval, not the point estimate: a baseline measured from a few
    // minutes can come out low by chance, and every ordinary cluster of failures would then look like an incident.
    // A baseline with no failures at all still gets a small rate, so one stray 500 is not infinitely surprising.
    const f0 = baseline.rate * baseN;
    const p0 = Math.min(0.5, Math.max((f0 + 2 * Math.sqrt(f0) + 1) / baseN, 1e-4));
    p1 = Math.min(0.99, Math.max(4 * p0, p0 + (options.minShift ?? 0.02)));
    llrFor = (q: number) => {
      const a = Math.log(q / p0);
      const b = Math.log((1 - q) / (1 - p0));
      return (i) => {
        const x = series.failures[i] as number;
        return x * a + ((series.requests[i] as number) - x) * b;
      };
    };
    expected = (i) => (series.requests[i] as number) * p0;
  } else {
    const secs = Math.max(1, baseline.seconds);
    const f0 = baseline.rate * secs;
    const l0 = Math.max((f0 + 2 * Math.sqrt(f0) + 1) / secs, 1e-4);
    p1 = Math.max(4 * l0, l0 + (options.minRateShift ?? 0.05));
    llrFor = (q: number) => {
      const a = Math.log(q / l0);
      return (i) => (series.failures[i] as number) * a - (q - l0);
    };
    expected = () => l0;
  }
  const llrUp = llrFor(p1);

  let i = from;
  while (i < to) {
    // Upward CUSUM: look for the onset.
    let s = 0;
    let lastZero = i - 1;
    let alarm = -1;
    for (; i < to; i++) {
      s = Math.max(0, s + llrUp(i));
      if (s === 0) lastZero = i;
      else if (s > h) {
        alarm = i;
        break;
      }
    }
    if (alarm < 0) break;
    let start = lastZero + 1;
    while (start < alarm && (series.failures[start] as number) === 0) start++;
    // Downward CUSUM: look for the return to baseline.
    let d = 0;
    let lastZeroD = alarm;
    let end = to - 1;
    let j = alarm + 1;
    for (; j < to; j++) {
      d = Math.max(0, d - llrUp(j));
      if (d === 0) lastZeroD = j;
      else if (d > h) break;
    }
    end = j >= to ? lastElevated(series, alarm, to - 1, llrUp) : lastZeroD;
    while (end > start && (series.failures[end] as number) === 0) end--;
    [start, end] = refine(series, start, end, baseline, llrFor);
    if (end - start + 1 >= minPersist) {
      let f = 0;
      let r = 0;
      let ex = 0;
      let variance = 0;
      for (let k = start; k <= end; k++) {
        f += series.failures[k] as number;
        r += series.requests[k] as number;
        const e = expected(k);
        ex += (series.failures[k] as number) - e;
        variance += baseline.ratio ? e * (1 - e / Math.max(1, series.requests[k] as number)) : e;
      }
      // The segment as a whole must be far outside baseline noise (z ≥ minZ), not just a lucky run.
      if (ex / Math.sqrt(Math.max(variance, 1e-9)) >= (options.minZ ?? 7)) {
        segments.push({ start, end, excess: ex, failures: f, requests: r });
      }
    }
    i = Math.max(end + 1, j);
  }
  return { segments, baseline };
}

/**
 * Sharpen the ends of a segment. The detection uses the smallest shift worth reporting (p1), so a stray baseline
 * failure just before the onset can keep the CUSUM above zero and pull the onset early. Once the segment is known,
 * its own failure level is estimated (over its first and last five minutes) and the change points are re-estimated
 * by maximum likelihood with half that level as the alternative: the onset is the start of the best-scoring suffix
 * of the segment's first five minutes, the end the end of the best-scoring prefix of its last five.
 */
function refine(
  series: DenseSeries,
  start: number,
  end: number,
  baseline: BaselineEstimate,
  llrFor: (shifted: number) => (i: number) => number,
): [number, number] {
  const level = (a: number, b: number) => {
    const f = sumRange(series.failures, a, b + 1);
    if (!baseline.ratio) return f / Math.max(1, b - a + 1);
    const n = sumRange(series.requests, a, b + 1);
    return n > 0 ? f / n : 0;
  };
  const window = 300;
  const headEnd = Math.min(end, start + window);
  const headLevel = level(start, headEnd) / 2;
  let newStart = start;
  if (headLevel > baseline.rate * 4 && (!baseline.ratio || headLevel < 0.99)) {
    const llr = llrFor(headLevel);
    let sum = 0;
    let best = Number.NEGATIVE_INFINITY;
    for (let i = headEnd; i >= start; i--) {
      sum += llr(i);
      if (sum >= best) {
        best = sum;
        newStart = i;
      }
    }
    while (newStart < headEnd && (series.failures[newStart] as number) === 0) newStart++;
  }
  const tailStart = Math.max(newStart, end - window);
  const tailLevel = level(tailStart, end) / 2;
  let newEnd = end;
  if (tailLevel > baseline.rate * 4 && (!baseline.ratio || tailLevel < 0.99)) {
    const llr = llrFor(tailLevel);
    let sum = 0;
    let best = Number.NEGATIVE_INFINITY;
    for (let i = tailStart; i <= end; i++) {
      sum += llr(i);
      if (sum >= best) {
        best = sum;
        newEnd = i;
      }
    }
    while (newEnd > newStart && (series.failures[newEnd] as number) === 0) newEnd--;
  }
  return [newStart, Math.max(newStart, newEnd)];
}

/** When the data ends while still elevated, the last second whose evidence still points up. */
function lastElevated(series: DenseSeries, from: number, to: number, llr: (i: number) => number): number {
  for (let k = to; k > from; k--) if ((series.failures[k] as number) > 0 && llr(k) > 0) return k;
  return from;
}

/** A shift of a metric series away from its baseline and back. */
export interface MetricShift {
  /** Index of the first point of the shift. */
  start: number;
  /** Index of the last shifted point before the series settled back, or null when it never did. */
  end: number | null;
  direction: "up" | "down";
  baselineMedian: number;
  /** Most extreme value during the shift and its index. */
  peak: number;
  peakIndex: number;
}

/** Find the first persistent shift of a metric after `fromIndex` (see module comment). */
export function detectMetricShift(
  values: readonly number[],
  baselineEnd: number,
  options: { persist?: number; fromIndex?: number } = {},
): MetricShift | null {
  const persist = options.persist ?? 3;
  const base = values.slice(0, Math.max(3, baselineEnd));
  if (base.length < 3 || values.length < base.length + persist) return null;
  const med = median(base);
  // The floor keeps a perfectly flat baseline (MAD 0) from calling every wiggle a shift: 10% of the level.
  const sigma = Math.max(mad(base, med) * 1.4826, Math.abs(med) * 0.1, 1e-9);
  const far = (v: number) => Math.abs(v - med) > 4 * sigma;
  const near = (v: number) => Math.abs(v - med) <= 2 * sigma;
  let start = -1;
  for (let i = Math.max(options.fromIndex ?? base.length, 0); i + persist <= values.length; i++) {
    let ok = true;
    for (let k = 0; k < persist; k++) if (!far(values[i + k] as number)) ok = false;
    if (ok) {
      start = i;
      break;
    }
  }
  if (start < 0) return null;
  const direction = (values[start] as number) > med ? "up" : "down";
  let peak = values[start] as number;
  let peakIndex = start;
  let end: number | null = null;
  for (let i = start; i < values.length; i++) {
    const v = values[i] as number;
    if (direction === "up" ? v > peak : v < peak) {
      peak = v;
      peakIndex = i;
    }
    if (i + persist <= values.length && near(v)) {
      let back = true;
      for (let k = 0; k < persist; k++) if (!near(values[i + k] as number)) back = false;
      if (back) {
        end = i - 1;
        break;
      }
    }
  }
  return { start, end, direction, baselineMedian: med, peak, peakIndex };
}
