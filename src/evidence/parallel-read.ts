import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { DebriefError, type DebriefErrorCode } from "../model/debrief-error.js";
import type { EvidenceSource } from "../model/evidence-source.js";
import { DOCUMENT_FORMATS } from "./formats/index.js";
import { LOG_FORMATS } from "./formats/logs/index.js";
import type { EvidencePlan, ReadEvidenceOptions } from "./read-evidence.js";
import type { WorkerJob, WorkerReply } from "./read-worker.js";

function startWorker(): Worker {
  const js = new URL("./read-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js);
  // running from TypeScript sources (tsx, benchmarks): Node 20 workers do not inherit the --import hook, so the
  // worker registers tsx itself before loading the .ts entry
  const ts = new URL("./read-worker.ts", import.meta.url).href;
  // the ESM entry of tsx's API (require.resolve would give the CommonJS one, whose register() cannot load hooks)
  const tsxRoot = dirname(createRequire(import.meta.url).resolve("tsx/package.json"));
  const tsx = pathToFileURL(join(tsxRoot, "dist", "esm", "api", "index.mjs")).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((m) => m.register()).then(() => import(${JSON.stringify(ts)}))`,
    {
      eval: true,
    },
  );
}

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
  const order = plan.files.map((_, i) => i).sort((a, b) => (sizes[b] ?? 0) - (sizes[a] ?? 0));
  const results: (EvidenceSource | undefined)[] = new Array(plan.files.length);
  const jobOptions: WorkerJob["options"] = {};
  if (options.format !== undefined) jobOptions.format = options.format;
  if (options.maxLineBytes !== undefined) jobOptions.maxLineBytes = options.maxLineBytes;
  if (options.maxDocumentBytes !== undefined) jobOptions.maxDocumentBytes = options.maxDocumentBytes;
  let next = 0;
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const worker = startWorker();
      let failed = false;
      const send = () => {
        const index = order[next++];
        if (index === undefined) {
          worker.postMessage(null);
          return;
        }
        const job: WorkerJob = {
          index,
          file: plan.files[index] as WorkerJob["file"],
          window: plan.window,
          options: jobOptions,
          progress: options.onProgress !== undefined,
        };
        worker.postMessage(job);
      };
      worker.on("message", (reply: WorkerReply) => {
        if ("progress" in reply) {
          options.onProgress?.(reply.progress);
          return;
        }
        if ("error" in reply) {
          failed = true;
          const e = reply.error;
          reject(
            new DebriefError(
              (e.code as DebriefErrorCode | undefined) ?? "INTERNAL",
              e.message,
              e.path ? { location: { path: e.path } } : {},
            ),
          );
          void worker.terminate();
          return;
        }
        results[reply.index] = reply.source;
        send();
      });
      worker.on("error", (error) => {
        failed = true;
        reject(error);
      });
      worker.on("exit", () => {
        if (!failed) resolve();
      });
      send();
    });
  await Promise.all(Array.from({ length: Math.max(1, Math.min(threads, plan.files.length)) }, runWorker));
  return results.map((s, i) => {
    if (!s) throw new DebriefError("INTERNAL", `no result for ${plan.files[i]?.path}`);
    return s;
  });
}
