import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ensureBuild, lnavMerge, median, RESULTS, ROOT, timed, writeReadmeSection } from "./bench-helpers.js";
import { BENCH_DATA_DIR, generateMixedLogs } from "./generate-mixed-logs.js";
import type { BenchSuite } from "./suites.js";

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

function lnavRun(files: string[]): Run | undefined {
  const r = lnavMerge(files, "evidence");
  return r && { seconds: r.seconds, peakRssMB: r.rssMB, lines: r.lines, events: r.lines };
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

async function run(): Promise<void> {
  const sizeMB = Number(process.env.BENCH_SIZE_MB ?? 1024);
  if (!Number.isFinite(sizeMB) || sizeMB <= 0)
    throw new Error(`BENCH_SIZE_MB must be a positive number, got ${process.env.BENCH_SIZE_MB}`);
  process.stderr.write(`generating ${sizeMB} MiB of mixed logs in ${BENCH_DATA_DIR}...\n`);
  const files = await generateMixedLogs(sizeMB);
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const entry = ensureBuild("evidence/index.js");
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
  writeReadmeSection("evidence", markdown(sizeMB, summaries, ratio, cores, load));
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
