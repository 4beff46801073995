import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ensureBuild, lnavMerge, median, RESULTS, ROOT, timed, writeReadmeSection } from "./bench-helpers.js";
import { BENCH_DATA_DIR, generateMixedLogs, incidentWindow } from "./generate-mixed-logs.js";
import type { BenchSuite } from "./suites.js";

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

/** `threads` undefined: what `buildTimeline` picks by default. */
function debriefRun(
  entry: string,
  files: string[],
  threads: number | undefined,
  outage: { start: number; end: number },
): Run {
  const script = `
    const { buildTimeline } = await import(${JSON.stringify(pathToFileURL(entry).href)});
    const files = JSON.parse(process.env.BENCH_FILES);
    const t = await buildTimeline(files, { from: Date.UTC(2025, 1, 9), to: Date.UTC(2025, 1, 11)${threads === undefined ? "" : `, threads: ${threads}`} });
    const lines = t.sources.reduce((n, s) => n + s.lines, 0);
    process.stdout.write(JSON.stringify({
      events: t.analysis.merge.events,
      lines,
      lateEvents: t.analysis.merge.lateEvents,
      rows: t.entries.length,
      findings: t.findings.length,
      templates: t.templates.length,
      milestones: Object.keys(t.milestones),
      impactStart: t.milestones.impactStart?.time ?? null,
      recovered: t.milestones.recovered?.time ?? null,
    }));
  `;
  const child = join(BENCH_DATA_DIR, `timeline-child-${threads ?? "default"}.mjs`);
  writeFileSync(child, script);
  const t = timed(process.execPath, [child], { ...process.env, BENCH_FILES: JSON.stringify(files) });
  const out = JSON.parse(t.stdout) as { events: number } & Record<string, unknown>;
  if (out.events === 0) throw new Error(`the timeline saw no events: ${t.stdout}`);
  // the generated outage must be found where it was written, or the speed would be of a wrong answer
  const near = (iso: unknown, ms: number) => typeof iso === "string" && Math.abs(Date.parse(iso) - ms) <= 60_000;
  if (!near(out.impactStart, outage.start) || !near(out.recovered, outage.end))
    throw new Error(
      `the timeline missed the generated outage (${new Date(outage.start).toISOString()} to ${new Date(outage.end).toISOString()}): ${t.stdout}`,
    );
  return { seconds: t.seconds, peakRssMB: t.rssMB, events: out.events, detail: out };
}

function lnavRun(files: string[]): Run | undefined {
  const r = lnavMerge(files, "timeline");
  return r && { seconds: r.seconds, peakRssMB: r.rssMB, events: r.lines, detail: { mergedLines: r.lines } };
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
    `${sizeMB} MiB of mixed logs with a 40-minute outage in them (bench/generate-mixed-logs.ts) read, merged and distilled into a timeline by the compiled \`buildTimeline\` (a run counts only if it finds the outage's start and recovery within a minute), next to lnav's headless merge of the same files. Median of ${runs} runs, whole-process wall time, peak RSS from /usr/bin/time; ${availableParallelism()} cores, load average ${load.toFixed(1)} when the run started (other work on the machine slows every tool alike); generated ${new Date().toISOString()}.`,
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
  const files = await generateMixedLogs(sizeMB, dataDir, { incident: true });
  const outage = incidentWindow(sizeMB);
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const entry = ensureBuild("timeline/index.js");
  const load = loadavg()[0] ?? 0;
  // the default: a worker per core plus one, at most one per file (src/timeline/build-timeline.ts)
  const threads = Math.min(availableParallelism() + 1, files.length);
  const plans: { tool: string; go: () => Run | undefined }[] = [
    { tool: "debrief timeline (k-way merge)", go: () => debriefRun(entry, files, 1, outage) },
    ...(threads > 1
      ? [
          {
            tool: `debrief timeline (default, ${threads} workers)`,
            go: () => debriefRun(entry, files, undefined, outage),
          },
        ]
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
  writeReadmeSection("timeline", markdown(sizeMB, summaries, ratio, runs, load));
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
