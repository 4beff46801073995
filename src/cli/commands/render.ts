import { relative } from "node:path";
import type { Command } from "commander";
import { DebriefError } from "../../model/debrief-error.js";
import { reportRenderOperation } from "../../operations/report-render.js";
import { parseOperationInput } from "../../operations/run-operation.js";
import { RENDERERS, type RenderResult } from "../../report/index.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import { printJson } from "../cli-helpers.js";

interface RenderFlags {
  format: string;
  out?: string;
  redactPii?: boolean;
  evidence: boolean;
  public?: boolean;
  diff?: boolean;
  json?: boolean;
}

async function run(ctx: CliContext, file: string, flags: RenderFlags): Promise<void> {
  if (!RENDERERS.some((r) => r.id === flags.format)) {
    throw new DebriefError(
      "USAGE",
      `--format must be one of ${RENDERERS.map((r) => r.id).join(", ")}, got "${flags.format}"`,
    );
  }
  if (flags.format === "pdf") ctx.err("debrief render: printing with headless Chromium ...\n");
  // flags in, the report_render operation run (as over HTTP and MCP), text out
  const input = parseOperationInput(reportRenderOperation, {
    file,
    format: flags.format,
    ...(flags.out ? { out: flags.out } : {}),
    ...(flags.redactPii ? { redactPii: true } : {}),
    evidence: flags.evidence,
    ...(flags.public ? { public: true } : {}),
    ...(flags.diff ? { diff: true } : {}),
  });
  const result = (await reportRenderOperation.run(input as Parameters<typeof reportRenderOperation.run>[0], {
    cwd: ctx.cwd,
    env: ctx.env,
    log: (m) => ctx.err(`debrief render: ${m}\n`),
  })) as RenderResult;
  const masked = Object.entries(result.redactions);
  if (masked.length > 0) {
    ctx.err(`debrief render: redacted ${masked.map(([k, n]) => `${n} ${k}`).join(", ")}\n`);
  }
  if (flags.json) {
    printJson(ctx, { ...result, out: relative(ctx.cwd, result.out) || result.out });
    return;
  }
  if (result.diff) ctx.out(result.diff);
  if (flags.diff) {
    ctx.out("diff only: nothing was written; run without --diff to write the public rendition\n");
    return;
  }
  ctx.out(
    `wrote ${relative(ctx.cwd, result.out) || result.out} (${result.format}, ${result.bytes.toLocaleString("en-US")} bytes, ${result.charts} charts, ${result.milestones} milestones)\n`,
  );
}

/** `debrief render FILE --format html|pdf|md`. */
export const renderCommand: CliCommand = {
  name: "render",
  summary: "Render a post-mortem as a self-contained HTML report, a PDF, or GitHub Markdown with Mermaid",
  register(program: Command, ctx: CliContext) {
    program
      .command("render")
      .summary(this.summary)
      .description(
        "Render FILE (a postmortem.md) as a report. HTML is self-contained (inline CSS and SVG charts of the\n" +
          "metrics in evidence/ beside the file, with the milestones marked) and makes no network request; PDF is\n" +
          "printed by headless Chromium (Debian package chromium); md is GitHub Markdown with a Mermaid timeline.\n" +
          "Secrets in excerpts are always masked; --redact-pii also masks e-mails and IP addresses.",
      )
      .argument("<file>", "the post-mortem Markdown file")
      .option("-f, --format <format>", `output format: ${RENDERERS.map((r) => r.id).join(" | ")}`, "html")
      .option("-o, --out <path>", "output file (default: report.<ext> beside FILE)")
      .option("--redact-pii", "also mask e-mail and IP addresses")
      .option("--no-evidence", "do not read evidence/ for charts")
      .option(
        "--public",
        "the public rendition (status page): internal parts, the appendix and staff names left out, personal data masked (default out report.public.<ext>)",
      )
      .option("--diff", "with --public: print what the public rendition leaves out, and write nothing")
      .option("--json", "print what was written as JSON")
      .addHelpText(
        "after",
        "\nExamples:\n  $ debrief render incidents/2025-02-09/postmortem.md\n  $ debrief render postmortem.md --format pdf --out report.pdf\n  $ debrief render postmortem.md --format md --redact-pii --out PUBLISHED.md\n  $ debrief render postmortem.md --public --diff\n  $ debrief render postmortem.md --public --format md --out status-page.md",
      )
      .action(async (file: string, flags: RenderFlags) => run(ctx, file, flags));
  },
};
