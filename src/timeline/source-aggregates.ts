import type { EventKind, EventSeverity } from "../model/event.js";
import type { FailedTransactions } from "./failure-accounting.js";
import { emptyTransactions } from "./failure-accounting.js";
import { createSecondTable, type SecondTable } from "./second-table.js";
import type { TemplateIndex } from "./template-index.js";

/*
 * The shapes the streaming collector ({@link TimelineCollector}) fills: per-source aggregates, template bursts,
 * notable events, metric series and cross-source request-id pairs.
 */

/** A run of one template in one source, with pauses shorter than the burst gap. */
export interface Burst {
  first: number;
  last: number;
  count: number;
  firstLine: number;
  lastLine: number;
}

/** Aggregates of one template in one source. */
export interface TemplateAgg {
  id: number;
  count: number;
  first: number;
  last: number;
  /** Worst severity seen. */
  severity: EventSeverity | null;
  /** Occurrences per minute (key: epoch minute). */
  perMinute: Map<number, number>;
  bursts: Burst[];
  /**
   * Occurrences that are detail lines of another record (`attributes.detailOf`: PostgreSQL's DETAIL/HINT/STATEMENT
   * lines): part of that record, not lines the source wrote of its own accord. Absent means none.
   */
  details?: number;
  /** Example message (the first seen). */
  example: string;
  service: string | null;
  host: string | null;
}

/** An event kept whole because post-mortem rows are made of them: alerts, pages, chat, changes, k8s events. */
export interface NotableEvent {
  ts: number;
  src: number;
  line: number;
  kind: EventKind;
  severity: EventSeverity | null;
  service: string | null;
  host: string | null;
  actor: string | null;
  message: string;
  attributes: Record<string, unknown>;
}

/** One metric series. */
export interface MetricSeries {
  series: string;
  name: string;
  src: number;
  ts: number[];
  values: number[];
  /** Line of each point, for evidence. */
  lines: number[];
}

/** Request counts per minute for one endpoint or host. */
export interface KeyedMinuteCounts {
  /** minute → [requests, failures] */
  perMinute: Map<number, [number, number]>;
  requests: number;
  failures: number;
}

/** Failures of one class in one minute. */
export interface FailureMinute {
  count: number;
  /** First failure of the minute (raw ms) and its line: where an incident class's impact starts. */
  first: number;
  firstLine: number;
  last: number;
  lastLine: number;
  lastMsg: string;
}

/** Aggregates of one source. */
export interface SourceAggregates {
  index: number;
  path: string;
  events: number;
  first: number;
  last: number;
  byKind: Partial<Record<EventKind, number>>;
  /** Events that carried an HTTP status (so the source is a request log). */
  requestEvents: number;
  healthChecks: number;
  /** Counts per second (see second-table.ts). */
  seconds: SecondTable;
  templates: Map<number, TemplateAgg>;
  notables: NotableEvent[];
  notablesDropped: number;
  endpoints: Map<string, KeyedMinuteCounts>;
  /**
   * Failed requests by class (`status endpoint`), per minute, with the last failure of each minute: lets the
   * analysis follow the incident's own failures into a tail where the total error rate already looks normal.
   */
  failureClasses: Map<string, Map<number, FailureMinute>>;
  /** Service named by the first failure of each class (`status endpoint` → service), when the log names one. */
  classServices: Map<string, string>;
  /** Failed transactions (amounts, users) seen on failed requests and error lines: see failure-accounting.ts. */
  transactions: FailedTransactions;
  hosts: Map<string, KeyedMinuteCounts>;
  /** First failed request line seen per second is in `seconds`; this is the service seen most. */
  services: Map<string, number>;
}

/** Offsets observed between two sources for the same request id (ms, `b.ts - a.ts`). */
export interface PairSamples {
  a: number;
  b: number;
  offsets: number[];
}

/** Tuning knobs of the collector. */
export interface CollectorOptions {
  /** A pause longer than this splits a template's occurrences into separate bursts; default 60 s. */
  burstGapMs?: number;
  /** Notable events kept per source; default 20,000. */
  maxNotablesPerSource?: number;
  /** Request ids remembered while looking for their counterpart in another source; default 200,000. */
  maxPendingRequestIds?: number;
  /** Points kept per metric series (older points are thinned past it); default 20,000. */
  maxPointsPerSeries?: number;
  /** Bursts kept per template and source; default 400. */
  maxBurstsPerTemplate?: number;
  /** Distinct endpoints and hosts tracked per source; default 500 each. */
  maxKeys?: number;
}

/** What the collector hands to the analysis. */
export interface CollectedAggregates {
  sources: SourceAggregates[];
  metrics: MetricSeries[];
  pairs: PairSamples[];
  templates: TemplateIndex;
  /** Events seen in total. */
  events: number;
}

/**
 * A copy of `text` (at most `max` characters) that owns its memory. Readers cut messages out of big chunks of the
 * file, and V8 keeps the whole chunk alive for as long as any slice of it is referenced: keeping one message per
 * second that way would retain the whole file.
 */
export function ownString(text: string, max = 500): string {
  const cut = text.length > max ? `${text.slice(0, max - 3)}...` : text;
  // Slicing a concatenation makes V8 flatten it into a new string first: a copy without the Buffer round trip,
  // which cost ~5% of reading a JSON log. That round trip also turns lone surrogates into U+FFFD, so text with any
  // surrogate still takes it and reads exactly as before.
  if (!SURROGATE.test(cut)) return ` ${cut}`.slice(1);
  return Buffer.from(cut, "utf8").toString("utf8");
}

const SURROGATE = /[\ud800-\udfff]/;

/** Aggregates of a source that has seen nothing yet. */
export function emptySourceAggregates(path: string, index = 0): SourceAggregates {
  return {
    index,
    path,
    events: 0,
    first: Number.POSITIVE_INFINITY,
    last: Number.NEGATIVE_INFINITY,
    byKind: {},
    requestEvents: 0,
    healthChecks: 0,
    seconds: createSecondTable(),
    templates: new Map(),
    notables: [],
    notablesDropped: 0,
    endpoints: new Map(),
    failureClasses: new Map(),
    classServices: new Map(),
    transactions: emptyTransactions(),
    hosts: new Map(),
    services: new Map(),
  };
}
