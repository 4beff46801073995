/**
 * Micro-benchmark of the line-oriented log parsers (the evidence pipeline's hot path): generates deterministic input
 * per format in memory and prints lines/s and MB/s for each parser, with a no-op context (so the numbers are the
 * parsers' own cost, not the pipeline's), measured in CPU time of this process. No assertions; run with
 * `npm run bench:log-formats`.
 * `BENCH_LINES` sets lines per format (default 300000); `BENCH_FORMATS=nginx-combined,json-lines` picks formats.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { FormatContext, LineFormat } from "../src/evidence/evidence-format.js";
import { LOG_FORMATS } from "../src/evidence/formats/logs/index.js";
import { mulberry32 } from "../src/util/mulberry32.js";

const N = Number(process.env.BENCH_LINES ?? 300_000);

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const PATHS = ["/api/orders", "/api/users/42", "/healthz", "/static/app.js", "/api/cart?item=7"];
const LEVELS = ["info", "info", "info", "warn", "error", "debug"];

type Gen = (i: number, t: number, r: () => number) => string;

const GENERATORS: Record<string, Gen> = {
  "nginx-combined": (_i, t, r) => {
    const d = new Date(t);
    const ts = `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
    const status = r() < 0.05 ? 503 : r() < 0.1 ? 404 : 200;
    return `10.0.${Math.floor(r() * 255)}.${Math.floor(r() * 255)} - - [${ts}] "GET ${PATHS[Math.floor(r() * PATHS.length)]} HTTP/1.1" ${status} ${Math.floor(r() * 9000)} "https://shop.example.com/" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36" ${(r() * 2).toFixed(3)} ${(r() * 2).toFixed(3)}`;
  },
  "json-lines": (i, t, r) =>
    JSON.stringify({
      level: [30, 30, 30, 40, 50][Math.floor(r() * 5)],
      time: t,
      pid: 4211,
      hostname: "api-7f9c",
      reqId: `req-${i}`,
      msg: `request completed in ${Math.floor(r() * 500)} ms`,
      res: { statusCode: 200 },
    }),
  "syslog-rfc3164": (_i, t, r) => {
    const d = new Date(t);
    return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} web-1 sshd[${1000 + Math.floor(r() * 9000)}]: Accepted publickey for deploy from 10.0.0.${Math.floor(r() * 255)} port ${Math.floor(r() * 65535)} ssh2`;
  },
  "syslog-rfc5424": (_i, t, r) =>
    `<165>1 ${new Date(t).toISOString()} web-1 app ${Math.floor(r() * 9999)} ID47 [meta seq="${Math.floor(r() * 1e6)}"] job finished`,
  logfmt: (_i, t, r) =>
    `ts=${new Date(t).toISOString()} level=${LEVELS[Math.floor(r() * LEVELS.length)]} caller=db.go:42 msg="query took ${Math.floor(r() * 900)}ms" db=orders`,
  klog: (_i, t, r) => {
    const d = new Date(t);
    return `I${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}123    ${Math.floor(r() * 99999)} controller.go:123] "Reconciling" pod="default/api-${Math.floor(r() * 50)}"`;
  },
  "kubectl-timestamps": (i, t, r) =>
    `${new Date(t).toISOString().slice(0, 23)}456789Z ${GENERATORS["json-lines"]!(i, t, r)}`,
  log4j: (_i, t, r) => {
    const s = new Date(t).toISOString();
    return `${s.slice(0, 10)} ${s.slice(11, 19)},${s.slice(20, 23)} ${r() < 0.9 ? "INFO " : "ERROR"} [pool-1-thread-${Math.floor(r() * 8)}] com.acme.orders.OrderService - created order ${Math.floor(r() * 1e6)}`;
  },
  "spring-boot": (_i, t, r) =>
    `${new Date(t).toISOString()}  INFO 1 --- [nio-8080-exec-${Math.floor(r() * 9)}] c.a.orders.Api                           : handled request in ${Math.floor(r() * 300)} ms`,
  postgresql: (_i, t, r) => {
    const s = new Date(t).toISOString();
    return `${s.slice(0, 10)} ${s.slice(11, 23)} UTC [${1000 + Math.floor(r() * 9000)}] app@orders LOG:  duration: ${(r() * 100).toFixed(3)} ms  statement: SELECT * FROM orders WHERE id = ${Math.floor(r() * 1e6)}`;
  },
  "nginx-error": (_i, t, r) => {
    const s = new Date(t).toISOString();
    return `${s.slice(0, 10).replaceAll("-", "/")} ${s.slice(11, 19)} [error] 31#31: *${Math.floor(r() * 1e6)} upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.${Math.floor(r() * 255)}, server: shop.example.com, request: "GET /api/orders HTTP/1.1", upstream: "http://10.0.3.7:8080/api/orders", host: "shop.example.com"`;
  },
  "apache-common": (i, t, r) => GENERATORS["nginx-combined"]!(i, t, r).replace(/ "https.*$/, ""),
  "generic-timestamped": (_i, t, r) => {
    const s = new Date(t).toISOString();
    return `${s.slice(2, 4)}${s.slice(5, 7)}${s.slice(8, 10)} ${s.slice(11, 13)}${s.slice(14, 16)}${s.slice(17, 19)} ${Math.floor(r() * 999)} INFO dfs.DataNode$PacketResponder: PacketResponder ${Math.floor(r() * 3)} for block blk_${Math.floor(r() * 1e15)} terminating`;
  },
};

function noopContext(): FormatContext & { events: number; skips: number } {
  const ctx = {
    path: "bench.log",
    zone: "UTC",
    zoneOrigin: "default" as const,
    window: { start: Date.UTC(2025, 1, 1), end: Date.UTC(2025, 2, 1) },
    events: 0,
    skips: 0,
    emit() {
      ctx.events++;
    },
    skip() {
      ctx.skips++;
    },
    noteZoneFromData() {},
    localToEpoch: (f: {
      year: number;
      month: number;
      day: number;
      hour: number;
      minute: number;
      second: number;
      millisecond: number;
    }) => Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second, f.millisecond),
    inferYear: () => 2025,
    noteYear() {},
  };
  return ctx;
}

function bench(format: LineFormat, lines: string[], bytes: number, print: (line: string) => void): ParserResult {
  // One warm-up pass so the JIT has compiled the scanners, then the measured pass.
  let result: ParserResult | null = null;
  for (let pass = 0; pass < 2; pass++) {
    const ctx = noopContext();
    const parser = format.createParser(ctx);
    const start = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < lines.length; i++) parser.push(lines[i]!, i + 1);
    parser.end();
    const cpu = process.cpuUsage(cpu0);
    const wall = Number(process.hrtime.bigint() - start) / 1e9;
    // CPU time of this process (user + system) rather than wall time: on a shared, loaded machine wall time
    // measures the neighbours. Both are printed.
    const secs = (cpu.user + cpu.system) / 1e6;
    if (pass === 1) {
      const lps = lines.length / secs;
      const mbs = bytes / 1e6 / secs;
      print(
        `${format.id.padEnd(20)} ${Math.round(lps).toLocaleString("en-US").padStart(12)} lines/s ${mbs.toFixed(1).padStart(8)} MB/s (CPU time; wall ${(bytes / 1e6 / wall).toFixed(1)} MB/s)   events ${ctx.events} skips ${ctx.skips}`,
      );
      result = {
        format: format.id,
        lines: lines.length,
        bytes,
        linesPerSecond: Math.round(lps),
        mbPerSecond: Number(mbs.toFixed(1)),
      };
    }
  }
  return result!;
}

/** Result of one parser run. */
interface ParserResult {
  format: string;
  lines: number;
  bytes: number;
  linesPerSecond: number;
  mbPerSecond: number;
}

/** Run every (or the `BENCH_FORMATS`-selected) parser and print one line per format. */
export async function runLogFormatBench(print: (line: string) => void = console.log): Promise<ParserResult[]> {
  print(`log-format parsers, ${N.toLocaleString("en-US")} generated lines each (node ${process.version})`);
  const only = process.env.BENCH_FORMATS?.split(",");
  const results: ParserResult[] = [];
  for (const format of LOG_FORMATS) {
    if (only && !only.includes(format.id)) continue;
    const gen = GENERATORS[format.id];
    if (!gen) {
      print(`${format.id.padEnd(20)} (no generator)`);
      continue;
    }
    const r = mulberry32(42);
    const lines: string[] = new Array(N);
    let bytes = 0;
    let t = Date.UTC(2025, 1, 9, 10, 0, 0);
    for (let i = 0; i < N; i++) {
      t += Math.floor(r() * 20);
      const l = gen(i, t, r);
      lines[i] = l;
      bytes += Buffer.byteLength(l) + 1;
    }
    results.push(bench(format, lines, bytes, print));
  }
  return results;
}

/** `npm run bench -- log-formats`: the same run, results also written to bench/results/log-formats.json. */
export const logFormatsSuite = {
  name: "log-formats",
  description: "line-oriented log parsers alone (no I/O): lines/s and MB/s per format on generated input",
  async run(): Promise<void> {
    const results = await runLogFormatBench((line) => process.stderr.write(`${line}\n`));
    mkdirSync(join(import.meta.dirname, "results"), { recursive: true });
    writeFileSync(
      join(import.meta.dirname, "results", "log-formats.json"),
      `${JSON.stringify({ node: process.version, linesPerFormat: N, results }, null, 2)}\n`,
    );
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runLogFormatBench();
}
