import type { Command } from "commander";
import { parseDateFlag, type ReviewItem, reviewToIcs, todayUtc } from "../../insights/index.js";
import { DebriefError } from "../../model/debrief-error.js";
import { type WorkspaceReview, workspaceReviewOperation } from "../../operations/workspace-review.js";
import { workspaceSyncOperation } from "../../operations/workspace-sync.js";
import { writeFileAtomicSync } from "../../util/atomic-write.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import {
  isoInstant,
  parseDuration,
  printJson,
  resolvePath,
  style,
  textTable,
  workspaceArgument,
} from "../cli-helpers.js";
import { runCliOperation } from "../cli-operation.js";

interface ReviewFlags {
  /** `OWNER/REPO` for GitHub, or `true`: each incident's configured tracker. */
  sync?: string | true;
  githubApiUrl?: string;
  dueWithin: string;
  asOf?: string;
  ics?: string;
  icsStart?: number;
  json?: boolean;
  failOnOverdue?: boolean;
  all?: boolean;
}

function renderText(ctx: CliContext, review: WorkspaceReview, showAll: boolean): string {
  const s = style(ctx);
  const t = review.totals;
  const out: string[] = [
    `${s.bold("Weekly review")} as of ${review.asOf}: ${t.open} open action items, ${t.overdue > 0 ? s.red(`${t.overdue} overdue`) : "0 overdue"}, ${t.dueSoon} due within ${review.dueWithinDays} days, ${t.noDeadline} without a deadline (${t.closed} closed)\n`,
  ];
  const due = (i: ReviewItem) =>
    i.due === "overdue"
      ? s.red(`overdue ${-(i.daysUntilDue ?? 0)}d`)
      : i.due === "due-soon"
        ? s.yellow(`in ${i.daysUntilDue}d`)
        : i.due === "no-deadline"
          ? "no deadline"
          : `in ${i.daysUntilDue}d`;
  for (const group of review.byOwner) {
    const items = showAll ? group.items : group.items.filter((i) => i.due !== "later");
    if (items.length === 0) continue;
    const c = group.counts;
    out.push(`\n${s.bold(group.owner)}: ${c.open} open, ${c.overdue} overdue, ${c.dueSoon} due soon\n`);
    out.push(
      textTable(
        ["Due", "Pri", "Item", "Action", "Deadline", "Post-mortem"],
        items.map((i) => [
          due(i),
          i.priority ?? "-",
          `${i.incidentId} ${i.itemId}`,
          i.action.length > 60 ? `${i.action.slice(0, 59)}…` : i.action,
          i.deadlineRaw ?? "-",
          `${i.path}${i.line === null ? "" : `:${i.line}`}`,
        ]),
      ),
    );
  }
  const later = review.byOwner.reduce((n, g) => n + g.counts.later, 0);
  if (!showAll && later > 0) out.push(s.dim(`\n${later} item(s) due later are not shown (--all shows them)\n`));
  if (review.recurred && review.recurred.length > 0) {
    out.push(`\n${s.bold("Closed, but the pattern came back")} (${review.recurred.length})\n`);
    for (const r of review.recurred)
      out.push(`- ${s.red(r.message)} (${r.path}${r.line === null ? "" : `:${r.line}`})\n`);
  }
  return out.join("");
}

/** `debrief review [WORKSPACE]`: the weekly review of open, overdue and due-soon action items. */
export const reviewCommand: CliCommand = {
  name: "review",
  summary: "weekly review of open, overdue and due-soon action items across all incidents",
  register(program: Command, ctx: CliContext): void {
    program
      .command("review")
      .description(
        "List the open action items of every post-mortem in a workspace by owner and priority: overdue, due soon, without a deadline, and later, each with the post-mortem and line it came from.",
      )
      .addArgument(workspaceArgument())
      .option("--due-within <duration>", "what counts as due soon, e.g. 7d, 2w", "7d")
      .option("--as-of <date>", "review date YYYY-MM-DD, for reproducible output (default: today, UTC)")
      .option("--ics <file>", "also write a weekly recurring review event (iCalendar) listing the open items")
      .option(
        "--ics-start <iso>",
        "first occurrence of the event (default: Monday 15:00 UTC on or after --as-of)",
        isoInstant("--ics-start"),
      )
      .option("--all", "also list items due later than --due-within")
      .option("--fail-on-overdue", "exit 1 when any item is overdue (for CI or a scheduled job)")
      .option("--json", "print the review as JSON")
      .option(
        "--sync [owner/repo]",
        "first pull status, owner and due date from each incident's tracker (tracker: in debrief.yaml or .debriefrc.yaml: Jira, Linear, GitLab, GitHub), or from the GitHub repository named (token from GITHUB_TOKEN)",
      )
      .option("--github-api-url <url>", "GitHub Enterprise API base for --sync")
      .addHelpText(
        "after",
        "\nExamples:\n  $ debrief review incidents/\n  $ GITHUB_TOKEN=... debrief review incidents/ --sync acme/orders-api\n  $ JIRA_EMAIL=... JIRA_API_TOKEN=... debrief review incidents/ --sync\n  $ debrief review incidents/ --as-of 2025-06-02 --due-within 14d --json\n  $ debrief review incidents/ --ics review.ics --fail-on-overdue\n\nExit codes: 0 done, 1 overdue items with --fail-on-overdue, 2 bad usage or missing workspace.",
      )
      .action(async (workspace: string, flags: ReviewFlags) => {
        const ms = parseDuration("--due-within", flags.dueWithin);
        if (ms % 86_400_000 !== 0) {
          throw new DebriefError(
            "USAGE",
            `--due-within expects whole days or weeks, e.g. 7d or 2w, got "${flags.dueWithin}"`,
          );
        }
        // checked before any sync, named as typed
        if (flags.asOf !== undefined) parseDateFlag("--as-of", flags.asOf);
        if (flags.sync) {
          // flags in, the workspace_sync operation run (as over HTTP and MCP), the changes listed on stderr
          const sync = await runCliOperation(ctx, "review", workspaceSyncOperation, {
            workspace,
            ...(flags.sync === true ? {} : { github: flags.sync }),
            ...(flags.sync !== true && flags.githubApiUrl ? { githubApiUrl: flags.githubApiUrl } : {}),
          });
          for (const c of sync.changes) {
            const field = c.field && c.field !== "status" ? ` ${c.field}` : "";
            ctx.err(`synced ${c.path} ${c.itemId}${field}: ${c.from || "(empty)"} -> ${c.to} (${c.issue})\n`);
          }
          for (const p of sync.problems) ctx.err(`debrief review: ${p.path}: not updated: ${p.message}\n`);
          const where = flags.sync === true ? "their trackers" : flags.sync;
          if (flags.sync === true && sync.checked === 0) {
            ctx.err(
              "debrief review: no item points into a configured tracker (tracker: in debrief.yaml or .debriefrc.yaml, see docs/trackers.md; or --sync OWNER/REPO for GitHub)\n",
            );
          }
          ctx.err(
            `debrief review: checked ${sync.checked} tracked item(s) in ${where}, ${sync.changes.length} changed\n`,
          );
        }
        // then the workspace_review operation, text or JSON out
        const review = await runCliOperation(
          ctx,
          "review",
          workspaceReviewOperation,
          { workspace, asOf: flags.asOf ?? todayUtc(), dueWithinDays: ms / 86_400_000 },
          { log: (m) => ctx.err(`debrief review: warning: ${m}\n`) },
        );
        if (flags.ics) {
          const path = resolvePath(ctx, flags.ics);
          try {
            writeFileAtomicSync(
              path,
              reviewToIcs(review, flags.icsStart === undefined ? {} : { start: new Date(flags.icsStart) }),
            );
          } catch (error) {
            throw new DebriefError("INPUT_UNREADABLE", `cannot write ${flags.ics}: ${(error as Error).message}`, {
              location: { path: flags.ics },
            });
          }
          ctx.err(`wrote weekly review event to ${flags.ics}\n`);
        }
        if (flags.json) printJson(ctx, review);
        else ctx.out(renderText(ctx, review, flags.all === true));
        ctx.exitCode = flags.failOnOverdue && review.totals.overdue > 0 ? 1 : 0;
      });
  },
};
