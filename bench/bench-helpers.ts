/**
 * What the end-to-end benchmarks share: timing a process under /usr/bin/time, building the compiled package they
 * measure, running lnav's headless merge as the peer, and writing their section of bench/results/README.md.
 */
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BENCH_DATA_DIR } from "./generate-mixed-logs.js";

/** The package root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Where results files go. */
export const RESULTS = join(ROOT, "bench", "results");

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Run a command under /usr/bin/time; returns wall seconds, CPU seconds (user + system, all threads), peak RSS (MB)
 * and stdout. With `stdoutFile` the command's output goes to that file (as a user's `> file` would), not a pipe.
 */
export function timed(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  options: { stdoutFile?: string } = {},
): { seconds: number; cpuSeconds: number; rssMB: number; stdout: string } {
  const out = options.stdoutFile === undefined ? undefined : openSync(options.stdoutFile, "w");
  const start = process.hrtime.bigint();
  try {
    const r = spawnSync("/usr/bin/time", ["-f", "__RSS_KB__%M __CPU__%U %S", cmd, ...args], {
      cwd: ROOT,
      env,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      ...(out === undefined ? {} : { stdio: ["ignore", out, "pipe"] }),
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr.slice(-2000)}`);
    const m = /__RSS_KB__(\d+)/.exec(r.stderr);
    const c = /__CPU__([\d.]+) ([\d.]+)/.exec(r.stderr);
    return {
      seconds,
      cpuSeconds: c ? Number(c[1]) + Number(c[2]) : Number.NaN,
      rssMB: m ? Number(m[1]) / 1024 : Number.NaN,
      stdout: r.stdout ?? "",
    };
  } finally {
    if (out !== undefined) closeSync(out);
  }
}

/**
 * Users run the compiled code (bin/debrief.js), so that is what is measured: build dist/ and return the path of the
 * module the benchmark imports (e.g. `evidence/index.js`).
 */
export function ensureBuild(module: string): string {
  const entry = join(ROOT, "dist", module);
  process.stderr.write("building dist/ (tsc -p tsconfig.build.json)...\n");
  const r = spawnSync(
    process.execPath,
    [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    { cwd: ROOT, encoding: "utf8" },
  );
  if (!existsSync(entry)) throw new Error(`build failed, ${entry} missing: ${r.stdout.slice(-2000)}`);
  if (r.status !== 0) process.stderr.write("note: tsc reported type errors (files were still emitted)\n");
  return entry;
}

/** lnav format for the pino JSON lines of the mixed-log corpus (lnav needs one for JSON logs). */
export const LNAV_PINO_FORMAT = {
  $schema: "https://lnav.org/schemas/format-v1.schema.json",
  bench_pino: {
    title: "pino JSON lines",
    description: "pino: epoch-ms time, numeric level",
    json: true,
    "file-pattern": "\\.jsonl$",
    "timestamp-field": "time",
    "timestamp-divisor": 1000,
    "level-field": "level",
    level: { fatal: 60, error: 50, warning: 40, info: 30, debug: 20, trace: 10 },
    "body-field": "msg",
    value: {
      time: { kind: "integer" },
      level: { kind: "integer" },
      msg: { kind: "string" },
      pid: { kind: "integer" },
      hostname: { kind: "string", identifier: true },
      reqId: { kind: "string", identifier: true },
      responseTime: { kind: "integer" },
    },
  },
};

/**
 * The peer: lnav's headless merge of the same files into one time-ordered file (recipe in shared/notes/platform.md).
 * Returns undefined when lnav is not installed.
 */
export function lnavMerge(
  files: string[],
  tag: string,
): { seconds: number; cpuSeconds: number; rssMB: number; lines: number } | undefined {
  const which = spawnSync("sh", ["-c", "command -v lnav"], { encoding: "utf8" });
  if (which.status !== 0) return undefined;
  const cfg = join(BENCH_DATA_DIR, `lnav-config-${tag}`);
  mkdirSync(join(cfg, "formats", "bench_pino"), { recursive: true });
  writeFileSync(join(cfg, "formats", "bench_pino", "format.json"), JSON.stringify(LNAV_PINO_FORMAT, null, 2));
  const merged = join(BENCH_DATA_DIR, `lnav-merged-${tag}.log`);
  rmSync(merged, { force: true });
  const t = timed("lnav", [
    "-I",
    cfg,
    "-n",
    "-q",
    "-c",
    ";SELECT log_raw_text FROM all_logs",
    "-c",
    `:write-raw-to --view=db ${merged}`,
    ...files,
  ]);
  let lines = 0;
  if (existsSync(merged)) {
    const buf = readFileSync(merged);
    for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) lines++;
    rmSync(merged, { force: true });
  }
  return { seconds: t.seconds, cpuSeconds: t.cpuSeconds, rssMB: t.rssMB, lines };
}

/** Replace (or add) a suite's own section of bench/results/README.md. */
export function writeReadmeSection(name: string, section: string): void {
  const file = join(RESULTS, "README.md");
  const old = existsSync(file)
    ? readFileSync(file, "utf8")
    : "# Benchmark results\n\nWritten by `npm run bench`; each suite owns one section.\n\n";
  const re = new RegExp(`<!-- ${name}:begin -->[\\s\\S]*?<!-- ${name}:end -->\\n?`);
  writeFileSync(file, re.test(old) ? old.replace(re, section) : `${old.trimEnd()}\n\n${section}`);
}
