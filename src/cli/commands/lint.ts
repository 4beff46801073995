import type { Command } from "commander";
import { findFormatter, LINT_FORMATTERS, LINT_RULES, type LintResult } from "../../lint/index.js";
import { DebriefError } from "../../model/debrief-error.js";
import { postmortemLintOperation } from "../../operations/postmortem-lint.js";
import { parseOperationInput } from "../../operations/run-operation.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import { packageVersion } from "../package-version.js";

interface LintFlags {
  format?: string;
  json?: boolean;
  config?: string;
  quiet?: boolean;
  listRules?: boolean;
  maxWarnings?: string;
  people?: string;
}

async function run(ctx: CliContext, files: string[], flags: LintFlags): Promise<void> {
  const formatName = flags.json ? "json" : (flags.format ?? "text");
  const formatter = findFormatter(formatName);
  if (!formatter) {
    throw new DebriefError(
      "USAGE",
      `--format must be one of ${LINT_FORMATTERS.map((f) => f.name).join(", ")}, got "${formatName}"`,
    );
  }
  let maxWarnings: number | undefined;
  if (flags.maxWarnings !== undefined) {
    maxWarnings = Number(flags.maxWarnings);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) {
      throw new DebriefError("USAGE", `--max-warnings expects a whole number >= 0, got "${flags.maxWarnings}"`);
    }
  }
  if (flags.listRules) {
    if (formatName === "json") {
      ctx.out(
        `${JSON.stringify(
          LINT_RULES.map((r) => ({ id: r.id, severity: r.defaultSeverity, description: r.description, help: r.help })),
          null,
          2,
        )}\n`,
      );
    } else {
      const width = Math.max(...LINT_RULES.map((r) => r.id.length));
      for (const r of LINT_RULES) ctx.out(`${r.id.padEnd(width)}  ${r.defaultSeverity.padEnd(7)}  ${r.description}\n`);
    }
    return;
  }
  if (files.length === 0) throw new DebriefError("USAGE", "give at least one post-mortem file or directory");
  // flags in, the postmortem_lint operation run (as over HTTP and MCP), formatted text out
  const input = parseOperationInput(postmortemLintOperation, {
    files,
    ...(flags.config === undefined ? {} : { config: flags.config }),
    ...(flags.people === undefined
      ? {}
      : {
          people: flags.people
            .split(",")
            .map((p) => p.trim())
            .filter((p) => p.length > 0),
        }),
  });
  const result = (await postmortemLintOperation.run(input as Parameters<typeof postmortemLintOperation.run>[0], {
    cwd: ctx.cwd,
    env: ctx.env,
    log: (m) => ctx.err(`debrief lint: ${m}\n`),
  })) as LintResult;
  if (flags.quiet) {
    result.findings = result.findings.filter((f) => f.severity === "error");
    result.warningCount = 0;
    result.infoCount = 0;
  }
  ctx.out(formatter.format(result, LINT_RULES, { color: ctx.color, toolVersion: packageVersion() }));
  if (result.files.length === 0) ctx.err("debrief lint: no Markdown files found\n");
  const tooManyWarnings = maxWarnings !== undefined && result.warningCount > maxWarnings;
  if (tooManyWarnings)
    ctx.err(`debrief lint: ${result.warningCount} warnings, more than --max-warnings ${maxWarnings}\n`);
  ctx.exitCode = result.errorCount > 0 || tooManyWarnings ? 1 : 0;
}

/** `debrief lint FILES...`: check post-mortems for structure, timeline, action items and blameless language. */
export const lintCommand: CliCommand = {
  name: "lint",
  summary: "check post-mortems like a seasoned reviewer (for CI)",
  register(program: Command, ctx: CliContext) {
    program
      .command("lint")
      .description(
        "Check post-mortems the way a seasoned reviewer would: required sections, timeline, contributing factors, five whys, actionable items, blameless language and follow-through. Exit 1 when an error-level finding remains.",
      )
      .argument("[files...]", "post-mortem Markdown files or directories (searched for *.md)")
      .option("-f, --format <format>", "output format: text, json or sarif", "text")
      .option("--json", "same as --format json")
      .option("-c, --config <path>", "use this .debriefrc.yaml instead of the nearest one above each file")
      .option("-q, --quiet", "report errors only")
      .option("--max-warnings <n>", "also exit 1 when there are more than n warnings")
      .option(
        "--people <names>",
        "everyone in the incident, comma-separated (default: read from DIR/evidence for DIR/postmortem.md)",
      )
      .option("--list-rules", "list the rules with their default severity and exit")
      .addHelpText(
        "after",
        [
          "",
          "Examples:",
          "  $ debrief lint postmortems/2025-02-09-checkout.md",
          "  $ debrief lint postmortems/ --format sarif > lint.sarif",
          "  $ debrief lint pm.md --json --config ../.debriefrc.yaml",
          '  $ debrief lint incidents/checkout/postmortem.md --people "Priya Raman,@mkhan,Sven"',
          "  $ debrief lint --list-rules",
          "",
          "Configuration (.debriefrc.yaml, found upward from each file):",
          "  rules:",
          '    "blameless/counterfactual": "off"          # or error | warning | info',
          '    "timeline/gaps": { severity: error, options: { maxGapMinutes: 30 } }',
          "  blameless: { judgmentalWords: [slapdash], allowPhrases: [operator error budget] }",
          '  people: [alice, "@bob"]',
          "Inline: <!-- debrief-disable rule -->, <!-- debrief-enable rule -->, <!-- debrief-disable-next-line rule -->",
        ].join("\n"),
      )
      .action(async (files: string[], flags: LintFlags) => {
        await run(ctx, files, flags);
      });
  },
};
