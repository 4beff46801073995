/**
 * Epoch numbers come in seconds, milliseconds, microseconds or nanoseconds depending on the logger (zap writes
 * float seconds, pino ms, OTel ns as a string). The unit is told by magnitude: any instant between 1973 and 2286
 * has a distinct digit count in each unit, so the boundaries below never overlap for plausible data.
 */

/** Smallest accepted instant (1990-01-01), so small counters are not read as dates. */
export const MIN_PLAUSIBLE_EPOCH_MS = 631_152_000_000;
/** Largest accepted instant (2200-01-01). */
export const MAX_PLAUSIBLE_EPOCH_MS = 7_258_118_400_000;

/** Convert an epoch number of unknown unit to ms, or NaN when it is not a plausible instant. */
export function epochNumberToMs(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return Number.NaN;
  let ms: number;
  if (value < 1e11)
    ms = value * 1000; // seconds (until year 5138)
  else if (value < 1e14)
    ms = value; // milliseconds
  else if (value < 1e17)
    ms = value / 1000; // microseconds
  else ms = value / 1e6; // nanoseconds
  ms = Math.floor(ms + 1e-6);
  return ms >= MIN_PLAUSIBLE_EPOCH_MS && ms <= MAX_PLAUSIBLE_EPOCH_MS ? ms : Number.NaN;
}

/**
 * Convert an epoch written as text (`"1739095523123456789"`, `"1739095523.123"`) to ms without losing precision to
 * floating point: 19-digit nanosecond strings exceed 2^53, so the digits are cut instead of divided.
 */
export function epochStringToMs(text: string): number {
  const n = text.length;
  if (n === 0 || n > 40) return Number.NaN;
  let dot = -1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 && dot < 0) dot = i;
    else if (c < 48 || c > 57) return Number.NaN;
  }
  const intPart = dot < 0 ? text : text.slice(0, dot);
  if (intPart.length === 0) return Number.NaN;
  const digits = intPart.length;
  if (digits >= 16 && dot < 0) {
    // µs (16) or ns (19): keep the leading 13 digits, which are the ms.
    const ms = Number(intPart.slice(0, digits - (digits >= 17 ? 6 : 3)));
    return ms >= MIN_PLAUSIBLE_EPOCH_MS && ms <= MAX_PLAUSIBLE_EPOCH_MS ? ms : Number.NaN;
  }
  return epochNumberToMs(Number(text));
}
