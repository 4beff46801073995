import type { RawEvent } from "../model/event.js";
import type { EvidenceSource } from "../model/evidence-source.js";
import { type EvidencePlan, type PlannedFile, planEvidence, type ReadEvidenceOptions } from "./plan-evidence.js";
import { readPlannedFile } from "./read-file.js";

/** Events handed to consumers per batch. */
export const EVENT_BATCH_SIZE = 2048;

/** A source being read: its record when done, and its events in file order, in batches. */
export interface EvidenceStream {
  /** Path as reported in events. */
  path: string;
  /** Resolves when the file has been read completely (after `events` is drained). */
  source: Promise<EvidenceSource>;
  /**
   * Events in file order (the order lines appear; nearly time-ordered for logs, series by series for metric
   * documents: the pipeline does not sort). Reading starts when this is first iterated; iterate it once, and start
   * iterating before awaiting `source` (a stream whose `source` is awaited first is read for its record only).
   */
  events: AsyncIterable<RawEvent[]>;
  /**
   * Events read but not yet taken by the consumer. The reader looks every `FEED_BYTES` bytes and pauses while
   * two batches wait, so this stays at about three batches plus one piece's lines however far ahead the file is:
   * what keeps a k-way merge's memory flat.
   */
  readonly buffered: number;
}

/**
 * One {@link EvidenceStream} per file, for consumers that merge sources (the timeline's k-way merge). Files are
 * read lazily and independently: iterate several `events` at once to merge them. Events come in batches of up to
 * {@link EVENT_BATCH_SIZE}, in file order; a reader pauses between chunks while its consumer has more than a few
 * batches waiting, so memory stays bounded.
 */
export async function streamEvidence(paths: string[], options: ReadEvidenceOptions = {}): Promise<EvidenceStream[]> {
  return streamPlannedEvidence(await planEvidence(paths, options), options);
}

/**
 * {@link streamEvidence} over a plan the caller already made (the timeline plans once to find the window and the
 * incident, and must not walk the folders and match every file's zone a second time).
 */
export function streamPlannedEvidence(plan: EvidencePlan, options: ReadEvidenceOptions = {}): EvidenceStream[] {
  return plan.files.map((file) => createStream(file, plan, options));
}

function createStream(file: PlannedFile, plan: EvidencePlan, options: ReadEvidenceOptions): EvidenceStream {
  const queue: RawEvent[][] = [];
  let batch: RawEvent[] = [];
  let done = false;
  let failure: unknown;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  let started: Promise<EvidenceSource> | undefined;
  // events are only buffered for a consumer that iterates them; awaiting `source` alone just counts them
  let attached = false;
  let resolveSource!: (s: EvidenceSource) => void;
  let rejectSource!: (e: unknown) => void;
  const source = new Promise<EvidenceSource>((res, rej) => {
    resolveSource = res;
    rejectSource = rej;
  });
  // a consumer that only awaits `source` must not see an unhandled rejection on the events side, and vice versa
  source.catch(() => undefined);
  const wake = (): void => {
    const w = wakeConsumer;
    wakeConsumer = undefined;
    w?.();
  };
  const start = (): Promise<EvidenceSource> => {
    started ??= readPlannedFile(file, plan, options, {
      event(e) {
        if (!attached) return;
        batch.push(e);
        if (batch.length >= EVENT_BATCH_SIZE) {
          queue.push(batch);
          batch = [];
          wake();
        }
      },
      drain() {
        if (!attached || queue.length < 2) return undefined;
        return new Promise<void>((res) => {
          wakeProducer = res;
        });
      },
    }).then(
      (s) => {
        if (batch.length > 0) queue.push(batch);
        batch = [];
        done = true;
        wake();
        resolveSource(s);
        return s;
      },
      (error: unknown) => {
        failure = error;
        done = true;
        wake();
        rejectSource(error);
        throw error;
      },
    );
    started.catch(() => undefined);
    return started;
  };
  return {
    path: file.path,
    get source() {
      start();
      return source;
    },
    get buffered() {
      let n = batch.length;
      for (const b of queue) n += b.length;
      return n;
    },
    events: {
      async *[Symbol.asyncIterator]() {
        attached = true;
        start();
        for (;;) {
          const next = queue.shift();
          if (next) {
            if (queue.length < 2 && wakeProducer) {
              const w = wakeProducer;
              wakeProducer = undefined;
              w();
            }
            yield next;
            continue;
          }
          if (done) {
            if (failure !== undefined) throw failure;
            return;
          }
          if (wakeProducer) {
            const w = wakeProducer;
            wakeProducer = undefined;
            w();
          }
          await new Promise<void>((res) => {
            wakeConsumer = res;
          });
        }
      },
    },
  };
}
