/**
 * Workspace index and insights benchmark: generate a workspace of 10,000 incidents (scripts/generate-workspace.ts),
 * then time a full index, an incremental refresh with nothing changed, one with 10 post-mortems changed, the
 * insights query (cold: one file changed, so recurring patterns are recomputed; warm: nothing changed, patterns come
 * from the index's cache) and a search query. Medians of several runs, with wall-clock and CPU time (the machine may be
 * shared, so CPU time is the steadier number). Also times a full index of a 1,000-incident sample (the cost of the
 * index's one post-mortem parser per incident), and scores recurrence detection on the planted groups.
 *
 * Run: `npm run bench:insights [-- --count 10000 --runs 3 --full-runs 3]` (writes bench/results/insights.json).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { computeInsights } from "../src/insights/index.js";
import { generateWorkspace, type WorkspaceTruth } from "../src/insights/workspace-generator/index.js";
import { indexWorkspace, searchWorkspace } from "../src/store/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const COUNT = arg("count", 10_000);
const RUNS = arg("runs", 5);
const FULL_RUNS = arg("full-runs", 3);
const SAMPLE = arg("sample", 1000);

interface Timing {
  wallMs: number;
  cpuMs: number;
}

function time<T>(fn: () => T): { value: T; t: Timing } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const c = process.cpuUsage(c0);
  return { value, t: { wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 } };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function summary(ts: Timing[]) {
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    runs: ts.length,
    medianWallMs: r(median(ts.map((t) => t.wallMs))),
    medianCpuMs: r(median(ts.map((t) => t.cpuMs))),
    wallMs: ts.map((t) => r(t.wallMs)),
    cpuMs: ts.map((t) => r(t.cpuMs)),
  };
}

function log(msg: string): void {
  process.stderr.write(`[bench:insights] ${msg}\n`);
}

/** Pair precision/recall from cluster overlaps, without enumerating the pairs. */
function pairScores(truth: WorkspaceTruth, found: string[][]) {
  const c2 = (n: number) => (n * (n - 1)) / 2;
  const groupOf = new Map<string, number>();
  truth.groups.forEach((g, i) => {
    for (const id of g.incidents) groupOf.set(id, i);
  });
  let tp = 0;
  let foundPairs = 0;
  for (const cluster of found) {
    foundPairs += c2(cluster.length);
    const counts = new Map<number, number>();
    for (const id of cluster) {
      const g = groupOf.get(id);
      if (g !== undefined) counts.set(g, (counts.get(g) ?? 0) + 1);
    }
    for (const n of counts.values()) tp += c2(n);
  }
  const truthPairs = truth.groups.reduce((s, g) => s + c2(g.incidents.length), 0);
  return {
    truthPairs,
    foundPairs,
    truePositivePairs: tp,
    precision: foundPairs === 0 ? 1 : tp / foundPairs,
    recall: truthPairs === 0 ? 1 : tp / truthPairs,
  };
}

const loadBefore = loadavg();
const root = mkdtempSync(join(tmpdir(), "debrief-bench-insights-"));
const ws = join(root, "workspace");
log(`generating ${COUNT} incidents in ${ws}`);
const gen = time(() => generateWorkspace({ count: COUNT, seed: 42, out: ws }));
const truth = gen.value;
// files the index scans (post-mortems, debrief.yaml, timeline summaries ...), for "a workspace of N files"
const fileCount = readdirSync(ws, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
log(`${fileCount} files`);

const full: Timing[] = [];
for (let i = 0; i < FULL_RUNS; i++) {
  const r = time(() => indexWorkspace(ws, { rebuild: true }));
  if (r.value.incidents !== COUNT) throw new Error(`indexed ${r.value.incidents} incidents, expected ${COUNT}`);
  full.push(r.t);
  log(`full index ${i + 1}/${FULL_RUNS}: ${Math.round(r.t.wallMs)} ms wall, ${Math.round(r.t.cpuMs)} ms CPU`);
}

const unchanged: Timing[] = [];
for (let i = 0; i < RUNS; i++) {
  const r = time(() => indexWorkspace(ws));
  if (r.value.updated + r.value.added + r.value.removed !== 0) throw new Error("an unchanged refresh re-read files");
  unchanged.push(r.t);
}
log(`refresh, nothing changed: median ${Math.round(median(unchanged.map((t) => t.wallMs)))} ms`);

const changed: Timing[] = [];
const dirs = truth.incidents.map((i) => i.dir);
for (let i = 0; i < RUNS; i++) {
  for (let k = 0; k < 10; k++) {
    const dir = dirs[(i * 10 + k) % dirs.length] as string;
    const path = join(ws, dir, "postmortem.md");
    writeFileSync(
      path,
      readFileSync(path, "utf8").replace("## Lessons Learned\n", `## Lessons Learned\n\n- Bench edit ${i}.\n`),
    );
  }
  const r = time(() => indexWorkspace(ws));
  if (r.value.updated !== 10) throw new Error(`expected 10 re-indexed incidents, got ${r.value.updated}`);
  changed.push(r.t);
}
log(`refresh, 10 changed: median ${Math.round(median(changed.map((t) => t.wallMs)))} ms`);

// Cold: one post-mortem changed since the last query, so the refresh re-reads it and the recurring patterns
// (cached in the index per generation) are recomputed. Warm: nothing changed, the cached patterns are reused.
const insightsCold: Timing[] = [];
const insightsWarm: Timing[] = [];
let patterns: string[][] = [];
let patternCount = 0;
for (let i = 0; i < RUNS; i++) {
  const path = join(ws, dirs[(RUNS * 10 + i) % dirs.length] as string, "postmortem.md");
  writeFileSync(
    path,
    readFileSync(path, "utf8").replace("## Lessons Learned\n", `## Lessons Learned\n\n- Cold run ${i}.\n`),
  );
  const r = time(() => computeInsights(ws, { asOf: "2026-09-01" }));
  if (r.value.index.updated !== 1) throw new Error("the cold insights run should re-read exactly one incident");
  insightsCold.push(r.t);
}
for (let i = 0; i < RUNS; i++) {
  const r = time(() => computeInsights(ws, { asOf: "2026-09-01" }));
  insightsWarm.push(r.t);
  patterns = r.value.recurring.patterns.map((p) => p.incidents.map((x) => x.id));
  patternCount = r.value.recurring.patterns.length;
}
log(
  `insights: cold median ${Math.round(median(insightsCold.map((t) => t.wallMs)))} ms, warm ${Math.round(median(insightsWarm.map((t) => t.wallMs)))} ms`,
);

const search: Timing[] = [];
let hits = 0;
for (let i = 0; i < RUNS; i++) {
  const r = time(() => searchWorkspace(ws, "connection pool exhausted", { limit: 10 }));
  hits = r.value.hits.length;
  search.push(r.t);
}
log(`search: median ${Math.round(median(search.map((t) => t.wallMs)))} ms`);

// A full index of a smaller sample: the per-incident cost of the index's post-mortem parser (the hand-written
// Markdown parser, remark where it declines). This used to compare a separate line-based "fast reader" with the full
// parser; the fast reader was removed (slower than the parser's own fast path), so there is one parser to time.
const sampleWs = join(root, "sample");
generateWorkspace({ count: SAMPLE, seed: 43, out: sampleWs });
const sampled = time(() => indexWorkspace(sampleWs, { rebuild: true }));
log(`sample of ${SAMPLE}: full index ${Math.round(sampled.t.wallMs)} ms`);

const result = {
  benchmark: "insights",
  date: new Date().toISOString(),
  environment: {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    loadAverageBefore: loadBefore.map((x) => Math.round(x * 100) / 100),
    loadAverageAfter: loadavg().map((x) => Math.round(x * 100) / 100),
    note: "wall-clock times depend on other load on the machine; CPU time (user + system of this process) is steadier",
  },
  workspace: { incidents: COUNT, files: fileCount, seed: 42, generateMs: Math.round(gen.t.wallMs) },
  targets: { fullIndexMs: 60_000, insightsMs: 2_000 },
  fullIndex: summary(full),
  refreshUnchanged: summary(unchanged),
  refresh10Changed: summary(changed),
  insightsCold: { ...summary(insightsCold), patterns: patternCount },
  insightsWarm: summary(insightsWarm),
  search: { ...summary(search), query: "connection pool exhausted", hits },
  sampleIndex: {
    incidents: SAMPLE,
    wallMs: Math.round(sampled.t.wallMs),
    cpuMs: Math.round(sampled.t.cpuMs),
    cpuMsPerIncident: Math.round((sampled.t.cpuMs / SAMPLE) * 100) / 100,
  },
  recurrence: { groupsPlanted: truth.groups.length, ...pairScores(truth, patterns) },
};
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results", "insights.json"), `${JSON.stringify(result, null, 2)}\n`);
rmSync(root, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
