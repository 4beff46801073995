import { relative } from "node:path";
import type { Command } from "commander";
import { DebriefError } from "../../model/debrief-error.js";
import { postmortemDraftOperation } from "../../operations/postmortem-draft.js";
import type { BlockOutcome } from "../../postmortem/index.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import { printJson, style } from "../cli-helpers.js";
import { runCliOperation } from "../cli-operation.js";

interface DraftFlags {
  redactPii?: boolean;
  correctSkew?: boolean;
  dryRun?: boolean;
  json?: boolean;
  timeline?: string;
}

function describe(o: BlockOutcome): string {
  const where = o.line !== null ? ` (line ${o.line})` : "";
  switch (o.action) {
    case "inserted":
      return `inserted  ${o.name}${where}: ${o.message}`;
    case "updated":
      return `updated   ${o.name}${where}`;
    case "unchanged":
      return `unchanged ${o.name}${where}`;
    case "skipped":
      return `skipped   ${o.name}: ${o.message}`;
    case "conflict":
      return `conflict  ${o.name}${where}: ${o.message}`;
  }
}

async function run(ctx: CliContext, dirArg: string, flags: DraftFlags): Promise<void> {
  if (flags.dryRun && flags.json) {
    throw new DebriefError("USAGE", "--dry-run prints the drafted document and --json prints a report; pick one");
  }
  // flags in, the postmortem_draft operation run (as over HTTP and MCP), a report or the document out
  const result = await runCliOperation(ctx, "draft", postmortemDraftOperation, {
    dir: dirArg,
    redactPii: flags.redactPii ?? false,
    correctSkew: flags.correctSkew ?? false,
    ...(flags.timeline !== undefined ? { timeline: flags.timeline } : {}),
    ...(flags.dryRun ? { dryRun: true } : {}),
  });
  const rel = relative(ctx.cwd, result.path) || result.path;
  const changed = result.changed;
  const conflicts = result.blocks.filter((b) => b.action === "conflict");
  const s = style(ctx);
  if (flags.json) {
    printJson(ctx, {
      path: rel,
      written: changed && !flags.dryRun,
      blocks: result.blocks,
      frontMatter: result.frontMatter,
      redactions: result.redactions,
      problems: result.problems,
      milestones: result.milestones,
    });
  } else if (flags.dryRun) {
    ctx.out(result.document ?? "");
  } else {
    for (const b of result.blocks) ctx.out(`${describe(b)}\n`);
    for (const f of result.frontMatter) ctx.out(`filled    front matter ${f.key}: ${JSON.stringify(f.value)}\n`);
    const red = Object.entries(result.redactions);
    if (red.length > 0) ctx.out(`redacted  ${red.map(([k, n]) => `${n} ${k}`).join(", ")}\n`);
    ctx.out(changed ? `wrote ${rel}\n` : `${rel} is already up to date\n`);
  }
  for (const p of result.problems) {
    ctx.err(`debrief draft: ${rel}${p.position ? `:${p.position.line}` : ""}: ${p.message}\n`);
  }
  for (const c of conflicts) ctx.err(`${s.yellow("debrief draft:")} ${rel}:${c.line ?? 1}: ${c.message}\n`);
  if (conflicts.length > 0 || result.problems.length > 0) ctx.exitCode = 1;
}

/** `debrief draft DIR`: fill the post-mortem's generated blocks from the evidence, keeping every human edit. */
export const draftCommand: CliCommand = {
  name: "draft",
  summary: "fill postmortem.md from the evidence: timeline, impact, trigger, suggested factors, data gaps",
  register(program: Command, ctx: CliContext): void {
    program
      .command("draft")
      .summary("fill postmortem.md from the evidence: timeline, impact, trigger, suggested factors, data gaps")
      .description(
        "Build the timeline from DIR/evidence and write what the evidence can show into DIR/postmortem.md: the " +
          "Timeline table, impact figures and durations, the suggested trigger, suggested contributing factors with " +
          "their evidence, data gaps (including failed or empty collections from evidence/manifest.json) and redacted " +
          "evidence excerpts; empty front-matter fields (window, services, resolvedAt) are filled. Generated text sits " +
          "between <!-- debrief:begin NAME hash=... --> and <!-- debrief:end NAME --> markers: re-running draft " +
          "updates untouched blocks only. A block someone edited is kept as written and reported as a conflict.",
      )
      .argument("<dir>", "incident folder made by `debrief init` (postmortem.md, evidence/, debrief.yaml)")
      .option("--redact-pii", "also mask e-mail and IP addresses in excerpts (secrets are always masked)")
      .option("--correct-skew", "apply clock offsets found between evidence sources")
      .option("--timeline <file>", "use a saved `debrief timeline --json` result instead of reading evidence/")
      .option("--dry-run", "print the drafted document on stdout and write nothing")
      .option("--json", "print a JSON report of what was inserted, updated, kept or in conflict")
      .addHelpText(
        "after",
        `
Exit codes: 0 drafted, 1 drafted but some block was edited by hand (kept, not regenerated) or markers are broken,
2 bad usage, no postmortem.md, or unreadable evidence.

Examples:
  $ debrief draft incidents/2025-02-09-checkout
  $ debrief draft incidents/2025-02-09-checkout --redact-pii --json
  $ debrief draft inc-42 --dry-run | less`,
      )
      .action(async (dir: string, flags: DraftFlags) => {
        await run(ctx, dir, flags);
      });
  },
};
