/**
 * Worker-thread entry of {@link collectInParallel}: reads one evidence file at a time and aggregates it with its
 * own {@link TimelineCollector}, then posts the file's inventory record and aggregates back. Not public API.
 * @module
 */
import { parentPort } from "node:worker_threads";
// the reader itself, not the evidence index: a worker needs none of the planning and inventory code
import { readPlannedFile } from "../evidence/read-evidence.js";
// types only: importing the reader worker module itself would start its message handler here
import type { FileJob } from "../evidence/read-worker.js";
import type { EvidenceSource } from "../model/evidence-source.js";
import { toWorkerError, type WorkerError } from "../util/worker-error.js";
import { TimelineCollector } from "./collector.js";
import type { CollectorOptions, MetricSeries, SourceAggregates } from "./source-aggregates.js";
import { createTemplateIndex } from "./template-index.js";

/** A job sent to a worker. */
export interface CollectJob extends FileJob {
  collector: CollectorOptions;
}

/** What a worker sends back for one file. */
export type CollectReply =
  | {
      index: number;
      source: EvidenceSource;
      aggregates: SourceAggregates | undefined;
      metrics: MetricSeries[];
      /** Worker-local cluster id → template text. */
      templates: Array<[number, string]>;
      /**
       * Request ids still waiting for a counterpart and their times, as two columns: tens of thousands of
       * `[id, ts, source]` triples cost the structured clone ~3x more than a string array and a Float64Array.
       */
      requestIds: { ids: string[]; ts: Float64Array };
      events: number;
    }
  | { index: number; error: WorkerError };

const port = parentPort;
if (port) {
  port.on("message", (job: CollectJob | null) => {
    if (job === null) {
      port.close();
      return;
    }
    const templates = createTemplateIndex();
    const collector = new TimelineCollector(templates, job.collector);
    collector.declareSource(job.file.path);
    readPlannedFile(job.file, { window: job.window }, job.options, { event: (e) => collector.add(e) }).then(
      (source) => {
        const agg = collector.finish();
        const used = new Set<number>();
        for (const s of agg.sources) for (const id of s.templates.keys()) used.add(id);
        port.postMessage({
          index: job.index,
          source,
          aggregates: agg.sources[0],
          metrics: agg.metrics,
          templates: [...used].map((id) => [id, templates.templateOf(id)] as [number, string]),
          requestIds: requestIdColumns(collector.pendingRequestIds()),
          events: agg.events,
        } satisfies CollectReply);
      },
      (error: unknown) => port.postMessage({ index: job.index, error: toWorkerError(error) } satisfies CollectReply),
    );
  });
}

/** The pending request ids as columns (one file's, so the source is the job's). */
function requestIdColumns(pending: Array<[string, number, number]>): { ids: string[]; ts: Float64Array } {
  const ids = new Array<string>(pending.length);
  const ts = new Float64Array(pending.length);
  pending.forEach(([id, t], i) => {
    ids[i] = id;
    ts[i] = t;
  });
  return { ids, ts };
}
