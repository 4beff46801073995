import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createJsonParser } from "./json-lines.js";
import { createTestContext, type TestContext } from "./test-context.js";

/** Read `lines` with or without the fast path, in a context that records events, skips and zones. */
function read(lines: string[], fastPath: boolean): TestContext {
  const ctx = createTestContext({ zone: "Europe/Berlin" });
  const parser = createJsonParser(ctx, { fastPath });
  lines.forEach((l, i) => {
    parser.push(l, i + 1);
  });
  parser.end();
  return ctx;
}

/** Deep equality that also compares key order (attributes are shown in the order the log wrote them). */
function expectIdentical(a: unknown, b: unknown): void {
  expect(a).toStrictEqual(b);
  if (a && typeof a === "object" && b && typeof b === "object") {
    expect(Object.keys(a)).toEqual(Object.keys(b));
    for (const k of Object.keys(a)) expectIdentical((a as never)[k], (b as never)[k]);
  }
}

// keys the reader gives meaning to, in every role, plus ordinary ones
const key = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("time", "ts", "@timestamp", "timestamp", "timeUnixNano", "date") },
  {
    weight: 3,
    arbitrary: fc.constantFrom("level", "log.level", "severity", "severityText", "severityNumber", "lvl", "levelname"),
  },
  { weight: 3, arbitrary: fc.constantFrom("msg", "message", "body", "@message", "log", "event", "text") },
  {
    weight: 3,
    arbitrary: fc.constantFrom("service", "service.name", "resource", "name", "hostname", "host", "host.name", "v"),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom("pid", "reqId", "err", "error", "attributes", "responseTime", "1", "__proto__"),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);
const value = fc.oneof(
  fc.constantFrom(
    1739059200032,
    1739059200.5,
    0,
    30,
    50,
    17,
    "2025-02-09T10:05:23.123Z",
    "2025-02-09T10:05:23",
    "2025-02-09 10:05:23+01:00",
    "1739059200032000000",
    "error",
    "WARN",
    "info",
    "notice",
    "orders",
    "api-1",
    "slow query on orders",
    "",
    " padded ",
    true,
    false,
    null,
  ),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const logLine = fc
  .array(fc.tuple(key, value), { minLength: 1, maxLength: 9 })
  .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",")}}`);

describe("JSON-lines fast path", () => {
  it("reads pino, bunyan, winston, ECS and logrus lines exactly as JSON.parse and jsonLogEvent do", () => {
    const lines = [
      '{"level":30,"time":1739059200032,"pid":4242,"hostname":"orders-1","reqId":"req-1","msg":"ok","responseTime":12}',
      '{"level":50,"time":1739059200042,"pid":4242,"hostname":"orders-1","reqId":"req-2","msg":"pool exhausted ","responseTime":5000}',
      '{"name":"api","hostname":"h","pid":1,"level":50,"msg":"boom","time":"2025-02-09T10:05:23.123Z","v":0}',
      '{"level":"error","message":"x","timestamp":"2025-02-09T10:05:23.123Z","service":"orders"}',
      '{"@timestamp":"2025-02-09T10:05:23Z","log.level":"warn","message":"m","service.name":"s","host.name":"h"}',
      '{"level":"warning","msg":"local time","time":"2025-02-09T10:05:23"}',
      '{"severityNumber":17,"severityText":"ERROR","timeUnixNano":"1739095523123000000","body":"otel"}',
      '{"msg":"no time at all","level":"info"}',
      '{"level":null,"severityText":null,"log.level":"warn","time":1739059200032,"msg":"level from the third key"}',
      '{"name":"orders","service":"orders","hostname":"h","time":1739059200032,"resource":null,"msg":null,"text":7}',
      '{"time":null,"ts":"not a time","date":1739059200,"level":true,"lvl":"debug","host":"h2","host.name":5}',
      '{"level":30,"time":1739059200032,"pid":4242,"hostname":"orders-1","reqId":"req-3","msg":"ok","responseTime":13}',
    ];
    const fast = read(lines, true);
    const slow = read(lines, false);
    expect(fast.events).toHaveLength(11);
    expectIdentical(fast.events, slow.events);
    expectIdentical(fast.skips, slow.skips);
    expect(fast.dataZones).toEqual(slow.dataZones);
  });

  it("agrees with the generic reader on generated lines, shape after shape", () => {
    fc.assert(
      fc.property(fc.array(logLine, { minLength: 1, maxLength: 12 }), fc.nat(3), (lines, repeat) => {
        // repeating lines makes the fast path reuse its cached shapes
        const all = [...lines, ...lines.slice(0, repeat)];
        const fast = read(all, true);
        const slow = read(all, false);
        expectIdentical(fast.events, slow.events);
        expectIdentical(fast.skips, slow.skips);
        expect(fast.dataZones).toEqual(slow.dataZones);
      }),
      { numRuns: 1500 },
    );
  });
});
