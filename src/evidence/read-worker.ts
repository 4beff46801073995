/**
 * Worker-thread entry of {@link readFilesInParallel}: reads the files it is sent with the built-in formats and posts
 * back each source record. Not part of the public API.
 * @module
 */
import { parentPort } from "node:worker_threads";
import { toWorkerError, type WorkerError } from "../util/worker-error.js";
import { type FormatRegistry, loadFormatRegistry } from "./format-registry.js";
import { defaultFormatRegistry } from "./formats/index.js";
import type { PlannedFile, ReadEvidenceOptions } from "./plan-evidence.js";
import { readPlannedFile } from "./read-file.js";

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
  /** Plugin format modules of the main thread's registry, imported here so both threads detect alike. */
  formatModules: string[];
}

/** A worker's answer. */
export type WorkerReply =
  | { index: number; source: import("../model/evidence-source.js").EvidenceSource }
  | { index: number; progress: import("./plan-evidence.js").EvidenceProgress }
  | { index: number; error: WorkerError };

const registries = new Map<string, Promise<FormatRegistry>>();

/** The registry for a job's plugin modules, loaded once per distinct list. */
function registryFor(modules: string[]): Promise<FormatRegistry> {
  const key = modules.join("\n");
  let r = registries.get(key);
  if (!r) {
    r = loadFormatRegistry(defaultFormatRegistry(), modules);
    registries.set(key, r);
  }
  return r;
}

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
    registryFor(job.formatModules ?? [])
      .then((formats) => readPlannedFile(job.file, { window: job.window }, { ...options, formats }))
      .then(
        (source) => port.postMessage({ index: job.index, source } satisfies WorkerReply),
        (error: unknown) => port.postMessage({ index: job.index, error: toWorkerError(error) } satisfies WorkerReply),
      );
  });
}
