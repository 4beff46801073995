import { z } from "zod";
import { EvidenceRef, FORMAT_VERSION, TimeWindow, UtcInstant } from "./common.js";
import { EventKind } from "./event.js";

/** The milestones every post-mortem timeline must find (see shared/notes/postmortem-practice.md). */
export const MilestoneName = z.enum([
  "impactStart",
  "detected",
  "paged",
  "acknowledged",
  "mitigated",
  "recovered",
  "resolved",
]);
/** See {@link MilestoneName}. */
export type MilestoneName = z.infer<typeof MilestoneName>;

/** All milestone names in the order they normally happen. */
export const MILESTONE_NAMES: readonly MilestoneName[] = MilestoneName.options;

/** A milestone found in the evidence; absent milestones are not represented (never invented). */
export const Milestone = z.object({
  name: MilestoneName,
  time: UtcInstant,
  /** 0..1: how sure the engine is. */
  confidence: z.number().min(0).max(1),
  evidence: z.array(EvidenceRef).min(1),
  /** One line on why this moment was chosen. */
  rationale: z.string().optional(),
});
/** See {@link Milestone}. */
export type Milestone = z.infer<typeof Milestone>;

/** One row of the timeline table: Time | Event | Source | Actor. */
export const TimelineEntry = z.object({
  time: UtcInstant,
  event: z.string(),
  source: z.string(),
  actor: z.string().nullable(),
  kind: EventKind,
  /** How many raw events this row stands for (bursts are collapsed). */
  count: z.number().int().positive(),
  first: UtcInstant,
  last: UtcInstant,
  milestone: MilestoneName.nullable(),
  evidence: z.array(EvidenceRef).min(1),
  /** The time comes from a source whose timestamps carry no zone, read as UTC by assumption ("(assumed UTC)"). */
  assumedUtc: z.boolean().optional(),
});
/** See {@link TimelineEntry}. */
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** Kinds of finding the timeline engine reports. */
export const FindingKind = z.enum([
  "clock-skew",
  "timezone-mismatch",
  "gap",
  "missing-source",
  "suspect-change",
  "error-signature",
  "missing-milestone",
  "metric-shift",
]);
/** See {@link FindingKind}. */
export type FindingKind = z.infer<typeof FindingKind>;

/** Something the engine noticed that a post-mortem author should know. Fields that do not apply are omitted. */
export const Finding = z.object({
  kind: FindingKind,
  summary: z.string(),
  source: z.string().optional(),
  offsetSeconds: z.number().optional(),
  from: UtcInstant.optional(),
  to: UtcInstant.optional(),
  time: UtcInstant.optional(),
  evidence: z.array(EvidenceRef).optional(),
  /** Ranking score where findings of a kind are ranked (suspect changes). */
  score: z.number().optional(),
});
/** See {@link Finding}. */
export type Finding = z.infer<typeof Finding>;

/**
 * Durations in seconds (docs/durations.md); null when a milestone is missing. All run from impactStart except
 * `timeToAcknowledge`, which runs from the page (acknowledged − paged), as in insights' MTTA.
 */
export const Durations = z.object({
  timeToDetect: z.number().nullable(),
  timeToAcknowledge: z.number().nullable(),
  timeToMitigate: z.number().nullable(),
  timeToRecover: z.number().nullable(),
  timeToResolve: z.number().nullable(),
  impact: z.number().nullable(),
});
/** See {@link Durations}. */
export type Durations = z.infer<typeof Durations>;

/** A mined log template with its occurrence count. */
export const TemplateSummary = z.object({
  template: z.string(),
  count: z.number().int().nonnegative(),
  first: UtcInstant,
  last: UtcInstant,
  novel: z.boolean(),
});
/** See {@link TemplateSummary}. */
export type TemplateSummary = z.infer<typeof TemplateSummary>;

/** The distilled timeline: what `debrief timeline --json` prints. */
export const Timeline = z.object({
  formatVersion: z.literal(FORMAT_VERSION).default(FORMAT_VERSION),
  window: TimeWindow,
  milestones: z.partialRecord(
    MilestoneName,
    z.object({
      time: UtcInstant,
      confidence: z.number(),
      evidence: z.array(EvidenceRef),
      rationale: z.string().optional(),
    }),
  ),
  durations: Durations,
  entries: z.array(TimelineEntry),
  findings: z.array(Finding),
  templates: z.array(TemplateSummary),
});
/** See {@link Timeline}. */
export type Timeline = z.infer<typeof Timeline>;
