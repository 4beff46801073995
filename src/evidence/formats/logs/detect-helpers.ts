import type { DetectSample } from "../../evidence-format.js";

/** At most this many sample lines are examined by a detector, so detection stays cheap on 64 KiB samples. */
export const DETECT_MAX_LINES = 200;

/**
 * Fraction of the sample's non-blank lines for which `test` says "mine" (lines it calls neutral, such as stack-trace
 * continuations, do not count either way). Returns 0 for a sample with no decisive lines.
 */
export function fractionMatching(sample: DetectSample, test: (line: string) => boolean | null): number {
  let yes = 0;
  let decided = 0;
  const n = Math.min(sample.lines.length, DETECT_MAX_LINES);
  for (let i = 0; i < n; i++) {
    const line = sample.lines[i]!;
    if (line.trim().length === 0) continue;
    const r = test(line);
    if (r === null) continue;
    decided++;
    if (r) yes++;
  }
  return decided === 0 ? 0 : yes / decided;
}

/** Scale a match fraction to a score: below `floor` it is not this format at all. */
export function scoreFromFraction(fraction: number, max: number, floor = 0.6): number {
  if (fraction < floor) return 0;
  return max * fraction;
}
