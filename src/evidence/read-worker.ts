/**
 * Worker-thread entry of {@link readFilesInParallel}: reads the files it is sent with the built-in formats and posts
 * back each source record. Not part of the public API.
 * @module
 */
import { parentPort } from "node:worker_threads";
import { toWorkerError, type WorkerError } from "../util/worker-error.js";
import { type PlannedFile, type ReadEvidenceOptions, readPlannedFile } from "./read-evidence.js";

/** One file to read on a worker thread: what every evidence worker's job carries. */
export interface FileJob {
  /** Position of the file in the plan; replies carry it back. */
  index: number;
  file: PlannedFile;
  window: { start: number; end: number } | undefined;
  options: Pick<ReadEvidenceOptions, "format" | "maxLineBytes" | "maxDocumentBytes">;
}

/** A job sent to a reader worker. */
export interface WorkerJob extends FileJob {
  /** Post progress messages while reading. */
  progress: boolean;
}

/** A worker's answer. */
export type WorkerReply =
  | { index: number; source: import("../model/evidence-source.js").EvidenceSource }
  | { index: number; progress: import("./read-evidence.js").EvidenceProgress }
  | { index: number; error: WorkerError };

const port = parentPort;
if (port) {
  port.on("message", (job: WorkerJob | null) => {
    if (job === null) {
      port.close();
      return;
    }
    const options: ReadEvidenceOptions = { ...job.options };
    if (job.progress)
      options.onProgress = (progress) => port.postMessage({ index: job.index, progress } satisfies WorkerReply);
    readPlannedFile(job.file, { window: job.window }, options).then(
      (source) => port.postMessage({ index: job.index, source } satisfies WorkerReply),
      (error: unknown) => port.postMessage({ index: job.index, error: toWorkerError(error) } satisfies WorkerReply),
    );
  });
}
