import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bump,
  columnTotal,
  createSecondTable,
  ERRORS,
  EVENTS,
  eachSecond,
  FAILURES,
  mark,
  markFailure,
  PAGE_SECONDS,
  pageFor,
  REQUESTS,
  type SecondCounts,
  secondCounts,
  secondsWithEvents,
  slotOf,
} from "./second-table.js";

interface Occurrence {
  ts: number;
  line: number;
  kind: "event" | "request" | "failure" | "error";
}

/** The table filled the way the collector fills it. */
function fill(occurrences: Occurrence[]) {
  const table = createSecondTable();
  for (const o of occurrences) {
    const sec = Math.floor(o.ts / 1000);
    const page = pageFor(table, sec);
    const at = slotOf(sec);
    bump(page, at + EVENTS);
    if (o.kind === "request" || o.kind === "failure") bump(page, at + REQUESTS);
    if (o.kind === "failure") {
      bump(page, at + FAILURES);
      markFailure(table, sec, o.ts, o.line, `GET /x ${o.line}`, (t) => `${t}`);
    }
    if (o.kind === "error") {
      bump(page, at + ERRORS);
      mark(table.errors, sec, o.ts, o.line);
    }
  }
  return table;
}

/** The obvious model: one object per second, first = earliest (first seen on ties), last = latest (last seen). */
function model(occurrences: Occurrence[]): Map<number, SecondCounts> {
  const out = new Map<number, SecondCounts>();
  for (const o of occurrences) {
    const sec = Math.floor(o.ts / 1000);
    const b = out.get(sec) ?? {
      events: 0,
      requests: 0,
      failures: 0,
      errors: 0,
      firstFail: 0,
      firstFailLine: 0,
      lastFail: 0,
      lastFailLine: 0,
      firstFailMsg: "",
      lastFailMsg: "",
      firstErr: 0,
      firstErrLine: 0,
      lastErr: 0,
      lastErrLine: 0,
    };
    out.set(sec, b);
    b.events++;
    if (o.kind === "request" || o.kind === "failure") b.requests++;
    if (o.kind === "failure") {
      if (b.failures === 0 || o.ts < b.firstFail) {
        b.firstFail = o.ts;
        b.firstFailLine = o.line;
        b.firstFailMsg = `GET /x ${o.line}`;
      }
      if (b.failures === 0 || o.ts >= b.lastFail) {
        b.lastFail = o.ts;
        b.lastFailLine = o.line;
        b.lastFailMsg = `GET /x ${o.line}`;
      }
      b.failures++;
    }
    if (o.kind === "error") {
      if (b.errors === 0 || o.ts < b.firstErr) {
        b.firstErr = o.ts;
        b.firstErrLine = o.line;
      }
      if (b.errors === 0 || o.ts >= b.lastErr) {
        b.lastErr = o.ts;
        b.lastErrLine = o.line;
      }
      b.errors++;
    }
  }
  return out;
}

// Times around the epoch (negative seconds), around page edges, and years apart (sparse pages).
const time = fc.oneof(
  fc.integer({ min: -3_000_000, max: 3_000_000 }),
  fc.integer({ min: 0, max: 5 }).map((k) => 1_739_059_200_000 + k * PAGE_SECONDS * 1000 - 1 + (k % 2)),
  fc.integer({ min: 1_000_000_000_000, max: 2_000_000_000_000 }),
);
const occurrences = fc.array(
  fc.record({ ts: time, line: fc.nat(1_000_000), kind: fc.constantFrom("event", "request", "failure", "error") }),
  { maxLength: 300 },
) as fc.Arbitrary<Occurrence[]>;

describe("second table", () => {
  it("holds exactly what one object per second would, in time order", () => {
    fc.assert(
      fc.property(occurrences, (occ) => {
        const table = fill(occ);
        const expected = [...model(occ)].sort((a, b) => a[0] - b[0]);
        const counters = ([sec, b]: [number, SecondCounts]) => [
          sec,
          { events: b.events, requests: b.requests, failures: b.failures, errors: b.errors },
        ];
        expect([...eachSecond(table)]).toEqual(expected.map(counters));
        expect(secondsWithEvents(table)).toEqual(expected.map(([sec]) => sec));
        for (const [sec, b] of expected) expect(secondCounts(table, sec)).toEqual(b);
        expect([...eachSecond(table)].map(([sec, b]) => [sec, b.errors])).toEqual(
          expected.map(([sec, b]) => [sec, b.errors]),
        );
        expect(columnTotal(table, FAILURES)).toBe(expected.reduce((t, [, b]) => t + b.failures, 0));
      }),
      { numRuns: 300 },
    );
  });

  it("has nothing for a second without events, even on an existing page", () => {
    const table = fill([{ ts: 1_739_059_200_000, line: 1, kind: "event" }]);
    expect(secondCounts(table, 1_739_059_201)).toBeUndefined();
    expect(secondCounts(table, 0)).toBeUndefined();
  });

  it("costs one page per 256 seconds of a busy source and at most one page per event of a sparse one", () => {
    const busy = fill(
      Array.from({ length: 36_000 }, (_, i) => ({ ts: 1_739_059_200_000 + i * 500, line: i, kind: "event" as const })),
    );
    const [first, last] = [1_739_059_200, 1_739_059_200 + 17_999]; // 5 hours
    expect(busy.pages.size).toBe(Math.floor(last / PAGE_SECONDS) - Math.floor(first / PAGE_SECONDS) + 1);
    expect(busy.pages.size).toBeLessThanOrEqual(Math.ceil(18_000 / PAGE_SECONDS) + 1);
    const sparse = fill(
      Array.from({ length: 1_000 }, (_, i) => ({
        ts: 1_000_000_000_000 + i * 86_400_000,
        line: i,
        kind: "error" as const,
      })),
    );
    expect(sparse.pages.size).toBe(1_000);
    expect(sparse.errors.size).toBe(1_000);
    expect(sparse.failures.size).toBe(0);
  });

  it("survives structured cloning (the collect workers post it) unchanged", () => {
    const occ: Occurrence[] = [
      { ts: 1_739_059_200_010, line: 1, kind: "failure" },
      { ts: 1_739_059_200_500, line: 2, kind: "error" },
      { ts: 1_739_062_800_000, line: 3, kind: "request" },
    ];
    const table = fill(occ);
    const copy = structuredClone(table);
    expect([...eachSecond(copy)]).toEqual([...eachSecond(table)]);
    // the first/last marks too, which eachSecond does not hand out
    for (const [sec] of eachSecond(table)) expect(secondCounts(copy, sec)).toEqual(secondCounts(table, sec));
  });
});
