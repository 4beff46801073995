/**
 * `npm run bench:postmortem`: speed of the post-mortem document code.
 * - parse: documents per second and KiB/s on the test fixtures and on a drafted example post-mortem;
 * - write: a one-section edit spliced back (lossless writer);
 * - redact: MB/s of log text through the secret rules, and with PII;
 * - draft: planning and applying the generated blocks to a skeleton (the timeline engine is timed by bench:timeline).
 * Writes bench/results/postmortem.json. Median of runs.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  applyDraft,
  parsePostmortem,
  planDraft,
  readEvidenceLines,
  renderPostmortemSkeleton,
  writePostmortem,
} from "../src/postmortem/index.js";
import { redact } from "../src/report/redact/index.js";
import { buildTimeline } from "../src/timeline/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const example = join(here, "..", "examples", "incidents", "api-degradation");
const fixtures = join(here, "..", "src", "postmortem", "fixtures");

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function time(runs: number, fn: () => void): number {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

const docs = ["standard.md", "google-style.md", "pagerduty-style-crlf.md", "messy.md"].map((f) =>
  readFileSync(join(fixtures, f), "utf8"),
);
const fixtureBytes = docs.reduce((n, d) => n + Buffer.byteLength(d), 0);
const parseFixturesMs = time(20, () => {
  for (const d of docs) parsePostmortem(d, "bench.md");
});

const timeline = await buildTimeline([join(example, "evidence")], { incidentDir: example, cwd: example });
const skeleton = renderPostmortemSkeleton({
  id: "bench",
  title: "bench",
  severity: "SEV2",
  start: "2025-02-09T09:55:00Z",
  end: null,
  services: [],
});
const excerpts = await readEvidenceLines(
  example,
  Object.values(timeline.milestones).flatMap((m) => m?.evidence ?? []),
);
let drafted = "";
const draftMs = time(10, () => {
  const plan = planDraft(timeline, { excerpts });
  drafted = applyDraft(parsePostmortem(skeleton, "p.md"), plan.blocks, plan.fill).source;
});
const draftedBytes = Buffer.byteLength(drafted);
const parseDraftedMs = time(20, () => parsePostmortem(drafted, "p.md"));
const writeMs = time(20, () => {
  const parsed = parsePostmortem(drafted, "p.md");
  const s = parsed.postmortem.sections.find((x) => x.key === "summary");
  if (s) s.markdown = "\nEdited.\n\n";
  writePostmortem(parsed);
});

const logText = readFileSync(join(example, "evidence", "nginx-access.log"), "utf8").slice(0, 4 * 1024 * 1024);
const logBytes = Buffer.byteLength(logText);
const redactMs = time(5, () => redact(logText));
const redactPiiMs = time(5, () => redact(logText, { pii: true }));

const results = {
  parseFixtures: {
    documents: docs.length,
    bytes: fixtureBytes,
    ms: +parseFixturesMs.toFixed(2),
    docsPerSecond: Math.round((docs.length / parseFixturesMs) * 1000),
    kibPerSecond: Math.round(fixtureBytes / 1024 / (parseFixturesMs / 1000)),
  },
  parseDrafted: {
    bytes: draftedBytes,
    ms: +parseDraftedMs.toFixed(2),
    kibPerSecond: Math.round(draftedBytes / 1024 / (parseDraftedMs / 1000)),
  },
  parseEditWrite: { ms: +writeMs.toFixed(2) },
  draftPlanAndApply: { ms: +draftMs.toFixed(2) },
  redact: {
    bytes: logBytes,
    secretsMBps: +(logBytes / 1e6 / (redactMs / 1000)).toFixed(1),
    withPiiMBps: +(logBytes / 1e6 / (redactPiiMs / 1000)).toFixed(1),
  },
  node: process.version,
};
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results", "postmortem.json"), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
