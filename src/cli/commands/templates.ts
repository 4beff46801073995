import { statSync } from "node:fs";
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
  const options: ReadEvidenceOptions = { cwd: ctx.cwd };
  if (flags.format !== undefined) {
    if (!FORMATS.some((f) => f.id === flags.format)) {
      throw new DebriefError(
        "USAGE",
        `unknown --format "${flags.format}"; valid formats: ${FORMATS.map((f) => f.id).join(", ")}`,
      );
    }
    options.format = flags.format;
  }
  const path = resolvePath(ctx, file);
  // line numbers in the output are per file, so one file at a time (a missing path is reported by the reader)
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
    throw new DebriefError("USAGE", `${file} is a folder; give one evidence file (e.g. ${file}/app.log)`);
  }
  // Pass 1 mines every message. Templates only settle once all messages are in, so pass 2 reads the file again to
  // give each event its final template: memory stays at one cluster number per event, not the whole log.
  const miner = new TemplateMiner();
  const clusterOf: number[] = [];
  const { sources } = await readEvidence([path], {
    ...options,
    onEvent: (e) => {
      clusterOf.push(miner.add(e.message));
    },
  });
  for (const src of sources) {
    if (src.skipped.total > 0) {
      const reasons = Object.entries(src.skipped.byReason)
        .map(([r, n]) => `${r} ${n}`)
        .join(", ");
      ctx.err(`debrief templates: ${src.path}: ${src.skipped.total} line(s) not mined (${reasons})\n`);
    }
    for (const w of src.warnings ?? []) ctx.err(`debrief templates: ${src.path}: warning: ${w}\n`);
  }
  if (clusterOf.length === 0) {
    ctx.err(`debrief templates: ${file}: no events to mine\n`);
    ctx.exitCode = 1;
    return;
  }

  let seen = 0;
  const ids = new Map<string, string>();
  const idOf = (template: string) => {
    let id = ids.get(template);
    if (id === undefined) {
      id = templateIdOf(template);
      ids.set(template, id);
    }
    return id;
  };
  let buffer = "";
  const rows = new Map<string, Row>();
  const onEvent = (e: RawEvent) => {
    const cluster = clusterOf[seen];
    if (cluster === undefined) {
      seen++; // the file grew between the passes: those events were not mined
      return;
    }
    seen++;
    const template = miner.templateFor(cluster, e.message);
    if (flags.json) {
      buffer += `${JSON.stringify({ line: e.line, message: e.message, template, templateId: idOf(template) })}\n`;
      if (buffer.length > 1 << 16) {
        ctx.out(buffer);
        buffer = "";
      }
      return;
    }
    let row = rows.get(template);
    if (row === undefined) {
      row = { templateId: idOf(template), template, count: 0, first: e.ts, last: e.ts };
      rows.set(template, row);
    }
    row.count++;
    if (e.ts < row.first) row.first = e.ts;
    if (e.ts > row.last) row.last = e.ts;
  };
  await readEvidence([path], { ...options, onEvent });
  if (seen !== clusterOf.length) {
    ctx.err(
      `debrief templates: ${file}: the file changed while it was read (${clusterOf.length} events, then ${seen}); the output covers the first read\n`,
    );
    ctx.exitCode = 1;
  }
  if (flags.json) {
    ctx.out(buffer);
    return;
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
  const events = Math.min(seen, clusterOf.length);
  const more = sorted.length - shown.length;
  ctx.out(
    `\n${events} event${events === 1 ? "" : "s"}, ${sorted.length} template${sorted.length === 1 ? "" : "s"}${more > 0 ? ` (${more} more not shown; raise --top)` : ""}\n`,
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
