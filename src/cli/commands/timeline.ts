import type { Command } from "commander";
import { DebriefError } from "../../model/debrief-error.js";
import { parseOperationInput } from "../../operations/run-operation.js";
import { timelineBuildOperation } from "../../operations/timeline-build.js";
import { renderTimelineMarkdown, renderTimelineMermaid, type TimelineResult } from "../../timeline/index.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import { collect, isoInstant, positiveInt, printJson } from "../cli-helpers.js";

interface TimelineFlags {
  from?: number;
  to?: number;
  json?: boolean;
  format?: string;
  detail?: boolean;
  correctSkew?: boolean;
  tz?: string[];
  incident?: string;
  threads?: number;
}

const FORMATS = ["md", "json", "mermaid"] as const;

/** `FILE=ZONE` pairs from repeated `--tz` flags. */
export function parseTzFlags(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.lastIndexOf("=");
    if (eq <= 0 || eq === v.length - 1) {
      throw new DebriefError("USAGE", `--tz expects FILE=ZONE, e.g. --tz app.log=Europe/Berlin, got "${v}"`);
    }
    out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}

async function run(ctx: CliContext, paths: string[], flags: TimelineFlags): Promise<void> {
  const format = flags.json ? "json" : (flags.format ?? "md");
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new DebriefError("USAGE", `--format expects one of ${FORMATS.join(", ")}, got "${format}"`);
  }
  if (flags.json && flags.format && flags.format !== "json") {
    throw new DebriefError("USAGE", `--json and --format ${flags.format} contradict each other`);
  }
  if (flags.from !== undefined && flags.to !== undefined && flags.to <= flags.from) {
    throw new DebriefError("USAGE", "--to must be later than --from");
  }
  if (paths.length === 0 && !flags.incident) throw new DebriefError("USAGE", "give evidence paths, or --incident DIR");
  let lastReport = 0;
  // flags in, the timeline_build operation run (the same one the HTTP API and the MCP server run), text out
  const input = parseOperationInput(timelineBuildOperation, {
    ...(paths.length > 0 ? { paths } : {}),
    ...(flags.incident ? { incident: flags.incident } : {}),
    ...(flags.from !== undefined ? { from: new Date(flags.from).toISOString() } : {}),
    ...(flags.to !== undefined ? { to: new Date(flags.to).toISOString() } : {}),
    ...(flags.tz && flags.tz.length > 0 ? { tz: parseTzFlags(flags.tz) } : {}),
    correctSkew: Boolean(flags.correctSkew),
    ...(flags.threads !== undefined ? { threads: flags.threads } : {}),
    detail: Boolean(flags.detail),
  });
  const result = (await timelineBuildOperation.run(input as Parameters<typeof timelineBuildOperation.run>[0], {
    cwd: ctx.cwd,
    env: ctx.env,
    log: (m) => ctx.err(`${m}\n`),
    progress: (events) => {
      const now = Date.now();
      if (ctx.stderrIsTTY && now - lastReport > 500) {
        lastReport = now;
        ctx.err(`\rmerged ${events.toLocaleString("en-US")} events…`);
      }
    },
  })) as TimelineResult;
  if (ctx.stderrIsTTY && lastReport > 0) ctx.err("\n");
  const skipped = result.sources.reduce((t, s) => t + s.skipped.total, 0);
  ctx.err(
    `debrief timeline: ${result.analysis.merge.events.toLocaleString("en-US")} events from ${result.sources.length} file(s)` +
      `${skipped > 0 ? `, ${skipped.toLocaleString("en-US")} line(s) skipped (see debrief evidence)` : ""}` +
      `, ${result.entries.length} rows, ${result.findings.length} findings\n`,
  );
  for (const s of result.sources) for (const w of s.warnings ?? []) ctx.err(`warning: ${s.path}: ${w}\n`);
  if (format === "json") printJson(ctx, result);
  else if (format === "mermaid") ctx.out(renderTimelineMermaid(result));
  else ctx.out(renderTimelineMarkdown(result));
  ctx.exitCode = 0;
}

/** `debrief timeline`: merge evidence into one UTC timeline with milestones, durations and findings. */
export const timelineCommand: CliCommand = {
  name: "timeline",
  summary: "merge evidence into one UTC timeline: rows, milestones, durations, findings",
  register(program: Command, ctx: CliContext): void {
    program
      .command("timeline")
      .description(
        "Merge every evidence source into one UTC timeline and distil it: the timeline table, the milestones " +
          "(impact start, detected, paged, acknowledged, mitigated, recovered, resolved), durations and findings " +
          "(clock skew, time-zone mismatch, gaps, missing sources, suspect changes, error signatures), each " +
          "traceable to evidence lines.",
      )
      .argument("[paths...]", "evidence files or folders (.gz allowed); default: the --incident folder's evidence/")
      .option(
        "--from <time>",
        "window start, ISO-8601 with a zone (evidence before it is used as baseline)",
        isoInstant("--from"),
      )
      .option("--to <time>", "window end, ISO-8601 with a zone", isoInstant("--to"))
      .option("--json", "print the timeline as JSON (same as --format json)")
      .option("--format <format>", "output format: md (Markdown table, default), json, or mermaid (gantt chart)")
      .option("--detail", "keep more rows: every human chat message and more log bursts")
      .option("--correct-skew", "shift sources by the clock offsets found between them before distilling")
      .option(
        "--tz <file=zone>",
        "zone of a file whose timestamps carry none, e.g. app.log=Europe/Berlin (repeatable)",
        collect,
      )
      .option("--incident <dir>", "incident folder with debrief.yaml (window, services, zones, known skews)")
      .option(
        "--threads <n>",
        "read and aggregate files on n worker threads instead of one merged stream (default: one per core plus one when there is 32 MiB or more to read, else 1)",
        positiveInt("--threads"),
      )
      .addHelpText(
        "after",
        "\nExamples:\n" +
          "  $ debrief timeline examples/incidents/api-degradation/evidence\n" +
          "  $ debrief timeline --incident examples/incidents/api-degradation --json\n" +
          "  $ debrief timeline logs/ alerts.json --from 2025-02-09T09:30:00Z --to 2025-02-09T11:00:00Z --correct-skew\n" +
          "  $ debrief timeline evidence/ --tz app.log=Europe/Berlin --format mermaid\n" +
          "  $ debrief timeline /var/log/incident-42 --threads 4 --json > timeline.json",
      )
      .action(async (paths: string[], flags: TimelineFlags) => run(ctx, paths, flags));
  },
};
