import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LineFormat } from "../../evidence-format.js";
import { LOG_FORMATS } from "./index.js";
import { parseLogfmt } from "./logfmt.js";
import { createTestContext, type TestContext } from "./test-context.js";

const FIXTURES = join(import.meta.dirname, "fixtures");
const REAL_LINES = readdirSync(FIXTURES).flatMap((n) =>
  readFileSync(join(FIXTURES, n), "utf8")
    .split("\n")
    .filter((l) => l.length > 0),
);

/** Lines a parser may meet: real lines from every format, cut or spliced, control characters, random text. */
const lineArb = fc.oneof(
  fc.constantFrom(...REAL_LINES),
  fc.tuple(fc.constantFrom(...REAL_LINES), fc.nat()).map(([l, n]) => l.slice(0, n % (l.length + 1))),
  fc
    .tuple(fc.constantFrom(...REAL_LINES), fc.constantFrom(...REAL_LINES), fc.nat())
    .map(([a, b, n]) => a.slice(0, n % (a.length + 1)) + b),
  fc.tuple(fc.constantFrom(...REAL_LINES), fc.string({ maxLength: 20 }), fc.nat()).map(([l, s, n]) => {
    const k = n % (l.length + 1);
    return l.slice(0, k) + s + l.slice(k);
  }),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.constantFrom("", " ", "\t", "\u0000\u0001\u0002", "\uFEFF", "\t... 12 more", "Caused by: x", "{", "}", '"'),
);

function runAll(format: LineFormat, lines: string[]): TestContext {
  const ctx = createTestContext({ window: { start: Date.UTC(2025, 1, 1), end: Date.UTC(2025, 1, 20) } });
  const parser = format.createParser(ctx);
  lines.forEach((l, i) => {
    parser.push(l, i + 1);
  });
  parser.end();
  return ctx;
}

describe.each(LOG_FORMATS.map((f) => [f.id, f] as const))("%s parser properties", (_id, format) => {
  it("never throws, and every pushed line is an event start, a counted continuation or a counted skip", () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 40 }), (lines) => {
        const ctx = runAll(format, lines);
        const covered =
          ctx.events.reduce(
            (n, e) => n + (typeof e.attributes.lineCount === "number" ? e.attributes.lineCount : 1),
            0,
          ) + ctx.skips.length;
        expect(covered).toBe(lines.length);
        for (const e of ctx.events) {
          expect(Number.isFinite(e.ts)).toBe(true);
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.line).toBeLessThanOrEqual(lines.length);
          expect(typeof e.message).toBe("string");
          expect(e.kind).toBe("log");
        }
        // Event lines are increasing: a record starts where its first line is.
        const starts = ctx.events.map((e) => e.line);
        expect([...starts].sort((a, b) => a - b)).toEqual(starts);
        for (const s of ctx.skips) expect(s.reason).toMatch(/^[a-z0-9-]+$/);
      }),
      { numRuns: 300 },
    );
  });

  it("detect never throws and stays within 0..1", () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 30 }), (lines) => {
        const text = lines.join("\n");
        const s = format.detect({ name: "x.log", lines, text, bytes: text.length });
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  it("survives a huge line and control characters", () => {
    const huge = `2025-02-09T10:05:23Z ${"x".repeat(2_000_000)}`;
    const ctx = runAll(format, [huge, "\u0000\u0000\u0000", "\u001b[31mERROR\u001b[0m colour codes"]);
    expect(ctx.events.length + ctx.skips.length).toBeGreaterThanOrEqual(1);
    for (const s of ctx.skips) expect(s.excerpt.length).toBeLessThanOrEqual(120);
  });
});

describe("logfmt round trip", () => {
  it("quoted values with escapes parse back to the original", () => {
    const key = fc.stringMatching(/^[a-z_][a-z0-9_.]{0,10}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.string({ maxLength: 30 })), { minLength: 1, maxLength: 6 }), (pairs) => {
        const line = pairs
          .map(
            ([k, v]) =>
              `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\t/g, "\\t").replace(/\r/g, "\\r")}"`,
          )
          .join(" ");
        expect(parseLogfmt(line)).toEqual(pairs);
      }),
    );
  });
});
