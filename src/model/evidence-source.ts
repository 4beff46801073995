import { z } from "zod";
import { FORMAT_VERSION, UtcInstant } from "./common.js";

/**
 * Where a source's time zone came from: the data, `--tz`, `debrief.yaml`, the UTC default (assumed), or `inferred`
 * by lining the zone-less source up with zoned ones (the timeline's `timezone-mismatch` finding says how).
 */
export const TimezoneOrigin = z.enum(["data", "flag", "config", "default", "inferred"]);
/** See {@link TimezoneOrigin}. */
export type TimezoneOrigin = z.infer<typeof TimezoneOrigin>;

/** One example of a skipped line, kept short so reports stay readable. */
export const SkipExample = z.object({
  line: z.number().int().nonnegative(),
  reason: z.string(),
  excerpt: z.string(),
});
/** See {@link SkipExample}. */
export type SkipExample = z.infer<typeof SkipExample>;

/** Counted skips for one source: nothing is dropped silently. */
export const SkipAccount = z.object({
  total: z.number().int().nonnegative(),
  byReason: z.record(z.string(), z.number().int().nonnegative()),
  examples: z.array(SkipExample),
});
/** See {@link SkipAccount}. */
export type SkipAccount = z.infer<typeof SkipAccount>;

/** A silence in a source far longer than its usual interval. */
export const SourceGap = z.object({ from: UtcInstant, to: UtcInstant });
/** See {@link SourceGap}. */
export type SourceGap = z.infer<typeof SourceGap>;

/** The inventory record for one evidence file; the original bytes are never modified. */
export const EvidenceSource = z.object({
  formatVersion: z.literal(FORMAT_VERSION).default(FORMAT_VERSION),
  path: z.string(),
  /** Detected or forced format id, e.g. `nginx-combined`, `json-log`, `prometheus-json`. */
  format: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  lines: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  skipped: SkipAccount,
  first: UtcInstant.nullable(),
  last: UtcInstant.nullable(),
  /** IANA zone name or a fixed offset like `+02:00`; `UTC` when the data says Z. */
  timezone: z.string(),
  timezoneAssumed: z.boolean(),
  timezoneOrigin: TimezoneOrigin.optional(),
  gaps: z.array(SourceGap),
  /** Text encoding the file was decoded with. */
  encoding: z.string().optional(),
  /** Problems that affect the whole file (truncated gzip, undecodable bytes). */
  warnings: z.array(z.string()).optional(),
});
/** See {@link EvidenceSource}. */
export type EvidenceSource = z.infer<typeof EvidenceSource>;
