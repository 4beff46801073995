import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { PARALLEL_MIN_BYTES, prestartWorkers } from "../util/worker-prestart.js";

/** Options of `debrief timeline` whose next word is their value, not an evidence path. */
const VALUE_FLAGS: ReadonlySet<string> = new Set(["--from", "--to", "--format", "--tz", "--incident", "--threads"]);

/**
 * How many collect workers `debrief timeline ARGS` will start, guessed from its arguments before the CLI is loaded:
 * the rule of buildTimeline (one per file, at most one per core plus one, when there are two files or more and
 * {@link PARALLEL_MIN_BYTES} to read, or as `--threads` says). Only named regular files are counted: with a folder,
 * `--incident` alone or anything unclear the answer is 0, and the workers start when the plan needs them, as
 * before. A wrong guess costs time, never output: unused workers are not adopted.
 * @param args the words after `debrief`
 */
export function timelineWorkersToPrestart(args: readonly string[], cores = availableParallelism()): number {
  const command = args.findIndex((a) => !a.startsWith("-"));
  if (args[command] !== "timeline") return 0;
  let files = 0;
  let bytes = 0;
  let threads: number | undefined;
  for (let i = command + 1; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "-h" || a === "--help") return 0;
    if (a.startsWith("-")) {
      const eq = a.indexOf("=");
      const flag = eq < 0 ? a : a.slice(0, eq);
      const value = eq < 0 ? (VALUE_FLAGS.has(a) ? args[++i] : undefined) : a.slice(eq + 1);
      if (flag === "--threads") {
        threads = Number(value);
        if (!Number.isInteger(threads) || threads < 1) return 0;
      }
      continue;
    }
    const info = statSync(a, { throwIfNoEntry: false });
    if (!info?.isFile()) return 0;
    files++;
    bytes += info.size;
  }
  if (files < 2 || (threads === undefined && bytes < PARALLEL_MIN_BYTES)) return 0;
  const n = Math.min(files, threads ?? cores + 1);
  return n > 1 ? n : 0;
}

/** Start the collect workers `debrief timeline ARGS` will use (see {@link timelineWorkersToPrestart}). */
export function prestartTimelineWorkers(args: readonly string[], workerEntry: URL): void {
  let n = 0;
  try {
    n = timelineWorkersToPrestart(args);
  } catch {
    return; // an unreadable path: the CLI reports it
  }
  if (n > 0) prestartWorkers(workerEntry, n);
}
