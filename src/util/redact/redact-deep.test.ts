import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redactDeep } from "./redact-deep.js";

describe("redactDeep", () => {
  it("masks strings at any depth and keeps everything else", () => {
    const counts = {};
    const out = redactDeep(
      {
        n: 3,
        rows: [{ text: "login with password=hunter2hunter2 failed", ts: 1 }],
        nested: { deeper: ["key AKIAIOSFODNN7ZQXWVUT"] },
        ok: true,
        none: null,
      },
      {},
      counts,
    );
    expect(out.n).toBe(3);
    expect(out.ok).toBe(true);
    expect(out.none).toBeNull();
    expect(out.rows[0]?.text).toBe("login with password=[REDACTED:generic-secret] failed");
    expect(out.nested.deeper[0]).toBe("key [REDACTED:aws-access-key]");
    expect(counts).toEqual({ "generic-secret": 1, "aws-access-key": 1 });
  });

  it("keeps a __proto__ key read from JSON as a key (found by the property below, seed 1296604745)", () => {
    const v = JSON.parse('{"__proto__":false,"a":{"__proto__":{"x":"y"}}}') as object;
    const out = redactDeep(v);
    expect(out).toEqual(v);
    expect(Object.keys(out)).toEqual(["__proto__", "a"]);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  it("leaves values without secrets equal (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const out = redactDeep(v);
        // plain JSON with random short words rarely holds a credential; when nothing was masked, nothing changed
        const counts = {};
        redactDeep(v, {}, counts);
        if (Object.keys(counts).length === 0) expect(out).toEqual(v);
      }),
      { numRuns: 200 },
    );
  });
});
