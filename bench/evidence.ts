/**
 * Evidence-reading benchmark: reads and normalises BENCH_SIZE_MB (default 1024) MiB of mixed logs (nginx access,
 * pino JSON lines, syslog — bench/generate-mixed-logs.ts) with Debrief's compiled reader, on one thread and on
 * every core, and runs lnav's headless merge of the same files as the peer, each 3 times in the same run. Reports
 * medians of MB/s, lines/s and peak RSS (whole process, from /usr/bin/time), the ratio to lnav, and writes
 * bench/results/evidence.json plus a section of bench/results/README.md.
 *
 * Run: npm run bench -- evidence   (BENCH_SIZE_MB=200 for a quick run)
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BENCH_DATA_DIR, generateMixedLogs } from "./generate-mixed-logs.js";
import type { BenchSuite } from "./suites.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS = join(ROOT, "bench", "results");
const RUNS = 3;

interface Run {
  seconds: number;
  peakRssMB: number;
  lines: number;
  events: number;
}

interface Summary {
  tool: string;
  runs: Run[];
  medianSeconds: number;
  mbPerSecond: number;
  linesPerSecond: number;
  peakRssMB: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Run a command under /usr/bin/time; returns wall seconds, peak RSS and stdout. */
function timed(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): { seconds: number; rssMB: number; stdout: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-f", "__RSS_KB__%M", cmd, ...args], {
    cwd: ROOT,
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const m = /__RSS_KB__(\d+)/.exec(r.stderr);
  return { seconds, rssMB: m ? Number(m[1]) / 1024 : Number.NaN, stdout: r.stdout };
}

function summarise(tool: string, runs: Run[], bytes: number): Summary {
  const medianSeconds = median(runs.map((r) => r.seconds));
  const lines = runs[0]?.lines ?? 0;
  return {
    tool,
    runs,
    medianSeconds,
    mbPerSecond: bytes / 1048576 / medianSeconds,
    linesPerSecond: lines / medianSeconds,
    peakRssMB: median(runs.map((r) => r.peakRssMB)),
  };
}

/** The compiled reader is what users run (bin/debrief.js): build it so the benchmark measures current sources. */
function ensureBuild(): string {
  const entry = join(ROOT, "dist", "evidence", "index.js");
  process.stderr.write("building dist/ (tsc -p tsconfig.build.json)...\n");
  const r = spawnSync(
    process.execPath,
    [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  if (!existsSync(entry)) throw new Error(`build failed, ${entry} missing: ${r.stdout.slice(-2000)}`);
  if (r.status !== 0) process.stderr.write("note: tsc reported type errors (files were still emitted)\n");
  return entry;
}

function debriefRun(entry: string, files: string[], threads: number): Run {
  const script = `
    const { inventoryEvidence } = await import(${JSON.stringify(pathToFileURL(entry).href)});
    const files = JSON.parse(process.env.BENCH_FILES);
    const sources = await inventoryEvidence(files, { threads: ${threads}, window: { start: Date.UTC(2025, 1, 9), end: Date.UTC(2025, 1, 11) } });
    const lines = sources.reduce((n, s) => n + s.lines, 0);
    const events = sources.reduce((n, s) => n + s.events, 0);
    const skipped = sources.reduce((n, s) => n + s.skipped.total, 0);
    process.stdout.write(JSON.stringify({ lines, events, skipped, formats: sources.map((s) => s.format) }));
  `;
  const child = join(BENCH_DATA_DIR, `evidence-child-${threads}.mjs`);
  writeFileSync(child, script);
  const t = timed(process.execPath, [child], { ...process.env, BENCH_FILES: JSON.stringify(files) });
  const out = JSON.parse(t.stdout) as { lines: number; events: number; skipped: number; formats: string[] };
  if (out.events === 0 || out.formats.includes("unknown")) {
    throw new Error(`the reader did not recognise the bench files: ${JSON.stringify(out)}`);
  }
  return { seconds: t.seconds, peakRssMB: t.rssMB, lines: out.lines, events: out.events };
}

const LNAV_PINO_FORMAT = {
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

function lnavRun(files: string[]): Run | undefined {
  const which = spawnSync("sh", ["-c", "command -v lnav"], { encoding: "utf8" });
  if (which.status !== 0) return undefined;
  const cfg = join(BENCH_DATA_DIR, "lnav-config");
  mkdirSync(join(cfg, "formats", "bench_pino"), { recursive: true });
  writeFileSync(join(cfg, "formats", "bench_pino", "format.json"), JSON.stringify(LNAV_PINO_FORMAT, null, 2));
  const merged = join(BENCH_DATA_DIR, "lnav-merged.log");
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
  return { seconds: t.seconds, peakRssMB: t.rssMB, lines, events: lines };
}

function markdown(sizeMB: number, results: Summary[], ratio: number | null, cores: number, load: number[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.tool} | ${r.medianSeconds.toFixed(2)} | ${r.mbPerSecond.toFixed(1)} | ${Math.round(r.linesPerSecond).toLocaleString("en-US")} | ${r.peakRssMB.toFixed(0)} |`,
  );
  return [
    "<!-- evidence:begin -->",
    "## Evidence reading (`npm run bench -- evidence`)",
    "",
    `${sizeMB} MiB of mixed logs (40% nginx combined, 40% pino JSON lines, 20% RFC 3164 syslog; bench/generate-mixed-logs.ts), read and normalised into events. Median of ${RUNS} runs, whole-process wall time, peak RSS from /usr/bin/time; ${cores} cores; 1-minute load average before/after: ${load.map((l) => l.toFixed(1)).join(" / ")} (other work on the machine slows every tool); generated ${new Date().toISOString()}.`,
    "",
    "| tool | seconds | MB/s | lines/s | peak RSS MB |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    ratio === null
      ? "lnav not installed: no peer ratio."
      : `Throughput ratio, best Debrief run / lnav: **${ratio.toFixed(2)}x** (target 4x).`,
    "<!-- evidence:end -->",
    "",
  ].join("\n");
}

function writeReadmeSection(section: string): void {
  const file = join(RESULTS, "README.md");
  const old = existsSync(file)
    ? readFileSync(file, "utf8")
    : "# Benchmark results\n\nWritten by `npm run bench`; each suite owns one section.\n\n";
  const re = /<!-- evidence:begin -->[\s\S]*?<!-- evidence:end -->\n?/;
  writeFileSync(file, re.test(old) ? old.replace(re, section) : `${old.trimEnd()}\n\n${section}`);
}

async function run(): Promise<void> {
  const sizeMB = Number(process.env.BENCH_SIZE_MB ?? 1024);
  if (!Number.isFinite(sizeMB) || sizeMB <= 0)
    throw new Error(`BENCH_SIZE_MB must be a positive number, got ${process.env.BENCH_SIZE_MB}`);
  process.stderr.write(`generating ${sizeMB} MiB of mixed logs in ${BENCH_DATA_DIR}...\n`);
  const files = await generateMixedLogs(sizeMB);
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const entry = ensureBuild();
  const cores = availableParallelism();
  const loadBefore = loadavg()[0] ?? 0;
  const plans: { tool: string; go: () => Run | undefined }[] = [
    { tool: "debrief (1 thread)", go: () => debriefRun(entry, files, 1) },
    ...(cores > 1
      ? [{ tool: `debrief (${Math.min(cores, files.length)} threads)`, go: () => debriefRun(entry, files, cores) }]
      : []),
    { tool: "lnav 0.11 merge", go: () => lnavRun(files) },
  ];
  const summaries: Summary[] = [];
  for (const plan of plans) {
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = plan.go();
      if (!r) break;
      process.stderr.write(
        `${plan.tool} run ${i + 1}: ${r.seconds.toFixed(2)} s, ${(bytes / 1048576 / r.seconds).toFixed(1)} MB/s, ${r.peakRssMB.toFixed(0)} MB RSS\n`,
      );
      runs.push(r);
    }
    if (runs.length > 0) summaries.push(summarise(plan.tool, runs, bytes));
  }
  const load = [loadBefore, loadavg()[0] ?? 0];
  const lnav = summaries.find((s) => s.tool.startsWith("lnav"));
  const best = Math.max(...summaries.filter((s) => s.tool.startsWith("debrief")).map((s) => s.mbPerSecond));
  const ratio = lnav ? best / lnav.mbPerSecond : null;
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(
    join(RESULTS, "evidence.json"),
    `${JSON.stringify({ generatedAt: new Date().toISOString(), sizeMB, bytes, files: files.map((f) => f.slice(ROOT.length + 1)), cores, loadAverage: load, runsPerTool: RUNS, results: summaries, ratioToLnav: ratio }, null, 2)}\n`,
  );
  writeReadmeSection(markdown(sizeMB, summaries, ratio, cores, load));
  process.stdout.write(
    `${summaries.map((s) => `${s.tool.padEnd(22)} ${s.mbPerSecond.toFixed(1).padStart(7)} MB/s ${Math.round(s.linesPerSecond).toString().padStart(9)} lines/s ${s.peakRssMB.toFixed(0).padStart(5)} MB RSS`).join("\n")}\n${ratio === null ? "" : `ratio to lnav: ${ratio.toFixed(2)}x\n`}`,
  );
}

/** The evidence-reading suite for bench/run.ts. */
export const evidenceSuite: BenchSuite = {
  name: "evidence",
  description: "read + normalise 1 GiB of mixed logs vs lnav's merge",
  run,
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
