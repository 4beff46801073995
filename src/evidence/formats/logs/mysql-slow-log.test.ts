import { describe, expect, it } from "vitest";
import { detectFormat, makeSample } from "../../detect-format.js";
import { defaultFormatRegistry } from "../index.js";
import { mysqlSlowLogFormat } from "./mysql-slow-log.js";
import { createTestContext } from "./test-context.js";

function parse(lines: string[]) {
  const ctx = createTestContext({ window: { start: Date.UTC(2015, 0, 1), end: Date.UTC(2025, 11, 31) } });
  const p = mysqlSlowLogFormat.createParser(ctx);
  lines.forEach((l, i) => {
    p.push(l, i + 1);
  });
  p.end();
  return ctx;
}

describe("mysql-slow-log", () => {
  it("reads MySQL 8 records at their # Time: line, the statement as message, the figures as attributes", () => {
    const lines = (mysqlSlowLogFormat.samples[0] as string).split("\n");
    const text = lines.join("\n");
    expect(
      detectFormat(makeSample("slow.log", text, text.length, true), defaultFormatRegistry().formats)?.format.id,
    ).toBe("mysql-slow-log");
    const ctx = parse(lines);
    expect(ctx.events.map((e) => [e.line, new Date(e.ts).toISOString(), e.message])).toEqual([
      [4, "2025-02-09T10:05:23.123Z", "SELECT * FROM orders WHERE customer_id = 42;"],
    ]);
    expect(ctx.events[0]?.attributes).toMatchObject({
      user: "app",
      queryTimeSeconds: 12.345678,
      rowsExamined: 9000000,
    });
    expect(ctx.skips.map((s) => s.reason)).toEqual(["metadata", "metadata", "metadata"]);
  });

  it("records without their own # Time: (MySQL 5.6, same second) start at # User@Host and take SET timestamp", () => {
    const ctx = parse([
      "# Time: 150209 10:05:23",
      "# User@Host: app[app] @ web01 [10.0.0.5]",
      "# Query_time: 12.3  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 9000",
      "SET timestamp=1423476323;",
      "SELECT 1;",
      "# User@Host: app[app] @ web02 [10.0.0.6]",
      "# Query_time: 2.3  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 90",
      "SET timestamp=1423476322;",
      "SELECT 2;",
    ]);
    expect(ctx.events.map((e) => [e.line, new Date(e.ts).toISOString(), e.message])).toEqual([
      [1, "2015-02-09T10:05:23.000Z", "SELECT 1;"],
      [6, "2015-02-09T10:05:22.000Z", "SELECT 2;"],
    ]);
  });
});
