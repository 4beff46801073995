import type { Command } from "commander";
import { formatSeconds, type Insights, renderInsightsHtml, todayUtc } from "../../insights/index.js";
import { DebriefError } from "../../model/debrief-error.js";
import { workspaceInsightsOperation } from "../../operations/workspace-insights.js";
import { writeFileAtomicSync } from "../../util/atomic-write.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import { printJson, resolvePath, style, textTable, workspaceArgument } from "../cli-helpers.js";
import { runCliOperation } from "../cli-operation.js";

interface InsightsFlags {
  since?: string;
  asOf?: string;
  json?: boolean;
  html?: string;
  threshold?: number;
}

const pct = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(1)}%`);

function renderText(ctx: CliContext, ins: Insights): string {
  const s = style(ctx);
  const row = (key: string, m: Insights["overall"]) => [
    key,
    String(m.incidents),
    formatSeconds(m.mttd.mean),
    formatSeconds(m.mttd.median),
    formatSeconds(m.mttd.p90),
    formatSeconds(m.mtta.mean),
    formatSeconds(m.mtta.median),
    formatSeconds(m.mttr.mean),
    formatSeconds(m.mttr.median),
    formatSeconds(m.mttr.p90),
    formatSeconds(m.mtbf.mean),
  ];
  const head = ["", "n", "MTTD", "med", "p90", "MTTA", "med", "MTTR", "med", "p90", "MTBF"];
  const pm = ins.postmortems;
  const ai = ins.actionItems;
  const out = [
    `${s.bold("Insights")} for ${ins.incidents.considered} of ${ins.incidents.total} incidents${ins.since ? ` since ${ins.since.slice(0, 10)}` : ""}, as of ${ins.asOf}\n\n`,
    textTable(head, [row("all", ins.overall), ...ins.bySeverity.map((x) => row(x.severity, x))]),
    "\n",
    textTable(
      ["service", ...head.slice(1)],
      ins.byService.slice(0, 20).map((x) => row(x.service, x)),
    ),
    ins.byService.length > 20 ? s.dim(`(${ins.byService.length - 20} more services in --json)\n`) : "",
    `\nPost-mortems complete: ${pct(pm.completionRate)} (${pm.complete}/${pm.total}); distributed within 48 h: ${pct(pm.onTimeRate)} (${pm.onTime} on time, ${pm.late} late, ${pm.pending} pending)\n`,
    `Action items: ${ai.total} total, ${pct(ai.completionRate)} done, ${ai.overdue} overdue (${pct(ai.overdueRate)} of open), ${ai.noDeadline} open without a deadline\n`,
    `Incidents per month: ${ins.frequency.map((f) => `${f.month} ${f.count}`).join(", ")}\n`,
    `\n${s.bold("Recurring patterns")} (${ins.recurring.patterns.length})\n`,
    ...ins.recurring.patterns.map(
      (p) =>
        `- ${p.description}\n  ${s.dim(p.recommendation)}${p.openActionItems > 0 ? s.dim(` ${p.openActionItems} action item(s) still open.`) : ""}\n`,
    ),
    ...(ins.recurredActionItems && ins.recurredActionItems.length > 0
      ? [
          `\n${s.bold("Closed action items whose pattern recurred")} (${ins.recurredActionItems.length})\n`,
          ...ins.recurredActionItems.map((r) => `- ${r.message} (${r.path}${r.line === null ? "" : `:${r.line}`})\n`),
        ]
      : []),
    s.dim(
      `\nMTTA is acknowledged − paged; MTTR is recovered − impactStart (resolved when no recovery is recorded). --json includes every definition.\n`,
    ),
  ];
  return out.join("");
}

/** `debrief insights [WORKSPACE]`: response metrics, follow-through and recurring patterns across incidents. */
export const insightsCommand: CliCommand = {
  name: "insights",
  summary: "MTTD/MTTA/MTTR/MTBF, post-mortem and action-item follow-through, and recurring patterns",
  register(program: Command, ctx: CliContext): void {
    program
      .command("insights")
      .description(
        "Compute MTTD, MTTA, MTTR (mean, median, p90) and MTBF per service and severity, incidents per month, post-mortem completion and on-time distribution, action-item completion and overdue rates, and recurring incident patterns across a workspace.",
      )
      .addArgument(workspaceArgument())
      .option("--since <date>", "only incidents whose impact started on or after this date (YYYY-MM-DD)")
      .option("--as-of <date>", "reference date for overdue and pending (YYYY-MM-DD, default today UTC)")
      .option(
        "--threshold <x>",
        "similarity needed to link two incidents as a recurrence, 0..1 (default 0.42)",
        (v: string) => {
          const n = Number(v);
          if (!Number.isFinite(n) || n <= 0 || n > 1)
            throw new DebriefError("USAGE", `--threshold expects a number in (0, 1], got "${v}"`);
          return n;
        },
      )
      .option("--html <file>", "also write a self-contained HTML report with charts")
      .option("--json", "print the insights as JSON")
      .addHelpText(
        "after",
        "\nExamples:\n  $ debrief insights incidents/\n  $ debrief insights incidents/ --since 2025-01-01 --html insights.html\n  $ debrief insights incidents/ --as-of 2025-06-30 --json\n\nExit codes: 0 done, 2 bad usage or missing workspace.",
      )
      .action(async (workspace: string, flags: InsightsFlags) => {
        // flags in, the workspace_insights operation run (as over HTTP and MCP), text or HTML out
        const ins = await runCliOperation(
          ctx,
          "insights",
          workspaceInsightsOperation,
          {
            workspace,
            asOf: flags.asOf ?? todayUtc(),
            ...(flags.since === undefined ? {} : { since: flags.since }),
            ...(flags.threshold === undefined ? {} : { threshold: flags.threshold }),
          },
          { log: (m) => ctx.err(`debrief insights: warning: ${m}\n`) },
        );
        if (flags.html) {
          try {
            writeFileAtomicSync(resolvePath(ctx, flags.html), renderInsightsHtml(ins));
          } catch (error) {
            throw new DebriefError("INPUT_UNREADABLE", `cannot write ${flags.html}: ${(error as Error).message}`, {
              location: { path: flags.html },
            });
          }
          ctx.err(`wrote ${flags.html}\n`);
        }
        if (flags.json) printJson(ctx, ins);
        else ctx.out(renderText(ctx, ins));
        ctx.exitCode = 0;
      });
  },
};
