import { z } from "zod";

/** Version of every persisted Debrief document shape; bump when a breaking change is made. */
export const FORMAT_VERSION = 1 as const;

/** An ISO-8601 instant in UTC with millisecond precision, e.g. `2025-02-09T10:05:23.000Z`. */
export const UtcInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, "expected a UTC instant like 2025-02-09T10:05:23.000Z");
/** See {@link UtcInstant}. */
export type UtcInstant = z.infer<typeof UtcInstant>;

/** A calendar date `YYYY-MM-DD` that exists. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date like 2025-03-01")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, "not a real calendar date");
/** See {@link IsoDate}. */
export type IsoDate = z.infer<typeof IsoDate>;

/** A pointer to the exact evidence line that proves something. */
export const EvidenceRef = z.object({
  /** Path of the evidence file, relative to the incident folder when there is one. */
  path: z.string(),
  /** 1-based line where the event starts (in decompressed text for .gz files). */
  line: z.number().int().nonnegative(),
});
/** See {@link EvidenceRef}. */
export type EvidenceRef = z.infer<typeof EvidenceRef>;

/** Incident severity; SEV1 is the worst. */
export const Severity = z.enum(["SEV1", "SEV2", "SEV3", "SEV4", "SEV5"]);
/** See {@link Severity}. */
export type Severity = z.infer<typeof Severity>;

/** A closed UTC interval. */
export const TimeWindow = z.object({ start: UtcInstant, end: UtcInstant });
/** See {@link TimeWindow}. */
export type TimeWindow = z.infer<typeof TimeWindow>;

/** Format an epoch-millisecond number as a {@link UtcInstant}. */
export function toUtcInstant(epochMs: number): UtcInstant {
  return new Date(epochMs).toISOString();
}
