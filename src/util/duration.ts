import { DebriefError } from "../model/debrief-error.js";

const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8 };

/**
 * Parse a duration like `30m`, `2h`, `90s`, `1h30m` into milliseconds. Lives in `util` (not in the CLI) so that
 * library code such as `collect` and every adapter read durations the same way.
 * @param flag the flag or field name, for the error message
 * @throws DebriefError `USAGE` when the text is not a duration
 */
export function parseDuration(flag: string, value: string): number {
  let total = 0;
  let consumed = 0;
  for (const m of value.matchAll(DURATION_PART)) {
    total += Number(m[1]) * (UNIT_MS[m[2] ?? "s"] ?? 0);
    consumed += m[0].length;
  }
  if (consumed !== value.length || consumed === 0) {
    throw new DebriefError("USAGE", `${flag} expects a duration like 30m, 2h or 1h30m, got "${value}"`);
  }
  return total;
}

/** True when {@link parseDuration} accepts the text. */
export function isDuration(value: string): boolean {
  try {
    parseDuration("duration", value);
    return true;
  } catch {
    return false;
  }
}
