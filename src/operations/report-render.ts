import { z } from "zod";
import { DebriefError } from "../model/debrief-error.js";
import { RENDERERS, type RenderResult, renderPostmortem } from "../report/index.js";
import { defineOperation } from "./operation.js";
import { zPath } from "./schemas.js";
import { resolveInWorkspace } from "./workspace-path.js";

/** `report_render`: HTML, PDF or GitHub Markdown. */
export const reportRenderOperation = defineOperation({
  name: "report_render",
  title: "Render a post-mortem report",
  description:
    "Step 5. Renders a postmortem.md as a self-contained HTML report (inline SVG charts of the evidence metrics with milestones marked), a PDF (headless Chromium), or GitHub Markdown with a Mermaid timeline. Secrets are always masked; PII on request. Writes the file and returns its path.",
  input: z.object({
    file: zPath.describe("the postmortem.md"),
    format: z
      .enum(RENDERERS.map((r) => r.id) as [string, ...string[]])
      .optional()
      .describe("html (default), pdf or md"),
    out: zPath.optional().describe("output path (default report.<ext> beside the file)"),
    redactPii: z.boolean().optional().describe("also mask e-mail and IP addresses"),
    evidence: z.boolean().optional().describe("read evidence/ for charts (default true)"),
    public: z
      .boolean()
      .optional()
      .describe(
        "the public rendition (status page): internal sections and blocks, the appendix and staff names left out, personal data masked; default out report.public.<ext>",
      ),
    diff: z
      .boolean()
      .optional()
      .describe("with public: write nothing, return the diff of what the public rendition leaves out"),
  }),
  // overwrites an earlier report at the same path
  annotations: { readOnly: false, destructive: true, idempotent: true, openWorld: false },
  async run(input, ctx): Promise<RenderResult> {
    const file = resolveInWorkspace(ctx, input.file);
    const out = input.out === undefined ? undefined : resolveInWorkspace(ctx, input.out);
    // a report goes beside its post-mortem, never over it: the post-mortem is the human's document
    if (input.diff && !input.public) {
      throw new DebriefError("USAGE", "diff goes with public: it shows what the public rendition leaves out");
    }
    if (out !== undefined && out === file) {
      throw new DebriefError("USAGE", "out must not be the post-mortem itself", {
        location: { path: input.out ?? "" },
      });
    }
    return renderPostmortem(file, {
      format: input.format ?? "html",
      ...(out ? { out } : {}),
      ...(input.redactPii ? { redactPii: true } : {}),
      ...(input.evidence === false ? { evidence: false } : {}),
      ...(input.public ? { public: true } : {}),
      ...(input.public && input.diff ? { diffOnly: true } : {}),
      env: ctx.env,
    });
  },
});
