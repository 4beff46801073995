import { join, relative } from "node:path";
import type { Command } from "commander";
import { postmortemInitOperation } from "../../operations/postmortem-init.js";
import { type InitFlags, prepareInitInput } from "../../postmortem/index.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import { collect, printJson } from "../cli-helpers.js";
import { runCliOperation } from "../cli-operation.js";

interface InitCliFlags extends InitFlags {
  json?: boolean;
}

async function run(ctx: CliContext, dirArg: string, flags: InitCliFlags): Promise<void> {
  // the flags checked first in their own terms (--title is required, --severity expects SEV1 to SEV5 ...), then the
  // postmortem_init operation run with them, as over HTTP and MCP
  const input = prepareInitInput(flags);
  const { dir, entries } = await runCliOperation(ctx, "init", postmortemInitOperation, {
    dir: dirArg,
    title: input.title,
    start: flags.start,
    ...(flags.end === undefined ? {} : { end: flags.end }),
    severity: input.severity,
    ...(input.services.length > 0 ? { services: input.services } : {}),
    ...(flags.author === undefined ? {} : { authors: flags.author }),
    ...(flags.timezone === undefined ? {} : { timezone: flags.timezone }),
    id: input.id,
  });
  const rel = (p: string) => relative(ctx.cwd, p) || ".";
  if (flags.json) {
    printJson(ctx, { dir: rel(dir), id: input.id, entries: entries.map((e) => ({ ...e, path: rel(e.path) })) });
  } else {
    for (const e of entries) {
      const name = `${rel(e.path)}${e.kind === "directory" ? "/" : ""}`;
      ctx.out(e.action === "created" ? `created ${name}\n` : `kept    ${name} (already there, not overwritten)\n`);
    }
  }
  const kept = entries.filter((e) => e.action === "kept" && e.kind === "file");
  if (kept.length > 0) {
    ctx.err(
      `debrief init: ${kept.map((e) => rel(e.path)).join(", ")} already existed and ${kept.length === 1 ? "was" : "were"} left untouched; only missing files were created\n`,
    );
  } else {
    ctx.err(
      `debrief init: next, put evidence in ${rel(join(dir, "evidence"))}/ and run \`debrief draft ${rel(dir)}\`\n`,
    );
  }
}

/** `debrief init DIR`: create an incident folder with a post-mortem skeleton, evidence/ and debrief.yaml. */
export const initCommand: CliCommand = {
  name: "init",
  summary: "create an incident folder: postmortem.md skeleton, evidence/, debrief.yaml",
  register(program: Command, ctx: CliContext): void {
    program
      .command("init")
      .summary("create an incident folder: postmortem.md skeleton, evidence/, debrief.yaml")
      .description(
        "Create DIR with postmortem.md (front matter and every standard section, with short guidance in HTML " +
          "comments), an empty evidence/ folder and debrief.yaml (window, default time zone, collection settings). " +
          "Files that already exist are never overwritten: only what is missing is created, and the rest is reported.",
      )
      .argument("<dir>", "incident folder to create (or complete)")
      .option("--title <text>", "incident title, e.g. 'Checkout errors after deploy' (required)")
      .option("--start <iso>", "window start, ISO-8601 with a zone, e.g. 2025-02-09T10:00:00Z (required)")
      .option("--end <iso>", "window end, ISO-8601 with a zone (optional; draft fills it from evidence)")
      .option("--severity <sev>", "SEV1 (worst) to SEV5 (required)")
      .option("--service <name...>", "affected services: --service api checkout, repeatable, or comma-separated")
      .option("--author <name>", "post-mortem author; repeatable", collect)
      .option(
        "--timezone <zone>",
        "zone for evidence timestamps that carry none; without it none is written, and zone-less sources are read as UTC, marked (assumed UTC), and checked for a timezone mismatch",
      )
      .option("--id <id>", "incident id (default: start date and title, e.g. 2025-02-09-checkout-errors)")
      .option("--json", "print what was created and kept as JSON")
      .addHelpText(
        "after",
        `
Exit codes: 0 done (also when some files already existed and were kept), 2 bad flags or an unwritable folder.

Examples:
  $ debrief init incidents/2025-02-09-checkout --title 'Checkout errors' --start 2025-02-09T10:00:00Z --severity SEV2 --service api checkout
  $ debrief init inc-42 --title 'Disk full on db-2' --start 2025-03-01T02:10:00+01:00 --end 2025-03-01T04:00:00+01:00 --severity sev3 --timezone Europe/Paris`,
      )
      .action(async (dir: string, flags: InitCliFlags) => {
        await run(ctx, dir, flags);
      });
  },
};
