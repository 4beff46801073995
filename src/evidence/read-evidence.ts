import { stat } from "node:fs/promises";
import type { RawEvent } from "../model/event.js";
import type { EvidenceSource } from "../model/evidence-source.js";
import { PARALLEL_MIN_BYTES } from "../util/worker-prestart.js";
import { canReadInParallel, readFilesInParallel } from "./parallel-read.js";
import { type EvidencePlan, planEvidence, type ReadEvidenceOptions } from "./plan-evidence.js";
import { readPlannedFile } from "./read-file.js";

/*
 * The evidence pipeline's entry points, in three parts: planning (plan-evidence.ts: which files, which zone, which
 * incident), reading one file (read-file.ts with file-decoder.ts: checksum, gzip, detection, parsing, accounting) and
 * streaming (stream-evidence.ts: per-file event streams with backpressure for the timeline's merge).
 */
export {
  type EvidencePlan,
  type EvidenceProgress,
  type PlannedFile,
  planEvidence,
  type ReadEvidenceOptions,
} from "./plan-evidence.js";
export { DEFAULT_MAX_DOCUMENT_BYTES, type EventSink, FEED_BYTES, GAP_KINDS, readPlannedFile } from "./read-file.js";
export { EVENT_BATCH_SIZE, type EvidenceStream, streamEvidence, streamPlannedEvidence } from "./stream-evidence.js";

// Below this total size, inventoryEvidence reads in-process even when threads are allowed (and a timeline merges in
// one stream); the launcher's guess of a timeline's workers uses the same threshold.
export { PARALLEL_MIN_BYTES };

/**
 * Read every file under `paths` and return its inventory record (format, checksum, counts, skips, first/last, gaps,
 * zone). Events are parsed and counted but not kept.
 */
export async function inventoryEvidence(paths: string[], options: ReadEvidenceOptions = {}): Promise<EvidenceSource[]> {
  const threads = options.threads ?? 1;
  const plan = await planEvidence(paths, options);
  if (threads > 1 && plan.files.length > 1 && canReadInParallel(options)) {
    const sizes = await Promise.all(plan.files.map(async (f) => (await stat(f.absolute)).size));
    // starting a worker costs tens of milliseconds: only worth it when there is real work to share
    if (sizes.reduce((a, b) => a + b, 0) >= PARALLEL_MIN_BYTES)
      return readFilesInParallel(plan, options, threads, sizes);
  }
  const sources: EvidenceSource[] = [];
  for (const file of plan.files) sources.push(await readPlannedFile(file, plan, options));
  return sources;
}

/**
 * Read every file under `paths`, calling `onEvent` for each event in file order (files one after another, in the
 * order given, folders sorted by name). Memory stays bounded: events are not collected.
 */
export async function readEvidence(
  paths: string[],
  options: ReadEvidenceOptions & { onEvent?: (event: RawEvent) => void } = {},
): Promise<{ sources: EvidenceSource[]; plan: EvidencePlan }> {
  const plan = await planEvidence(paths, options);
  const sources: EvidenceSource[] = [];
  for (const file of plan.files) {
    sources.push(await readPlannedFile(file, plan, options, { event: options.onEvent }));
  }
  return { sources, plan };
}
