import type { EvidenceSource } from "../model/evidence-source.js";
import { runLargestFirst, startModuleWorker } from "../util/worker-pool.js";
import { defaultFormatRegistry } from "./formats/index.js";
import type { EvidencePlan, ReadEvidenceOptions } from "./plan-evidence.js";
import type { WorkerJob } from "./read-worker.js";

/**
 * True when a worker thread can rebuild the reading's format registry: the built-ins plus plugin formats that name
 * their module (a format object given without a module exists only in this thread).
 */
export function canReadInParallel(options: ReadEvidenceOptions): boolean {
  return (options.formats ?? defaultFormatRegistry()).portable;
}

/**
 * Inventory the plan's files on `threads` worker threads, biggest files first so the slowest one starts early.
 * Only for inventory (events are counted, not returned). Results come back in plan order, identical to
 * {@link readPlannedFile}'s.
 */
export async function readFilesInParallel(
  plan: EvidencePlan,
  options: ReadEvidenceOptions,
  threads: number,
  sizes: number[],
): Promise<EvidenceSource[]> {
  const jobOptions: WorkerJob["options"] = {};
  if (options.format !== undefined) jobOptions.format = options.format;
  if (options.maxLineBytes !== undefined) jobOptions.maxLineBytes = options.maxLineBytes;
  if (options.maxDocumentBytes !== undefined) jobOptions.maxDocumentBytes = options.maxDocumentBytes;
  const replies = await runLargestFirst<WorkerJob, { source: EvidenceSource }>({
    sizes,
    threads,
    startWorker: () => startModuleWorker(import.meta.url, "read-worker"),
    job: (index) => ({
      index,
      file: plan.files[index] as WorkerJob["file"],
      window: plan.window,
      options: jobOptions,
      formatModules: [...(options.formats?.modules ?? [])],
      progress: options.onProgress !== undefined,
    }),
    ...(options.onProgress ? { onProgress: options.onProgress as (p: unknown) => void } : {}),
  });
  return replies.map((r) => r.source);
}
