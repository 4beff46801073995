import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DebriefError, isDebriefError } from "../model/debrief-error.js";
import { itemStream } from "./item-stream.js";

/** Drain a stream: every item in order, and the summary it returned. */
async function drain<Item, Summary>(
  stream: AsyncGenerator<readonly Item[], Summary, undefined>,
): Promise<{ items: Item[]; summary: Summary }> {
  const items: Item[] = [];
  for (let next = await stream.next(); ; next = await stream.next()) {
    if (next.done) return { items, summary: next.value };
    items.push(...next.value);
  }
}

/** A producer emitting `chunks` as a reader would: a burst of items, then an await (the next read), and so on. */
function producer(chunks: number[][]): (emit: (n: number) => void) => Promise<number> {
  return async (emit) => {
    let total = 0;
    for (const chunk of chunks) {
      for (const n of chunk) emit(n);
      total += chunk.length;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return total;
  };
}

describe("itemStream", () => {
  it("property: yields every item once, in order, then the producer's summary", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.integer(), { maxLength: 20 }), { maxLength: 10 }), async (chunks) => {
        const { items, summary } = await drain(itemStream(producer(chunks)));
        expect(items).toEqual(chunks.flat());
        expect(summary).toBe(chunks.flat().length);
      }),
      { numRuns: 50 },
    );
  });

  it("batches a burst: what arrived between two reads comes out together", async () => {
    const batches: number[][] = [];
    const stream = itemStream(producer([[1, 2, 3], [4], [5, 6]]));
    for (let next = await stream.next(); !next.done; next = await stream.next()) batches.push([...next.value]);
    expect(batches.flat()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(batches.length).toBeLessThanOrEqual(3);
  });

  it("throws the producer's error from next(), after the items it emitted", async () => {
    const stream = itemStream<number, void>(async (emit) => {
      emit(1);
      await new Promise<void>((resolve) => setImmediate(resolve));
      throw new DebriefError("INPUT_UNREADABLE", "disk went away");
    });
    const seen: number[] = [];
    let caught: unknown;
    try {
      for (let next = await stream.next(); !next.done; next = await stream.next()) seen.push(...next.value);
    } catch (error) {
      caught = error;
    }
    expect(seen).toEqual([1]);
    expect(isDebriefError(caught) && caught.code).toBe("INPUT_UNREADABLE");
  });

  it("a producer that fails before emitting anything fails the first next()", async () => {
    const stream = itemStream<number, void>(async () => {
      throw new DebriefError("USAGE", "bad input");
    });
    await expect(stream.next()).rejects.toThrow("bad input");
  });

  it("stops holding items once the consumer stops", async () => {
    let emitted = 0;
    const stream = itemStream<number, string>(async (emit) => {
      for (let i = 0; i < 5; i++) {
        emit(i);
        emitted++;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      return "done";
    });
    const first = await stream.next();
    expect(first.done).toBe(false);
    await stream.return(undefined as never);
    expect((await stream.next()).done).toBe(true);
    // the producer may run on, but nothing it emits is kept for a consumer that left
    await new Promise<void>((resolve) => setTimeout(resolve, 20));
    expect(emitted).toBe(5);
  });
});
