import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Command } from "commander";
import { DebriefError } from "../../model/debrief-error.js";
import { type PreventionSuggestion, preventionSuggestOperation } from "../../operations/prevention-suggest.js";
import { RUNBOOK_MARKER, renderPreventionMarkdown, toOpenMetrics } from "../../prevention/index.js";
import { writeFileAtomicSync } from "../../util/atomic-write.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import { printJson, resolvePath } from "../cli-helpers.js";
import { runCliOperation } from "../cli-operation.js";

interface SuggestFlags {
  out?: string;
  json?: boolean;
  backtest?: boolean;
  slo?: string;
  runbookBase?: string;
  series?: string;
  force?: boolean;
}

const WHAT = ["alerts", "runbooks"] as const;

function parseSlo(value: string | undefined): { target: number; window: string } | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)%?(?:\/(\d+[dwh]))?$/.exec(value.trim());
  const target = m ? Number(m[1]) : Number.NaN;
  if (!m || !(target > 0) || target >= 100 || (target >= 1 && target < 50)) {
    throw new DebriefError("USAGE", `--slo expects a target like 99.9 or 0.999 (optionally /30d), got "${value}"`);
  }
  return { target, window: m[2] ?? "30d" };
}

function report(ctx: CliContext, p: PreventionSuggestion): void {
  if (p.check && !p.check.ok) ctx.err(`debrief suggest: promtool check rules FAILED:\n${p.check.output}\n`);
  if (p.backtestSkipped) ctx.err(`debrief suggest: backtest skipped: ${p.backtestSkipped}\n`);
  for (const b of p.backtest?.rules ?? []) ctx.err(`backtest: ${b.summary}\n`);
  ctx.err(
    `debrief suggest: ${p.rules.length} rule(s)${p.check ? `, promtool check rules ${p.check.ok ? "passed" : "failed"}` : ""}, ${p.runbooks.length} runbook stub(s)\n`,
  );
}

/**
 * Write an output file the user named, creating its folder as `--out DIR` for runbooks does; a path that cannot be
 * written (a file where a folder should be, no permission) is the user's input, so it is named, not an internal error.
 */
function writeOutput(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomicSync(path, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new DebriefError("USAGE", `cannot write ${path} (${code}): expected a path in a writable folder`);
  }
}

/** Write `text` unless a file a person wrote (without Debrief's marker) is there, or `force`. */
function writeSuggestion(ctx: CliContext, path: string, text: string, marker: string, force: boolean): boolean {
  if (existsSync(path) && !force && !readFileSync(path, "utf8").includes(marker)) {
    ctx.err(`debrief suggest: ${path} exists and was not written by Debrief: kept (--force replaces it)\n`);
    return false;
  }
  writeOutput(path, text);
  return true;
}

async function run(ctx: CliContext, what: string, dir: string, flags: SuggestFlags): Promise<void> {
  if (!(WHAT as readonly string[]).includes(what)) {
    throw new DebriefError("USAGE", `debrief suggest expects ${WHAT.join(" or ")}, got "${what}"`);
  }
  const slo = parseSlo(flags.slo);
  // flags in, the prevention_suggest operation run (as over HTTP and MCP); the files asked for are written here
  const p = await runCliOperation(ctx, "suggest", preventionSuggestOperation, {
    incident: dir,
    ...(flags.backtest === false ? { backtest: false } : {}),
    ...(slo ? { sloTarget: slo.target, sloWindow: slo.window } : {}),
    ...(flags.runbookBase ? { runbookBase: flags.runbookBase } : {}),
    ...(flags.series ? { series: true } : {}),
  });
  report(ctx, p);
  if (flags.series) {
    writeOutput(resolvePath(ctx, flags.series), toOpenMetrics(p.series ?? []));
    ctx.err(
      `wrote the backtest's series as OpenMetrics to ${flags.series} (promtool tsdb create-blocks-from openmetrics)\n`,
    );
  }
  const force = flags.force === true;
  if (what === "alerts") {
    if (flags.json) {
      const { series: _series, ...rest } = p;
      printJson(ctx, rest);
    } else if (flags.out) {
      // the backtest travels with the rules, so the report can show what they would have done
      const lines = (p.backtest?.rules ?? []).map((b) => `# backtest: ${b.summary}\n`).join("");
      if (writeSuggestion(ctx, resolvePath(ctx, flags.out), `${lines}${p.rulesYaml}`, "suggested by Debrief", force)) {
        ctx.err(`wrote ${p.rules.length} rule(s) to ${flags.out}\n`);
      }
      ctx.out(renderPreventionMarkdown({ ...p, series: p.series ?? [] }));
    } else ctx.out(p.rulesYaml);
  } else if (flags.json) {
    printJson(ctx, { runbooks: p.runbooks, actionItems: p.actionItems });
  } else if (flags.out) {
    const out = resolvePath(ctx, flags.out);
    try {
      mkdirSync(out, { recursive: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "error";
      throw new DebriefError("USAGE", `cannot create the folder ${flags.out} (${code}): expected a writable folder`);
    }
    let written = 0;
    for (const r of p.runbooks)
      if (writeSuggestion(ctx, join(out, r.file), r.markdown, RUNBOOK_MARKER, force)) written++;
    ctx.err(`wrote ${written} runbook stub(s) to ${flags.out}\n`);
  } else {
    ctx.out(p.runbooks.map((r) => `<!-- file: ${r.file} -->\n${r.markdown}`).join("\n"));
  }
  // a rule file promtool refuses is a bug to report, not a suggestion to deploy
  ctx.exitCode = p.check && !p.check.ok ? 1 : 0;
}

/** `debrief suggest alerts|runbooks DIR`: prevention suggestions for one incident, for a person to confirm. */
export const suggestCommand: CliCommand = {
  name: "suggest",
  summary: "suggest alerting rules (backtested on the incident's own metrics) and runbook stubs from the findings",
  register(program: Command, ctx: CliContext): void {
    program
      .command("suggest")
      .description(
        "Suggest Prometheus alerting rules from the incident's findings and metric series (the failing class, a " +
          "saturation signal that led the impact, an ignored precursor, SLO burn-rate alerts), checked with " +
          "promtool check rules and backtested on the incident's own series with promtool test rules; or runbook " +
          "stubs for each new alert and the mitigation that worked. Suggestions only: a person confirms them.",
      )
      .argument("<what>", "alerts or runbooks")
      .argument("<dir>", "incident folder (debrief.yaml and evidence/)")
      .option("--out <path>", "alerts: write the rule file here; runbooks: write the stubs into this folder")
      .option("--json", "print everything as JSON (rules, backtest, runbooks, action items)")
      .option("--no-backtest", "skip the backtest")
      .option("--slo <target>", "SLO for burn-rate alerts, e.g. 99.9 or 99.9/30d (default: debrief.yaml's slo)")
      .option("--runbook-base <url>", "prefix of each rule's runbook_url (default runbooks/)")
      .option("--series <file>", "also write the series the backtest used as OpenMetrics (for backfilling)")
      .option("--force", "replace files at --out that Debrief did not write")
      .addHelpText(
        "after",
        "\nExamples:\n" +
          "  $ debrief suggest alerts examples/incidents/api-degradation\n" +
          "  $ debrief suggest alerts incidents/2025-02-09 --slo 99.9 --out incidents/2025-02-09/prevention/alerts.yml\n" +
          "  $ debrief suggest runbooks incidents/2025-02-09 --out incidents/2025-02-09/prevention/runbooks\n\n" +
          "Exit codes: 0 done, 1 promtool refused the rule file, 2 bad usage or missing folder.",
      )
      .action(async (what: string, dir: string, flags: SuggestFlags) => run(ctx, what, dir, flags));
  },
};
