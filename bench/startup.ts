/**
 * Start-up benchmark: process wall time of `debrief --version`, `debrief lint FILE` (the example post-mortem) and
 * `node -e 0` in the same run, interleaved so machine load hits all three alike; median of 10 each. Also the cost of
 * importing the package root against one area (`debrief/lint`). Targets (issue 14): `--version` under 150 ms over
 * node's own start, `lint FILE` under 400 ms. Writes bench/results/startup.json and a README section.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ensureBuild, median, RESULTS, ROOT, writeReadmeSection } from "./bench-helpers.js";
import type { BenchSuite } from "./suites.js";

const RUNS = 10;
const LINT_FILE = join("examples", "postmortems", "api-degradation.md");
const TARGET_VERSION_OVER_NODE_MS = 150;
const TARGET_LINT_MS = 400;

interface Case {
  name: string;
  args: string[];
}

/**
 * Wall time of one process, plus its CPU time (user + system, from GNU time), which a loaded machine inflates far
 * less than wall time: on a shared 2-core box both are reported.
 */
function measure(args: string[]): { wallMs: number; cpuMs: number } {
  const start = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-f", "__CPU__%U %S", process.execPath, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  // lint exits 1 when the document has errors: that is a result, not a failure of the run
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr.slice(-500)}`);
  const m = /__CPU__([\d.]+) ([\d.]+)/.exec(r.stderr);
  return { wallMs, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : Number.NaN };
}

async function run(): Promise<void> {
  ensureBuild("cli/main.js");
  // the start-up bundle `npm run build` makes after tsc (bin/debrief.js runs `lint` from it while it is fresh)
  const bundled = spawnSync(process.execPath, [join(ROOT, "scripts", "bundle-cli.mjs")], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (bundled.status !== 0) throw new Error(`scripts/bundle-cli.mjs failed: ${bundled.stderr.slice(-2000)}`);
  const bin = join(ROOT, "bin", "debrief.js");
  const importOf = (module: string) => [
    "--input-type=module",
    "-e",
    `await import(${JSON.stringify(pathToFileURL(join(ROOT, "dist", module)).href)})`,
  ];
  const cases: Case[] = [
    { name: "node -e 0", args: ["-e", "0"] },
    { name: "debrief --version", args: [bin, "--version"] },
    { name: "debrief lint FILE", args: [bin, "lint", LINT_FILE] },
    { name: "import debrief (root)", args: importOf("index.js") },
    { name: "import debrief/lint", args: importOf("lint/index.js") },
  ];
  const loadBefore = loadavg()[0] ?? 0;
  // one warm-up round so the first measured run does not pay for a cold file cache
  for (const c of cases) measure(c.args);
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  const cpu = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const c of cases) {
      const m = measure(c.args);
      samples.get(c.name)?.push(m.wallMs);
      cpu.get(c.name)?.push(m.cpuMs);
    }
    process.stderr.write(`\rstartup: round ${i + 1}/${RUNS}`);
  }
  process.stderr.write("\n");
  const loadAfter = loadavg()[0] ?? 0;
  const results = cases.map((c) => {
    const ms = samples.get(c.name) ?? [];
    return {
      name: c.name,
      medianMs: Math.round(median(ms)),
      minMs: Math.round(Math.min(...ms)),
      medianCpuMs: Math.round(median(cpu.get(c.name) ?? [])),
      runsMs: ms.map(Math.round),
    };
  });
  const by = (name: string) => results.find((r) => r.name === name)?.medianMs ?? Number.NaN;
  const cpuOf = (name: string) => results.find((r) => r.name === name)?.medianCpuMs ?? Number.NaN;
  const node = by("node -e 0");
  const versionOverNode = by("debrief --version") - node;
  const lint = by("debrief lint FILE");
  const summary = {
    versionOverNodeMs: versionOverNode,
    versionTargetMet: versionOverNode < TARGET_VERSION_OVER_NODE_MS,
    lintMs: lint,
    lintTargetMet: lint < TARGET_LINT_MS,
    rootImportOverLintImportMs: by("import debrief (root)") - by("import debrief/lint"),
    versionCpuOverNodeMs: cpuOf("debrief --version") - cpuOf("node -e 0"),
    lintCpuMs: cpuOf("debrief lint FILE"),
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(
    join(RESULTS, "startup.json"),
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        node: process.version,
        cores: availableParallelism(),
        loadAverage: [loadBefore, loadAfter],
        runs: RUNS,
        lintFile: LINT_FILE,
        targets: { versionOverNodeMs: TARGET_VERSION_OVER_NODE_MS, lintMs: TARGET_LINT_MS },
        summary,
        results,
      },
      null,
      2,
    )}\n`,
  );
  const rows = results.map((r) => `| ${r.name} | ${r.medianMs} | ${r.minMs} | ${r.medianCpuMs} |`).join("\n");
  writeReadmeSection(
    "startup",
    `<!-- startup:begin -->
## Start-up (\`npm run bench:startup\`)

Process wall time, median of ${RUNS} interleaved runs, ${availableParallelism()} cores, load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}.

| command | median wall ms | min wall ms | median CPU ms (user+sys) |
| --- | ---: | ---: | ---: |
${rows}

\`--version\` over node's own start: ${versionOverNode} ms (target < ${TARGET_VERSION_OVER_NODE_MS}: ${summary.versionTargetMet ? "met" : "NOT met"}); \`lint FILE\`: ${lint} ms (target < ${TARGET_LINT_MS}: ${summary.lintTargetMet ? "met" : "NOT met"}).
<!-- startup:end -->
`,
  );
  process.stdout.write(
    `${results.map((r) => `${r.name.padEnd(24)} ${String(r.medianMs).padStart(6)} ms median  ${String(r.minMs).padStart(6)} ms min ${String(r.medianCpuMs).padStart(6)} ms CPU`).join("\n")}\n--version over node: ${versionOverNode} ms; lint FILE: ${lint} ms\n`,
  );
}

/** The start-up suite for bench/run.ts. */
export const startupSuite: BenchSuite = {
  name: "startup",
  description: "wall time of debrief --version and debrief lint FILE beside node -e 0 (median of 10)",
  run,
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
