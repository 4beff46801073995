import { correlationAt, problemSeries, type SourceOffset } from "./skew.js";
import { keySpan } from "./skew-correlation.js";
import type { SourceAggregates } from "./source-aggregates.js";

/**
 * Whether correcting a clock offset makes the sources agree better: the per-second failure/error counts of the
 * corrected source are compared with those of the sources its offset was measured against (the majority), at
 * lag zero, before and after the shift. A correction that does not raise the agreement is not applied, and the
 * finding says why.
 */

/** The verdict on one offset. */
export interface OffsetVerdict {
  applied: boolean;
  /** Agreement (Pearson r of per-second problem counts) before and after the shift. */
  before: number;
  after: number;
  reason: string;
}

function shifted(series: Map<number, number>, seconds: number): Map<number, number> {
  const out = new Map<number, number>();
  const by = Math.round(seconds);
  for (const [k, v] of series) out.set(k - by, v);
  return out;
}

/** Moving sums over `w` seconds (w = 1 returns the series as it is). */
function smoothed(series: Map<number, number>, w: number): Map<number, number> {
  if (w <= 1) return series;
  const out = new Map<number, number>();
  for (const [k, v] of series) for (let i = 0; i < w; i++) out.set(k + i, (out.get(k + i) ?? 0) + v);
  return out;
}

/** Verdicts per source index. `mode`: apply every verified offset, only consensus ones, or none. */
export function verifyOffsets(
  sources: readonly SourceAggregates[],
  offsets: readonly SourceOffset[],
  mode: "all" | "consensus" | "none",
): Map<number, OffsetVerdict> {
  const out = new Map<number, OffsetVerdict>();
  if (offsets.length === 0) return out;
  const skewed = new Set(offsets.map((o) => o.src));
  const others = new Map<number, number>();
  for (const s of sources) {
    if (skewed.has(s.index)) continue;
    for (const [k, v] of problemSeries(s)) others.set(k, (others.get(k) ?? 0) + v);
  }
  const byIndex = new Map<number, SourceAggregates>();
  for (const s of sources) if (!byIndex.has(s.index)) byIndex.set(s.index, s);
  // the span of the majority's problem seconds, the same for every offset
  const { lo, hi } = keySpan(others);
  for (const o of offsets) {
    const src = byIndex.get(o.src);
    if (!src) continue;
    const mine = problemSeries(src);
    let before = 0;
    let after = 0;
    if (mine.size > 0 && others.size > 0) {
      // offsets read from the incident's edges come from sources too sparse to compare second by second: their
      // agreement is judged on half-minute sums
      const w = o.method === "failure-edges" || o.method === "window-edges" ? 30 : 1;
      const all = w > 1 ? smoothed(others, w) : others;
      before = correlationAt(all, w > 1 ? smoothed(mine, w) : mine, 0, lo, hi);
      after = correlationAt(all, smoothed(shifted(mine, o.offsetSeconds), w), 0, lo, hi);
    }
    const r = (x: number) => Math.round(x * 100) / 100;
    const better = after > before + 0.02 || (o.method === "request-id" && after >= before);
    const wanted = mode === "all" || (mode === "consensus" && o.consensus !== undefined);
    const applied = wanted && better;
    const reason = !wanted
      ? mode === "none"
        ? "not corrected"
        : "not corrected (no majority of sources to judge by); rerun with --correct-skew"
      : better
        ? `corrected: failures agree better with the other sources after the shift (r ${r(before)} → ${r(after)})`
        : `not corrected: failures agree no better with the other sources after the shift (r ${r(before)} → ${r(after)})`;
    out.set(o.src, { applied, before: r(before), after: r(after), reason });
  }
  return out;
}
