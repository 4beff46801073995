import { z } from "zod";
import { EvidenceRef, FORMAT_VERSION, IsoDate, Severity, TimeWindow, UtcInstant } from "./common.js";

/** Where a parsed element sits in its Markdown source (1-based, end exclusive column as in unist). */
export const SourcePosition = z.object({
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  endLine: z.number().int().positive(),
  endColumn: z.number().int().positive(),
});
/** See {@link SourcePosition}. */
export type SourcePosition = z.infer<typeof SourcePosition>;

/** Levels of contributing factor, from the proximate trigger to the organisation. */
export const FactorLevel = z.enum(["immediate", "contributing", "systemic"]);
/** See {@link FactorLevel}. */
export type FactorLevel = z.infer<typeof FactorLevel>;

/** Fishbone (Ishikawa) categories adapted to software operations. */
export const FactorCategory = z.enum([
  "change",
  "code",
  "configuration",
  "capacity",
  "dependency",
  "monitoring",
  "process",
  "people-and-training",
  "tooling",
  "environment",
  "other",
]);
/** See {@link FactorCategory}. */
export type FactorCategory = z.infer<typeof FactorCategory>;

/** A contributing factor, human-written or suggested from evidence. */
export const ContributingFactor = z.object({
  level: FactorLevel,
  category: FactorCategory.default("other"),
  text: z.string(),
  /** True when Debrief suggested it from evidence and no human has confirmed it. */
  suggested: z.boolean().default(false),
  evidence: z.array(EvidenceRef).default([]),
  position: SourcePosition.optional(),
});
/** See {@link ContributingFactor}. */
export type ContributingFactor = z.infer<typeof ContributingFactor>;

/** One step of a Five Whys chain. */
export const WhyStep = z.object({
  why: z.string(),
  because: z.string(),
  position: SourcePosition.optional(),
});
/** See {@link WhyStep}. */
export type WhyStep = z.infer<typeof WhyStep>;

/** A Five Whys chain from the problem statement to a systemic cause. */
export const WhyChain = z.object({
  problem: z.string().optional(),
  steps: z.array(WhyStep),
});
/** See {@link WhyChain}. */
export type WhyChain = z.infer<typeof WhyChain>;

/** Action item priority. */
export const Priority = z.enum(["P0", "P1", "P2", "P3", "P4"]);
/** See {@link Priority}. */
export type Priority = z.infer<typeof Priority>;

/** Action item status. */
export const ActionStatus = z.enum(["open", "in-progress", "done", "wont-do"]);
/** See {@link ActionStatus}. */
export type ActionStatus = z.infer<typeof ActionStatus>;

/**
 * An action item as a row of the Action Items table. Fields are the raw cell text where the document may hold
 * anything (lint judges them); normalised fields are filled when the text could be understood.
 */
export const ActionItem = z.object({
  /** `AI-001`. */
  id: z.string(),
  action: z.string(),
  owner: z.string().nullable(),
  /** Raw deadline text as written. */
  deadline: z.string().nullable(),
  priority: z.string().nullable(),
  status: z.string().nullable(),
  /** Ticket URL or key, e.g. `https://github.com/acme/api/issues/12`. */
  tracker: z.string().nullable(),
  position: SourcePosition.optional(),
});
/** See {@link ActionItem}. */
export type ActionItem = z.infer<typeof ActionItem>;

/** Lifecycle of the post-mortem document itself. */
export const PostmortemStatus = z.enum(["draft", "in-review", "approved", "published", "closed"]);
/** See {@link PostmortemStatus}. */
export type PostmortemStatus = z.infer<typeof PostmortemStatus>;

/** YAML front matter of `postmortem.md`. Unknown keys are kept (passthrough) so humans' additions survive. */
export const PostmortemFrontMatter = z
  .object({
    formatVersion: z.number().int().default(FORMAT_VERSION),
    id: z.string(),
    title: z.string(),
    severity: z.string(),
    status: PostmortemStatus.default("draft"),
    window: z.object({ start: z.string(), end: z.string().nullable().optional() }).optional(),
    services: z.array(z.string()).default([]),
    authors: z.array(z.string()).default([]),
    reviewers: z.array(z.string()).default([]),
    resolvedAt: z.string().nullable().optional(),
    distributedAt: z.string().nullable().optional(),
    followUpReview: z.string().nullable().optional(),
    tracker: z.string().nullable().optional(),
  })
  .passthrough();
/** See {@link PostmortemFrontMatter}. */
export type PostmortemFrontMatter = z.infer<typeof PostmortemFrontMatter>;

/** One row of a post-mortem's timeline table as written in the document. */
export const PostmortemTimelineRow = z.object({
  time: z.string(),
  event: z.string(),
  source: z.string(),
  actor: z.string(),
  position: SourcePosition.optional(),
});
/** See {@link PostmortemTimelineRow}. */
export type PostmortemTimelineRow = z.infer<typeof PostmortemTimelineRow>;

/** The standard sections, keyed for lookup; headings are matched loosely (see postmortem/sections). */
export const SectionKey = z.enum([
  "summary",
  "impact",
  "rootCause",
  "timeline",
  "contributingFactors",
  "fiveWhys",
  "whatWentWell",
  "whatWentWrong",
  "whereWeGotLucky",
  "lessonsLearned",
  "actionItems",
  "appendix",
]);
/** See {@link SectionKey}. */
export type SectionKey = z.infer<typeof SectionKey>;

/** A section of the document: its heading and its raw Markdown body. */
export const PostmortemSection = z.object({
  key: SectionKey.nullable(),
  heading: z.string(),
  depth: z.number().int(),
  /** The exact Markdown of the body, byte for byte. */
  markdown: z.string(),
  position: SourcePosition,
});
/** See {@link PostmortemSection}. */
export type PostmortemSection = z.infer<typeof PostmortemSection>;

/** The post-mortem as Debrief understands it. */
export const Postmortem = z.object({
  formatVersion: z.literal(FORMAT_VERSION).default(FORMAT_VERSION),
  frontMatter: PostmortemFrontMatter,
  sections: z.array(PostmortemSection),
  summary: z.string().nullable(),
  impact: z.record(z.string(), z.string()),
  rootCause: z.string().nullable(),
  timeline: z.array(PostmortemTimelineRow),
  factors: z.array(ContributingFactor),
  whys: WhyChain,
  whatWentWell: z.array(z.string()),
  whatWentWrong: z.array(z.string()),
  lessonsLearned: z.array(z.string()),
  actionItems: z.array(ActionItem),
  evidence: z.array(EvidenceRef),
});
/** See {@link Postmortem}. */
export type Postmortem = z.infer<typeof Postmortem>;

/** A post-mortem with front matter and sections but nothing read from them yet: where every reader starts. */
export function emptyPostmortem(frontMatter: PostmortemFrontMatter, sections: PostmortemSection[] = []): Postmortem {
  return {
    formatVersion: FORMAT_VERSION,
    frontMatter,
    sections,
    summary: null,
    impact: {},
    rootCause: null,
    timeline: [],
    factors: [],
    whys: { steps: [] },
    whatWentWell: [],
    whatWentWrong: [],
    lessonsLearned: [],
    actionItems: [],
    evidence: [],
  };
}

// Re-exported so consumers of the post-mortem shape get the primitives from one place.
export { IsoDate, Severity, TimeWindow, UtcInstant };
