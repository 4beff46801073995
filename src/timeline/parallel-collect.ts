import type { EvidencePlan, ReadEvidenceOptions } from "../evidence/index.js";
import { DebriefError } from "../model/debrief-error.js";
import type { EvidenceSource } from "../model/evidence-source.js";
import { runLargestFirst, startModuleWorker } from "../util/worker-pool.js";
import type { CollectJob, CollectReply } from "./collect-worker.js";
import type { MergeStats } from "./merge.js";
import {
  type CollectedAggregates,
  type CollectorOptions,
  emptySourceAggregates,
  type MetricSeries,
  type PairSamples,
  type SourceAggregates,
} from "./source-aggregates.js";
import type { TemplateIndex } from "./template-index.js";

/**
 * Parallel collection: every file is read and aggregated in a worker thread, and the per-file aggregates are
 * combined here. This is the same result as the streaming k-way merge path for everything the analysis uses —
 * the aggregates are per source and keyed by time (seconds, minutes, bursts), so the order events meet in does not
 * change them — with two differences: each worker mines its own templates (combined by template text), and
 * request ids are matched across files after reading instead of while reading.
 */

/** Template ids assigned per distinct template text, for aggregates that come from several miners. */
class TextTemplateIndex implements TemplateIndex {
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];
  add(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(text);
      this.ids.set(text, id);
    }
    return id;
  }
  templateOf(id: number): string {
    return this.texts[id] ?? "";
  }
  get size(): number {
    return this.texts.length;
  }
}

/** Result of {@link collectInParallel}. */
export interface ParallelCollection {
  aggregates: CollectedAggregates;
  stats: MergeStats;
  sources: EvidenceSource[];
}

/** Read and aggregate the plan's files on `threads` worker threads (biggest files first). */
export async function collectInParallel(
  plan: EvidencePlan,
  options: Pick<ReadEvidenceOptions, "format" | "maxLineBytes" | "maxDocumentBytes">,
  collector: CollectorOptions,
  threads: number,
  sizes: number[],
): Promise<ParallelCollection> {
  const replies = await runLargestFirst<CollectJob, Extract<CollectReply, { source: EvidenceSource }>>({
    sizes,
    threads,
    startWorker: () => startModuleWorker(import.meta.url, "collect-worker"),
    job: (index) => ({
      index,
      file: plan.files[index] as CollectJob["file"],
      window: plan.window,
      options,
      collector,
    }),
  });

  const templates = new TextTemplateIndex();
  const sources: SourceAggregates[] = [];
  const metrics: MetricSeries[] = [];
  const pending = new Map<string, { ts: number; src: number }>();
  const pairs = new Map<string, PairSamples>();
  const inventory: EvidenceSource[] = [];
  let events = 0;
  replies.forEach((reply, index) => {
    if (!reply) throw new DebriefError("INTERNAL", `no result for ${plan.files[index]?.path}`);
    inventory.push(reply.source);
    events += reply.events;
    const local = new Map(reply.templates);
    const agg: SourceAggregates = reply.aggregates ?? emptySourceAggregates(plan.files[index]?.path ?? "");
    agg.index = index;
    for (const n of agg.notables) n.src = index;
    const remapped = new Map<number, typeof agg.templates extends Map<number, infer V> ? V : never>();
    for (const [id, t] of agg.templates) {
      const gid = templates.add(local.get(id) ?? "");
      const prev = remapped.get(gid);
      if (prev) {
        // two local clusters with one final template: fold them
        prev.count += t.count;
        if (t.details) prev.details = (prev.details ?? 0) + t.details;
        prev.first = Math.min(prev.first, t.first);
        prev.last = Math.max(prev.last, t.last);
        for (const [m, c] of t.perMinute) prev.perMinute.set(m, (prev.perMinute.get(m) ?? 0) + c);
        prev.bursts.push(...t.bursts);
        prev.bursts.sort((a, b) => a.first - b.first);
      } else remapped.set(gid, { ...t, id: gid });
    }
    agg.templates = remapped;
    sources.push(agg);
    for (const m of reply.metrics) metrics.push({ ...m, src: index });
    const { ids, ts: times } = reply.requestIds;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as string;
      const ts = times[i] as number;
      const other = pending.get(id);
      if (!other) {
        pending.set(id, { ts, src: index });
        continue;
      }
      if (other.src === index) continue;
      const key = `${other.src}:${index}`;
      let p = pairs.get(key);
      if (!p) pairs.set(key, (p = { a: other.src, b: index, offsets: [] }));
      if (p.offsets.length < 50_000) p.offsets.push(ts - other.ts);
      pending.delete(id);
    }
  });
  const perSource = sources.map((s) => s.events);
  return {
    aggregates: { sources, metrics, pairs: [...pairs.values()], templates, events },
    stats: { events, perSource, late: perSource.map(() => 0), peakBuffered: 0 },
    sources: inventory,
  };
}
