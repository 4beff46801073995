/**
 * Shared timestamp recognition for line-oriented log formats: a hand-rolled scanner for the layouts real logs use,
 * epoch unit detection, and the resolver that turns scanned fields into epoch ms through a `FormatContext`.
 * @module
 */
export { DayTracker, dateInText } from "./clock-dates.js";
export { epochNumberToMs, epochStringToMs, MAX_PLAUSIBLE_EPOCH_MS, MIN_PLAUSIBLE_EPOCH_MS } from "./epoch.js";
export { scanTimeOfDay } from "./scan-clock.js";
export {
  type FoundTimestamp,
  findTimestamp,
  type ScanOptions,
  scanTimestamp,
  zoneAbbreviationOffset,
} from "./scan-timestamp.js";
export { createTimeFields, daysInMonth, formatOffset, resetTimeFields, type TimeFields } from "./time-fields.js";
export { TimeResolver } from "./time-resolver.js";
