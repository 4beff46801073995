import { availableParallelism } from "node:os";
import type { Command } from "commander";
import { FORMATS, GIT_LOG_COMMAND, isValidZone } from "../../evidence/index.js";
import { DebriefError } from "../../model/debrief-error.js";
import type { Event } from "../../model/event.js";
import type { EvidenceSource } from "../../model/evidence-source.js";
import { evidenceEventsOperation } from "../../operations/evidence-events.js";
import { evidenceInventoryOperation } from "../../operations/evidence-inventory.js";
import type { OperationContext } from "../../operations/operation.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import { collect, isoInstant, style, textTable } from "../cli-helpers.js";
import { runCliOperation, streamCliOperation } from "../cli-operation.js";

interface EvidenceFlags {
  json?: boolean;
  events?: boolean;
  format?: string;
  tz?: string[];
  window?: string;
  incident?: string;
}

/** Parse `--window START/END` (ISO-8601 with zones) to epoch ms. */
export function parseWindowFlag(value: string): { start: number; end: number } {
  const parts = value.split("/");
  if (parts.length !== 2) {
    throw new DebriefError(
      "USAGE",
      `--window expects START/END, e.g. 2025-02-09T09:30:00Z/2025-02-09T11:00:00Z, got "${value}"`,
    );
  }
  const start = isoInstant("--window START")(parts[0] as string);
  const end = isoInstant("--window END")(parts[1] as string);
  if (end < start) throw new DebriefError("USAGE", `--window: the end ${parts[1]} is before the start ${parts[0]}`);
  return { start, end };
}

/** Parse repeated `--tz FILE=ZONE` flags. */
export function parseTzFlags(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.lastIndexOf("=");
    if (eq <= 0 || eq === v.length - 1) {
      throw new DebriefError("USAGE", `--tz expects FILE=ZONE, e.g. --tz app.log=Europe/Berlin, got "${v}"`);
    }
    const file = v.slice(0, eq);
    const zone = v.slice(eq + 1);
    if (!isValidZone(zone)) {
      throw new DebriefError(
        "USAGE",
        `--tz ${v}: unknown time zone "${zone}" (use an IANA name like Europe/Berlin, UTC, or an offset like +02:00)`,
      );
    }
    out[file] = zone;
  }
  return out;
}

function formatList(): string {
  const width = Math.max(...FORMATS.map((f) => f.id.length));
  return FORMATS.map((f) => `  ${f.id.padEnd(width)}  ${f.description}`).join("\n");
}

function shortTime(iso: string | null): string {
  return iso === null ? "-" : iso.replace("T", " ").replace(/\.\d{3}Z$/, "Z");
}

function humanReport(ctx: CliContext, sources: EvidenceSource[]): string {
  const s = style(ctx);
  const rows = sources.map((src) => [
    src.path,
    src.format,
    String(src.events),
    String(src.skipped.total),
    shortTime(src.first),
    shortTime(src.last),
    `${src.timezone}${src.timezoneAssumed ? " (assumed)" : ""}`,
  ]);
  let out = textTable(["PATH", "FORMAT", "EVENTS", "SKIPPED", "FIRST", "LAST", "TZ"], rows);
  for (const src of sources) {
    const notes: string[] = [];
    for (const w of src.warnings ?? []) notes.push(s.yellow(`warning: ${w}`));
    const reasons = Object.entries(src.skipped.byReason)
      .map(([r, n]) => `${r} ${n}`)
      .join(", ");
    if (src.skipped.total > 0) notes.push(`skipped: ${reasons}`);
    for (const g of src.gaps) notes.push(`gap: no events from ${shortTime(g.from)} to ${shortTime(g.to)}`);
    if (notes.length > 0) out += `\n${s.bold(src.path)}\n${notes.map((n) => `  ${n}`).join("\n")}\n`;
  }
  const events = sources.reduce((n, x) => n + x.events, 0);
  out += `\n${sources.length} source${sources.length === 1 ? "" : "s"}, ${events} event${events === 1 ? "" : "s"}\n`;
  return out;
}

function progressPrinter(ctx: CliContext): OperationContext["progress"] {
  if (!ctx.stderrIsTTY) return undefined;
  return (bytesRead, _unit, detail) => {
    const totalBytes = detail?.total ?? 0;
    const pct = totalBytes > 0 ? Math.min(100, Math.round((bytesRead / totalBytes) * 100)) : 100;
    ctx.err(`\r\u001b[2Kreading ${detail?.item ?? ""}: ${pct}% of ${(totalBytes / 1048576).toFixed(0)} MiB`);
  };
}

/**
 * The `evidence_inventory` / `evidence_events` input for a command line. Flags are checked here first, so a bad one
 * is named as typed (`--window END`, `--format`); the operation's schema checks the result again.
 */
function inputOf(paths: string[], flags: EvidenceFlags): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  if (flags.format !== undefined) {
    if (!FORMATS.some((f) => f.id === flags.format)) {
      throw new DebriefError(
        "USAGE",
        `unknown --format "${flags.format}"; valid formats: ${FORMATS.map((f) => f.id).join(", ")}`,
      );
    }
    input.format = flags.format;
  }
  if (flags.tz && flags.tz.length > 0) input.tz = parseTzFlags(flags.tz);
  if (flags.window !== undefined) {
    const { start, end } = parseWindowFlag(flags.window);
    input.windowStart = new Date(start).toISOString();
    input.windowEnd = new Date(end).toISOString();
  }
  if (flags.incident !== undefined) input.incident = flags.incident;
  else if (paths.length === 0) {
    throw new DebriefError("USAGE", "give at least one evidence file or folder (or --incident DIR)");
  }
  if (paths.length > 0) input.paths = paths;
  return input;
}

async function run(ctx: CliContext, paths: string[], flags: EvidenceFlags): Promise<void> {
  if (flags.json && flags.events) {
    throw new DebriefError("USAGE", "--json and --events are different outputs; pick one");
  }
  const input = inputOf(paths, flags);
  const progress = progressPrinter(ctx);
  const extra = progress ? { progress } : {};
  let sources: EvidenceSource[];
  if (flags.events) {
    // every event, in file order, as the evidence_events operation streams it
    let buffer = "";
    ({ sources } = await streamCliOperation(
      ctx,
      "evidence",
      evidenceEventsOperation,
      input,
      (events: readonly Event[]) => {
        for (const e of events) {
          buffer += `${JSON.stringify(e)}\n`;
          if (buffer.length > 1 << 16) {
            ctx.out(buffer);
            buffer = "";
          }
        }
      },
      extra,
    ));
    if (progress) ctx.err("\r\u001b[2K");
    if (buffer.length > 0) ctx.out(buffer);
  } else {
    // inventories spread files over the cores; --events keeps one thread so events stay in file order
    ({ sources } = await runCliOperation(
      ctx,
      "evidence",
      evidenceInventoryOperation,
      { ...input, threads: availableParallelism() },
      extra,
    ));
    if (progress) ctx.err("\r\u001b[2K");
    if (flags.json) ctx.out(`${JSON.stringify({ sources }, null, 2)}\n`);
    else ctx.out(humanReport(ctx, sources));
  }
  if (flags.events || flags.json) {
    for (const src of sources) for (const w of src.warnings ?? []) ctx.err(`debrief evidence: ${src.path}: ${w}\n`);
  }
  if (sources.some((src) => src.format === "unknown" || (src.warnings?.length ?? 0) > 0)) ctx.exitCode = 1;
}

/** `debrief evidence`: inventory raw incident evidence and turn it into normalised events. */
export const evidenceCommand: CliCommand = {
  name: "evidence",
  summary: "inventory incident evidence and normalise it into events",
  register(program: Command, ctx: CliContext): void {
    program
      .command("evidence")
      .summary("inventory incident evidence and normalise it into events")
      .description(
        "Read evidence files and folders (.gz too), detect each file's format from its content, and report per source: " +
          "format, sha256 and size of the original (never modified), lines, events, skipped lines by reason with " +
          "examples, first/last event, gaps and time zone. With --events, print the normalised events instead.",
      )
      .argument("[paths...]", "evidence files or folders (default with --incident: DIR/evidence)")
      .option("--json", "print the source inventory as one JSON object {sources: [...]}")
      .option("--events", "print every event as NDJSON, one per line, in file order")
      .option("--format <id>", "force this format for every file instead of detecting it")
      .option(
        "--tz <file=zone>",
        "zone for timestamps without one in FILE (basename, path or glob), e.g. app.log=Europe/Berlin; repeatable",
        collect,
      )
      .option("--window <start/end>", "incident window (ISO-8601 with zones) used to date year-less timestamps")
      .option(
        "--incident <dir>",
        "incident folder whose debrief.yaml gives the window, default zone and per-file zones",
      )
      .addHelpText(
        "after",
        `
Formats (detected per file by content; --format overrides):
${formatList()}

git history must be written exactly as:
  ${GIT_LOG_COMMAND}
  (tab-separated: full hash, ISO-8601 committer date with offset, author name, subject)

Time: every event gets a UTC instant with millisecond precision. A zone stated by the data wins; otherwise
--tz FILE=ZONE, then the incident's debrief.yaml (timezones, timezone), then UTC (reported as assumed).
Wall times in a DST gap are read with the offset before the jump; in a DST overlap the first occurrence is used
unless the file already passed it. Year-less timestamps take their year from --window or the incident window,
else from full dates earlier in the file (tracking Dec -> Jan), else the file's modification year (with a warning).

Gaps (logs and metrics only): a silence longer than max(60 s, 20 x the source's median interval between
events), in a source with at least 20 events, with at least 3 events on each side, and matched by fewer than
5 other silences at least half as long (many long silences are a bursty source's rhythm, not lost data).

Exit codes: 0 read, 1 some file was not recognised or had whole-file warnings (truncated, too large...),
2 bad usage or a path that cannot be read.

Examples:
  $ debrief evidence examples/incidents/api-degradation/evidence
  $ debrief evidence nginx-access.log.gz app.jsonl --json
  $ debrief evidence logs/ --events --tz 'logs/*.log=Europe/Berlin' > events.ndjson
  $ debrief evidence syslog --window 2025-02-09T09:00:00Z/2025-02-09T12:00:00Z
  $ debrief evidence --incident incidents/2025-02-09-orders
  $ git log --date=iso-strict --format='%H%x09%cd%x09%an%x09%s' > git-log.txt && debrief evidence git-log.txt`,
      )
      .action(async (paths: string[], flags: EvidenceFlags) => {
        await run(ctx, paths, flags);
      });
  },
};
