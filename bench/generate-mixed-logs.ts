/**
 * Deterministic generator of mixed incident logs for benchmarks: an nginx combined access log (with request time
 * appended), a pino JSON-lines application log and an RFC 3164 syslog, in proportion 40/40/20 of the requested size.
 * With `incident`, an outage is written (see {@link incidentWindow}: 503s up from 3 % to 40 %, and a connection-pool
 * error the application never logs otherwise), so the timeline benchmark distils a real story, not only traffic.
 * Same size and seed → byte-identical files, so runs compare. Files go to bench/data/mixed-<size>mb/ (gitignored).
 *
 * Usage: node --import tsx bench/generate-mixed-logs.ts [sizeMB]   (default BENCH_SIZE_MB or 1024)
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mulberry32 } from "../src/util/mulberry32.js";

/** Where generated files go. */
export const BENCH_DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), "data");

/** The generated files and their share of the total size. */
export const MIXED_LOG_FILES = [
  { name: "nginx-access.log", share: 0.4 },
  { name: "app.jsonl", share: 0.4 },
  { name: "syslog.log", share: 0.2 },
] as const;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const PATHS = [
  "/api/orders",
  "/api/orders/123",
  "/api/cart",
  "/api/users/me",
  "/health",
  "/static/app.js",
  "/api/checkout",
];
const AGENTS = [
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0 Safari/537.36",
  "curl/8.5.0",
  "okhttp/4.12.0",
];
const MESSAGES = [
  "request completed",
  "query executed",
  "cache miss for key orders:123",
  "connection acquired from pool",
  "slow query detected on orders table",
  "upstream timeout after 5000ms",
];
const SYSLOG = [
  "CRON[2211]: (root) CMD (run-parts /etc/cron.hourly)",
  "kernel: [12345.678901] TCP: request_sock_TCP: Possible SYN flooding on port 443.",
  "systemd[1]: Started Session 42 of user deploy.",
  "sshd[3301]: Accepted publickey for deploy from 10.0.4.12 port 51234 ssh2",
  "pgbouncer[900]: LOG stats: 120 xacts/s, 240 queries/s, in 51200 B/s, out 102400 B/s",
];

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const START = Date.UTC(2025, 1, 9, 0, 0, 0);
/**
 * The outage written with `incident` for a given size: it starts 40 % into the application log's span (lines come
 * every 19.5 ms on average, ~165 bytes each, so 1 GiB spans about 14 hours) and lasts 40 minutes, or a tenth of the
 * span for small sizes, so every size has a baseline before it and a recovery after it.
 * @param appShare the application log's share of the size (0.4 in the three-file set, 0.5 in the two-file bundle)
 */
export function incidentWindow(sizeMB: number, appShare = 0.4): { start: number; end: number } {
  const spanMs = ((sizeMB * 1048576 * appShare) / 165) * 19.5;
  const start = START + Math.floor((spanMs * 0.4) / 60_000) * 60_000;
  return { start, end: start + Math.max(60_000, Math.min(40 * 60_000, Math.floor(spanMs / 10 / 60_000) * 60_000)) };
}
const POOL_ERROR = "connection pool exhausted (20/20 in use), waited 5000ms";

type Outage = { start: number; end: number } | null;

function nginxLine(r: () => number, t: number, incident: Outage): string {
  const d = new Date(t);
  const failing = incident && t >= incident.start && t < incident.end ? 0.4 : 0.03;
  const status = r() < failing ? 503 : r() < 0.1 ? 404 : 200;
  const path = PATHS[Math.floor(r() * PATHS.length)];
  const ip = `10.0.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`;
  return `${ip} - - [${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())} +0000] "GET ${path} HTTP/1.1" ${status} ${Math.floor(r() * 20000)} "-" "${
    AGENTS[Math.floor(r() * AGENTS.length)]
  }" ${(r() * 0.8).toFixed(3)}\n`;
}

function jsonLine(r: () => number, t: number, incident: Outage): string {
  const pool = incident !== null && t >= incident.start && t < incident.end && r() < 0.3;
  const level = pool ? 50 : r() < 0.05 ? 50 : r() < 0.15 ? 40 : 30;
  const msg = pool ? POOL_ERROR : MESSAGES[Math.floor(r() * MESSAGES.length)];
  return `{"level":${level},"time":${t},"pid":4242,"hostname":"orders-api-7d9f-abc12","reqId":"req-${Math.floor(
    r() * 1e9,
  ).toString(36)}","msg":"${msg}","responseTime":${Math.floor(r() * 900)}}\n`;
}

function syslogLine(r: () => number, t: number): string {
  const d = new Date(t);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())} db-host-${1 + Math.floor(r() * 3)} ${SYSLOG[Math.floor(r() * SYSLOG.length)]}\n`;
}

const GENERATORS: Record<string, (r: () => number, t: number, incident: Outage) => string> = {
  "nginx-access.log": nginxLine,
  "app.jsonl": jsonLine,
  "syslog.log": syslogLine,
};

async function writeFile(
  path: string,
  bytes: number,
  seed: number,
  gen: (r: () => number, t: number, incident: Outage) => string,
  incident: Outage,
) {
  const r = mulberry32(seed);
  const out = createWriteStream(path);
  let written = 0;
  let t = START;
  while (written < bytes) {
    let chunk = "";
    while (chunk.length < 1 << 20 && written + chunk.length < bytes) {
      t += Math.floor(r() * 40);
      chunk += gen(r, t, incident);
    }
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise<void>((res) => out.once("drain", () => res()));
  }
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
}

/** The files of the two-file bundle (`only` in {@link generateMixedLogs}): what a small web service hands over. */
export const TWO_FILE_BUNDLE = ["nginx-access.log", "app.jsonl"] as const;

/**
 * Generate (or reuse, when a previous run made the same size) the mixed logs; returns their paths.
 * @param sizeMB total size in MiB
 * @param options.incident write the outage of {@link incidentWindow}
 * @param options.only write only these files, sharing the size in their proportions (each keeps its own seed, so
 * its lines are those the full set would have)
 */
export async function generateMixedLogs(
  sizeMB: number,
  dir = join(BENCH_DATA_DIR, `mixed-${sizeMB}mb`),
  options: { incident?: boolean; only?: readonly string[] } = {},
): Promise<string[]> {
  const only = options.only;
  const chosen = MIXED_LOG_FILES.filter((f) => only === undefined || only.includes(f.name));
  const total = chosen.reduce((n, f) => n + f.share, 0);
  const appShare = (chosen.find((f) => f.name === "app.jsonl")?.share ?? 0.4) / total;
  const incident = options.incident === true ? incidentWindow(sizeMB, appShare) : null;
  mkdirSync(dir, { recursive: true });
  const stamp = join(dir, "mixed-logs.json");
  const paths = chosen.map((f) => join(dir, f.name));
  // without an incident the files are byte for byte what version 1 wrote, so earlier evidence results still apply
  const want = JSON.stringify({
    sizeMB,
    version: 1,
    ...(incident ? { incident } : {}),
    ...(only ? { files: chosen.map((f) => f.name) } : {}),
  });
  // Syslog lines carry no year; readers take it from the file's modification time, as for logs collected after an
  // incident. Files written today would put February in this year, a year after the other files.
  const collected = new Date(START + 2 * 86_400_000);
  const settle = () => {
    for (const p of paths) utimesSync(p, collected, collected);
    return paths;
  };
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === want && paths.every((p) => existsSync(p))) return settle();
  for (const f of chosen) {
    const seed = 20250209 + MIXED_LOG_FILES.indexOf(f);
    // write then rename, so a benchmark running at the same time never reads a half-written file
    const tmp = join(dir, `${f.name}.tmp`);
    await writeFile(tmp, Math.round((sizeMB * 1048576 * f.share) / total), seed, GENERATORS[f.name] as never, incident);
    renameSync(tmp, join(dir, f.name));
  }
  writeFileSync(stamp, want);
  return settle();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const size = Number(process.argv[2] ?? process.env.BENCH_SIZE_MB ?? 1024);
  const paths = await generateMixedLogs(size);
  process.stdout.write(`${paths.join("\n")}\n`);
}
