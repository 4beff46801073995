/**
 * The timeline engine: merge every evidence source into one UTC timeline and distil what a post-mortem needs —
 * rows, milestones, durations, findings and impact analysis — each traceable to evidence lines.
 * @module
 */
export type { TimelineAnalysis } from "./analysis.js";
export { type BuildTimelineOptions, buildTimeline, type TimelineResult } from "./build-timeline.js";
export {
  type BaselineEstimate,
  type DenseSeries,
  detectMetricShift,
  detectSegments,
  estimateBaseline,
  type MetricShift,
  mad,
  median,
  type Segment,
} from "./change-point.js";
export { TimelineCollector } from "./collector.js";
export {
  analyse,
  type DistilOptions,
  type DistilResult,
  distil,
  distilEvents,
  type NamedEventStream,
} from "./distil.js";
export {
  EventMerger,
  type EventStream,
  type MergeOptions,
  type MergeStats,
  mergeEventArrays,
  mergeEventStreams,
} from "./merge.js";
export { formatDuration, renderTimelineMarkdown } from "./render-markdown.js";
export { renderTimelineMermaid } from "./render-mermaid.js";
export { detectOffsets, looksLikeZoneOffset, type SourceOffset } from "./skew.js";
export type { CollectedAggregates, CollectorOptions } from "./source-aggregates.js";
export { createTemplateIndex, type TemplateIndex } from "./template-index.js";
