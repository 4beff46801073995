import { Worker } from "node:worker_threads";

/**
 * Worker threads started before the code that needs them is loaded. A worker spends its first ~0.2 s of CPU loading
 * its modules; started by the launcher, that happens while the main thread loads the CLI and plans the reading,
 * instead of after it (`debrief timeline` on a 100 MiB two-file bundle: the workers were ready ~0.9 s after the
 * plan at load ~10). A pool adopts them with {@link takePrestartedWorker}; one nobody adopts is unreferenced, so it
 * never keeps the process alive, and ends with it.
 */

/** Total size of evidence from which reading in worker threads pays for starting them. */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

interface Prestarted {
  href: string;
  worker: Worker;
  /** Errored or exited before it was adopted: a pool starts a fresh one (and then sees the error itself). */
  failed: boolean;
}

// on globalThis: the launcher loads this module from dist/, a bundled pool has its own copy of it
const KEY = Symbol.for("debrief.prestartedWorkers");

function registry(): Prestarted[] {
  const g = globalThis as { [KEY]?: Prestarted[] };
  g[KEY] ??= [];
  return g[KEY];
}

/** Start `count` workers on the module `entry`, for a pool to adopt later. */
export function prestartWorkers(entry: URL, count: number): void {
  for (let i = 0; i < count; i++) {
    const worker = new Worker(entry);
    const slot: Prestarted = { href: entry.href, worker, failed: false };
    const fail = (): void => {
      slot.failed = true;
    };
    worker.on("error", fail);
    worker.on("exit", fail);
    worker.unref();
    registry().push(slot);
  }
}

/** A live prestarted worker on the module `entry`, now referenced again, or undefined when there is none. */
export function takePrestartedWorker(entry: URL): Worker | undefined {
  const list = registry();
  const at = list.findIndex((slot) => slot.href === entry.href && !slot.failed);
  if (at < 0) return undefined;
  const [slot] = list.splice(at, 1);
  slot?.worker.ref();
  return slot?.worker;
}
