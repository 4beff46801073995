/**
 * Blind format corpus score (issue 15): reads every item of bench/corpora/formats/{dev,sealed} through the evidence
 * pipeline exactly as a user would (the item's folder, the zone the user would state for zone-less local time,
 * the assumed year as the incident window) and scores:
 * - layouts: per item, timestamp coverage (timed truth lines that start an event) and correctness (that event's
 *   instant within ±1 s of the truth); an item meets the target at ≥ 99 % correct lines;
 * - changes: a truth change is found when a `change` event lies within ±60 s of its `effectiveAt`;
 * - reports: a truth report is found when an event with an actor lies within ±60 s of its `at`.
 * The dev half is reported per item; the sealed half only as aggregates (this scorer reads sealed files
 * programmatically and prints nothing from them but figures). Results: bench/results/formats.json and formats.md.
 *
 * Run: `npm run bench:formats`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { readEvidence } from "../src/evidence/read-evidence.js";
import type { RawEvent } from "../src/model/event.js";

const here = dirname(fileURLToPath(import.meta.url));
const corpus = join(here, "corpora", "formats");
const resultsDir = join(here, "results");

interface TruthLine {
  line: number;
  time: string | null;
}
interface TruthChange {
  line: number;
  effectiveAt: string;
  file?: string;
}
interface TruthReport {
  line: number;
  at: string;
  actor?: string | null;
}
interface Item {
  id: string;
  kind: "layout" | "change" | "report";
  tool?: string;
  timezone?: string;
  assumedYear?: number;
  relativeTo?: string;
  files?: string[];
  lines?: TruthLine[];
  changes?: TruthChange[];
  reports?: TruthReport[];
}

/** One item's score. */
export interface ItemScore {
  id: string;
  kind: Item["kind"];
  tool: string;
  format: string;
  /** layouts: timed truth lines; changes/reports: truth records. */
  total: number;
  /** layouts: lines with an event; changes/reports: records found within tolerance. */
  covered: number;
  /** layouts: lines whose event is within ±1 s. */
  correct: number;
  events: number;
  skipped: number;
  error?: string;
}

async function scoreItem(dir: string): Promise<ItemScore> {
  const item = JSON.parse(readFileSync(join(dir, "item.json"), "utf8")) as Item;
  const score: ItemScore = {
    id: item.id,
    kind: item.kind,
    tool: item.tool ?? item.id,
    format: "",
    total: 0,
    covered: 0,
    correct: 0,
    events: 0,
    skipped: 0,
  };
  const files = item.files ?? readdirSync(dir).filter((f) => f !== "item.json");
  const events: RawEvent[] = [];
  try {
    const zone = item.timezone && item.timezone !== "UTC" ? item.timezone : undefined;
    const year = item.assumedYear;
    const { sources } = await readEvidence(
      files.map((f) => join(dir, f)),
      {
        baseDir: dir,
        ...(zone ? { defaultZone: zone } : {}),
        ...(year ? { window: { start: Date.UTC(year, 0, 1), end: Date.UTC(year, 11, 31, 23, 59, 59) } } : {}),
        onEvent: (e) => events.push(e),
      },
    );
    score.format = sources.map((s) => s.format).join("+");
    score.events = events.length;
    score.skipped = sources.reduce((a, s) => a + s.skipped.total, 0);
  } catch (error) {
    score.error = (error as Error).message;
  }
  const main = files[0] ?? "";
  if (item.kind === "layout") {
    const byLine = new Map<number, RawEvent>();
    for (const e of events) if (e.path === main && !byLine.has(e.line)) byLine.set(e.line, e);
    for (const l of item.lines ?? []) {
      if (l.time === null) continue;
      score.total++;
      const e = byLine.get(l.line);
      if (!e) continue;
      score.covered++;
      if (item.relativeTo !== undefined || Math.abs(e.ts - Date.parse(l.time)) <= 1000) score.correct++;
    }
  } else if (item.kind === "change") {
    const changes = events.filter((e) => e.kind === "change");
    for (const c of item.changes ?? []) {
      score.total++;
      const t = Date.parse(c.effectiveAt);
      if (changes.some((e) => Math.abs(e.ts - t) <= 60_000)) {
        score.covered++;
        score.correct++;
      }
    }
  } else {
    for (const r of item.reports ?? []) {
      score.total++;
      const t = Date.parse(r.at);
      if (events.some((e) => e.actor !== null && Math.abs(e.ts - t) <= 60_000)) {
        score.covered++;
        score.correct++;
      }
    }
  }
  return score;
}

async function scoreHalf(half: "dev" | "sealed"): Promise<ItemScore[]> {
  const root = join(corpus, half);
  if (!existsSync(root)) return [];
  const out: ItemScore[] = [];
  for (const id of readdirSync(root).sort()) {
    if (!existsSync(join(root, id, "item.json"))) continue;
    out.push(await scoreItem(join(root, id)));
  }
  return out;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : Math.round((a / b) * 1000) / 1000;
}

/** Aggregate figures of one half (the only thing reported for the sealed half). */
export function aggregate(scores: ItemScore[]) {
  const layouts = scores.filter((s) => s.kind === "layout");
  const changes = scores.filter((s) => s.kind === "change");
  const reports = scores.filter((s) => s.kind === "report");
  const sum = (xs: ItemScore[], k: "total" | "covered" | "correct") => xs.reduce((a, s) => a + s[k], 0);
  return {
    items: scores.length,
    errors: scores.filter((s) => s.error !== undefined).length,
    layouts: {
      items: layouts.length,
      lineCoverage: ratio(sum(layouts, "covered"), sum(layouts, "total")),
      lineCorrect: ratio(sum(layouts, "correct"), sum(layouts, "total")),
      meanItemCorrect: ratio(
        layouts.reduce((a, s) => a + ratio(s.correct, s.total), 0),
        layouts.length,
      ),
      itemsAtTarget: layouts.filter((s) => ratio(s.correct, s.total) >= 0.99).length,
      unrecognised: layouts.filter((s) => s.format.includes("unknown")).length,
    },
    changes: {
      items: changes.length,
      found: sum(changes, "correct"),
      total: sum(changes, "total"),
      recall: ratio(sum(changes, "correct"), sum(changes, "total")),
      itemsWithAll: changes.filter((s) => s.correct === s.total && s.total > 0).length,
    },
    reports: {
      items: reports.length,
      found: sum(reports, "correct"),
      total: sum(reports, "total"),
      recall: ratio(sum(reports, "correct"), sum(reports, "total")),
    },
  };
}

function markdown(dev: ItemScore[], devAgg: ReturnType<typeof aggregate>, sealedAgg: ReturnType<typeof aggregate>) {
  const rows = dev.map(
    (s) =>
      `| ${s.kind} | ${s.id} | ${s.format || "-"} | ${s.total} | ${ratio(s.covered, s.total)} | ${ratio(s.correct, s.total)} | ${s.skipped}${s.error ? ` (${s.error})` : ""} |`,
  );
  const agg = (name: string, a: ReturnType<typeof aggregate>) =>
    `| ${name} | ${a.layouts.items} | ${a.layouts.lineCoverage} | ${a.layouts.lineCorrect} | ${a.layouts.itemsAtTarget}/${a.layouts.items} | ${a.changes.found}/${a.changes.total} (${a.changes.itemsWithAll}/${a.changes.items} items) | ${a.reports.found}/${a.reports.total} |`;
  return [
    "# Blind format corpus",
    "",
    `Generated by \`npm run bench:formats\` on ${new Date().toISOString()}. Layout lines: timestamped (an event starts`,
    "at the line) and correct (±1 s). Changes: a `change` event within ±60 s of the effective time. Reports: an event",
    "with an actor within ±60 s. Zone-less local samples are read with the zone a user would state (`defaultZone`).",
    "",
    "| Half | Layouts | Line coverage | Line correct | Layouts ≥ 99 % | Changes found | Reports found |",
    "|---|---|---|---|---|---|---|",
    agg("dev", devAgg),
    agg("sealed", sealedAgg),
    "",
    "## dev items",
    "",
    "| Kind | Item | Format | Truth | Covered | Correct | Skipped |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}

/** Score both halves and write the results. */
export async function runFormatsBench(log: (line: string) => void = () => undefined) {
  const dev = await scoreHalf("dev");
  const sealed = await scoreHalf("sealed");
  const devAgg = aggregate(dev);
  const sealedAgg = aggregate(sealed);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, "formats.json"),
    `${JSON.stringify({ generatedAt: new Date().toISOString(), dev: { aggregate: devAgg, items: dev }, sealed: { aggregate: sealedAgg } }, null, 2)}\n`,
  );
  writeFileSync(join(resultsDir, "formats.md"), markdown(dev, devAgg, sealedAgg));
  log(`dev    ${JSON.stringify(devAgg)}`);
  log(`sealed ${JSON.stringify(sealedAgg)}`);
  return { dev, devAgg, sealedAgg };
}

/** The suite entry for `npm run bench`. */
export const formatsSuite = {
  name: "formats",
  description: "blind format corpus: timestamp coverage/correctness per layout, changes and reports found",
  async run(): Promise<void> {
    await runFormatsBench((line) => process.stderr.write(`${line}\n`));
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runFormatsBench((line) => process.stdout.write(`${line}\n`));
}
