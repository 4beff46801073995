import { resolve } from "node:path";
import { z } from "zod";
import { lintFiles } from "../../lint/index.js";
import { RENDERERS, renderPostmortem } from "../../report/index.js";
import { defineTool } from "../mcp-tool.js";

/** `postmortem_lint`: the reviewer's checklist, blameless language and actionable items. */
export const lintTool = defineTool({
  name: "postmortem_lint",
  title: "Lint post-mortems",
  description:
    "Checks post-mortem Markdown files like a seasoned reviewer: required sections, timeline in UTC and in order, at least two contributing factors and a systemic issue, five whys that do not stop at a person, action items with owner/deadline/priority and a specific deliverable, blameless language (with suggested rewrites), and follow-through (distributed within 48 h, tracked items, follow-up review). Returns findings with rule id, severity, position, message and fix hint.",
  readOnly: true,
  input: {
    files: z.array(z.string()).min(1).describe("post-mortem Markdown files or folders"),
  },
  async run(args, ctx) {
    const result = await lintFiles(
      args.files.map((f) => resolve(ctx.cwd, f)),
      { cwd: ctx.cwd },
    );
    return result;
  },
});

/** `report_render`: HTML, PDF or GitHub Markdown. */
export const renderTool = defineTool({
  name: "report_render",
  title: "Render a post-mortem report",
  description:
    "Step 5. Renders a postmortem.md as a self-contained HTML report (inline SVG charts of the evidence metrics with milestones marked), a PDF (headless Chromium), or GitHub Markdown with a Mermaid timeline. Secrets are always masked; PII on request. Writes the file and returns its path.",
  readOnly: false,
  input: {
    file: z.string().describe("the postmortem.md"),
    format: z
      .enum(RENDERERS.map((r) => r.id) as [string, ...string[]])
      .optional()
      .describe("html (default), pdf or md"),
    out: z.string().optional().describe("output path (default report.<ext> beside the file)"),
    redactPii: z.boolean().optional().describe("also mask e-mail and IP addresses"),
  },
  async run(args, ctx) {
    return renderPostmortem(resolve(ctx.cwd, args.file), {
      format: args.format ?? "html",
      ...(args.out ? { out: resolve(ctx.cwd, args.out) } : {}),
      ...(args.redactPii ? { redactPii: true } : {}),
      env: ctx.env,
    });
  },
});
