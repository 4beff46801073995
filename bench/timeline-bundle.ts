/**
 * Timeline of a small service's evidence, as a user runs it: a 100 MiB two-file bundle (nginx access log + pino
 * JSON-lines application log, with an outage in it; bench/generate-mixed-logs.ts) given to the real CLI,
 * `node bin/debrief.js timeline nginx-access.log app.jsonl --format json > file`, whole process timed, start-up
 * included, next to lnav's headless merge of the same files. At this size the fixed costs (Node's start, loading
 * modules in the main thread and again in each worker, planning, analysis, rendering) weigh as much as reading, so
 * the 1 GiB benchmark (bench/timeline.ts) does not see them.
 *
 * Each round runs, interleaved so machine load hits all alike: the CLI; the same timeline in-process after its
 * modules are loaded (`buildTimeline` + JSON output: the figure without start-up); lnav's merge; lnav on a one-line
 * file (its own start-up). A run counts only if the timeline finds the outage's start and recovery within a minute.
 * Median of BENCH_BUNDLE_RUNS rounds (default 5): wall and CPU seconds (user + system, all threads), peak RSS, load
 * average before and after. Writes bench/results/timeline-bundle.json and a README section.
 *
 * Usage: npm run bench:timeline-bundle   (BENCH_BUNDLE_MB=100, BENCH_BUNDLE_RUNS=5)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ensureBuild, lnavMerge, median, RESULTS, ROOT, timed, writeReadmeSection } from "./bench-helpers.js";
import { BENCH_DATA_DIR, generateMixedLogs, incidentWindow, TWO_FILE_BUNDLE } from "./generate-mixed-logs.js";
import type { BenchSuite } from "./suites.js";

/** Target of issue 16: the CLI, start-up included, at least this many times lnav's speed. */
const TARGET_RATIO = 2;

interface Run {
  seconds: number;
  cpuSeconds: number;
  peakRssMB: number;
}

interface Summary {
  tool: string;
  runs: Run[];
  medianSeconds: number;
  medianCpuSeconds: number;
  peakRssMB: number;
}

type Outage = { start: number; end: number };

/** The generated outage must be found where it was written, or the speed would be of a wrong answer. */
function checkOutage(json: string, outage: Outage, what: string): void {
  const t = JSON.parse(json) as { milestones?: Record<string, { time?: string } | undefined> };
  const near = (iso: unknown, ms: number) => typeof iso === "string" && Math.abs(Date.parse(iso) - ms) <= 60_000;
  const start = t.milestones?.impactStart?.time;
  const end = t.milestones?.recovered?.time;
  if (!near(start, outage.start) || !near(end, outage.end))
    throw new Error(
      `${what} missed the generated outage (${new Date(outage.start).toISOString()} to ${new Date(outage.end).toISOString()}): impact start ${start}, recovered ${end}`,
    );
}

/** The CLI as a user runs it, output redirected to a file. */
function cliRun(files: string[], outage: Outage): Run {
  const out = join(BENCH_DATA_DIR, "timeline-bundle-out.json");
  const t = timed(
    process.execPath,
    [join(ROOT, "bin", "debrief.js"), "timeline", ...files, "--format", "json"],
    process.env,
    {
      stdoutFile: out,
    },
  );
  checkOutage(readFileSync(out, "utf8"), outage, "debrief timeline (CLI)");
  rmSync(out, { force: true });
  return { seconds: t.seconds, cpuSeconds: t.cpuSeconds, peakRssMB: t.rssMB };
}

/**
 * The same work without the process's start-up: modules loaded first, then `buildTimeline` and the JSON the CLI
 * prints, timed inside the process (worker threads' start-up stays in: it is part of reading).
 */
function inProcessRun(files: string[], outage: Outage): Run {
  const entry = pathToFileURL(join(ROOT, "dist", "timeline", "index.js")).href;
  const script = `
    const { buildTimeline } = await import(${JSON.stringify(entry)});
    const { writeFileSync } = await import("node:fs");
    const files = JSON.parse(process.env.BENCH_FILES);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const t = await buildTimeline(files);
    const json = JSON.stringify(t, null, 2);
    writeFileSync("/dev/null", json);
    const cpu = process.cpuUsage(cpu0);
    process.stdout.write(JSON.stringify({ seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, json }));
  `;
  const child = join(BENCH_DATA_DIR, "timeline-bundle-child.mjs");
  writeFileSync(child, script);
  const t = timed(process.execPath, [child], { ...process.env, BENCH_FILES: JSON.stringify(files) });
  const r = JSON.parse(t.stdout) as { seconds: number; cpuSeconds: number; json: string };
  checkOutage(r.json, outage, "buildTimeline (in-process)");
  return { seconds: r.seconds, cpuSeconds: r.cpuSeconds, peakRssMB: t.rssMB };
}

function summarise(tool: string, runs: Run[]): Summary {
  return {
    tool,
    runs,
    medianSeconds: median(runs.map((r) => r.seconds)),
    medianCpuSeconds: median(runs.map((r) => r.cpuSeconds)),
    peakRssMB: median(runs.map((r) => r.peakRssMB)),
  };
}

interface Ratios {
  withStartup: number;
  withoutStartup: number;
  cpu: number;
}

function markdown(sizeMB: number, results: Summary[], ratios: Ratios | null, runs: number, load: number[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.tool} | ${r.medianSeconds.toFixed(2)} | ${(sizeMB / r.medianSeconds).toFixed(1)} | ${r.medianCpuSeconds.toFixed(2)} | ${r.peakRssMB.toFixed(0)} |`,
  );
  return [
    "<!-- timeline-bundle:begin -->",
    "## Timeline of a two-file bundle, start-up included (`npm run bench:timeline-bundle`)",
    "",
    `${sizeMB} MiB: an nginx access log and a pino JSON-lines application log (half each) with a ${Math.round((incidentWindow(sizeMB, 0.5).end - incidentWindow(sizeMB, 0.5).start) / 60_000)}-minute outage in them (bench/generate-mixed-logs.ts), given to the CLI as a user runs it: \`node bin/debrief.js timeline nginx-access.log app.jsonl --format json > file\`, the whole process timed; beside it the same timeline in-process after loading (no start-up), lnav's headless merge of the same files, and lnav on a one-line file (its start-up). A run counts only if the timeline finds the outage's start and recovery within a minute. Median of ${runs} interleaved rounds; CPU is user + system over all threads; peak RSS from /usr/bin/time; ${availableParallelism()} cores, load average ${load.map((l) => l.toFixed(1)).join(" → ")} (other work on the machine slows every tool alike, CPU time far less than wall time); generated ${new Date().toISOString()}.`,
    "",
    "| tool | wall s | MB/s | CPU s | peak RSS MB |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    ratios === null
      ? "lnav not installed: no peer ratio."
      : `Speed ratio to lnav, start-up included (lnav wall / Debrief CLI wall): **${ratios.withStartup.toFixed(2)}x** (target ${TARGET_RATIO}x: ${ratios.withStartup >= TARGET_RATIO ? "met" : "NOT met"}); without start-up (lnav merge less its start-up / in-process timeline): ${ratios.withoutStartup.toFixed(2)}x; CPU time (lnav / Debrief CLI): ${ratios.cpu.toFixed(2)}x.`,
    "<!-- timeline-bundle:end -->",
    "",
  ].join("\n");
}

async function run(): Promise<void> {
  const sizeMB = Number(process.env.BENCH_BUNDLE_MB ?? 100);
  const runs = Number(process.env.BENCH_BUNDLE_RUNS ?? 5);
  if (!Number.isFinite(sizeMB) || sizeMB <= 0)
    throw new Error(`BENCH_BUNDLE_MB must be a positive number, got ${process.env.BENCH_BUNDLE_MB}`);
  if (!Number.isInteger(runs) || runs <= 0)
    throw new Error(`BENCH_BUNDLE_RUNS must be a positive whole number, got ${process.env.BENCH_BUNDLE_RUNS}`);
  const dataDir = join(BENCH_DATA_DIR, `timeline-bundle-${sizeMB}mb`);
  process.stderr.write(`generating the ${sizeMB} MiB two-file bundle in ${dataDir}...\n`);
  const files = await generateMixedLogs(sizeMB, dataDir, { incident: true, only: TWO_FILE_BUNDLE });
  const outage = incidentWindow(sizeMB, 0.5);
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  ensureBuild("cli/main.js");
  // what `npm run build` makes after tsc: the start-up bundle bin/debrief.js runs while it is fresh
  const bundled = spawnSync(process.execPath, [join(ROOT, "scripts", "bundle-cli.mjs")], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (bundled.status !== 0) throw new Error(`scripts/bundle-cli.mjs failed: ${bundled.stderr.slice(-2000)}`);
  const oneLine = join(dataDir, "one-line.log");
  writeFileSync(oneLine, `${readFileSync(files[0] as string, "utf8").split("\n", 1)[0]}\n`);
  const loadBefore = loadavg()[0] ?? 0;
  const plans: { tool: string; go: () => Run | undefined }[] = [
    { tool: "debrief timeline CLI (start-up included)", go: () => cliRun(files, outage) },
    { tool: "debrief buildTimeline in-process (no start-up)", go: () => inProcessRun(files, outage) },
    {
      tool: "lnav 0.11 merge",
      go: () => {
        const r = lnavMerge(files, "timeline-bundle");
        return r && { seconds: r.seconds, cpuSeconds: r.cpuSeconds, peakRssMB: r.rssMB };
      },
    },
    {
      tool: "lnav 0.11 start-up (one-line file)",
      go: () => {
        const r = lnavMerge([oneLine], "timeline-bundle");
        return r && { seconds: r.seconds, cpuSeconds: r.cpuSeconds, peakRssMB: r.rssMB };
      },
    },
  ];
  const done: Run[][] = plans.map(() => []);
  for (let i = 0; i < runs; i++) {
    plans.forEach((plan, p) => {
      const r = plan.go();
      if (!r) return;
      process.stderr.write(
        `round ${i + 1} ${plan.tool}: ${r.seconds.toFixed(2)} s wall, ${r.cpuSeconds.toFixed(2)} s CPU, ${r.peakRssMB.toFixed(0)} MB RSS\n`,
      );
      done[p]?.push(r);
    });
  }
  const loadAfter = loadavg()[0] ?? 0;
  const summaries = plans.flatMap((plan, p) =>
    (done[p]?.length ?? 0) > 0 ? [summarise(plan.tool, done[p] ?? [])] : [],
  );
  const [cli, inProcess, lnav, lnavStart] = plans.map((plan) => summaries.find((s) => s.tool === plan.tool));
  const ratios: Ratios | null =
    cli && inProcess && lnav && lnavStart
      ? {
          withStartup: lnav.medianSeconds / cli.medianSeconds,
          withoutStartup: (lnav.medianSeconds - lnavStart.medianSeconds) / inProcess.medianSeconds,
          cpu: lnav.medianCpuSeconds / cli.medianCpuSeconds,
        }
      : null;
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(
    join(RESULTS, "timeline-bundle.json"),
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        loadAverage: { before: loadBefore, after: loadAfter },
        cores: availableParallelism(),
        sizeMB,
        bytes,
        files: files.map((f) => f.slice(ROOT.length + 1)),
        outage: { start: new Date(outage.start).toISOString(), end: new Date(outage.end).toISOString() },
        rounds: runs,
        results: summaries,
        ratioToLnav: ratios,
        target: TARGET_RATIO,
      },
      null,
      2,
    )}\n`,
  );
  writeReadmeSection("timeline-bundle", markdown(sizeMB, summaries, ratios, runs, [loadBefore, loadAfter]));
  process.stdout.write(
    `${summaries.map((s) => `${s.tool.padEnd(48)} ${s.medianSeconds.toFixed(2).padStart(6)} s wall ${s.medianCpuSeconds.toFixed(2).padStart(6)} s CPU ${s.peakRssMB.toFixed(0).padStart(5)} MB RSS`).join("\n")}\n${ratios === null ? "" : `ratio to lnav: ${ratios.withStartup.toFixed(2)}x with start-up, ${ratios.withoutStartup.toFixed(2)}x without, ${ratios.cpu.toFixed(2)}x CPU\n`}`,
  );
}

/** The two-file bundle suite for bench/run.ts. */
export const timelineBundleSuite: BenchSuite = {
  name: "timeline-bundle",
  description: "the CLI's timeline of a 100 MiB nginx + JSON-lines bundle, start-up included, vs lnav's merge",
  run,
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
