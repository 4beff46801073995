import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectFormat, makeSample } from "../../detect-format.js";
import { defaultFormatRegistry } from "../index.js";
import { genericTimestampedFormat } from "./generic.js";
import { createTestContext } from "./test-context.js";
import { learnTimestampColumn } from "./timestamp-column.js";

const WINDOW = { start: Date.UTC(2025, 1, 1), end: Date.UTC(2025, 1, 20) };

function parse(lines: string[]) {
  const ctx = createTestContext({ window: WINDOW });
  const p = genericTimestampedFormat.createParser(ctx);
  lines.forEach((l, i) => {
    p.push(l, i + 1);
  });
  p.end();
  return ctx;
}

function detected(lines: string[]): string | undefined {
  const text = lines.join("\n");
  return detectFormat(makeSample("x.log", text, text.length, true), defaultFormatRegistry().formats)?.format.id;
}

const iso = (ts: number) => new Date(ts).toISOString();

describe("generic-timestamped: the timestamp in any column", () => {
  it("learns day-first numeric dates from the file (a first number above 12 on some line)", () => {
    const lines = ["09/02/2025 10:05:23 starting", "10/02/2025 10:05:24 slow", "13/02/2025 10:05:25 failed"];
    expect(learnTimestampColumn(lines)?.dayFirst).toBe(true);
    expect(parse(lines).events.map((e) => iso(e.ts))).toEqual([
      "2025-02-09T10:05:23.000Z",
      "2025-02-10T10:05:24.000Z",
      "2025-02-13T10:05:25.000Z",
    ]);
    // US order stays the default, and a file that proves it stays month-first
    expect(learnTimestampColumn(["02/09/2025 10:05:23 a", "02/13/2025 10:05:24 b"])?.dayFirst).toBeUndefined();
  });

  it("tells day-first from the steps between dates when every number is 12 or less", () => {
    const eu = ["09/02/2025 23:59:58 INFO start", "09/02/2025 23:59:59 INFO tick", "10/02/2025 00:00:01 INFO tick"];
    expect(learnTimestampColumn(eu)?.dayFirst).toBe(true);
    expect(parse(eu).events.map((e) => iso(e.ts))[2]).toBe("2025-02-10T00:00:01.000Z");
    const us = ["02/09/2025 23:59:59 INFO tick", "02/10/2025 00:00:01 INFO tick"];
    expect(learnTimestampColumn(us)?.dayFirst).toBeUndefined();
    // one date only: nothing tells, the US order stays
    expect(learnTimestampColumn(["09/02/2025 10:00:00 a", "09/02/2025 10:00:01 b"])?.dayFirst).toBeUndefined();
  });

  it("reads a klog-style severity letter glued to a dated header (CockroachDB 'I250209 10:05:23.123456')", () => {
    const lines = [
      "I250209 10:05:23.123456 1 util/log/file.go:123  [config] file created at: 2025/02/09 10:05:23",
      "W250209 10:05:24.223456 45 server/node.go:456  [n1] slow heartbeat",
    ];
    expect(detected(lines)).toBe("generic-timestamped");
    expect(parse(lines).events.map((e) => iso(e.ts))).toEqual(["2025-02-09T10:05:23.123Z", "2025-02-09T10:05:24.223Z"]);
    // klog's own year-less `Lmmdd` stays with its reader
    expect(detected(["I0209 10:05:23.123456       1 controller.go:123] Reconciling"])).toBe("klog");
  });

  it("reads epoch time inside a token (auditd msg=audit(epoch:serial)) and Cisco IOS '*Mon dd' clocks", () => {
    const audit = [
      'type=SYSCALL msg=audit(1739095523.123:456): arch=c000003e syscall=59 success=yes comm="sudo"',
      'type=EXECVE msg=audit(1739095523.123:456): argc=3 a0="systemctl" a1="restart" a2="nginx"',
      "type=USER_LOGIN msg=audit(1739095530.001:460): pid=4500 uid=0 res=success",
    ];
    expect(detected(audit)).toBe("generic-timestamped");
    expect(parse(audit).events.map((e) => iso(e.ts))).toEqual([
      "2025-02-09T10:05:23.123Z",
      "2025-02-09T10:05:23.123Z",
      "2025-02-09T10:05:30.001Z",
    ]);
    const ios = [
      "*Feb  9 10:05:23.123: %LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down",
      "000123: *Feb  9 10:06:00.001: %SYS-5-CONFIG_I: Configured from console by admin on vty0",
    ];
    expect(detected(ios)).toBe("generic-timestamped");
    expect(parse(ios).events.map((e) => iso(e.ts))).toEqual(["2025-02-09T10:05:23.123Z", "2025-02-09T10:06:00.001Z"]);
  });

  it("accepts an epoch column that steps back a little (flow records logged at their end, carrying their start)", () => {
    const lines = [
      "2 123456789012 eni-0a1b2c3d 10.0.1.5 10.0.2.9 443 49152 6 10 840 1739095523 1739095583 ACCEPT OK",
      "2 123456789012 eni-0a1b2c3d 10.0.1.6 10.0.2.9 443 49153 6 4 300 1739095520 1739095580 REJECT OK",
      "2 123456789012 eni-0a1b2c3d 10.0.1.7 10.0.2.9 22 49154 6 1 60 1739095530 1739095590 ACCEPT OK",
    ];
    expect(detected(lines)).toBe("generic-timestamped");
    expect(parse(lines).events.map((e) => iso(e.ts))).toEqual([
      "2025-02-09T10:05:23.000Z",
      "2025-02-09T10:05:20.000Z",
      "2025-02-09T10:05:30.000Z",
    ]);
    // ids that merely look like epoch seconds jump by years and are not a time column
    expect(learnTimestampColumn(["a 1234567890 x", "b 1934567890 y", "c 1434567890 z", "d 1834567890 w"])).toBeNull();
  });

  it("reads key-value records whose time is one property among several (PowerShell Format-List)", () => {
    const lines = [
      "",
      "TimeCreated  : 2/9/2025 10:05:23 AM",
      "ProviderName : Service Control Manager",
      "Id           : 7036",
      "Message      : The Windows Update service entered the running state.",
      "",
      "TimeCreated  : 2/9/2025 10:07:01 PM",
      "ProviderName : Service Control Manager",
      "Id           : 7031",
      "Message      : The Print Spooler service terminated unexpectedly.",
    ];
    expect(detected(lines)).toBe("generic-timestamped");
    expect(parse(lines).events.map((e) => [e.line, iso(e.ts)])).toEqual([
      [2, "2025-02-09T10:05:23.000Z"],
      [7, "2025-02-09T22:07:01.000Z"],
    ]);
  });

  it("detects files of multi-line records by their heads (RabbitMQ before 3.7)", () => {
    const lines = [
      "=INFO REPORT==== 9-Feb-2025::10:05:23 ===",
      "accepting AMQP connection <0.123.0> (10.0.0.1:5000 -> 10.0.0.2:5672)",
      "",
      "=WARNING REPORT==== 9-Feb-2025::10:05:25 ===",
      "closing AMQP connection <0.123.0> (10.0.0.1:5000 -> 10.0.0.2:5672):",
      "connection_closed_abruptly",
    ];
    expect(detected(lines)).toBe("generic-timestamped");
    const ctx = parse(lines);
    expect(ctx.events.map((e) => [e.line, iso(e.ts)])).toEqual([
      [1, "2025-02-09T10:05:23.000Z"],
      [4, "2025-02-09T10:05:25.000Z"],
    ]);
  });

  it("reads a bracketed year-less month.day time, with the year from the window", () => {
    const lines = [
      "[02.09 10:05:23] chrome.exe - proxy.example.com:443 open through proxy",
      "[02.09 10:05:24] chrome.exe - proxy.example.com:443 close, 1203 bytes sent",
    ];
    expect(detected(lines)).toBe("generic-timestamped");
    const ctx = parse(lines);
    expect(ctx.events.map((e) => iso(e.ts))).toEqual(["2025-02-09T10:05:23.000Z", "2025-02-09T10:05:24.000Z"]);
    expect(ctx.events[0]?.message).toBe("chrome.exe - proxy.example.com:443 open through proxy");
  });

  it("reads log15's `LEVEL[MM-DD|HH:MM:SS.mmm]` header (go-ethereum), also where a 5-letter level leaves no space", () => {
    const lines = [
      "INFO [02-09|10:05:23.123] Starting Geth on Ethereum mainnet...",
      "WARN [02-09|10:05:24.001] Sanitizing cache to Go's GC limits       provided=4096 updated=2640",
      'ERROR[02-09|10:05:26.010] Failed to retrieve stats server message  err="websocket: close 1006"',
    ];
    expect(detected(lines)).toBe("generic-timestamped");
    const ctx = parse(lines);
    expect(ctx.events.map((e) => iso(e.ts))).toEqual([
      "2025-02-09T10:05:23.123Z",
      "2025-02-09T10:05:24.001Z",
      "2025-02-09T10:05:26.010Z",
    ]);
    expect(ctx.events[0]?.message).toBe("Starting Geth on Ethereum mainnet...");
    // a `|` after a year-less date starts no time unless a clock follows
    expect(parse(["INFO [02-09|build 42] no clock here"]).events).toEqual([]);
  });

  it("dates time-of-day lines from a header (sar), a 'Day changed' line (IRC) or the file name, across midnight", () => {
    const sar = [
      "Linux 5.15.0-91-generic (web-1) \t02/09/2025 \t_x86_64_\t(4 CPU)",
      "",
      "10:00:01 AM     CPU     %user     %nice   %system   %iowait    %steal     %idle",
      "11:50:01 PM     all     92.51      0.00      1.03      0.12      0.00      6.34",
      "12:00:01 AM     all     12.51      0.00      1.03      0.12      0.00     86.34",
      "Average:        all      2.51      0.00      1.03      0.12      0.00     96.34",
    ];
    expect(detected(sar)).toBe("generic-timestamped");
    expect(parse(sar).events.map((e) => iso(e.ts))).toEqual([
      "2025-02-09T10:00:01.000Z",
      "2025-02-09T23:50:01.000Z",
      "2025-02-10T00:00:01.000Z",
    ]);
    const irc = [
      "--- Log opened Sun Feb 09 10:00:00 2025",
      "[10:05:23] <alice> db is down",
      "[00:00:10] <alice> back",
      "--- Day changed Tue Feb 11 2025",
      "[08:00:00] <bob> morning",
    ];
    const ircCtx = parse(irc);
    expect(ircCtx.events.map((e) => iso(e.ts))).toEqual([
      "2025-02-09T10:05:23.000Z",
      "2025-02-10T00:00:10.000Z",
      "2025-02-11T08:00:00.000Z",
    ]);
    expect(ircCtx.events[0]?.message).toBe("<alice> db is down");
    const tcpdump = [
      "10:05:23.123456 IP 10.0.0.1.5432 > 10.0.0.2.51234: Flags [P.], seq 1:100, ack 1, win 501, length 99",
      "10:05:23.223456 IP 10.0.0.2.51234 > 10.0.0.1.5432: Flags [.], ack 100, win 501, length 0",
    ];
    const named = createTestContext({ window: WINDOW, path: "captures/tcpdump-2025-02-09.txt" });
    const p = genericTimestampedFormat.createParser(named);
    tcpdump.forEach((l, i) => {
      p.push(l, i + 1);
    });
    p.end();
    expect(named.events.map((e) => iso(e.ts))).toEqual(["2025-02-09T10:05:23.123Z", "2025-02-09T10:05:23.223Z"]);
  });

  it("reads W3C times as UTC when the header declares it (IIS), in the source's zone when it says Local", () => {
    const body = "2025-02-09 10:05:23 10.0.0.4 GET /api/orders - 443 - 203.0.113.9 Mozilla/5.0 - 500 0 0 1234";
    const read = (header: string[]) => {
      const ctx = createTestContext({ window: WINDOW, zone: "Europe/Berlin" });
      const p = genericTimestampedFormat.createParser(ctx);
      [...header, "#Fields: date time s-ip cs-method cs-uri-stem", body].forEach((l, i) => {
        p.push(l, i + 1);
      });
      p.end();
      return ctx.events.map((e) => iso(e.ts));
    };
    expect(read(["#Software: Microsoft Internet Information Services 10.0"])).toEqual(["2025-02-09T10:05:23.000Z"]);
    expect(read(["#Software: Microsoft Windows Firewall", "#Time Format: Local"])).toEqual([
      "2025-02-09T09:05:23.000Z",
    ]);
    expect(read(["#Time Format: UTC"])).toEqual(["2025-02-09T10:05:23.000Z"]);
  });

  it("skips time-of-day lines when nothing states their date, and warns once", () => {
    const warnings: string[] = [];
    const ctx = Object.assign(createTestContext({ window: WINDOW }), { warn: (m: string) => warnings.push(m) });
    const p = genericTimestampedFormat.createParser(ctx);
    ["10:05:23.123456 IP a > b: Flags [P.]", "10:05:24.123456 IP b > a: Flags [.]"].forEach((l, i) => {
      p.push(l, i + 1);
    });
    p.end();
    expect(ctx.events).toEqual([]);
    expect(ctx.skips.map((s) => s.reason)).toEqual(["no-timestamp", "no-timestamp"]);
    expect(warnings).toHaveLength(1);
    // a time of day never wins over a date column, and prose with a minute-precision time is not a log
    expect(learnTimestampColumn(["2025-02-09 10:05:23 a", "2025-02-09 10:05:24 b"])?.kind).toBe("calendar");
    expect(learnTimestampColumn(["meet at 10:05 today", "then 11:30 lunch"])).toBeNull();
  });

  it("reads epoch seconds in a middle column and ignores epoch-looking ids elsewhere", () => {
    const lines = [
      "node-1 1739095523 kernel 1500000001 disk error",
      "node-2 1739095524 kernel 1400000002 disk error",
      "node-1 1739095530 sshd 1300000003 session opened",
    ];
    expect(learnTimestampColumn(lines)).toMatchObject({ token: 1, kind: "epoch" });
    expect(detected(lines)).toBe("generic-timestamped");
    const ctx = parse(lines);
    expect(ctx.events.map((e) => iso(e.ts))).toEqual([
      "2025-02-09T10:05:23.000Z",
      "2025-02-09T10:05:24.000Z",
      "2025-02-09T10:05:30.000Z",
    ]);
    expect(ctx.events[0]?.attributes.prefix).toBe("node-1");
  });

  it("reads microsecond epochs, day-first dotted dates and 12-hour US clocks", () => {
    expect(parse(["1739095523123456 worker started"]).events.map((e) => iso(e.ts))).toEqual([
      "2025-02-09T10:05:23.123Z",
    ]);
    expect(parse(["09.02.2025 10:05:23 INFO started"]).events.map((e) => iso(e.ts))).toEqual([
      "2025-02-09T10:05:23.000Z",
    ]);
    const us = parse(["2/9/2025 10:05:23 PM Information Service started", "2/9/2025 12:01:00 AM Information tick"]);
    expect(us.events.map((e) => iso(e.ts))).toEqual(["2025-02-09T22:05:23.000Z", "2025-02-09T00:01:00.000Z"]);
  });

  it("finds a timestamp after a level and a host, and reads its zone abbreviation", () => {
    const lines = [
      "INFO web-1 2025-02-09 04:05:23 CST request served",
      "WARN web-2 2025-02-09 04:05:24 CST slow request",
    ];
    const ctx = parse(lines);
    expect(ctx.events.map((e) => iso(e.ts))).toEqual(["2025-02-09T10:05:23.000Z", "2025-02-09T10:05:24.000Z"]);
  });

  it("does not take a file without timestamps, and leaves specific formats alone", () => {
    expect(genericTimestampedFormat.detect(makeSample("a.txt", "hello\nworld\n", 12, true))).toBe(0);
    const syslog = ["Feb  9 10:05:23 web-1 sshd[42]: Accepted password for root"];
    expect(detected(syslog)).toBe("syslog-rfc3164");
  });

  it("property: the learnt column is where the time is, whatever stands before it", () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), { minLength: 0, maxLength: 4 }),
        fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }),
        (prefix, start) => {
          const lines = Array.from({ length: 5 }, (_, i) =>
            [...prefix, String(start + i * 7), "msg", String(i)].join(" "),
          );
          const ctx = parse(lines);
          expect(ctx.events.map((e) => e.ts)).toEqual(lines.map((_, i) => (start + i * 7) * 1000));
        },
      ),
      { numRuns: 60 },
    );
  });
});
