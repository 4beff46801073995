/**
 * Worker-thread entry of {@link readFilesInParallel}: reads the files it is sent with the built-in formats and posts
 * back each source record. Not part of the public API.
 * @module
 */
import { parentPort } from "node:worker_threads";
import { isDebriefError } from "../model/debrief-error.js";
import { type PlannedFile, type ReadEvidenceOptions, readPlannedFile } from "./read-evidence.js";

/** A job sent to a worker. */
export interface WorkerJob {
  index: number;
  file: PlannedFile;
  window: { start: number; end: number } | undefined;
  options: Pick<ReadEvidenceOptions, "format" | "maxLineBytes" | "maxDocumentBytes">;
  /** Post progress messages while reading. */
  progress: boolean;
}

/** A worker's answer. */
export type WorkerReply =
  | { index: number; source: import("../model/evidence-source.js").EvidenceSource }
  | { index: number; progress: import("./read-evidence.js").EvidenceProgress }
  | { index: number; error: { message: string; code?: string; path?: string } };

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
      (error: unknown) => {
        const e = error as Error;
        port.postMessage({
          index: job.index,
          error: {
            message: e.message,
            ...(isDebriefError(error)
              ? { code: error.code, ...(error.location ? { path: error.location.path } : {}) }
              : {}),
          },
        } satisfies WorkerReply);
      },
    );
  });
}
