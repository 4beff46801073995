import { cp, mkdir, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { inventoryEvidence } from "../evidence/index.js";
import { computeInsights, generateWorkspace, renderInsightsHtml, reviewActionItems } from "../insights/index.js";
import { findFormatter, LINT_RULES, lintFiles } from "../lint/index.js";
import { DebriefError } from "../model/debrief-error.js";
import { draftIncident, initIncident, prepareInitInput, saveDraft } from "../postmortem/index.js";
import { publishPostmortem } from "../publish/index.js";
import { findChromium, renderPostmortem } from "../report/index.js";
import { searchWorkspace } from "../store/index.js";
import { buildTimeline, renderTimelineMarkdown, renderTimelineMermaid } from "../timeline/index.js";
import { writeFileAtomic as writeFile } from "../util/atomic-write.js";
import { exampleIncidentDir, packageRoot } from "./example-paths.js";

/** One thing the demo did, with the files it wrote and a line for people. */
export interface DemoStep {
  name: string;
  summary: string;
  files: string[];
  /** The step ran but could not do everything (e.g. no Chromium for the PDF). */
  note?: string;
}

/** Options of {@link runDemo}. */
export interface RunDemoOptions {
  /** Output folder; replaced if it holds an earlier demo, refused if it holds anything else. */
  out: string;
  env?: Record<string, string | undefined>;
  onStep?: (step: DemoStep) => void;
  onProgress?: (message: string) => void;
}

/** What the demo produced. */
export interface DemoResult {
  out: string;
  steps: DemoStep[];
}

const MARKER = ".debrief-demo";

async function prepareOut(out: string): Promise<void> {
  let entries: string[] = [];
  try {
    const { readdir } = await import("node:fs/promises");
    entries = await readdir(out);
  } catch {
    // does not exist yet
  }
  if (entries.length > 0 && !entries.includes(MARKER)) {
    throw new DebriefError(
      "USAGE",
      `${out} exists and is not an earlier demo output; choose another --out (the demo never overwrites your files)`,
    );
  }
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await writeFile(join(out, MARKER), "written by `debrief demo`; safe to delete\n");
}

/**
 * Run everything Debrief can do on the bundled example incident (an API degradation after a deploy added an
 * unindexed query) and write the results to `out`: evidence inventory, timeline (Markdown, JSON, Mermaid), a drafted
 * post-mortem, its lint findings, and the rendered reports.
 */
export async function runDemo(options: RunDemoOptions): Promise<DemoResult> {
  const out = options.out;
  const steps: DemoStep[] = [];
  const progress = options.onProgress ?? (() => {});
  const rel = (p: string) => relative(out, p) || p;
  const done = (step: DemoStep) => {
    steps.push(step);
    options.onStep?.(step);
  };
  await prepareOut(out);

  // 1. the incident folder: the example's evidence and settings
  const incident = join(out, "incident");
  const example = exampleIncidentDir();
  await cp(join(example, "evidence"), join(incident, "evidence"), { recursive: true });
  await cp(join(example, "debrief.yaml"), join(incident, "debrief.yaml"));
  const evidenceDir = join(incident, "evidence");

  progress("reading the evidence ...");
  const sources = await inventoryEvidence([evidenceDir], { incidentDir: incident });
  await writeFile(join(out, "evidence.json"), `${JSON.stringify({ sources }, null, 2)}\n`);
  const events = sources.reduce((n, s) => n + s.events, 0);
  const skipped = sources.reduce((n, s) => n + s.skipped.total, 0);
  const formats = [...new Set(sources.map((s) => s.format))];
  done({
    name: "evidence",
    summary: `${sources.length} sources in ${formats.length} formats, ${events.toLocaleString("en-US")} events, ${skipped} lines skipped`,
    files: [rel(join(out, "evidence.json"))],
  });

  progress("building the timeline ...");
  const timeline = await buildTimeline([evidenceDir], { incidentDir: incident });
  const { sources: _sources, ...timelineJson } = timeline;
  await writeFile(join(out, "timeline.json"), `${JSON.stringify(timelineJson, null, 2)}\n`);
  await writeFile(join(out, "timeline.md"), renderTimelineMarkdown(timeline));
  await writeFile(join(out, "timeline.mermaid.md"), `${renderTimelineMermaid(timeline)}\n`);
  const found = Object.keys(timeline.milestones);
  done({
    name: "timeline",
    summary: `${timeline.entries.length} rows, milestones: ${found.join(", ")}; ${timeline.findings.length} findings`,
    files: ["timeline.md", "timeline.json", "timeline.mermaid.md"],
  });

  progress("drafting the post-mortem ...");
  const input = prepareInitInput({
    id: "INC-2025-0209",
    title: "Orders API degradation after v2.3.0",
    severity: "SEV2",
    start: "2025-02-09T09:55:00Z",
    end: "2025-02-09T10:45:00Z",
    service: ["orders-api"],
  });
  await initIncident(incident, input);
  const pmPath = join(incident, "postmortem.md");
  const drafted = await draftIncident(incident, { timeline });
  await saveDraft(drafted);
  done({
    name: "draft",
    summary: `${drafted.blocks.length} generated blocks written into the post-mortem; human sections left for people`,
    files: [rel(pmPath)],
  });

  progress("linting the draft ...");
  const lint = await lintFiles([pmPath]);
  const text = findFormatter("text")!.format(lint, LINT_RULES, { color: false });
  const sarif = findFormatter("sarif")!.format(lint, LINT_RULES);
  await writeFile(join(out, "lint.txt"), text);
  await writeFile(join(out, "lint.sarif"), sarif);
  done({
    name: "lint",
    summary: `${lint.errorCount} errors, ${lint.warningCount} warnings, ${lint.infoCount} infos on the draft (the human sections are still empty)`,
    files: ["lint.txt", "lint.sarif"],
  });

  progress("rendering the report ...");
  const html = await renderPostmortem(pmPath, { format: "html", out: join(out, "report.html") });
  const md = await renderPostmortem(pmPath, { format: "md", out: join(out, "report.md") });
  const reportFiles = [rel(html.out), rel(md.out)];
  let note: string | undefined;
  if (findChromium(options.env ?? process.env)) {
    const pdf = await renderPostmortem(pmPath, {
      format: "pdf",
      out: join(out, "report.pdf"),
      env: options.env ?? process.env,
    });
    reportFiles.push(rel(pdf.out));
  } else {
    note = "no PDF: Chromium is not installed (apt-get install chromium)";
  }
  done({
    name: "report",
    summary: `HTML with ${html.charts} charts and ${html.milestones} milestones; GitHub Markdown with a Mermaid timeline`,
    files: reportFiles,
    ...(note ? { note } : {}),
  });
  // the same incident once people have finished the post-mortem: lint clean, ready to publish
  progress("checking the completed post-mortem and previewing its publication ...");
  const completedDir = join(out, "completed");
  await mkdir(join(completedDir, "evidence"), { recursive: true });
  for (const name of ["metrics.json", "metrics-error-ratio.json", "metrics-latency-p99.json", "metrics-db-pool.json"]) {
    await cp(join(example, "evidence", name), join(completedDir, "evidence", name));
  }
  const completedPm = join(completedDir, "postmortem.md");
  await cp(join(packageRoot(), "examples", "postmortems", "api-degradation.md"), completedPm);
  const completedLint = await lintFiles([completedPm]);
  await renderPostmortem(completedPm, { format: "html", out: join(completedDir, "report.html") });
  const preview = await publishPostmortem(completedDir, {
    dryRun: true,
    email: { smtp: "smtp://mail.example.com:587", to: ["sre@example.com"], from: "debrief@example.com" },
    slackWebhook: "https://hooks.slack.com/services/T000/B000/XXXXXXXX",
    github: { repo: "acme/orders-api" },
    link: "https://wiki.example.com/postmortems/INC-2025-0209",
    env: options.env ?? process.env,
  });
  await writeFile(join(out, "publish-dry-run.json"), `${JSON.stringify(preview, null, 2)}\n`);
  done({
    name: "publish",
    summary: `completed post-mortem: ${completedLint.errorCount} lint errors; dry run would do ${preview.steps.length} steps (${[...new Set(preview.steps.map((s) => s.channel))].join(", ")})`,
    files: [rel(completedPm), rel(join(completedDir, "report.html")), "publish-dry-run.json"],
  });

  // follow-through across incidents: a generated workspace with planted recurrences
  progress("reviewing a workspace of 60 incidents ...");
  const workspace = join(out, "workspace");
  generateWorkspace({ count: 60, seed: 7, out: workspace });
  const asOf = "2026-07-01";
  const review = reviewActionItems(workspace, { asOf });
  const { index: _index, ...reviewJson } = review;
  await writeFile(join(out, "review.json"), `${JSON.stringify(reviewJson, null, 2)}\n`);
  const insights = computeInsights(workspace, { asOf });
  await writeFile(join(out, "insights.json"), `${JSON.stringify(insights, null, 2)}\n`);
  await writeFile(join(out, "insights.html"), renderInsightsHtml(insights));
  const hits = searchWorkspace(workspace, "connection pool", { limit: 5, highlight: { open: "", close: "" } });
  await writeFile(join(out, "search.json"), `${JSON.stringify(hits, null, 2)}\n`);
  const patterns = insights.recurring.patterns;
  done({
    name: "insights",
    summary: `review as of ${asOf}: ${review.totals.open} open, ${review.totals.overdue} overdue; ${patterns.length} recurring patterns; search "connection pool": ${hits.hits.length} hits`,
    files: ["review.json", "insights.json", "insights.html", "search.json"],
  });
  return { out, steps };
}
