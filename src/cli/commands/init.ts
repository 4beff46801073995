import { mkdir, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { Command } from "commander";
import { isValidZone } from "../../evidence/time/zone.js";
import { DebriefError } from "../../model/debrief-error.js";
import { renderIncidentConfig, renderPostmortemSkeleton, type SkeletonInput } from "../../postmortem/template.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import { collect, isoInstant, printJson, resolvePath } from "../cli-helpers.js";

interface InitFlags {
  title?: string;
  start?: string;
  end?: string;
  severity?: string;
  service?: string[];
  author?: string[];
  timezone?: string;
  id?: string;
  json?: boolean;
}

/** One path `debrief init` considered, and what it did with it. */
export interface InitEntry {
  path: string;
  kind: "file" | "directory";
  action: "created" | "kept";
}

/** `2025-02-09T10:00:00Z`: the instant in UTC, without milliseconds when they are zero. */
function utc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, "Z");
}

/** A file-system friendly id from the start date and title: `2025-02-09-checkout-errors`. */
export function incidentId(startMs: number, title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/, "");
  return `${utc(startMs).slice(0, 10)}${slug ? `-${slug}` : ""}`;
}

async function exists(path: string): Promise<"file" | "directory" | null> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? "directory" : "file";
  } catch {
    return null;
  }
}

function validate(flags: InitFlags): SkeletonInput {
  const title = flags.title?.trim();
  if (!title) throw new DebriefError("USAGE", "--title is required, e.g. --title 'Checkout errors after deploy'");
  if (!flags.start) throw new DebriefError("USAGE", "--start is required, e.g. --start 2025-02-09T10:00:00Z");
  if (!flags.severity) throw new DebriefError("USAGE", "--severity is required: SEV1 (worst) to SEV5");
  const severity = flags.severity.toUpperCase().replace(/^SEV-?/, "SEV");
  if (!/^SEV[1-5]$/.test(severity)) {
    throw new DebriefError("USAGE", `--severity expects SEV1 to SEV5, got "${flags.severity}"`);
  }
  const start = isoInstant("--start")(flags.start);
  const end = flags.end === undefined ? null : isoInstant("--end")(flags.end);
  if (end !== null && end <= start) {
    throw new DebriefError("USAGE", `--end ${flags.end} is not after --start ${flags.start}`);
  }
  const services = [...new Set((flags.service ?? []).flatMap((s) => s.split(",")).map((s) => s.trim()))].filter(
    Boolean,
  );
  for (const s of services) {
    if (!/^[\w.:/-]+$/.test(s)) {
      throw new DebriefError("USAGE", `--service "${s}": use letters, digits, and . _ - : / (one service per flag)`);
    }
  }
  const timezone = flags.timezone ?? "UTC";
  if (!isValidZone(timezone)) {
    throw new DebriefError(
      "USAGE",
      `--timezone "${timezone}" is not a known zone (use an IANA name like Europe/Berlin, or UTC)`,
    );
  }
  const id = flags.id ?? incidentId(start, title);
  if (!/^[\w.-]+$/.test(id)) throw new DebriefError("USAGE", `--id "${id}": use letters, digits, . _ and -`);
  return {
    id,
    title,
    severity,
    start: utc(start),
    end: end === null ? null : utc(end),
    services,
    authors: flags.author ?? [],
    timezone,
  };
}

/**
 * Create the incident folder. Existing files are never overwritten: only what is missing is created, and what was
 * kept is reported, so running init twice (or over a folder someone started by hand) is safe.
 */
export async function initIncident(dir: string, input: SkeletonInput): Promise<InitEntry[]> {
  const entries: InitEntry[] = [];
  const dirKind = await exists(dir);
  if (dirKind === "file") {
    throw new DebriefError("INPUT_INVALID", "is a file, not a folder; give a folder for the incident", {
      location: { path: dir },
    });
  }
  await mkdir(dir, { recursive: true });
  const evidence = join(dir, "evidence");
  const evidenceKind = await exists(evidence);
  if (evidenceKind === "file") {
    throw new DebriefError("INPUT_INVALID", "exists and is a file; evidence must be a folder", {
      location: { path: evidence },
    });
  }
  if (evidenceKind === null) await mkdir(evidence);
  entries.push({ path: evidence, kind: "directory", action: evidenceKind === null ? "created" : "kept" });
  for (const [name, content] of [
    ["postmortem.md", renderPostmortemSkeleton(input)],
    ["debrief.yaml", renderIncidentConfig(input)],
  ] as const) {
    const path = join(dir, name);
    try {
      // "wx" makes the no-overwrite promise atomic: a file created meanwhile is not clobbered either
      await writeFile(path, content, { encoding: "utf8", flag: "wx" });
      entries.push({ path, kind: "file", action: "created" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new DebriefError("INPUT_UNREADABLE", `cannot write: ${(error as Error).message}`, {
          location: { path },
          cause: error,
        });
      }
      entries.push({ path, kind: "file", action: "kept" });
    }
  }
  return entries;
}

async function run(ctx: CliContext, dirArg: string, flags: InitFlags): Promise<void> {
  const input = validate(flags);
  const dir = resolvePath(ctx, dirArg);
  const entries = await initIncident(dir, input);
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
      .option("--timezone <zone>", "zone for evidence timestamps that carry none (default UTC)")
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
      .action(async (dir: string, flags: InitFlags) => {
        await run(ctx, dir, flags);
      });
  },
};
