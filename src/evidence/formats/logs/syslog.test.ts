import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { syslogRfc3164Format } from "./syslog.js";
import { createTestContext, type TestContext } from "./test-context.js";

/*
 * The RFC 3164 parser reuses the previous line's instant when a month-first time text repeats and is followed by a
 * space and a lower-case host name (nothing after that is read). It must give exactly what a parser that sees each
 * line on its own gives, whatever follows the text: offsets, zone words, years, upper-case hosts, digits.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const WINDOW = { start: Date.UTC(2024, 2, 1), end: Date.UTC(2024, 10, 30) };

const stampArb = fc
  .record({
    // around the DST changes of 2024 in Europe and the US as well as ordinary days
    t: fc.integer({ min: Date.UTC(2024, 2, 9), max: Date.UTC(2024, 10, 5) }),
    fraction: fc.constantFrom("", "", ".123", ",5"),
    weekday: fc.boolean(),
  })
  .map(({ t, fraction, weekday }) => {
    const d = new Date(t);
    const wd = weekday ? `${["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getUTCDay()]} ` : "";
    const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    return `${wd}${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${clock}${fraction}`;
  });

/** What follows the time text: hosts of every shape, and the things the scanner reads after a clock. */
const afterArb = fc.constantFrom(
  " db-host-1 CRON[2211]: (root) CMD (x)",
  " web01 sshd[1]: Accepted",
  " WEB01 sshd[1]: Accepted",
  " 10.0.0.1 kernel: x",
  " +0100 host app: x",
  " -05:00 host app: x",
  " UTC host app: x",
  " PST host app: x",
  " 2023 host app: x",
  " 2023host app: x",
  " h",
  " ",
  "",
  "x host app: x",
  " zabbix: x",
);

const linesArb = fc
  .array(
    fc.tuple(
      stampArb,
      fc.array(fc.tuple(fc.constantFrom("", "<34>", "<13>"), afterArb), { minLength: 1, maxLength: 4 }),
    ),
    { maxLength: 15 },
  )
  .map((runs) => runs.flatMap(([stamp, rests]) => rests.map(([pri, after]) => `${pri}${stamp}${after}`)));

function parseEach(lines: string[], zone: string): TestContext[] {
  return lines.map((l, i) => {
    const ctx = createTestContext({ zone, window: WINDOW });
    const parser = syslogRfc3164Format.createParser(ctx);
    parser.push(l, i + 1);
    parser.end();
    return ctx;
  });
}

describe("syslog-rfc3164 parser time cache", () => {
  it("gives the same events and skips as reading every line on its own, in any zone", () => {
    fc.assert(
      fc.property(
        linesArb,
        fc.constantFrom("UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney"),
        (lines, zone) => {
          const ctx = createTestContext({ zone, window: WINDOW });
          const parser = syslogRfc3164Format.createParser(ctx);
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

  it("does not reuse an instant when an offset or a year follows the same text", () => {
    const ctx = createTestContext({ zone: "UTC", window: WINDOW });
    const parser = syslogRfc3164Format.createParser(ctx);
    parser.push("Feb  9 10:05:23 host a: x", 1);
    parser.push("Feb  9 10:05:23 +0100 host a: x", 2);
    parser.push("Feb  9 10:05:23 host a: x", 3);
    parser.push("Feb  9 10:05:23 2023 host a: x", 4);
    expect(ctx.events.map((e) => e.ts)).toEqual([
      Date.UTC(2024, 1, 9, 10, 5, 23),
      Date.UTC(2024, 1, 9, 9, 5, 23),
      Date.UTC(2024, 1, 9, 10, 5, 23),
      Date.UTC(2023, 1, 9, 10, 5, 23),
    ]);
  });
});
