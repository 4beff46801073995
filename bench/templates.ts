/**
 * Template-mining benchmark on the Loghub 2k samples: grouping accuracy (GA), parsing accuracy (PA), FGA and FTA per
 * dataset against the corrected Loghub-2.0 ground truth (the original ground truth only for Android, which has no
 * corrected file), with ONE configuration (the miner's defaults) for every dataset, plus mining speed.
 *
 * Two settings:
 * - `content`: the standard benchmark setting, mining the ground truth's `Content` column (headers stripped by Loghub).
 * - `e2e`: messages come from Debrief's own evidence reader on the raw `.log` (its header stripping), matched to the
 *   ground truth by line number; lines the reader skipped count as wrong in every metric.
 *
 * Template strings are compared after trimming and collapsing whitespace runs only (see `normalizeTemplateText`).
 *
 * Run: `npm run bench:templates` (writes bench/results/templates.json and bench/results/templates.md).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readEvidence } from "../src/evidence/read-evidence.js";
import { scoreParsing } from "../src/timeline/templates/accuracy.js";
import { LOGHUB_2K_DATASETS, type LoghubDataset, loadLoghubDataset } from "../src/timeline/templates/loghub-dataset.js";
import { DEFAULT_TEMPLATE_MINER_OPTIONS, mineTemplates } from "../src/timeline/templates/template-miner.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(process.env.LOGHUB_2K_DIR ?? join(here, "../../shared/datasets/loghub-2k"));
const resultsDir = join(here, "results");
const WARMUP_RUNS = 5;
const TIMED_RUNS = 21;

interface Row {
  dataset: string;
  truth: "corrected" | "original";
  lines: number;
  ga: number;
  pa: number;
  fga: number;
  fta: number;
  templates: number;
  truthTemplates: number;
  /** Median wall-clock lines/s. */
  linesPerSecond: number;
  /** Median lines/s by the process's CPU time (user + system): less distorted when other work shares the machine. */
  cpuLinesPerSecond: number;
  e2e: { ga: number; pa: number; fga: number; fta: number; minedLines: number } | null;
}

function score(ds: LoghubDataset, messages: (string | undefined)[]) {
  const present = messages.flatMap((m) => (m === undefined ? [] : [m]));
  const mined = mineTemplates(present);
  const groups: (string | number)[] = [];
  const templates: string[] = [];
  let k = 0;
  for (let i = 0; i < messages.length; i++) {
    if (messages[i] === undefined) {
      // a line the reader could not turn into an event: its own group with no template, wrong by construction
      groups.push(`missing-${i}`);
      templates.push("");
      continue;
    }
    const t = mined.assignments[k++] as number;
    groups.push(t);
    templates.push((mined.templates[t] as { template: string }).template);
  }
  return { scores: scoreParsing(ds.eventIds, ds.templates, groups, templates), mined };
}

/** Median lines/s of mining alone (after warm-up runs so the JIT has settled), by wall clock and by CPU time. */
function speed(contents: string[]): { wall: number; cpu: number } {
  for (let r = 0; r < WARMUP_RUNS; r++) mineTemplates(contents);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < TIMED_RUNS; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    mineTemplates(contents);
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return { wall: contents.length / (median(wall) / 1000), cpu: contents.length / (median(cpu) / 1000) };
}

async function endToEnd(ds: LoghubDataset): Promise<Row["e2e"]> {
  const byLine = new Array<string | undefined>(ds.contents.length).fill(undefined);
  try {
    await readEvidence([ds.logPath], {
      onEvent: (e) => {
        if (e.line >= 1 && e.line <= byLine.length) byLine[e.line - 1] = e.message;
      },
    });
  } catch (error) {
    process.stderr.write(`e2e ${ds.name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return null;
  }
  const { scores } = score(ds, byLine);
  return {
    ga: scores.groupAccuracy,
    pa: scores.parsingAccuracy,
    fga: scores.fga,
    fta: scores.fta,
    minedLines: byLine.filter((m) => m !== undefined).length,
  };
}

const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const f3 = (x: number) => x.toFixed(3);

async function main(): Promise<void> {
  const loadAtStart = loadavg().map((x) => Math.round(x * 100) / 100);
  const rows: Row[] = [];
  for (const name of LOGHUB_2K_DATASETS) {
    const ds = loadLoghubDataset(root, name);
    const { scores } = score(ds, ds.contents);
    const lps = speed(ds.contents);
    rows.push({
      dataset: name,
      truth: ds.truthKind,
      lines: scores.lines,
      ga: scores.groupAccuracy,
      pa: scores.parsingAccuracy,
      fga: scores.fga,
      fta: scores.fta,
      templates: scores.predictedGroups,
      truthTemplates: scores.truthGroups,
      linesPerSecond: lps.wall,
      cpuLinesPerSecond: lps.cpu,
      e2e: await endToEnd(ds),
    });
  }
  const e2eRows = rows.flatMap((r) => (r.e2e ? [r.e2e] : []));
  const meanRow = {
    ga: mean(rows.map((r) => r.ga)),
    pa: mean(rows.map((r) => r.pa)),
    fga: mean(rows.map((r) => r.fga)),
    fta: mean(rows.map((r) => r.fta)),
    linesPerSecond: mean(rows.map((r) => r.linesPerSecond)),
    cpuLinesPerSecond: mean(rows.map((r) => r.cpuLinesPerSecond)),
    e2eGa: e2eRows.length === rows.length ? mean(e2eRows.map((r) => r.ga)) : null,
    e2ePa: e2eRows.length === rows.length ? mean(e2eRows.map((r) => r.pa)) : null,
  };
  const correctedOnly = rows.filter((r) => r.truth === "corrected");

  const header = [
    "Dataset",
    "Truth",
    "GA",
    "PA",
    "FGA",
    "FTA",
    "Templates",
    "Truth tpl",
    "Lines/s",
    "CPU lines/s",
    "e2e GA",
    "e2e PA",
  ];
  const body = rows.map((r) => [
    r.dataset,
    r.truth,
    f3(r.ga),
    f3(r.pa),
    f3(r.fga),
    f3(r.fta),
    String(r.templates),
    String(r.truthTemplates),
    String(Math.round(r.linesPerSecond)),
    String(Math.round(r.cpuLinesPerSecond)),
    r.e2e ? f3(r.e2e.ga) : "n/a",
    r.e2e ? f3(r.e2e.pa) : "n/a",
  ]);
  const meanCells = [
    "Mean",
    "",
    f3(meanRow.ga),
    f3(meanRow.pa),
    f3(meanRow.fga),
    f3(meanRow.fta),
    "",
    "",
    String(Math.round(meanRow.linesPerSecond)),
    String(Math.round(meanRow.cpuLinesPerSecond)),
    meanRow.e2eGa === null ? "n/a" : f3(meanRow.e2eGa),
    meanRow.e2ePa === null ? "n/a" : f3(meanRow.e2ePa),
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...[...body, meanCells].map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
  const text = [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line), line(meanCells)].join("\n");
  process.stdout.write(`${text}\n`);
  process.stdout.write(
    `Mean over the ${correctedOnly.length} corrected datasets: GA ${f3(mean(correctedOnly.map((r) => r.ga)))}, PA ${f3(mean(correctedOnly.map((r) => r.pa)))}\n`,
  );

  const environment = {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadavg().map((x) => Math.round(x * 100) / 100),
    date: new Date().toISOString(),
    minerOptions: DEFAULT_TEMPLATE_MINER_OPTIONS,
    timing: `median of ${TIMED_RUNS} runs after ${WARMUP_RUNS} warm-up runs, single thread, mineTemplates() on the Content column (wall clock; CPU lines/s uses the process's user+system CPU time)`,
    comparison: "template strings compared after trimming and collapsing whitespace runs",
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, "templates.json"),
    `${JSON.stringify({ environment, datasets: rows, mean: meanRow }, null, 2)}\n`,
  );
  const md = [
    "# Template mining on Loghub 2k",
    "",
    `Generated by \`npm run bench:templates\` on ${environment.date} (Node ${environment.node}, ${environment.platform}).`,
    "One configuration for every dataset (the miner's defaults). Ground truth: Loghub-2.0 corrected",
    "(`*_structured_corrected.csv`), the original `*_structured.csv` for Android (no corrected file).",
    "`e2e`: messages from Debrief's evidence reader on the raw `.log`; lines it skipped count as wrong.",
    `Lines/s: ${environment.timing}. Load average (1/5/15 min) at start ${environment.loadAverageAtStart.join(" / ")} on ${environment.cpus} CPUs.`,
    "",
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...body.map((r) => `| ${r.join(" | ")} |`),
    `| ${meanCells.map((c, i) => (i === 0 ? "**Mean**" : c)).join(" | ")} |`,
    "",
    "## How to read this",
    "",
    "- GA: fraction of lines whose predicted group (set of lines) equals their true group exactly. FGA: F1 of group",
    "  precision (correct / predicted groups) and recall (correct / true groups). FTA: the same, where a group is",
    "  correct only if its template text also equals the true template. PA: fraction of lines whose template text",
    "  equals the true template.",
    "- Template texts are compared after trimming and collapsing whitespace runs, nothing else. Loghub-2.0's",
    "  evaluator compares the strings as they are; its corrected ground truth already has single spaces, so this only",
    "  changes Android (original ground truth, which keeps the double spaces of its raw messages).",
    "- The miner writes variables the way the corrected ground truth does (the guidelines of Khan et al., ICSE 2022:",
    "  digits, booleans, `null`/`root`/`admin`, paths and ids are variables; adjacent variables merge). Android's",
    "  original ground truth keeps `true`/`false` as text, which costs most of its PA.",
    "- No per-dataset settings: every dataset is mined with the defaults shown in templates.json.",
    "",
  ].join("\n");
  writeFileSync(join(resultsDir, "templates.md"), md);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:templates failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
