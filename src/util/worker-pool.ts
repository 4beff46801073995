import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { DebriefError, type DebriefErrorCode } from "../model/debrief-error.js";
import type { WorkerError } from "./worker-error.js";
import { takePrestartedWorker } from "./worker-prestart.js";

/**
 * Start a worker on a module that sits beside `base` (pass `import.meta.url`): the compiled `.js` when it exists
 * (one the launcher prestarted on it, if any: see worker-prestart.ts); from TypeScript sources (tsx, tests,
 * benchmarks) the `.ts`, with tsx registered first, because Node 20 workers do not inherit the parent's `--import`
 * hook.
 */
export function startModuleWorker(base: string, name: string): Worker {
  const js = new URL(`./${name}.js`, base);
  if (existsSync(fileURLToPath(js))) return takePrestartedWorker(js) ?? new Worker(js);
  const ts = new URL(`./${name}.ts`, base).href;
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

/** A worker's reply: a result for a job, a progress note, or a failure (errors cross threads as plain data). */
export type PoolReply<R> = ({ index: number } & R) | { progress: unknown } | { error: WorkerError };

/**
 * Run one job per item on at most `threads` workers, biggest items first so the longest job starts earliest (files
 * are the unit, and one large file otherwise finishes last on an idle machine). Each worker takes the next job when
 * it answers the previous one; `null` tells it to exit. The first failure rejects with a `DebriefError`.
 * @returns the replies, by item index
 */
export async function runLargestFirst<J, R>(options: {
  sizes: readonly number[];
  threads: number;
  startWorker: () => Worker;
  job: (index: number) => J;
  onProgress?: (progress: unknown) => void;
}): Promise<Array<{ index: number } & R>> {
  const count = options.sizes.length;
  const order = options.sizes.map((_, i) => i).sort((a, b) => (options.sizes[b] ?? 0) - (options.sizes[a] ?? 0));
  const results: Array<({ index: number } & R) | undefined> = new Array(count);
  let next = 0;
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const worker = options.startWorker();
      let failed = false;
      const send = () => {
        const index = order[next++];
        worker.postMessage(index === undefined ? null : options.job(index));
      };
      worker.on("message", (reply: PoolReply<R>) => {
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
        results[reply.index] = reply;
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
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.threads, count)) }, runWorker));
  return results.map((r, i) => {
    if (!r) throw new DebriefError("INTERNAL", `no result for job ${i}`);
    return r;
  });
}
