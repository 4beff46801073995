import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RawEvent } from "../../model/event.js";
import { CHANGE_RECOGNISERS, changeHint, createChangeDetector } from "./index.js";

// The detector remembers its hint test per distinct message (a log repeats a few statements): these hold it to
// what a detector that never saw the message before answers, however often and in whatever order messages come.

function event(message: string, line: number): RawEvent {
  return {
    ts: Date.UTC(2025, 2, 4, 10, 15, 12) + line * 1000,
    path: "app.log",
    line,
    kind: "log",
    severity: "info",
    service: "orders",
    host: null,
    actor: null,
    message,
    attributes: {},
  };
}

/** Recognised samples, near misses and everyday log messages. */
const MESSAGES = [
  ...CHANGE_RECOGNISERS.flatMap((r) => r.samples.map((s) => (typeof s === "string" ? s : s.message))),
  "request completed",
  "GET /api/orders 200",
  "deployment changed nothing",
  "cache miss for key orders:123",
  "connection pool exhausted (20/20 in use), waited 5000ms",
  "",
];

describe("createChangeDetector: remembered hint tests", () => {
  it("gives every repeat of a message what a fresh detector gives it", () => {
    const memo = createChangeDetector();
    for (let round = 0; round < 3; round++) {
      MESSAGES.forEach((m, i) => {
        expect(memo(event(m, i + 1)), m).toEqual(createChangeDetector()(event(m, i + 1)));
      });
    }
  });

  it("property: any sequence of repeated and new messages reads as with a fresh detector per event", () => {
    const message = fc.oneof(
      fc.constantFrom(...MESSAGES),
      fc.string({ maxLength: 40 }),
      fc.stringMatching(/^(kubectl rollout|helm upgrade|deployed|Applied|changed|[a-z ]){1,6}$/),
    );
    fc.assert(
      fc.property(fc.array(message, { maxLength: 60 }), (messages) => {
        const memo = createChangeDetector();
        messages.forEach((m, i) => {
          expect(memo(event(m, i + 1))).toEqual(createChangeDetector()(event(m, i + 1)));
        });
      }),
      { seed: 20251207, numRuns: 200 },
    );
  });

  it("keeps answering after more distinct messages than it remembers (memo refilled, then off)", () => {
    const memo = createChangeDetector();
    const hint = changeHint(CHANGE_RECOGNISERS);
    // 30,000 distinct messages fill the 4,096-entry memo more often than it allows: later ones are tested directly
    for (let i = 0; i < 30_000; i++) {
      const m = i % 7 === 0 ? `helm upgrade orders-${i} ./chart` : `request ${i} completed in ${i % 900} ms`;
      const out = memo(event(m, i + 1));
      if (!hint.test(m)) expect(out.kind).toBe("log");
      if (i % 997 === 0) expect(out).toEqual(createChangeDetector()(event(m, i + 1)));
    }
  });
});
