/**
 * `timeline` against `evidence` on folders of many small files (issue 18: 20,000 files took 21 s in `evidence` but
 * over 150 s in `timeline`, growing faster than linearly). Writes bench/results/many-files.json with wall time and
 * peak RSS per command and size, and the timeline/evidence ratio (target: within 2x).
 *
 *   node --import tsx bench/many-files.ts [--sizes=1000,2000,4000,20000]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const bin = join(root, "bin", "debrief.js");
const sizes = (process.argv.find((a) => a.startsWith("--sizes="))?.slice(8) ?? "1000,2000,4000,20000")
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

function measure(args: string[]): { seconds: number; peakRssMiB: number; exit: number | null } {
  const started = performance.now();
  const r = spawnSync("/usr/bin/time", ["-f", "@@rss %M", process.execPath, bin, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  const rss = /@@rss (\d+)/.exec(r.stderr ?? "");
  return {
    seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
    peakRssMiB: rss ? Math.round(Number(rss[1]) / 1024) : 0,
    exit: r.status,
  };
}

const work = mkdtempSync(join(tmpdir(), "debrief-many-files-"));
const rows: Array<Record<string, unknown>> = [];
try {
  for (const n of sizes) {
    const dir = join(work, String(n));
    generate(dir, n);
    const evidence = measure(["evidence", dir, "--json"]);
    const timeline = measure(["timeline", dir, "--json"]);
    const row = { files: n, evidence, timeline, ratio: Number((timeline.seconds / evidence.seconds).toFixed(2)) };
    rows.push(row);
    process.stderr.write(`${JSON.stringify(row)}\n`);
    rmSync(dir, { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
mkdirSync(join(root, "bench", "results"), { recursive: true });
writeFileSync(
  join(root, "bench", "results", "many-files.json"),
  `${JSON.stringify({ generatedAt: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`,
);
