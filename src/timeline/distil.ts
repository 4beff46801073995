import { toUtcInstant } from "../model/common.js";
import type { RawEvent } from "../model/event.js";
import type { EvidenceSource } from "../model/evidence-source.js";
import type { Durations, Finding, TemplateSummary, Timeline } from "../model/timeline.js";
import { MILESTONE_NAMES } from "../model/timeline.js";
import { buildAnalysis, type TimelineAnalysis } from "./analysis.js";
import { TimelineCollector } from "./collector.js";
import { type AnalysisContext, allNotables } from "./context.js";
import {
  gapFindings,
  metricShiftFindings,
  missingMilestoneFindings,
  missingSourceFindings,
  offsetFindings,
  signatureFindings,
  suspectChanges,
} from "./findings.js";
import { detectImpact } from "./impact.js";
import { impactFigures, type SloConfig } from "./impact-figures.js";
import { type EventStream, type MergeOptions, type MergeStats, mergeEventStreams } from "./merge.js";
import { findMilestones } from "./milestones.js";
import { withoutDuplicateLayers } from "./request-layers.js";
import { responseStory } from "./response-story.js";
import { buildRows } from "./rows.js";
import { detectOffsets, type SourceOffset } from "./skew.js";
import { verifyOffsets } from "./skew-consensus.js";
import { clockOffsets, offsetsFromEdges } from "./skew-edges.js";
import type { CollectedAggregates, CollectorOptions } from "./source-aggregates.js";
import { templateFacts } from "./template-facts.js";
import { createTemplateIndex, type TemplateIndex } from "./template-index.js";
import { assumedUtcPaths, inferZones, markAssumedUtc, zoneFindings, zoneSummaries } from "./zone-alignment-report.js";

/** Options of {@link distil} and {@link analyse}. */
export interface DistilOptions {
  /** Window start, epoch ms (default: the first event). Evidence before it still serves as baseline. */
  from?: number;
  /** Window end, epoch ms (default: the last event). */
  to?: number;
  /** Apply the clock offsets found between sources (`--correct-skew`). */
  correctSkew?: boolean;
  /** Known offsets in seconds per source path (positive: that clock runs ahead); always applied. */
  knownSkew?: Record<string, number>;
  /** Services of the incident (from the incident config), used to rank suspect changes. */
  services?: string[];
  /** Service-level objective from the incident config, for error-budget burn. */
  slo?: SloConfig;
  /** Inventory records of the sources (gaps reported by the readers, formats). */
  inventory?: EvidenceSource[];
  /** Inventory records that only exist once the streams are drained (file readers); awaited after the merge. */
  resolveInventory?: () => Promise<EvidenceSource[]>;
  /** More rows: every human chat message, more bursts (`--detail`). */
  detail?: boolean;
  /** Row budget; default 40, or 400 with `detail`. */
  maxRows?: number;
  /** Template index to use (default: a fresh {@link createTemplateIndex}). */
  templates?: TemplateIndex;
  merge?: MergeOptions;
  collector?: CollectorOptions;
  /** Called every so many events with the count so far (progress on stderr). */
  onProgress?: (events: number) => void;
}

/** A named stream of one source's events in file order. */
export interface NamedEventStream {
  /** Source path as it should appear in evidence references. */
  path: string;
  events: EventStream;
}

/** A distilled timeline plus the analysis the post-mortem draft uses (see {@link TimelineAnalysis}). */
export type DistilResult = Timeline & { analysis: TimelineAnalysis };

const EDGE_FORMAT = /nginx|apache|access|haproxy|envoy|elb|alb|traefik|caddy|cloudfront|ingress/i;

/**
 * Merge the streams, aggregate them in one pass, and distil the timeline. The events are never held all at once:
 * see collector.ts for what is kept.
 */
export async function distil(streams: readonly NamedEventStream[], options: DistilOptions = {}): Promise<DistilResult> {
  const collector = new TimelineCollector(options.templates ?? createTemplateIndex(), options.collector);
  for (const s of streams) collector.declareSource(s.path);
  const statsBox: { current?: MergeStats } = {};
  let nextProgress = 1_000_000;
  for await (const batch of mergeEventStreams(
    streams.map((s) => s.events),
    options.merge,
    statsBox,
  )) {
    for (const ev of batch) collector.add(ev);
    if (options.onProgress && collector.count >= nextProgress) {
      options.onProgress(collector.count);
      nextProgress += 1_000_000;
    }
  }
  const stats = statsBox.current ?? { events: 0, perSource: [], late: [], peakBuffered: 0 };
  const inventory = options.resolveInventory ? await options.resolveInventory() : options.inventory;
  return analyse(collector.finish(), stats, inventory ? { ...options, inventory } : options);
}

/** Distil in-memory events (tests, small inputs): grouped by path in the given order. */
export function distilEvents(events: readonly RawEvent[], options: DistilOptions = {}): Promise<DistilResult> {
  const byPath = new Map<string, RawEvent[]>();
  for (const e of events) {
    let list = byPath.get(e.path);
    if (!list) byPath.set(e.path, (list = []));
    list.push(e);
  }
  return distil(
    [...byPath.entries()].map(([path, evs]) => ({ path, events: [evs] })),
    options,
  );
}

/** A failure class of DNS queries (`SERVFAIL example.app`): see `dnsOutcome` in request-text.ts. */
const DNS_FAILURE_CLASS = /^(SERVFAIL|REFUSED|TIMEOUT|TIMED_?OUT|NOTAUTH|NOTIMP|FORMERR) /;

/** The analysis half of {@link distil}: from aggregates to the timeline. Pure and synchronous. */
export function analyse(agg: CollectedAggregates, merge: MergeStats, options: DistilOptions = {}): DistilResult {
  const inventory = options.inventory ?? [];
  // Zone-less sources first: one found in local time is shifted by its zone, and clock skew is then measured
  // among the others; zone questions about zone-less sources are the alignment's, not the skew detector's.
  const zones = inferZones(agg, inventory, options.knownSkew);
  const zoneShift = new Map(zones.filter((z) => z.status === "corrected").map((z) => [z.src, z.utcOffsetMinutes]));
  const zoneless = new Set(zones.map((z) => z.src));
  const skewSources = agg.sources.filter((s) => !zoneShift.has(s.index));
  const chained = detectOffsets(skewSources, agg.pairs);
  // request sources too sparse for second-by-second correlation still show one odd clock at the incident's edges
  const detected = {
    ...chained,
    offsets: clockOffsets(chained.offsets, zoneless, () =>
      offsetsFromEdges(skewSources.filter((s) => s.requestEvents > 0)),
    ),
  };
  // Offsets are applied with --correct-skew, or by default when a majority of sources outvotes the odd clock;
  // either way only when the sources then agree better (skew-consensus.ts).
  const verdicts = verifyOffsets(
    skewSources,
    detected.offsets,
    options.correctSkew === true ? "all" : options.correctSkew === false ? "none" : "consensus",
  );
  const offsetOf = new Map<number, SourceOffset>();
  for (const o of detected.offsets) if (!offsetOf.has(o.src)) offsetOf.set(o.src, o);
  const shiftMs = agg.sources.map((s) => {
    const known = options.knownSkew?.[s.path];
    if (known !== undefined) return known * 1000;
    const zone = zoneShift.get(s.index);
    if (zone !== undefined) return zone * 60_000;
    const found = offsetOf.get(s.index);
    return found && verdicts.get(s.index)?.applied ? found.offsetSeconds * 1000 : 0;
  });
  let dataStart = Number.POSITIVE_INFINITY;
  let dataEnd = Number.NEGATIVE_INFINITY;
  // The span of continuous sources (logs, metrics): a deploy history or git log reaching back weeks would
  // otherwise stretch the default window and the baseline over days nobody collected logs for.
  const continuous = agg.sources.filter((s) => (s.byKind.log ?? 0) + (s.byKind.metric ?? 0) > 0);
  for (const s of continuous.length > 0 ? continuous : agg.sources) {
    if (s.events === 0) continue;
    dataStart = Math.min(dataStart, s.first - (shiftMs[s.index] ?? 0));
    dataEnd = Math.max(dataEnd, s.last - (shiftMs[s.index] ?? 0));
  }
  if (!Number.isFinite(dataStart)) {
    dataStart = options.from ?? 0;
    dataEnd = options.to ?? dataStart;
  }
  const window = { start: options.from ?? dataStart, end: options.to ?? dataEnd };
  // by path, the first record of each (a search of the inventory per source was quadratic in the file count)
  const inventoryByPath = new Map<string, EvidenceSource>();
  for (const i of inventory) if (!inventoryByPath.has(i.path)) inventoryByPath.set(i.path, i);
  const edgeByFormat = agg.sources.filter((s) => {
    const inv = inventoryByPath.get(s.path);
    return inv !== undefined && EDGE_FORMAT.test(inv.format) && s.requestEvents > 0;
  });
  // DNS outcomes (a resolver's log, synthetic probes) are requests no HTTP log duplicates: they count beside it
  const dnsSources = agg.sources.filter(
    (s) => !edgeByFormat.includes(s) && [...s.failureClasses.keys()].some((k) => DNS_FAILURE_CLASS.test(k)),
  );
  // the same requests logged by two layers (a balancer and the proxy behind it, sharing request ids) count once
  const edgeSources = withoutDuplicateLayers(
    edgeByFormat.length > 0
      ? [...edgeByFormat, ...dnsSources]
      : agg.sources.filter((s) => s.requestEvents >= 10 && s.requestEvents >= 0.5 * (s.byKind.log ?? 0)),
    agg.pairs,
  );
  const ctx: AnalysisContext = {
    agg,
    shiftMs,
    window,
    dataStart,
    dataEnd,
    services: options.services ?? [],
    inventory,
    edgeSources,
    detail: options.detail ?? false,
  };

  const notables = allNotables(ctx);
  const impact = detectImpact(ctx, notables);
  const ms = findMilestones(ctx, impact, notables);
  const impactStart = impact.start?.time ?? null;
  // Novelty is judged against the evidence before the window when there is some (the definition), else
  // against everything before the impact, else against the first fifth of the evidence.
  const preWindow = window.start - dataStart >= 300_000;
  const baselineEnd = preWindow
    ? Math.min(window.start, impactStart ?? window.start)
    : (impactStart ?? dataStart + (dataEnd - dataStart) / 5);
  const facts = templateFacts(
    ctx,
    { start: dataStart, end: baselineEnd },
    impactStart !== null
      ? { start: baselineEnd, end: impact.end?.time ?? window.end }
      : { start: Math.max(window.start, baselineEnd), end: window.end },
  );
  const entries = markAssumedUtc(
    buildRows(ctx, notables, impact, ms, facts, { maxRows: options.maxRows ?? (ctx.detail ? 400 : 40) }),
    assumedUtcPaths(agg, inventory, zones),
  );

  const findings: Finding[] = [
    ...missingMilestoneFindings(ms),
    ...offsetFindings(ctx, detected.offsets, verdicts),
    ...zoneFindings(agg, zones),
    ...gapFindings(ctx),
    ...missingSourceFindings(ctx),
    ...suspectChanges(ctx, notables, impactStart, facts, ms.milestones.mitigated?.event ?? null, ms.attempts, {
      series: impact.series,
      ratio: impact.baseline?.ratio ?? false,
    }),
    ...signatureFindings(ctx, facts),
    ...metricShiftFindings(ctx, impact),
  ];

  const milestones: Timeline["milestones"] = {};
  for (const name of MILESTONE_NAMES) {
    const m = ms.milestones[name];
    if (!m) continue;
    milestones[name] = {
      time: toUtcInstant(m.time),
      confidence: Math.round(m.confidence * 100) / 100,
      evidence: m.evidence,
      rationale: m.rationale,
    };
  }
  const since = (name: (typeof MILESTONE_NAMES)[number]): number | null => {
    const m = ms.milestones[name];
    return m && impactStart !== null ? Math.round((m.time - impactStart) / 100) / 10 : null;
  };
  // One definition per duration across timeline, draft, report and insights (docs/durations.md): everything from
  // impact start, except time to acknowledge, which runs from the page (the paging tools' and insights' MTTA).
  const paged = ms.milestones.paged;
  const acked = ms.milestones.acknowledged;
  const durations: Durations = {
    timeToDetect: since("detected"),
    timeToAcknowledge: paged && acked ? Math.round((acked.time - paged.time) / 100) / 10 : null,
    timeToMitigate: since("mitigated"),
    timeToRecover: since("recovered"),
    timeToResolve: since("resolved"),
    impact: since("recovered"),
  };
  const templates: TemplateSummary[] = facts
    .filter((f) => f.count > 0 && Number.isFinite(f.first))
    .slice(0, ctx.detail ? 200 : 50)
    .map((f) => ({
      template: f.template,
      count: f.count,
      first: toUtcInstant(f.first),
      last: toUtcInstant(f.last),
      novel: f.novel || f.surge !== null,
    }));
  const analysis: TimelineAnalysis = buildAnalysis(
    ctx,
    impact,
    ms,
    facts,
    notables,
    detected.offsets,
    verdicts,
    merge,
    impactFigures(ctx, impact, notables, options.slo),
  );
  analysis.response = responseStory(ctx, notables, ms);
  if (zones.length > 0) analysis.zones = zoneSummaries(agg, zones);
  return {
    formatVersion: 1,
    window: { start: toUtcInstant(window.start), end: toUtcInstant(window.end) },
    milestones,
    durations,
    entries,
    findings,
    templates,
    analysis,
  };
}
