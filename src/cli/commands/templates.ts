import type { Command } from "commander";
import { FORMATS } from "../../evidence/formats/index.js";
import { type ReadEvidenceOptions, readEvidence } from "../../evidence/read-evidence.js";
import { DebriefError } from "../../model/debrief-error.js";
import type { RawEvent } from "../../model/event.js";
import { TemplateMiner, templateIdOf } from "../../timeline/templates/index.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import { positiveInt, resolvePath, textTable } from "../cli-helpers.js";

interface TemplatesFlags {
  json?: boolean;
  format?: string;
  top?: number;
}

/** Rows shown by the table when `--top` is not given. */
const DEFAULT_TOP = 50;

interface Row {
  templateId: string;
  template: string;
  count: number;
  first: number;
  last: number;
}

function isoOrDash(ms: number): string {
  return Number.isFinite(ms)
    ? new Date(ms)
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d{3}Z$/, "Z")
    : "-";
}

async function run(ctx: CliContext, file: string, flags: TemplatesFlags): Promise<void> {
  if (flags.json && flags.top !== undefined) {
    throw new DebriefError("USAGE", "--top limits the table; --json prints every line, so use one or the other");
  }
  const options: ReadEvidenceOptions & { onEvent?: (e: RawEvent) => void } = { cwd: ctx.cwd };
  if (flags.format !== undefined) {
    if (!FORMATS.some((f) => f.id === flags.format)) {
      throw new DebriefError(
        "USAGE",
        `unknown --format "${flags.format}"; valid formats: ${FORMATS.map((f) => f.id).join(", ")}`,
      );
    }
    options.format = flags.format;
  }
  const miner = new TemplateMiner();
  // Templates only settle once every message is in, so events are kept (compactly) until the end.
  const lines: number[] = [];
  const times: number[] = [];
  const clusters: number[] = [];
  const messages: string[] = [];
  options.onEvent = (e) => {
    lines.push(e.line);
    times.push(e.ts);
    messages.push(e.message);
    clusters.push(miner.add(e.message));
  };
  const { sources } = await readEvidence([resolvePath(ctx, file)], options);
  for (const src of sources) {
    if (src.skipped.total > 0) {
      const reasons = Object.entries(src.skipped.byReason)
        .map(([r, n]) => `${r} ${n}`)
        .join(", ");
      ctx.err(`debrief templates: ${src.path}: ${src.skipped.total} line(s) not mined (${reasons})\n`);
    }
    for (const w of src.warnings ?? []) ctx.err(`debrief templates: ${src.path}: warning: ${w}\n`);
  }
  if (messages.length === 0) {
    ctx.err(`debrief templates: ${file}: no events to mine\n`);
    ctx.exitCode = 1;
    return;
  }

  if (flags.json) {
    let buffer = "";
    const ids = new Map<string, string>();
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i] as string;
      const template = miner.templateFor(clusters[i] as number, message);
      let id = ids.get(template);
      if (id === undefined) {
        id = templateIdOf(template);
        ids.set(template, id);
      }
      buffer += `${JSON.stringify({ line: lines[i], message, template, templateId: id })}\n`;
      if (buffer.length > 1 << 16) {
        ctx.out(buffer);
        buffer = "";
      }
    }
    ctx.out(buffer);
    return;
  }

  const rows = new Map<string, Row>();
  for (let i = 0; i < messages.length; i++) {
    const template = miner.templateFor(clusters[i] as number, messages[i] as string);
    const ts = times[i] as number;
    let row = rows.get(template);
    if (row === undefined) {
      row = { templateId: templateIdOf(template), template, count: 0, first: ts, last: ts };
      rows.set(template, row);
    }
    row.count++;
    if (ts < row.first) row.first = ts;
    if (ts > row.last) row.last = ts;
  }
  const sorted = [...rows.values()].sort((a, b) => b.count - a.count || a.first - b.first);
  const top = flags.top ?? DEFAULT_TOP;
  const shown = sorted.slice(0, top);
  ctx.out(
    textTable(
      ["COUNT", "FIRST", "LAST", "ID", "TEMPLATE"],
      shown.map((r) => [String(r.count), isoOrDash(r.first), isoOrDash(r.last), r.templateId, r.template]),
    ),
  );
  const more = sorted.length - shown.length;
  ctx.out(
    `\n${messages.length} event${messages.length === 1 ? "" : "s"}, ${sorted.length} template${sorted.length === 1 ? "" : "s"}${more > 0 ? ` (${more} more not shown; raise --top)` : ""}\n`,
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
