/**
 * `timeline` against `evidence` on folders of many small files (issue 18: 20,000 files took 21 s in `evidence` but
 * over 150 s in `timeline`, growing faster than linearly). Writes bench/results/many-files.json with wall time and
 * peak RSS per command and size, and the timeline/evidence ratio (target: within 2x). The machine is shared, so
 * each measurement also records its CPU time (user + system, which load inflates far less than wall time) and the
 * one-minute load average before it; the ratio of CPU times is reported beside the wall-time ratio. Also writes
 * bench/results/many-files.md.
 *
 *   node --import tsx bench/many-files.ts [--sizes=1000,4000,20000]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const bin = join(root, "bin", "debrief.js");
const sizes = (process.argv.find((a) => a.startsWith("--sizes="))?.slice(8) ?? "1000,4000,20000")
  .split(",")
  .map(Number);

function generate(dir: string, files: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < files; i++) {
    let text = "";
    for (let k = 0; k < 5; k++) {
      const s = (i * 7 + k * 13) % 3600;
      const level = k === 2 ? "ERROR" : "INFO";
      text += `2025-02-09T10:${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}Z ${level} worker ${i} step ${k} done\n`;
    }
    writeFileSync(join(dir, `svc-${String(i).padStart(5, "0")}.log`), text);
  }
}

interface Measurement {
  seconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
  exit: number | null;
  load1: number;
}

function measure(args: string[]): Measurement {
  const load1 = Number((loadavg()[0] ?? 0).toFixed(2));
  const started = performance.now();
  const r = spawnSync("/usr/bin/time", ["-f", "@@rss %M %U %S", process.execPath, bin, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  const rss = /@@rss (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr ?? "");
  return {
    seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
    cpuSeconds: rss ? Number((Number(rss[2]) + Number(rss[3])).toFixed(2)) : 0,
    peakRssMiB: rss ? Math.round(Number(rss[1]) / 1024) : 0,
    exit: r.status,
    load1,
  };
}

const work = mkdtempSync(join(tmpdir(), "debrief-many-files-"));
const rows: Array<{ files: number; evidence: Measurement; timeline: Measurement; ratio: number; cpuRatio: number }> =
  [];
try {
  for (const n of sizes) {
    const dir = join(work, String(n));
    generate(dir, n);
    const evidence = measure(["evidence", dir, "--json"]);
    const timeline = measure(["timeline", dir, "--json"]);
    const row = {
      files: n,
      evidence,
      timeline,
      ratio: Number((timeline.seconds / evidence.seconds).toFixed(2)),
      cpuRatio: Number((timeline.cpuSeconds / Math.max(evidence.cpuSeconds, 0.01)).toFixed(2)),
    };
    rows.push(row);
    process.stderr.write(`${JSON.stringify(row)}\n`);
    rmSync(dir, { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
mkdirSync(join(root, "bench", "results"), { recursive: true });
const generatedAt = new Date().toISOString();
writeFileSync(
  join(root, "bench", "results", "many-files.json"),
  `${JSON.stringify({ generatedAt, node: process.version, rows }, null, 2)}\n`,
);
const md = [
  "# Many small files: `timeline` against `evidence`",
  "",
  `Generated ${generatedAt} by \`node --import tsx bench/many-files.ts\` (Node ${process.version}). Each file holds five`,
  "log lines; target: `timeline` within 2x of `evidence` on the same folder (issue 18). Wall time on a shared",
  "machine: the one-minute load average before each run is given, and CPU time (user + system) beside it.",
  "",
  "| files | evidence s | evidence CPU s | timeline s | timeline CPU s | ratio (wall) | ratio (CPU) | timeline ms/file | peak RSS MiB (ev / tl) | load |",
  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...rows.map(
    (r) =>
      `| ${r.files} | ${r.evidence.seconds} | ${r.evidence.cpuSeconds} | ${r.timeline.seconds} | ${r.timeline.cpuSeconds} | ${r.ratio} | ${r.cpuRatio} | ${((r.timeline.seconds * 1000) / r.files).toFixed(2)} | ${r.evidence.peakRssMiB} / ${r.timeline.peakRssMiB} | ${r.evidence.load1} / ${r.timeline.load1} |`,
  ),
  "",
];
writeFileSync(join(root, "bench", "results", "many-files.md"), md.join("\n"));
