import { basename, dirname, join } from "node:path";
import { DebriefError } from "../model/debrief-error.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import type { RedactionCounts } from "../util/redact/index.js";
import { formatRemovalDiff, type RemovedPart, redactionsOf } from "./public/public-rendition.js";
import { findRenderer, RENDERERS, type Renderer } from "./renderers.js";
import { loadReportInput } from "./report-input.js";

/** Options of {@link renderPostmortem}. */
export interface RenderPostmortemOptions {
  format: string;
  /** Output file; default `report.<ext>` beside the post-mortem. */
  out?: string;
  redactPii?: boolean;
  /** Read evidence/ for charts (default true). */
  evidence?: boolean;
  /** Render the public rendition: internal parts, the appendix and staff names left out, personal data masked. */
  public?: boolean;
  /** With `public`: write nothing, return what the public rendition would leave out (`removed`). */
  diffOnly?: boolean;
  generatedAt?: Date;
  env?: Record<string, string | undefined>;
  /** The renderer registry (default {@link RENDERERS}). */
  renderers?: readonly Renderer[];
}

/** What {@link renderPostmortem} wrote. */
export interface RenderResult {
  format: string;
  out: string;
  bytes: number;
  redactions: RedactionCounts;
  charts: number;
  milestones: number;
  /** Public renditions: what was left out or masked, for the diff shown before publishing. */
  removed?: RemovedPart[];
  /** Public renditions: the diff as text (`-` left out, `~`/`+` masked). */
  diff?: string;
}

/**
 * Render a post-mortem file to HTML, PDF or GitHub Markdown and write it atomically (temp file + rename), so a
 * crash never leaves half a report where a good one was.
 * @throws DebriefError USAGE for an unknown format, INPUT_NOT_FOUND, EXTERNAL_TOOL when Chromium is missing (PDF)
 */
export async function renderPostmortem(file: string, options: RenderPostmortemOptions): Promise<RenderResult> {
  const renderers = options.renderers ?? RENDERERS;
  const renderer = findRenderer(options.format, renderers);
  if (!renderer) {
    throw new DebriefError(
      "USAGE",
      `unknown format "${options.format}"; expected one of ${renderers.map((r) => r.id).join(", ")}`,
    );
  }
  const input = await loadReportInput(file, {
    ...(options.evidence === false ? { evidence: false } : {}),
    ...(options.public ? { public: true } : {}),
  });
  const out = options.out ?? join(dirname(file), `report${options.public ? ".public" : ""}${renderer.extension}`);
  let removed: RemovedPart[] | undefined;
  let diff: string | undefined;
  if (input.publicRemovals) {
    removed = [...input.publicRemovals, ...redactionsOf(input.parsed.source)];
    diff = formatRemovalDiff(removed, basename(file));
  }
  if (options.diffOnly) {
    return {
      format: renderer.id,
      out,
      bytes: 0,
      redactions: {},
      charts: input.charts.length,
      milestones: input.milestones.length,
      ...(removed ? { removed } : {}),
      ...(diff ? { diff } : {}),
    };
  }
  const output = await renderer.render(input, {
    ...(options.redactPii ? { redactPii: true } : {}),
    ...(options.generatedAt ? { generatedAt: options.generatedAt } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  await writeFileAtomic(out, output.content);
  const bytes = typeof output.content === "string" ? Buffer.byteLength(output.content) : output.content.length;
  return {
    format: renderer.id,
    out,
    bytes,
    redactions: output.redactions,
    charts: input.charts.length,
    milestones: input.milestones.length,
    ...(removed ? { removed } : {}),
    ...(diff ? { diff } : {}),
  };
}
