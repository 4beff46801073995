import type { Command } from "commander";
import { FORMATS } from "../../evidence/index.js";
import { DebriefError } from "../../model/debrief-error.js";
import { type TemplatesSummary, templatesMineOperation } from "../../operations/templates-mine.js";
import type { MinedLine } from "../../timeline/templates/index.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import { positiveInt, textTable } from "../cli-helpers.js";
import { runCliOperation, streamCliOperation } from "../cli-operation.js";

interface TemplatesFlags {
  json?: boolean;
  format?: string;
  top?: number;
}

/** Rows shown by the table when `--top` is not given. */
const DEFAULT_TOP = 50;

function isoOrDash(iso: string | null): string {
  return iso === null ? "-" : iso.replace("T", " ").replace(/\.\d{3}Z$/, "Z");
}

/** What reading skipped or warned about, and whether there was anything to mine; false: nothing more to print. */
function reportSummary(ctx: CliContext, file: string, result: TemplatesSummary): boolean {
  for (const src of result.sources) {
    if (src.skipped.total > 0) {
      const reasons = Object.entries(src.skipped.byReason)
        .map(([r, n]) => `${r} ${n}`)
        .join(", ");
      ctx.err(`debrief templates: ${src.path}: ${src.skipped.total} line(s) not mined (${reasons})\n`);
    }
    for (const w of src.warnings) ctx.err(`debrief templates: ${src.path}: warning: ${w}\n`);
  }
  if (result.events === 0) {
    ctx.err(`debrief templates: ${file}: no events to mine\n`);
    ctx.exitCode = 1;
    return false;
  }
  if (result.changedWhileReading) {
    ctx.err(`debrief templates: ${file}: the file changed while it was read; the output covers the first read\n`);
    ctx.exitCode = 1;
  }
  return true;
}

async function run(ctx: CliContext, file: string, flags: TemplatesFlags): Promise<void> {
  if (flags.json && flags.top !== undefined) {
    throw new DebriefError("USAGE", "--top limits the table; --json prints every line, so use one or the other");
  }
  if (flags.format !== undefined && !FORMATS.some((f) => f.id === flags.format)) {
    throw new DebriefError(
      "USAGE",
      `unknown --format "${flags.format}"; valid formats: ${FORMATS.map((f) => f.id).join(", ")}`,
    );
  }
  const input = { file, ...(flags.format !== undefined ? { format: flags.format } : {}) };
  if (flags.json) {
    // every event's mined line, in file order, as the templates_mine operation streams it
    let buffer = "";
    const summary = await streamCliOperation(
      ctx,
      "templates",
      templatesMineOperation,
      input,
      (lines: readonly MinedLine[]) => {
        for (const l of lines) {
          buffer += `${JSON.stringify(l)}\n`;
          if (buffer.length > 1 << 16) {
            ctx.out(buffer);
            buffer = "";
          }
        }
      },
    );
    if (reportSummary(ctx, file, summary)) ctx.out(buffer);
    return;
  }
  const top = flags.top ?? DEFAULT_TOP;
  const result = await runCliOperation(ctx, "templates", templatesMineOperation, { ...input, top });
  if (!reportSummary(ctx, file, result)) return;
  const shown = result.templates;
  ctx.out(
    textTable(
      ["COUNT", "FIRST", "LAST", "ID", "TEMPLATE"],
      shown.map((r) => [String(r.count), isoOrDash(r.first), isoOrDash(r.last), r.templateId, r.template]),
    ),
  );
  const events = result.events;
  const total = result.totalTemplates;
  const more = total - shown.length;
  ctx.out(
    `\n${events} event${events === 1 ? "" : "s"}, ${total} template${total === 1 ? "" : "s"}${more > 0 ? ` (${more} more not shown; raise --top)` : ""}\n`,
  );
}

/** `debrief templates FILE`: mine log templates from one evidence file. */
export const templatesCommand: CliCommand = {
  name: "templates",
  summary: "group a log's messages into templates (variables masked as <*>) with counts and first/last time",
  register(program: Command, ctx: CliContext) {
    program
      .command("templates")
      .description(
        "Read FILE with the evidence readers, mine each event's message into a template (variables masked as <*>), " +
          "and print the templates by count with their first and last time, or with --json one NDJSON line per event.",
      )
      .argument("<file>", "evidence file to mine (any format `debrief evidence` reads)")
      .option("--json", 'one NDJSON line per event: {"line", "message", "template", "templateId"}')
      .option("--format <id>", "force the evidence format instead of detecting it (see `debrief evidence --help`)")
      .option(
        "--top <n>",
        `show only the N most frequent templates in the table (default ${DEFAULT_TOP})`,
        positiveInt("--top"),
      )
      .addHelpText(
        "after",
        "\nExamples:\n  $ debrief templates evidence/app.log\n  $ debrief templates evidence/app.log --top 10\n" +
          "  $ debrief templates evidence/app.log --json | jq -r .template | sort | uniq -c | sort -rn | head",
      )
      .action(async (file: string, flags: TemplatesFlags) => {
        await run(ctx, file, flags);
      });
  },
};
