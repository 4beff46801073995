/**
 * The normalised severities as plain data, lowest first: {@link EventSeverity} (event.ts) is the schema made from
 * them. Code on the reading hot path imports the rank from here, so a worker thread that reads evidence never loads
 * the schema library (~95 modules of zod, about half of a collect worker's start-up).
 * @module
 */

/** Every normalised severity, in rank order (trace 0 … fatal 7). */
export const EVENT_SEVERITIES = ["trace", "debug", "info", "notice", "warning", "error", "critical", "fatal"] as const;

/** Rank of each severity, in the enum's order (trace 0 … fatal 7): compare severities by it. */
export const SEVERITY_RANK = Object.fromEntries(EVENT_SEVERITIES.map((s, i) => [s, i])) as Record<
  (typeof EVENT_SEVERITIES)[number],
  number
>;
