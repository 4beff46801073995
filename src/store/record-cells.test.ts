import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  normaliseActionStatus,
  normalisePriority,
  normaliseSignature,
  parseDeadline,
  parseInstant,
} from "./record-cells.js";

describe("cell normalisation", () => {
  it("reads deadlines written in common ways and rejects impossible dates", () => {
    expect(parseDeadline("2025-03-01")).toBe("2025-03-01");
    expect(parseDeadline("2025-03-01 (moved from Feb)")).toBe("2025-03-01");
    expect(parseDeadline("1 Mar 2025")).toBe("2025-03-01");
    expect(parseDeadline("March 1, 2025")).toBe("2025-03-01");
    expect(parseDeadline("Mar 21st, 2025")).toBe("2025-03-21");
    expect(parseDeadline("2025/03/01")).toBe("2025-03-01");
    expect(parseDeadline("2025-02-30")).toBeNull();
    expect(parseDeadline("TBD")).toBeNull();
    expect(parseDeadline("next sprint")).toBeNull();
    expect(parseDeadline(null)).toBeNull();
  });

  it("maps free-text statuses and priorities", () => {
    expect(["done", "Closed", "✅", "Fixed in v2.4", "resolved"].map(normaliseActionStatus)).toEqual(
      Array(5).fill("done"),
    );
    expect(["In Progress", "in-progress", "WIP", "started"].map(normaliseActionStatus)).toEqual(
      Array(4).fill("in-progress"),
    );
    expect(["won't do", "Wontfix", "cancelled"].map(normaliseActionStatus)).toEqual(Array(3).fill("wont-do"));
    expect(["open", "", "todo", null].map(normaliseActionStatus)).toEqual(Array(4).fill("open"));
    expect(["P1", "p0", "P2 (high)", "high", "Critical", "low", "whenever"].map(normalisePriority)).toEqual([
      "P1",
      "P0",
      "P2",
      "P1",
      "P0",
      "P3",
      null,
    ]);
  });

  it("normalises error signatures so variable parts compare equal", () => {
    expect(normaliseSignature("timeout acquiring connection from pool after 5000 ms")).toBe(
      normaliseSignature("Timeout acquiring connection from pool after 3000 ms"),
    );
    expect(normaliseSignature("connect: no route to host 10.0.3.7:5432")).toBe("connect: no route to host <*>");
    expect(normaliseSignature('password authentication failed for user "billing"')).toBe(
      "password authentication failed for user <*>",
    );
  });

  it("signature normalisation is idempotent and status mapping is total (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const once = normaliseSignature(s);
        expect(normaliseSignature(once)).toBe(once);
        expect(["open", "in-progress", "done", "wont-do"]).toContain(normaliseActionStatus(s));
        const d = parseDeadline(s);
        if (d !== null) expect(new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10)).toBe(d);
      }),
      { numRuns: 400 },
    );
  });

  it("parses instants with zones and date-times as UTC", () => {
    expect(parseInstant("2025-02-09T10:05:23Z")).toBe(Date.parse("2025-02-09T10:05:23Z"));
    expect(parseInstant("2025-02-09T11:05:23+01:00")).toBe(Date.parse("2025-02-09T10:05:23Z"));
    expect(parseInstant("2025-02-09 10:05:23")).toBe(Date.parse("2025-02-09T10:05:23Z"));
    expect(parseInstant("2025-02-09 10:05 UTC")).toBe(Date.parse("2025-02-09T10:05:00Z"));
    expect(parseInstant("10:05")).toBeNull();
    expect(parseInstant("2025-13-40T10:00:00Z")).toBeNull();
  });
});
