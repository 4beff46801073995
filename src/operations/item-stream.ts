import { DebriefError } from "../model/debrief-error.js";

/**
 * Turn a producer that reports items through a callback (the evidence readers' `onEvent`, the miner's `onLine`) into
 * the async generator of a {@link StreamingOperation}: the items in order, in batches of what arrived since the
 * consumer last asked, then the producer's result. Items are held only until the consumer takes them, so memory
 * stays bounded by what the producer makes between two of its own awaits (one read chunk). When the consumer stops
 * early, later items are dropped; a producer failure is thrown from `next()`.
 * @param produce runs the producer, calling `emit` for each item, and resolves with the summary
 */
export async function* itemStream<Item, Summary>(
  produce: (emit: (item: Item) => void) => Promise<Summary>,
): AsyncGenerator<readonly Item[], Summary, undefined> {
  let batch: Item[] = [];
  let wake: (() => void) | undefined;
  let stopped = false;
  let settled = false;
  let outcome: { ok: true; summary: Summary } | { ok: false; error: unknown } | undefined;
  const awaken = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const emit = (item: Item): void => {
    if (stopped) return;
    batch.push(item);
    awaken();
  };
  const finished = produce(emit).then(
    (summary) => {
      outcome = { ok: true, summary };
    },
    (error: unknown) => {
      outcome = { ok: false, error };
    },
  );
  void finished.finally(() => {
    settled = true;
    awaken();
  });
  try {
    for (;;) {
      if (batch.length > 0) {
        const out = batch;
        batch = [];
        yield out;
        continue;
      }
      if (settled) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    await finished;
    if (!outcome) throw new DebriefError("INTERNAL", "item stream ended without an outcome");
    if (!outcome.ok) throw outcome.error;
    return outcome.summary;
  } finally {
    stopped = true;
  }
}
