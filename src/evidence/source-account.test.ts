import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { excerptOf, SourceAccount } from "./source-account.js";

const T0 = Date.UTC(2025, 1, 9, 10);

describe("SourceAccount", () => {
  it("counts skips by reason and keeps at most 3 short examples per reason", () => {
    const a = new SourceAccount();
    for (let i = 1; i <= 5; i++) a.skip(i, "no-timestamp", `line ${i} ${"x".repeat(300)}`);
    a.skip(9, "binary", "\u0000\u0001abc");
    const s = a.skipped();
    expect(s.total).toBe(6);
    expect(s.byReason).toEqual({ "no-timestamp": 5, binary: 1 });
    expect(s.examples.map((e) => [e.line, e.reason])).toEqual([
      [1, "no-timestamp"],
      [2, "no-timestamp"],
      [3, "no-timestamp"],
      [9, "binary"],
    ]);
    expect(s.examples.every((e) => e.excerpt.length <= 120)).toBe(true);
    expect(s.examples[3]?.excerpt).toBe("\\x00\\x01abc");
  });

  it("tracks first and last as min and max", () => {
    const a = new SourceAccount();
    a.event(T0 + 5000);
    a.event(T0);
    a.event(T0 + 2000);
    expect([a.first, a.last, a.events]).toEqual([T0, T0 + 5000, 3]);
  });

  it("finds a rotation gap: 10 minutes missing in a 1 s log", () => {
    const a = new SourceAccount();
    for (let i = 0; i < 300; i++) a.event(T0 + i * 1000);
    for (let i = 0; i < 300; i++) a.event(T0 + 900_000 + i * 1000);
    expect(a.gaps()).toEqual([{ from: T0 + 299_000, to: T0 + 900_000 }]);
    expect(a.gapRecords()[0]).toEqual({ from: "2025-02-09T10:04:59.000Z", to: "2025-02-09T10:15:00.000Z" });
  });

  it("ignores silences that are normal for the source, at the edges, or in tiny sources", () => {
    const sparse = new SourceAccount();
    // one line every 5 minutes: a 20-minute pause is only 4 intervals
    for (let i = 0; i < 50; i++) sparse.event(T0 + i * 300_000 + (i === 25 ? 900_000 : 0));
    expect(sparse.gaps()).toEqual([]);
    const edge = new SourceAccount();
    edge.event(T0 - 3_600_000);
    for (let i = 0; i < 100; i++) edge.event(T0 + i * 1000);
    expect(edge.gaps()).toEqual([]);
    const tiny = new SourceAccount();
    for (let i = 0; i < 10; i++) tiny.event(T0 + (i < 5 ? i : i + 10_000) * 1000);
    expect(tiny.gaps()).toEqual([]);
  });

  it("treats the many quiet minutes of a bursty log as its rhythm, yet still finds a lone long hole", () => {
    const a = new SourceAccount();
    let t = T0;
    // bursts of 200 lines 50 ms apart, separated by 1.5 to 4.5 minutes of quiet (a database log between checkpoints)
    for (let b = 0; b < 12; b++) {
      for (let i = 0; i < 200; i++) a.event((t += 50));
      t += 90_000 + (b % 4) * 60_000;
    }
    expect(a.gaps()).toEqual([]);
    const holeFrom = t - 90_000 - 3 * 60_000;
    t += 3_600_000; // an hour lost
    for (let i = 0; i < 200; i++) a.event((t += 50));
    const gaps = a.gaps();
    expect(gaps).toEqual([{ from: holeFrom, to: t - 199 * 50 }]);
  });

  it("reports several rotation gaps of a steady log", () => {
    const a = new SourceAccount();
    let t = T0;
    for (let r = 0; r < 4; r++) {
      for (let i = 0; i < 300; i++) a.event((t += 1000));
      t += 600_000;
    }
    for (let i = 0; i < 300; i++) a.event((t += 1000));
    expect(a.gaps()).toHaveLength(4);
  });

  it("does not see gaps in slightly out-of-order lines", () => {
    const a = new SourceAccount();
    for (let i = 0; i < 200; i++) a.event(T0 + i * 1000 + (i % 2 === 0 ? 1500 : 0));
    expect(a.gaps()).toEqual([]);
  });

  it("sorts document sources (series after series) before looking for gaps", () => {
    const a = new SourceAccount();
    a.sortedMode();
    // three series of a 15 s step, each missing 11.5 minutes (threshold: 20 x 15 s = 5 minutes)
    for (let s = 0; s < 3; s++) for (let i = 0; i < 80; i++) if (i < 15 || i > 60) a.event(T0 + i * 15_000);
    expect(a.gaps()).toEqual([{ from: T0 + 14 * 15_000, to: T0 + 61 * 15_000 }]);
  });

  it("never reports more events than it was given, whatever the instants", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e12 }), { maxLength: 300 }), (ts) => {
        const a = new SourceAccount();
        for (const t of ts) a.event(t);
        expect(a.events).toBe(ts.length);
        for (const g of a.gaps()) expect(g.to - g.from).toBeGreaterThan(60_000);
      }),
    );
  });

  it("shortens excerpts to 120 characters", () => {
    expect(excerptOf("a".repeat(5000)).length).toBe(120);
  });
});
