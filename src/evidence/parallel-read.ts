import type { EvidenceSource } from "../model/evidence-source.js";
import { runLargestFirst, startModuleWorker } from "../util/worker-pool.js";
import { DOCUMENT_FORMATS } from "./formats/index.js";
import { LOG_FORMATS } from "./formats/logs/index.js";
import type { EvidencePlan, ReadEvidenceOptions } from "./read-evidence.js";
import type { WorkerJob } from "./read-worker.js";

/** True when every format the files may need exists in a fresh worker (runtime-registered formats do not). */
export function canReadInParallel(options: ReadEvidenceOptions): boolean {
  if (options.format === undefined) return true;
  return [...DOCUMENT_FORMATS, ...LOG_FORMATS].some((f) => f.id === options.format);
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
      progress: options.onProgress !== undefined,
    }),
    ...(options.onProgress ? { onProgress: options.onProgress as (p: unknown) => void } : {}),
  });
  return replies.map((r) => r.source);
}
