/**
 * Timeline benchmark: end to end (read + merge + distil) on BENCH_SIZE_MB (default 1024) MiB of mixed logs (nginx
 * access, pino JSON lines, syslog — bench/generate-mixed-logs.ts) with the compiled `buildTimeline`, next to lnav's
 * headless merge of the same files, each BENCH_RUNS (default 3) times in the same run. Reports medians of MB/s,
 * events/s and peak RSS (whole process, from /usr/bin/time), the ratio to lnav, and writes
 * bench/results/timeline.json plus a section of bench/results/README.md.
 *
 * Run: npm run bench -- timeline   (BENCH_SIZE_MB=100 for a quick run)
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

interface Run {
  seconds: number;
  peakRssMB: number;
  events: number;
  /** Merge statistics and a few outputs, to show the run did the whole job. */
  detail: Record<string, unknown>;
}

interface Summary {
  tool: string;
  runs: Run[];
  medianSeconds: number;
  mbPerSecond: number;
  eventsPerSecond: number;
  peakRssMB: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Run a command under /usr/bin/time; wall seconds, peak RSS (MB) and stdout. */
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

/** Users run the compiled code (bin/debrief.js), so that is what is measured. */
function ensureBuild(): string {
  const entry = join(ROOT, "dist", "timeline", "index.js");
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
    const { buildTimeline } = await import(${JSON.stringify(pathToFileURL(entry).href)});
    const files = JSON.parse(process.env.BENCH_FILES);
    const t = await buildTimeline(files, { from: Date.UTC(2025, 1, 9), to: Date.UTC(2025, 1, 11), threads: ${threads} });
    const lines = t.sources.reduce((n, s) => n + s.lines, 0);
    process.stdout.write(JSON.stringify({
      events: t.analysis.merge.events,
      lines,
      lateEvents: t.analysis.merge.lateEvents,
      rows: t.entries.length,
      findings: t.findings.length,
      templates: t.templates.length,
      milestones: Object.keys(t.milestones),
    }));
  `;
  const child = join(BENCH_DATA_DIR, `timeline-child-${threads}.mjs`);
  writeFileSync(child, script);
  const t = timed(process.execPath, [child], { ...process.env, BENCH_FILES: JSON.stringify(files) });
  const out = JSON.parse(t.stdout) as { events: number } & Record<string, unknown>;
  if (out.events === 0) throw new Error(`the timeline saw no events: ${t.stdout}`);
  return { seconds: t.seconds, peakRssMB: t.rssMB, events: out.events, detail: out };
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
  const cfg = join(BENCH_DATA_DIR, "lnav-config-timeline");
  mkdirSync(join(cfg, "formats", "bench_pino"), { recursive: true });
  writeFileSync(join(cfg, "formats", "bench_pino", "format.json"), JSON.stringify(LNAV_PINO_FORMAT, null, 2));
  const merged = join(BENCH_DATA_DIR, "lnav-merged-timeline.log");
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
  return { seconds: t.seconds, peakRssMB: t.rssMB, events: lines, detail: { mergedLines: lines } };
}

function summarise(tool: string, runs: Run[], bytes: number): Summary {
  const medianSeconds = median(runs.map((r) => r.seconds));
  return {
    tool,
    runs,
    medianSeconds,
    mbPerSecond: bytes / 1048576 / medianSeconds,
    eventsPerSecond: (runs[0]?.events ?? 0) / medianSeconds,
    peakRssMB: median(runs.map((r) => r.peakRssMB)),
  };
}

function markdown(sizeMB: number, results: Summary[], ratio: number | null, runs: number, load: number): string {
  const rows = results.map(
    (r) =>
      `| ${r.tool} | ${r.medianSeconds.toFixed(2)} | ${r.mbPerSecond.toFixed(1)} | ${Math.round(r.eventsPerSecond).toLocaleString("en-US")} | ${r.peakRssMB.toFixed(0)} |`,
  );
  return [
    "<!-- timeline:begin -->",
    "## Timeline, end to end (`npm run bench -- timeline`)",
    "",
    `${sizeMB} MiB of mixed logs (bench/generate-mixed-logs.ts) read, k-way merged and distilled into a timeline by the compiled \`buildTimeline\`, next to lnav's headless merge of the same files. Median of ${runs} runs, whole-process wall time, peak RSS from /usr/bin/time; ${availableParallelism()} cores, load average ${load.toFixed(1)} when the run started (other work on the machine slows every tool alike); generated ${new Date().toISOString()}.`,
    "",
    "| tool | seconds | MB/s | events/s | peak RSS MB |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    ratio === null
      ? "lnav not installed: no peer ratio."
      : `Throughput ratio, best Debrief run / lnav: **${ratio.toFixed(2)}x** (target 4x, under 500 MB RSS).`,
    "<!-- timeline:end -->",
    "",
  ].join("\n");
}

function writeReadmeSection(section: string): void {
  const file = join(RESULTS, "README.md");
  const old = existsSync(file)
    ? readFileSync(file, "utf8")
    : "# Benchmark results\n\nWritten by `npm run bench`; each suite owns one section.\n\n";
  const re = /<!-- timeline:begin -->[\s\S]*?<!-- timeline:end -->\n?/;
  writeFileSync(file, re.test(old) ? old.replace(re, section) : `${old.trimEnd()}\n\n${section}`);
}

async function run(): Promise<void> {
  const sizeMB = Number(process.env.BENCH_SIZE_MB ?? 1024);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  if (!Number.isFinite(sizeMB) || sizeMB <= 0)
    throw new Error(`BENCH_SIZE_MB must be a positive number, got ${process.env.BENCH_SIZE_MB}`);
  if (!Number.isInteger(runs) || runs <= 0)
    throw new Error(`BENCH_RUNS must be a positive whole number, got ${process.env.BENCH_RUNS}`);
  // A folder of its own: another suite regenerating the shared files at another size mid-run would skew this one.
  const dataDir = join(BENCH_DATA_DIR, `timeline-${sizeMB}mb`);
  process.stderr.write(`generating ${sizeMB} MiB of mixed logs in ${dataDir}...\n`);
  const files = await generateMixedLogs(sizeMB, dataDir);
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const entry = ensureBuild();
  const load = loadavg()[0] ?? 0;
  const threads = Math.min(availableParallelism(), files.length);
  const plans: { tool: string; go: () => Run | undefined }[] = [
    { tool: "debrief timeline (k-way merge)", go: () => debriefRun(entry, files, 1) },
    ...(threads > 1
      ? [{ tool: `debrief timeline (${threads} threads)`, go: () => debriefRun(entry, files, threads) }]
      : []),
    { tool: "lnav 0.11 merge", go: () => lnavRun(files) },
  ];
  const summaries: Summary[] = [];
  for (const plan of plans) {
    const done: Run[] = [];
    for (let i = 0; i < runs; i++) {
      const r = plan.go();
      if (!r) break;
      process.stderr.write(
        `${plan.tool} run ${i + 1}: ${r.seconds.toFixed(2)} s, ${(bytes / 1048576 / r.seconds).toFixed(1)} MB/s, ${r.peakRssMB.toFixed(0)} MB RSS ${JSON.stringify(r.detail)}\n`,
      );
      done.push(r);
    }
    if (done.length > 0) summaries.push(summarise(plan.tool, done, bytes));
  }
  const lnav = summaries.find((s) => s.tool.startsWith("lnav"));
  const ours = summaries.filter((s) => s.tool.startsWith("debrief"));
  const best = ours.length > 0 ? Math.max(...ours.map((s) => s.mbPerSecond)) : null;
  const ratio = lnav && best !== null ? best / lnav.mbPerSecond : null;
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(
    join(RESULTS, "timeline.json"),
    `${JSON.stringify({ generatedAt: new Date().toISOString(), loadAverage: load, sizeMB, bytes, files: files.map((f) => f.slice(ROOT.length + 1)), runsPerTool: runs, results: summaries, ratioToLnav: ratio }, null, 2)}\n`,
  );
  writeReadmeSection(markdown(sizeMB, summaries, ratio, runs, load));
  process.stdout.write(
    `${summaries.map((s) => `${s.tool.padEnd(32)} ${s.mbPerSecond.toFixed(1).padStart(7)} MB/s ${Math.round(s.eventsPerSecond).toString().padStart(9)} events/s ${s.peakRssMB.toFixed(0).padStart(5)} MB RSS`).join("\n")}\n${ratio === null ? "" : `ratio to lnav: ${ratio.toFixed(2)}x\n`}`,
  );
}

/** The timeline suite for bench/run.ts. */
export const timelineSuite: BenchSuite = {
  name: "timeline",
  description: "read + merge + distil 1 GiB of mixed logs vs lnav's merge",
  run,
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
