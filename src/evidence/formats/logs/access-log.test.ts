import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nginxCombinedFormat } from "./access-log.js";
import { createTestContext, type TestContext } from "./test-context.js";

/*
 * The access-log parser reuses the previous line's instant when the bracketed time text repeats (lines of the same
 * second), and reads quoted fields with a plain slice when the line has no backslash. Both must give exactly what
 * a parser that sees each line on its own (nothing cached, nothing to reuse) gives.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** Bracketed time text: CLF with an offset, naive, or a malformed one (bad day, bad offset). */
const stampArb = fc
  .record({
    // around DST changes in Europe and the US as well as ordinary days
    t: fc.integer({ min: Date.UTC(2024, 2, 9), max: Date.UTC(2024, 10, 5) }),
    offset: fc.constantFrom<number | null>(0, 60, -300, 330, -720, 840, null),
    bad: fc.constantFrom("", "", "", "", "day", "offset", "junk"),
  })
  .map(({ t, offset, bad }) => {
    const d = new Date(t);
    const day = bad === "day" ? "32" : pad(d.getUTCDate());
    const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    const base = `${day}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${clock}`;
    if (bad === "offset") return `${base} +9900`;
    if (bad === "junk") return `${base}x`;
    if (offset === null) return base;
    const a = Math.abs(offset);
    return `${base} ${offset < 0 ? "-" : "+"}${pad(Math.floor(a / 60))}${pad(a % 60)}`;
  });

/** A quoted field's content, with and without the escapes nginx and Apache write. */
const quotedArb = fc.oneof(
  fc.constantFrom("-", "curl/8.5.0", "https://x/a?b=1", 'a \\"b\\" c', "a\\x22b", "back\\\\slash", "\\x2"),
  fc
    .string({ unit: fc.constantFrom("a", " ", "\\", "x", "2", "-", "/"), maxLength: 12 })
    .filter((s) => !s.endsWith("\\")),
);

const restArb = fc.record({
  path: fc.constantFrom("/api/orders", "/a?b=1", "/a\\x22b"),
  status: fc.constantFrom(200, 404, 503),
  referer: quotedArb,
  agent: quotedArb,
  tail: fc.constantFrom("", " 0.532", ' rt=0.5 urt="0.4"', ' "x\\"y"'),
});

/** Lines in runs sharing the time text, as consecutive lines of a real log do. */
const linesArb = fc
  .array(fc.tuple(stampArb, fc.array(restArb, { minLength: 1, maxLength: 4 })), { maxLength: 15 })
  .map((runs) =>
    runs.flatMap(([stamp, rests]) =>
      rests.map(
        (r) => `10.0.0.1 - - [${stamp}] "GET ${r.path} HTTP/1.1" ${r.status} 12 "${r.referer}" "${r.agent}"${r.tail}`,
      ),
    ),
  );

function parseEach(lines: string[], zone: string): TestContext[] {
  // one fresh parser per line: nothing carried over
  return lines.map((l, i) => {
    const ctx = createTestContext({ zone });
    const parser = nginxCombinedFormat.createParser(ctx);
    parser.push(l, i + 1);
    parser.end();
    return ctx;
  });
}

describe("nginx-combined parser caches", () => {
  it("gives the same events and skips as reading every line on its own, in any zone", () => {
    fc.assert(
      fc.property(
        linesArb,
        fc.constantFrom("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"),
        (lines, zone) => {
          const ctx = createTestContext({ zone });
          const parser = nginxCombinedFormat.createParser(ctx);
          lines.forEach((l, i) => {
            parser.push(l, i + 1);
          });
          parser.end();
          const alone = parseEach(lines, zone);
          expect(ctx.events).toEqual(alone.flatMap((c) => c.events));
          expect(ctx.skips).toEqual(alone.flatMap((c) => c.skips));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reads appended request times as the same doubles Number() gives", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.stringMatching(/^\d{1,17}(\.\d{1,17})?$/),
          fc.double({ noNaN: true }).map(String),
          fc.constantFrom("0.532", "1e3", "0x10", "1.", ".5", "007", "-1.5", "Infinity", "9007199254740993"),
        ),
        (token) => {
          const ctx = createTestContext();
          const parser = nginxCombinedFormat.createParser(ctx);
          parser.push(`1.1.1.1 - - [09/Feb/2025:10:05:23 +0000] "GET / HTTP/1.1" 200 1 "-" "-" ${token}`, 1);
          const expected = Number(token);
          if (Number.isNaN(expected)) expect(ctx.events[0]?.attributes.extra).toEqual([token]);
          else expect(Object.is(ctx.events[0]?.attributes.requestTime, expected)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("reads escaped quotes and backslashes in quoted fields", () => {
    const ctx = createTestContext();
    const parser = nginxCombinedFormat.createParser(ctx);
    parser.push(
      '1.1.1.1 - - [09/Feb/2025:10:05:23 +0000] "GET /a HTTP/1.1" 200 1 "https://r/\\x22q" "ua \\"x\\" \\\\z"',
      1,
    );
    parser.push('1.1.1.1 - - [09/Feb/2025:10:05:23 +0000] "GET /b HTTP/1.1" 200 1 "-" "plain ua"', 2);
    expect(ctx.events.map((e) => [e.ts, e.attributes.referer, e.attributes.userAgent])).toEqual([
      [Date.UTC(2025, 1, 9, 10, 5, 23), 'https://r/"q', 'ua "x" \\z'],
      [Date.UTC(2025, 1, 9, 10, 5, 23), null, "plain ua"],
    ]);
    expect(ctx.skips).toEqual([]);
  });
});
