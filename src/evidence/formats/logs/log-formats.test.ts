import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { detectFormat, makeSample } from "../../detect-format.js";
import type { LineFormat } from "../../evidence-format.js";
import { LOG_FORMATS } from "./index.js";
import { detectLogFormat } from "./loghub-check.js";
import { createTestContext, type TestContext, type TestContextOptions } from "./test-context.js";

const FIXTURES = join(import.meta.dirname, "fixtures");

function fixtureLines(name: string): string[] {
  const lines = readFileSync(join(FIXTURES, name), "utf8").split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function sampleOf(name: string, lines: string[]) {
  const text = lines.join("\n");
  return { name, lines, text, bytes: text.length };
}

function byId(id: string): LineFormat {
  const f = LOG_FORMATS.find((x) => x.id === id);
  if (!f) throw new Error(`no format ${id}`);
  return f;
}

function run(format: LineFormat, lines: string[], options: TestContextOptions = {}): TestContext {
  const ctx = createTestContext({ window: { start: Date.UTC(2025, 1, 1), end: Date.UTC(2025, 1, 20) }, ...options });
  const parser = format.createParser(ctx);
  lines.forEach((l, i) => {
    parser.push(l, i + 1);
  });
  parser.end();
  return ctx;
}

/** Parse a fixture with the format detection picks, asserting it is the expected one. */
function parseFixture(name: string, expectedFormat: string, options: TestContextOptions = {}): TestContext {
  const lines = fixtureLines(name);
  const format = detectLogFormat(sampleOf(name, lines));
  expect(format?.id).toBe(expectedFormat);
  return run(format!, lines, options);
}

const iso = (ts: number) => new Date(ts).toISOString();

function summary(ctx: TestContext) {
  return ctx.events.map((e) => ({ line: e.line, time: iso(e.ts), severity: e.severity, message: e.message }));
}

describe("JSON-lines loggers", () => {
  it("pino: ms epoch, numeric levels, hostname, err.stack", () => {
    const ctx = parseFixture("pino.log", "json-lines");
    expect(summary(ctx)).toEqual([
      { line: 1, time: "2025-02-09T10:05:23.123Z", severity: "info", message: "request completed" },
      { line: 2, time: "2025-02-09T10:05:24.500Z", severity: "error", message: "database connection failed" },
      { line: 3, time: "2025-02-09T10:05:25.001Z", severity: "fatal", message: "shutting down" },
    ]);
    expect(ctx.events[0]!.host).toBe("api-7f9c");
    expect(ctx.events[0]!.attributes).toMatchObject({ pid: 4211, responseTime: 12, req: { method: "GET" } });
    expect(ctx.events[1]!.attributes.stackTrace).toContain("ECONNREFUSED");
    expect(ctx.dataZones).toEqual(["UTC"]);
    expect(ctx.skips).toEqual([]);
  });

  it("bunyan: ISO time, numeric levels, name as service", () => {
    const ctx = parseFixture("bunyan.log", "json-lines");
    expect(summary(ctx)).toEqual([
      { line: 1, time: "2025-02-09T10:05:20.004Z", severity: "info", message: "listening on 8080" },
      { line: 2, time: "2025-02-09T10:05:23.120Z", severity: "warning", message: "slow query" },
      { line: 3, time: "2025-02-09T10:05:24.999Z", severity: "error", message: "payment gateway timeout" },
    ]);
    expect(ctx.events.map((e) => [e.service, e.host])).toEqual(Array(3).fill(["orders", "orders-1"]));
    expect(ctx.events[1]!.attributes).toMatchObject({ durationMs: 1204, pid: 812 });
    expect(ctx.events[1]!.attributes).not.toHaveProperty("v");
  });

  it("winston: timestamp + level + message, offsets honoured", () => {
    const ctx = parseFixture("winston.log", "json-lines");
    expect(summary(ctx)).toEqual([
      { line: 1, time: "2025-02-09T10:05:20.000Z", severity: "info", message: "Server started" },
      { line: 2, time: "2025-02-09T10:05:23.456Z", severity: "warning", message: "Retrying charge" },
      { line: 3, time: "2025-02-09T10:05:24.789Z", severity: "error", message: "Charge failed" },
    ]);
    expect(ctx.events[0]!.service).toBe("checkout");
    expect(ctx.dataZones).toEqual(["UTC", "+01:00"]);
  });

  it("zap: float epoch seconds, caller and logger kept", () => {
    const ctx = parseFixture("zap.log", "json-lines");
    expect(summary(ctx)).toEqual([
      { line: 1, time: "2025-02-09T10:05:23.123Z", severity: "info", message: "upstream healthy" },
      { line: 2, time: "2025-02-09T10:05:24.500Z", severity: "error", message: "upstream timeout" },
      { line: 3, time: "2025-02-09T10:05:25.000Z", severity: "critical", message: "invariant violated" },
    ]);
    expect(ctx.events[0]!.attributes).toMatchObject({ caller: "server/server.go:87", logger: "gateway" });
  });

  it("logrus: RFC 3339 with offsets and fractional seconds", () => {
    const ctx = parseFixture("logrus.log", "json-lines");
    expect(summary(ctx)).toEqual([
      { line: 1, time: "2025-02-09T10:05:20.000Z", severity: "info", message: "worker started" },
      { line: 2, time: "2025-02-09T10:05:23.000Z", severity: "warning", message: "queue depth high" },
      { line: 3, time: "2025-02-09T10:05:24.250Z", severity: "error", message: "redis unavailable" },
    ]);
    expect(ctx.events[2]!.attributes.error).toBe("dial tcp 10.0.3.7:6379: i/o timeout");
  });

  it("Elastic ECS: flattened and nested keys", () => {
    const ctx = parseFixture("ecs.log", "json-lines");
    expect(summary(ctx)).toEqual([
      { line: 1, time: "2025-02-09T10:05:23.123Z", severity: "error", message: "Order creation failed" },
      { line: 2, time: "2025-02-09T10:05:24.000Z", severity: "warning", message: "Falling back to cache" },
    ]);
    expect(ctx.events.map((e) => [e.service, e.host])).toEqual([
      ["orders", "orders-2"],
      ["catalog", "catalog-1"],
    ]);
    expect(ctx.events[0]!.attributes["log.logger"]).toBe("com.acme.orders.OrderService");
  });

  it("OpenTelemetry: timeUnixNano string, severityNumber, body AnyValue, resource service.name", () => {
    const ctx = parseFixture("otel.log", "json-lines");
    expect(summary(ctx)).toEqual([
      { line: 1, time: "2025-02-09T10:05:23.123Z", severity: "error", message: "payment authorization failed" },
      { line: 2, time: "2025-02-09T10:05:24.000Z", severity: "info", message: "retry scheduled" },
    ]);
    expect(ctx.events.map((e) => e.service)).toEqual(["payments", "payments"]);
    expect(ctx.events[0]!.attributes).toMatchObject({
      attributes: { "http.route": "/pay" },
      traceId: "5b8efff798038103d269b633813fc60c",
    });
  });

  it("bad JSON lines are counted skips, not exceptions", () => {
    const ctx = run(byId("json-lines"), [
      '{"level":30,"time":1739095523123,"msg":"ok"}',
      '{"level":30,"time":17390955',
      '{"level":30,"msg":"no time"}',
      "plain text",
      "[1,2,3]",
      "",
      '{"time":"not a date","msg":"x"}',
    ]);
    expect(ctx.events.map((e) => e.line)).toEqual([1]);
    expect(ctx.skips.map((s) => [s.line, s.reason])).toEqual([
      [2, "invalid-json"],
      [3, "no-timestamp"],
      [4, "not-json"],
      [5, "not-json"],
      [6, "empty-line"],
      [7, "no-timestamp"],
    ]);
  });

  it("naive ISO times use the context zone (DST-aware)", () => {
    const ctx = run(byId("json-lines"), ['{"timestamp":"2025-07-01 12:00:00.250","message":"summer"}'], {
      zone: "Europe/Berlin",
    });
    expect(iso(ctx.events[0]!.ts)).toBe("2025-07-01T10:00:00.250Z");
    expect(ctx.dataZones).toEqual([]);
  });
});

describe("logfmt", () => {
  it("reads ts/time, level, quoted msg with escapes", () => {
    const ctx = parseFixture("logfmt.log", "logfmt");
    expect(summary(ctx)).toEqual([
      { line: 1, time: "2025-02-09T10:05:23.123Z", severity: "info", message: "starting server" },
      { line: 2, time: "2025-02-09T10:05:24.500Z", severity: "error", message: 'query failed: "timeout" after 5s' },
      { line: 3, time: "2025-02-09T10:05:25.000Z", severity: "warning", message: "retrying" },
    ]);
    expect(ctx.events[0]!.attributes).toMatchObject({ caller: "main.go:42", addr: ":8080" });
    expect(ctx.events[2]!.service).toBe("worker");
  });

  it("unterminated quotes and missing times are skips", () => {
    const ctx = run(byId("logfmt"), [
      'ts=2025-02-09T10:05:23Z msg="open',
      "level=info msg=hello",
      'ts=1739095523 msg="epoch"',
    ]);
    expect(ctx.skips.map((s) => [s.line, s.reason])).toEqual([
      [1, "invalid-logfmt"],
      [2, "no-timestamp"],
    ]);
    expect(iso(ctx.events[0]!.ts)).toBe("2025-02-09T10:05:23.000Z");
  });

  it("reads a firewall's separate date= and time= keys, with tz= when given (FortiOS, Sophos)", () => {
    const ctx = run(byId("logfmt"), [
      'date=2025-02-09 time=10:05:23 devname="FGT60E" logid="0000000013" type="traffic" action="accept"',
      'date=2025-02-09 time=02:05:25 devname="FGT60E" tz="-0800" type="traffic" action="deny"',
    ]);
    expect(ctx.events.map((e) => iso(e.ts))).toEqual(["2025-02-09T10:05:23.000Z", "2025-02-09T10:05:25.000Z"]);
  });
});

describe("JSON lines with less common time keys", () => {
  it("reads Serilog CLEF (@t, @mt/@m, @l), MongoDB 4.4+ (t.$date) and a 'when' key", () => {
    const clef = run(byId("json-lines"), [
      '{"@t":"2025-02-09T10:05:23.1234567Z","@mt":"Request {Path} finished","@l":"Warning","Path":"/api"}',
      '{"@t":"2025-02-09T10:05:24.0000000Z","@m":"Started /","Path":"/"}',
    ]);
    expect(clef.events.map((e) => [iso(e.ts), e.severity, e.message])).toEqual([
      ["2025-02-09T10:05:23.123Z", "warning", "Request {Path} finished"],
      ["2025-02-09T10:05:24.000Z", "info", "Started /"],
    ]);
    const mongo = run(byId("json-lines"), [
      '{"t":{"$date":"2025-02-09T11:05:23.123+01:00"},"s":"I","c":"NETWORK","id":22943,"ctx":"listener","msg":"Connection accepted"}',
    ]);
    expect(mongo.events.map((e) => [iso(e.ts), e.message])).toEqual([
      ["2025-02-09T10:05:23.123Z", "Connection accepted"],
    ]);
    const when = run(byId("json-lines"), ['{"level":"warn","event":"retry","when":"2025-02-09T10:05:24Z"}']);
    expect(when.events.map((e) => iso(e.ts))).toEqual(["2025-02-09T10:05:24.000Z"]);
    for (const lines of [
      ['{"@t":"2025-02-09T10:05:23Z","@mt":"a"}', '{"@t":"2025-02-09T10:05:24Z","@mt":"b"}'],
      ['{"t":{"$date":"2025-02-09T10:05:23Z"},"msg":"a"}', '{"t":{"$date":"2025-02-09T10:05:24Z"},"msg":"b"}'],
    ]) {
      expect(detectFormat(sampleOf("x.json", lines), LOG_FORMATS)?.format.id).toBe("json-lines");
    }
  });
});

describe("access logs", () => {
  it("nginx combined with request_time and upstream_response_time appended", () => {
    const ctx = parseFixture("nginx-combined.log", "nginx-combined");
    expect(summary(ctx)).toEqual([
      { line: 1, time: "2025-02-09T10:05:23.000Z", severity: "info", message: "GET /api/orders 200" },
      { line: 2, time: "2025-02-09T10:05:24.000Z", severity: "error", message: "POST /api/orders 503" },
      { line: 3, time: "2025-02-09T10:05:25.000Z", severity: "warning", message: "GET /healthz 404" },
    ]);
    expect(ctx.events[0]!.attributes).toEqual({
      remoteAddr: "10.0.1.15",
      method: "GET",
      path: "/api/orders",
      query: "page=2",
      protocol: "HTTP/1.1",
      status: 200,
      bytes: 5123,
      referer: "https://shop.example.com/cart",
      userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36",
      requestTime: 0.042,
      upstreamTime: 0.04,
    });
    expect(ctx.events[1]!.attributes).toMatchObject({ user: "alice", requestTime: 30.001, upstreamTime: 30 });
    expect(ctx.events[2]!.attributes).toMatchObject({ requestTime: 0, bytes: 0 });
    expect(ctx.events[2]!.attributes).not.toHaveProperty("upstreamTime");
    expect(ctx.dataZones).toEqual(["UTC", "+01:00"]);
  });

  it("Apache common log format", () => {
    const ctx = parseFixture("apache-common.log", "apache-common");
    expect(summary(ctx)).toEqual([
      { line: 1, time: "2000-10-10T20:55:36.000Z", severity: "info", message: "GET /apache_pb.gif 200" },
      { line: 2, time: "2000-10-10T20:55:37.000Z", severity: "warning", message: "GET /missing 404" },
      { line: 3, time: "2000-10-10T20:55:38.000Z", severity: "error", message: "POST /cgi-bin/app 500" },
    ]);
    expect(ctx.events[0]!.attributes).toMatchObject({ user: "frank", bytes: 2326, referer: null, userAgent: null });
    expect(ctx.events[1]!.attributes.bytes).toBeNull();
  });

  it("escaped quotes, key=value extras, garbage request lines, broken lines", () => {
    const ctx = run(byId("nginx-combined"), [
      '1.1.1.1 - - [09/Feb/2025:10:05:23 +0000] "GET /a\\x22b HTTP/1.1" 200 1 "-" "ua \\"x\\"" rt=0.5 urt="0.4" uct="-"',
      '1.1.1.1 - - [09/Feb/2025:10:05:23 +0000] "\\x16\\x03\\x01" 400 150 "-" "-"',
      '1.1.1.1 - - [09/Feb/2025:10:05:23 +0000] "GET / HTTP/1.1" 2000 1 "-" "-"',
      '1.1.1.1 - - [31/Feb/2025:10:05:23 +0000] "GET / HTTP/1.1" 200 1 "-" "-"',
      '1.1.1.1 - - [09/Feb/2025:10:05:23 +0000] "GET / HTTP/1.1',
    ]);
    expect(ctx.events).toHaveLength(2);
    expect(ctx.events[0]!.attributes).toMatchObject({
      path: '/a"b',
      userAgent: 'ua "x"',
      requestTime: 0.5,
      upstreamTime: 0.4,
      upstreamConnectTime: null,
    });
    expect(ctx.events[1]!.message).toBe('"\u0016\u0003\u0001" 400');
    expect(ctx.events[1]!.attributes.method).toBeNull();
    expect(ctx.skips.map((s) => [s.line, s.reason])).toEqual([
      [3, "not-access-log"],
      [4, "bad-timestamp"],
      [5, "not-access-log"],
    ]);
  });
});

describe("nginx error log", () => {
  it("level, pid#tid, connection, and the trailing context as attributes", () => {
    const ctx = parseFixture("nginx-error.log", "nginx-error");
    expect(summary(ctx)).toEqual([
      {
        line: 1,
        time: "2025-02-09T10:05:23.000Z",
        severity: "error",
        message: "upstream timed out (110: Connection timed out) while reading response header from upstream",
      },
      {
        line: 2,
        time: "2025-02-09T10:05:24.000Z",
        severity: "warning",
        message:
          "an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/1/00/0000000001 while reading upstream",
      },
      { line: 3, time: "2025-02-09T10:05:25.000Z", severity: "notice", message: "signal process started" },
      {
        line: 4,
        time: "2025-02-09T10:05:26.000Z",
        severity: "critical",
        message: "connect() to unix:/run/php.sock failed (2: No such file or directory)",
      },
    ]);
    expect(ctx.events[0]!.attributes).toEqual({
      level: "error",
      pid: "1234",
      tid: "1234",
      connection: "5678",
      client: "10.0.0.1",
      server: "shop.example.com",
      request: "GET /api/orders HTTP/1.1",
      upstream: "http://10.0.3.7:8080/api/orders",
      host: "shop.example.com",
    });
    expect(ctx.events[1]!.attributes.referrer).toBe("https://shop.example.com/");
    expect(ctx.events[3]!.attributes).toMatchObject({ server: "_", request: "POST /x HTTP/1.1" });
    expect(ctx.events.every((e) => e.service === "nginx")).toBe(true);
  });

  it("an unknown trailing context stays in the message; broken headers are skipped", () => {
    const ctx = run(byId("nginx-error"), [
      "2025/02/09 10:05:23 [error] 1#1: *1 odd, client: 1.2.3.4, weird: x",
      "2025/02/09 10:05:23 [error] no pid here",
    ]);
    expect(ctx.events.map((e) => e.message)).toEqual(["odd, client: 1.2.3.4, weird: x"]);
    expect(ctx.skips.map((s) => s.reason)).toEqual(["no-timestamp"]);
  });
});

describe("syslog", () => {
  it("RFC 3164 with PRI: facility/severity from PRI, tag and pid", () => {
    const ctx = parseFixture("syslog-3164.log", "syslog-rfc3164");
    expect(summary(ctx)).toEqual([
      {
        line: 1,
        time: "2024-10-11T22:14:15.000Z",
        severity: "critical",
        message: "'su root' failed for lonvick on /dev/pts/8",
      },
      {
        line: 2,
        time: "2025-02-09T10:05:23.000Z",
        severity: "notice",
        message: "worker process 812 exited on signal 9",
      },
      {
        line: 3,
        time: "2025-02-09T10:05:24.000Z",
        severity: "info",
        message: "Accepted publickey for deploy from 10.0.0.5 port 51234 ssh2",
      },
    ]);
    expect(ctx.events.map((e) => [e.host, e.service, e.attributes.pid, e.attributes.facility])).toEqual([
      ["mymachine", "su", "123", "auth"],
      ["web-1", "nginx", undefined, "user"],
      ["web-1", "sshd", "4022", "authpriv"],
    ]);
  });

  it("RFC 3164 without PRI (/var/log/syslog), year-less dates resolved through inferYear", () => {
    const ctx = parseFixture("syslog-file.log", "syslog-rfc3164", { window: undefined, fallbackYear: 2025 });
    expect(summary(ctx)).toEqual([
      {
        line: 1,
        time: "2025-02-09T10:05:23.000Z",
        severity: null,
        message: "[12345.678901] Out of memory: Killed process 812 (java) total-vm:8388608kB",
      },
      {
        line: 2,
        time: "2025-02-09T10:05:24.000Z",
        severity: null,
        message: "orders.service: Main process exited, code=killed, status=9/KILL",
      },
      { line: 3, time: "2025-02-09T10:05:25.000Z", severity: null, message: "(root) CMD (/usr/local/bin/backup.sh)" },
    ]);
    expect(ctx.events.map((e) => e.service)).toEqual(["kernel", "systemd", "CRON"]);
    expect(ctx.fallbackYearUses).toBe(1);
  });

  it("rsyslog's RFC 3339 file format (Debian 12 /var/log/syslog) is RFC 3164-shaped with a precise stamp", () => {
    const lines = [
      "2025-02-09T10:05:23.123456+00:00 web-1 systemd[1]: Started orders.service.",
      "2025-02-09T11:05:24.000001+01:00 web-1 kernel: [ 12.345] eth0: link up",
      "2025-02-09T10:05:25.5+00:00 web-1 CRON[77]: (root) CMD (run-parts /etc/cron.hourly)",
    ];
    expect(detectLogFormat(sampleOf("syslog", lines))?.id).toBe("syslog-rfc3164");
    const ctx = run(byId("syslog-rfc3164"), lines);
    expect(ctx.events.map((e) => [iso(e.ts), e.host, e.service, e.message])).toEqual([
      ["2025-02-09T10:05:23.123Z", "web-1", "systemd", "Started orders.service."],
      ["2025-02-09T10:05:24.000Z", "web-1", "kernel", "[ 12.345] eth0: link up"],
      ["2025-02-09T10:05:25.500Z", "web-1", "CRON", "(root) CMD (run-parts /etc/cron.hourly)"],
    ]);
  });

  it("lines with no tag keep all text as the message; bad lines are counted", () => {
    const ctx = run(byId("syslog-rfc3164"), [
      "Feb  9 10:05:23 web-1 last message repeated 3 times",
      "Feb 30 10:05:23 web-1 app: impossible date",
      "<999>Feb  9 10:05:23 web-1 app: bad pri",
      "",
    ]);
    expect(ctx.events.map((e) => [e.service, e.message])).toEqual([[null, "last message repeated 3 times"]]);
    expect(ctx.skips.map((s) => s.reason)).toEqual(["no-timestamp", "no-timestamp", "empty-line"]);
  });

  it("year-less syslog crosses New Year with the window", () => {
    const ctx = run(byId("syslog-rfc3164"), ["Dec 31 23:59:59 h app: a", "Jan  1 00:00:01 h app: b"], {
      window: { start: Date.UTC(2024, 11, 31, 20), end: Date.UTC(2025, 0, 1, 4) },
    });
    expect(ctx.events.map((e) => iso(e.ts))).toEqual(["2024-12-31T23:59:59.000Z", "2025-01-01T00:00:01.000Z"]);
  });

  it("RFC 5424: NILVALUE, structured data with escapes, BOM, offsets", () => {
    const ctx = parseFixture("syslog-5424.log", "syslog-rfc5424");
    expect(summary(ctx)).toEqual([
      { line: 1, time: "2003-10-11T22:14:15.003Z", severity: "notice", message: "An application event log entry..." },
      {
        line: 2,
        time: "2003-10-11T22:14:15.003Z",
        severity: "critical",
        message: "'su root' failed for lonvick on /dev/pts/8",
      },
      { line: 3, time: "2003-08-24T12:14:15.000Z", severity: "notice", message: "%% It's time to make the do-nuts." },
      { line: 4, time: "2025-02-09T10:05:23.500Z", severity: "info", message: "done" },
    ]);
    expect(ctx.events[0]!.attributes).toEqual({
      facility: "local4",
      pri: 165,
      msgid: "ID47",
      structuredData: { "exampleSDID@32473": { iut: "3", eventSource: "Application", eventID: "1011" } },
    });
    expect(ctx.events[2]!.attributes).toMatchObject({ procid: "8710" });
    expect(ctx.events[3]!.attributes.structuredData).toEqual({ meta: { note: 'a "quoted" ] value' } });
    expect(ctx.events.map((e) => [e.host, e.service])[2]).toEqual(["192.0.2.1", "myproc"]);
    expect(ctx.dataZones).toEqual(["UTC", "-07:00", "UTC"]);
  });

  it("malformed RFC 5424 lines are skipped with reasons", () => {
    const ctx = run(byId("syslog-rfc5424"), [
      "<34>1 - host app - - - no time",
      '<34>1 2025-02-09T10:05:23Z host app - - [bad sd="x] msg',
      "<34>1 2025-02-09T10:05:23Z host",
      "not syslog",
    ]);
    expect(ctx.events).toEqual([]);
    expect(ctx.skips.map((s) => s.reason)).toEqual(["no-timestamp", "bad-structured-data", "truncated", "not-rfc5424"]);
  });
});

describe("kubectl logs --timestamps", () => {
  it("delegates JSON inner lines to json-lines, inner time wins, prefix time as fallback", () => {
    const ctx = parseFixture("kubectl-json.log", "kubectl-timestamps");
    expect(summary(ctx)).toEqual([
      { line: 1, time: "2025-02-09T10:05:23.120Z", severity: "info", message: "request completed" },
      { line: 2, time: "2025-02-09T10:05:23.220Z", severity: "error", message: "upstream timeout" },
      { line: 3, time: "2025-02-09T10:05:23.323Z", severity: "info", message: "no time field here" },
      { line: 4, time: "2025-02-09T10:05:23.423Z", severity: null, message: '{"level":30,"time":1739095523' },
    ]);
    expect(ctx.events.map((e) => e.attributes.innerFormat)).toEqual(Array(4).fill("json-lines"));
    expect(ctx.events[3]!.attributes.innerSkip).toBe("invalid-json");
    expect(ctx.events[2]!.attributes).toMatchObject({ timeFrom: "prefix", pid: 1, level: 30 });
    expect(ctx.events[2]!.host).toBe("api-7f9c");
    expect(ctx.events[0]!.host).toBe("api-7f9c");
  });

  it("plain inner lines take the prefix time; levels are still read", () => {
    const ctx = parseFixture("kubectl-plain.log", "kubectl-timestamps");
    expect(summary(ctx)).toEqual([
      { line: 1, time: "2025-02-09T10:05:20.000Z", severity: null, message: "Starting orders service v2.3.1" },
      { line: 2, time: "2025-02-09T10:05:23.500Z", severity: "error", message: "connection pool exhausted" },
      { line: 3, time: "2025-02-09T10:05:24.123Z", severity: null, message: "Listening on :8080" },
    ]);
    expect(ctx.events.every((e) => e.attributes.innerFormat === "plain")).toBe(true);
  });

  it("wraps klog lines: year-less inner stamps borrow the prefix year", () => {
    const lines = [
      "2024-12-31T23:59:59.900000000Z I1231 23:59:59.800000       1 main.go:1] last of the year",
      "2025-01-01T00:00:00.100000000Z E0101 00:00:00.050000       1 main.go:2] first of the year",
    ];
    const format = detectLogFormat(sampleOf("k.log", lines));
    expect(format?.id).toBe("kubectl-timestamps");
    const ctx = run(format!, lines, { window: undefined });
    expect(ctx.events.map((e) => [iso(e.ts), e.severity, e.attributes.innerFormat])).toEqual([
      ["2024-12-31T23:59:59.800Z", "info", "klog"],
      ["2025-01-01T00:00:00.050Z", "error", "klog"],
    ]);
    expect(ctx.fallbackYearUses).toBe(0);
  });

  it("keeps Java stack traces of the inner format together", () => {
    const inner = fixtureLines("log4j.log");
    const lines = inner.map((l, i) => `2025-02-09T10:05:2${Math.min(i, 9)}.000000001Z ${l}`);
    const ctx = run(byId("kubectl-timestamps"), lines);
    expect(ctx.events.map((e) => [e.line, e.attributes.innerFormat, e.attributes.lineCount])).toEqual([
      [1, "log4j", 7],
      [8, "log4j", undefined],
      [9, "log4j", undefined],
    ]);
  });

  it("lines without the prefix are skipped", () => {
    const ctx = run(byId("kubectl-timestamps"), ["2025-02-09T10:05:20.000000001Z ok", "no prefix", ""]);
    expect(ctx.events).toHaveLength(1);
    expect(ctx.skips.map((s) => s.reason)).toEqual(["no-timestamp", "empty-line"]);
  });
});

describe("klog", () => {
  it("reads I/W/E/F, µs times, thread id and source", () => {
    const ctx = parseFixture("klog.log", "klog");
    expect(summary(ctx)).toEqual([
      {
        line: 1,
        time: "2025-02-09T10:05:23.123Z",
        severity: "info",
        message: '"Reconciling" deployment="default/orders"',
      },
      {
        line: 2,
        time: "2025-02-09T10:05:24.000Z",
        severity: "warning",
        message: "watch of *v1.Pod ended with: too old resource version",
      },
      {
        line: 3,
        time: "2025-02-09T10:05:25.500Z",
        severity: "error",
        message: "error retrieving resource lock kube-system/kube-controller-manager: context deadline exceeded",
      },
      { line: 4, time: "2025-02-09T10:05:26.000Z", severity: "fatal", message: "fatal: cannot bind :10257" },
    ]);
    expect(ctx.events[1]!.attributes).toEqual({ level: "W", threadId: "12345", source: "reflector.go:424" });
  });

  it("rejects impossible dates", () => {
    const ctx = run(byId("klog"), ["I1345 10:05:23.000000 1 a.go:1] x", "I0230 10:05:23.000000 1 a.go:1] feb 30"]);
    expect(ctx.events).toEqual([]);
    expect(ctx.skips.map((s) => s.reason)).toEqual(["no-timestamp", "bad-timestamp"]);
  });
});

describe("Java layouts", () => {
  it("log4j: a multi-line stack trace is ONE event starting at its first line", () => {
    const ctx = parseFixture("log4j.log", "log4j", { zone: "UTC" });
    expect(summary(ctx)).toEqual([
      { line: 1, time: "2025-02-09T10:05:23.123Z", severity: "error", message: "Failed to create order 4711" },
      { line: 8, time: "2025-02-09T10:05:24.000Z", severity: "info", message: "Retrying in 500 ms" },
      { line: 9, time: "2025-02-09T10:05:24.500Z", severity: "warning", message: "degraded" },
    ]);
    expect(ctx.events[0]!.attributes).toEqual({
      level: "ERROR",
      thread: "main",
      component: "com.acme.orders.OrderService",
      lineCount: 7,
      stackTrace: [
        "java.lang.IllegalStateException: connection pool exhausted",
        "\tat com.acme.db.Pool.acquire(Pool.java:88)",
        "\tat com.acme.orders.OrderService.create(OrderService.java:42)",
        "Caused by: java.net.SocketTimeoutException: connect timed out",
        "\tat java.base/java.net.Socket.connect(Socket.java:633)",
        "\t... 12 more",
      ].join("\n"),
    });
    expect(ctx.events[2]!.attributes).toMatchObject({ thread: "main", component: "c.a.orders.Health" });
    expect(ctx.skips).toEqual([]);
  });

  it("log4j naive times use the context zone", () => {
    const ctx = parseFixture("log4j.log", "log4j", { zone: "America/New_York" });
    expect(iso(ctx.events[0]!.ts)).toBe("2025-02-09T15:05:23.123Z");
  });

  it("Spring Boot: level, pid, ---, [thread], padded logger, app name group, stack trace", () => {
    const ctx = parseFixture("spring-boot.log", "spring-boot");
    expect(summary(ctx)).toEqual([
      {
        line: 1,
        time: "2025-02-09T10:05:23.123Z",
        severity: "info",
        message: "Started OrdersApplication in 4.2 seconds (process running for 4.9)",
      },
      {
        line: 2,
        time: "2025-02-09T10:05:24.456Z",
        severity: "error",
        message: "Servlet.service() for servlet [dispatcherServlet] threw exception",
      },
      { line: 6, time: "2025-02-09T10:05:25.000Z", severity: "warning", message: "Slow request: 2300 ms" },
    ]);
    expect(ctx.events[0]!.attributes).toEqual({
      level: "INFO",
      pid: "1",
      thread: "main",
      component: "c.a.orders.OrdersApplication",
    });
    expect(ctx.events[1]!.attributes).toMatchObject({
      thread: "nio-8080-exec-1",
      lineCount: 4,
      component: "o.a.c.c.C.[.[.[/].[dispatcherServlet]",
    });
    expect(ctx.events[2]!.attributes).toMatchObject({ thread: "nio-8080-exec-2", headerFields: ["orders"] });
  });

  it("a stack trace before any event is skipped; huge traces are bounded", () => {
    const lines = ["\tat orphan(Foo.java:1)", "2025-02-09 10:05:23,123 ERROR [main] a.B - boom"];
    for (let i = 0; i < 2000; i++) lines.push(`\tat frame${i}(X.java:${i})`);
    const ctx = run(byId("log4j"), lines);
    expect(ctx.skips.map((s) => [s.line, s.reason])).toEqual([[1, "no-timestamp"]]);
    expect(ctx.events).toHaveLength(1);
    expect(ctx.events[0]!.attributes.lineCount).toBe(2001);
    expect(ctx.events[0]!.attributes.stackTraceTruncated).toBe(true);
    expect((ctx.events[0]!.attributes.stackTrace as string).split("\n")).toHaveLength(500);
  });
});

describe("PostgreSQL", () => {
  it("joins DETAIL/HINT/STATEMENT and tab continuation lines to their event; each such line is an event too", () => {
    const ctx = parseFixture("postgresql.log", "postgresql");
    const detail = (line: number, message: string) => ({
      line,
      time: "2025-02-09T10:05:24.001Z",
      severity: null,
      message,
    });
    expect(summary(ctx)).toEqual([
      {
        line: 1,
        time: "2025-02-09T10:05:23.123Z",
        severity: "info",
        message: "duration: 1204.331 ms  statement: SELECT * FROM orders WHERE id = 42",
      },
      { line: 2, time: "2025-02-09T10:05:24.001Z", severity: "error", message: "deadlock detected" },
      detail(
        3,
        "DETAIL:  Process 12346 waits for ShareLock on transaction 5012; blocked by process 12347.\nProcess 12347 waits for ShareLock on transaction 5011; blocked by process 12346.",
      ),
      detail(5, "HINT:  See server log for query details."),
      detail(6, "STATEMENT:  UPDATE orders SET status = 'paid'\nWHERE id = 42"),
      { line: 8, time: "2025-02-09T10:05:25.000Z", severity: "fatal", message: "the database system is shutting down" },
    ]);
    expect(ctx.events[2]!.attributes).toEqual({ level: "DETAIL", pid: "12346", detailOf: 2, lineCount: 2 });
    expect(ctx.events[0]!.attributes).toEqual({ level: "LOG", pid: "12345", durationMs: 1204.331 });
    expect(ctx.events[1]!.attributes).toEqual({
      level: "ERROR",
      pid: "12346",
      user: "app",
      database: "orders",
      detail:
        "Process 12346 waits for ShareLock on transaction 5012; blocked by process 12347.\nProcess 12347 waits for ShareLock on transaction 5011; blocked by process 12346.",
      hint: "See server log for query details.",
      statement: "UPDATE orders SET status = 'paid'\nWHERE id = 42",
    });
    // every line is counted once: the DETAIL and STATEMENT events span their indented lines
    expect(ctx.events.map((e) => e.attributes.lineCount)).toEqual([undefined, undefined, 2, undefined, 2, undefined]);
    expect(ctx.events.every((e) => e.service === "postgresql")).toBe(true);
    expect(ctx.dataZones).toEqual(["UTC", "+01:00"]);
  });

  it("a DETAIL line without its message is still a timed event; prefix-less lines are counted", () => {
    const ctx = run(byId("postgresql"), [
      "2025-02-09 10:05:24.001 UTC [1] DETAIL:  orphan",
      "garbage",
      "2025-02-09 10:05:24.001 UTC [1] nothing here",
    ]);
    expect(ctx.events.map((e) => [e.line, e.message, e.attributes.detailOf])).toEqual([
      [1, "DETAIL:  orphan", undefined],
    ]);
    expect(ctx.skips.map((s) => s.reason)).toEqual(["no-timestamp", "no-level"]);
  });
});

describe("generic timestamped logs", () => {
  it("finds the timestamp, peels the header, folds trace-like lines, skips lines with no timestamp", () => {
    const ctx = parseFixture("generic.log", "generic-timestamped");
    expect(summary(ctx)).toEqual([
      { line: 1, time: "2025-02-09T10:05:23.123Z", severity: "error", message: "charge failed for order 4711" },
      { line: 3, time: "2025-02-09T10:05:24.500Z", severity: "warning", message: "retry budget low" },
      { line: 5, time: "2025-02-09T10:05:25.000Z", severity: null, message: "plain message from Go's log package" },
    ]);
    expect(ctx.events[0]!.attributes).toMatchObject({
      thread: "worker-3",
      component: "payment.Processor",
      lineCount: 2,
    });
    expect(ctx.events[1]!.attributes).toMatchObject({ component: "payments" });
    expect(ctx.skips).toEqual([{ line: 4, reason: "no-timestamp", excerpt: "this line has no timestamp at all" }]);
  });

  it("Apache 2.4 error log, Redis and MySQL layouts", () => {
    const ctx = run(byId("generic-timestamped"), [
      "[Sun Feb 09 10:05:23.123456 2025] [proxy:error] [pid 1234:tid 5678] (111)Connection refused: AH00957: HTTP: attempt to connect to 127.0.0.1:8080 (localhost) failed",
      "1:M 09 Feb 2025 10:05:25.123 * Ready to accept connections tcp",
      "2025-02-09T10:05:26.123456Z 0 [Warning] [MY-010068] [Server] CA certificate ca.pem is self signed.",
    ]);
    expect(ctx.events.map((e) => [iso(e.ts), e.severity, e.message])).toEqual([
      [
        "2025-02-09T10:05:23.123Z",
        "error",
        "(111)Connection refused: AH00957: HTTP: attempt to connect to 127.0.0.1:8080 (localhost) failed",
      ],
      ["2025-02-09T10:05:25.123Z", null, "* Ready to accept connections tcp"],
      ["2025-02-09T10:05:26.123Z", "warning", "[MY-010068] [Server] CA certificate ca.pem is self signed."],
    ]);
    expect(ctx.events[0]!.attributes).toEqual({ level: "error", pid: "1234", tid: "5678", component: "proxy" });
    expect(ctx.events[1]!.attributes).toEqual({ prefix: "1:M" });
  });

  it("a message word that is a level is not a header", () => {
    const ctx = run(byId("generic-timestamped"), [
      "2025-02-09 10:05:23 user login failed error code 7",
      "2025-02-09 10:05:23 A user logged in",
      "2025-02-09 10:05:23 42 requests served",
      "2025-02-09 10:05:23 42 E Tag: logcat-like",
    ]);
    expect(ctx.events.map((e) => [e.severity, e.message])).toEqual([
      [null, "user login failed error code 7"],
      [null, "A user logged in"],
      [null, "42 requests served"],
      ["error", "logcat-like"],
    ]);
    expect(ctx.events[3]!.attributes).toMatchObject({ pid: "42", component: "Tag", level: "E" });
  });
});

describe("detection", () => {
  const cases: [string, string][] = [
    ["pino.log", "json-lines"],
    ["bunyan.log", "json-lines"],
    ["winston.log", "json-lines"],
    ["zap.log", "json-lines"],
    ["logrus.log", "json-lines"],
    ["ecs.log", "json-lines"],
    ["otel.log", "json-lines"],
    ["logfmt.log", "logfmt"],
    ["nginx-combined.log", "nginx-combined"],
    ["apache-common.log", "apache-common"],
    ["nginx-error.log", "nginx-error"],
    ["syslog-3164.log", "syslog-rfc3164"],
    ["syslog-file.log", "syslog-rfc3164"],
    ["syslog-5424.log", "syslog-rfc5424"],
    ["kubectl-json.log", "kubectl-timestamps"],
    ["kubectl-plain.log", "kubectl-timestamps"],
    ["klog.log", "klog"],
    ["log4j.log", "log4j"],
    ["spring-boot.log", "spring-boot"],
    ["postgresql.log", "postgresql"],
    ["generic.log", "generic-timestamped"],
  ];
  it.each(cases)("%s is detected as %s", (name, id) => {
    const lines = fixtureLines(name);
    expect(detectLogFormat(sampleOf(name, lines))?.id).toBe(id);
  });

  it.each(cases)("%s still wins among all registered formats, documents included", (name, id) => {
    const text = readFileSync(join(FIXTURES, name), "utf8");
    expect(detectFormat(makeSample(name, text, text.length, true))?.format.id).toBe(id);
  });

  it("ids are unique and every format scores 0..1 on any sample", () => {
    expect(new Set(LOG_FORMATS.map((f) => f.id)).size).toBe(LOG_FORMATS.length);
    for (const f of LOG_FORMATS) {
      for (const s of [sampleOf("e", []), sampleOf("x", ["\u0000\u0001binary", "{", "[", "<>"])]) {
        const score = f.detect(s);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
      }
    }
  });

  it("nothing claims prose or a pretty-printed JSON document", () => {
    const prose = ["The quick brown fox", "jumps over the lazy dog.", "No timestamps here."];
    expect(detectLogFormat(sampleOf("p.txt", prose))).toBeNull();
    const doc = JSON.stringify(
      {
        status: "success",
        data: {
          result: [
            {
              metric: {},
              values: [
                [1739095523.123, "0.5"],
                [1739095538, "0.7"],
              ],
            },
          ],
        },
      },
      null,
      2,
    ).split("\n");
    expect(detectLogFormat(sampleOf("d.json", doc))).toBeNull();
  });
});

describe("kubectl ordering", () => {
  it("an inner line the inner parser rejects waits for the inner record still collecting lines", () => {
    const lines = [
      "2025-02-09T10:05:20.000000001Z 2025-02-09 10:05:20,000 INFO  [main] a.B - one",
      "2025-02-09T10:05:21.000000001Z 2025-02-09 10:05:21,000 ERROR [main] a.B - boom",
      "2025-02-09T10:05:21.000000002Z \tat a.B.c(B.java:1)",
      // Year-less Feb 29 in 2025 (the prefix year): scanned, then rejected by the inner parser as a bad timestamp.
      "2025-02-09T10:05:22.000000001Z 02-29 10:05:22.000 INFO  [main] a.B - impossible date",
      "2025-02-09T10:05:23.000000001Z 2025-02-09 10:05:23,000 INFO  [main] a.B - after",
    ];
    const ctx = run(byId("kubectl-timestamps"), lines);
    expect(ctx.events.map((e) => [e.line, e.attributes.innerFormat, e.attributes.innerSkip ?? null])).toEqual([
      [1, "log4j", null],
      [2, "log4j", null],
      [4, "log4j", "bad-timestamp"],
      [5, "log4j", null],
    ]);
    expect(iso(ctx.events[2]!.ts)).toBe("2025-02-09T10:05:22.000Z");
  });
});
