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

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const p2 = (n: number) => String(n).padStart(2, "0");
/** Instants in 2000..2035 at whole seconds. */
const instantArb = fc.integer({ min: 946_684_800, max: 2_051_222_400 }).map((s) => s * 1000);
const byId = (id: string) => LOG_FORMATS.find((f) => f.id === id)!;

describe("round trips: generated lines parse back to what generated them", () => {
  it("nginx combined: time with any offset, request, status, bytes, referer, agent, timings", () => {
    const token = fc.stringMatching(/^[A-Za-z0-9/._~-]{1,30}$/);
    const quoted = fc.string({ maxLength: 40 }).filter((s) => !/[\\"\u0000-\u001f]/.test(s));
    fc.assert(
      fc.property(
        instantArb,
        fc.integer({ min: -12 * 4, max: 14 * 4 }).map((q) => q * 15),
        fc.constantFrom("GET", "POST", "PUT", "DELETE"),
        token,
        fc.integer({ min: 100, max: 599 }),
        fc.option(fc.nat(10_000_000), { nil: null }),
        fc.option(
          quoted.filter((s) => s !== "-"),
          { nil: null },
        ),
        fc.option(
          quoted.filter((s) => s !== "-"),
          { nil: null },
        ),
        fc.option(
          fc.integer({ min: 0, max: 60_000 }).map((ms) => ms / 1000),
          { nil: null },
        ),
        (ts, offset, method, path, status, bytes, referer, ua, rt) => {
          const local = new Date(ts + offset * 60_000);
          const sign = offset < 0 ? "-" : "+";
          const off = `${sign}${p2(Math.floor(Math.abs(offset) / 60))}${p2(Math.abs(offset) % 60)}`;
          const time = `${p2(local.getUTCDate())}/${MONTHS[local.getUTCMonth()]}/${local.getUTCFullYear()}:${p2(local.getUTCHours())}:${p2(local.getUTCMinutes())}:${p2(local.getUTCSeconds())} ${off}`;
          const line = `10.1.2.3 - - [${time}] "${method} /${path} HTTP/1.1" ${status} ${bytes ?? "-"} "${referer ?? "-"}" "${ua ?? "-"}"${rt === null ? "" : ` ${rt}`}`;
          const ctx = createTestContext();
          const parser = byId("nginx-combined").createParser(ctx);
          parser.push(line, 1);
          parser.end();
          expect(ctx.skips).toEqual([]);
          const e = ctx.events[0]!;
          expect(e.ts).toBe(ts);
          expect(e.message).toBe(`${method} /${path} ${status}`);
          expect(e.severity).toBe(status >= 500 ? "error" : status >= 400 ? "warning" : "info");
          expect(e.attributes).toMatchObject({ method, path: `/${path}`, status, bytes, referer, userAgent: ua });
          if (rt !== null) expect(e.attributes.requestTime).toBe(rt);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("syslog RFC 3164: PRI, padded day, host, tag[pid], message", () => {
    fc.assert(
      fc.property(
        instantArb,
        fc.nat(191),
        fc.stringMatching(/^[a-z][a-z0-9.-]{0,20}$/),
        fc.stringMatching(/^[A-Za-z][A-Za-z0-9_()./-]{0,20}$/),
        fc.option(fc.nat(99_999), { nil: null }),
        fc.string({ minLength: 1, maxLength: 80 }).filter((s) => s.trim() === s && s.length > 0),
        (ts, pri, host, tag, pid, msg) => {
          const d = new Date(ts);
          const stamp = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
          const line = `<${pri}>${stamp} ${host} ${tag}${pid === null ? "" : `[${pid}]`}: ${msg}`;
          const ctx = createTestContext({ window: { start: ts - 3_600_000, end: ts + 3_600_000 } });
          const parser = byId("syslog-rfc3164").createParser(ctx);
          parser.push(line, 1);
          parser.end();
          const e = ctx.events[0]!;
          expect(e.ts).toBe(ts);
          expect([e.host, e.service, e.message]).toEqual([host, tag, msg]);
          expect(e.attributes.pri).toBe(pri);
          expect(e.attributes.pid).toBe(pid === null ? undefined : String(pid));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("klog: month/day/µs, thread id, source, message", () => {
    fc.assert(
      fc.property(
        instantArb,
        fc.nat(999),
        fc.constantFrom("I", "W", "E", "F"),
        fc.nat(9_999_999),
        fc.string({ maxLength: 60 }).map((s) => s.trim()),
        (ts, micro, lvl, tid, msg) => {
          const d = new Date(ts + micro);
          const line = `${lvl}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, "0")}123 ${String(tid).padStart(7, " ")} main.go:42] ${msg}`;
          const ctx = createTestContext({ window: { start: ts - 86_400_000, end: ts + 86_400_000 } });
          const parser = byId("klog").createParser(ctx);
          parser.push(line, 1);
          parser.end();
          const e = ctx.events[0]!;
          expect(e.ts).toBe(ts + micro);
          expect(e.message).toBe(msg);
          expect(e.attributes).toEqual({ level: lvl, threadId: String(tid), source: "main.go:42" });
        },
      ),
      { numRuns: 300 },
    );
  });
});
