import { mean, quantile } from "../util/stats.js";

/** Summary statistics of a sample of durations (seconds). */
export interface DurationStats {
  /** Incidents that had both milestones. */
  n: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
  min: number | null;
  max: number | null;
}

// re-exported: insights has always offered it
export { quantile };

const round = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

/** Mean, median, p90, min and max of a sample; nulls when empty. */
export function durationStats(values: readonly number[]): DurationStats {
  if (values.length === 0) return { n: 0, mean: null, median: null, p90: null, min: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    mean: round(mean(sorted)),
    median: round(quantile(sorted, 0.5)),
    p90: round(quantile(sorted, 0.9)),
    min: round(sorted[0] as number),
    max: round(sorted[sorted.length - 1] as number),
  };
}

/** `1h 02m`, `45m 10s`, `12s`, `3d 4h` for people; JSON keeps seconds. */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return "—";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}
