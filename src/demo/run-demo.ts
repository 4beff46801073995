import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { inventoryEvidence } from "../evidence/index.js";
import { findFormatter, LINT_RULES, lintFiles } from "../lint/index.js";
import { DebriefError } from "../model/debrief-error.js";
import { draftIncident } from "../postmortem/draft/draft-incident.js";
import { renderIncidentConfig, renderPostmortemSkeleton } from "../postmortem/template.js";
import { findChromium, renderPostmortem } from "../report/index.js";
import { buildTimeline, renderTimelineMarkdown, renderTimelineMermaid } from "../timeline/index.js";
import { exampleIncidentDir } from "./example-paths.js";

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
  const config = await readFile(join(incident, "debrief.yaml"), "utf8");
  const window = /start:\s*"?([^"\n]+)"?[\s\S]*?end:\s*"?([^"\n]+)"?/.exec(config);
  const skeleton = renderPostmortemSkeleton({
    id: "INC-2025-0209",
    title: "Orders API degradation after v2.3.0",
    severity: "SEV2",
    start: window?.[1]?.trim() ?? "2025-02-09T09:55:00Z",
    end: window?.[2]?.trim() ?? "2025-02-09T10:45:00Z",
    services: ["orders-api"],
  });
  // renderIncidentConfig validates the same settings through the schema the rest of Debrief reads
  renderIncidentConfig({
    id: "INC-2025-0209",
    title: "Orders API degradation after v2.3.0",
    severity: "SEV2",
    start: "2025-02-09T09:55:00Z",
    end: "2025-02-09T10:45:00Z",
    services: ["orders-api"],
  });
  const pmPath = join(incident, "postmortem.md");
  await writeFile(pmPath, skeleton);
  const drafted = await draftIncident(incident, { timeline });
  await writeFile(pmPath, drafted.source);
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
  return { out, steps };
}
