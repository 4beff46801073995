import type { Command } from "commander";
import { DebriefError } from "../../model/debrief-error.js";
import { publishOperation } from "../../operations/publish.js";
import { type PublishInput, publishHasChannel } from "../../operations/publish-input.js";
import { publishPreviewOperation } from "../../operations/publish-preview.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import { collect, printJson, style } from "../cli-helpers.js";
import { cliOperationContext, runCliOperation } from "../cli-operation.js";

interface PublishFlags {
  dryRun?: boolean;
  force?: boolean;
  resend?: string[];
  pdf: boolean;
  /** `--no-redact-pii` turns it off; on by default for anything sent outside the team. */
  redactPii: boolean;
  link?: string;
  smtp?: string;
  to?: string[];
  from?: string;
  slackWebhook?: string;
  teamsWebhook?: string;
  confluenceUrl?: string;
  confluenceSpace?: string;
  confluenceParent?: string;
  confluenceTitle?: string;
  webhook?: string;
  github?: string;
  githubApiUrl?: string;
  githubUser?: string[];
  json?: boolean;
}

/** The `publish` / `publish_preview` input for a command line, after the checks of flags that go together. */
function inputOf(dir: string, flags: PublishFlags): PublishInput {
  if (flags.smtp === undefined && (flags.to || flags.from)) {
    throw new DebriefError("USAGE", "--to and --from go with --smtp URL");
  }
  if (Boolean(flags.confluenceUrl) !== Boolean(flags.confluenceSpace)) {
    throw new DebriefError("USAGE", "--confluence-url and --confluence-space go together");
  }
  if (flags.github !== undefined && !/^[\w.-]+\/[\w.-]+$/.test(flags.github)) {
    throw new DebriefError("USAGE", `--github expects OWNER/REPO, got "${flags.github}"`);
  }
  const users: Record<string, string> = {};
  for (const pair of flags.githubUser ?? []) {
    const at = pair.lastIndexOf("=");
    if (at <= 0) throw new DebriefError("USAGE", `--github-user expects NAME=LOGIN, got "${pair}"`);
    users[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return {
    dir,
    // --dry-run without --force shows that lint would refuse, as publishing would
    force: flags.force === true,
    ...(flags.resend ? { resend: flags.resend } : {}),
    ...(flags.pdf === false ? { pdf: false } : {}),
    ...(flags.redactPii === false ? { redactPii: false } : {}),
    ...(flags.link ? { link: flags.link } : {}),
    // --smtp alone is an e-mail without recipients or sender: refused by the e-mail channel, naming --to / --from
    ...(flags.smtp ? { smtp: flags.smtp, emailTo: flags.to ?? [], emailFrom: flags.from ?? "" } : {}),
    ...(flags.slackWebhook ? { slackWebhook: flags.slackWebhook } : {}),
    ...(flags.teamsWebhook ? { teamsWebhook: flags.teamsWebhook } : {}),
    ...(flags.confluenceUrl && flags.confluenceSpace
      ? {
          confluence: {
            url: flags.confluenceUrl,
            space: flags.confluenceSpace,
            ...(flags.confluenceParent ? { parentId: flags.confluenceParent } : {}),
            ...(flags.confluenceTitle ? { title: flags.confluenceTitle } : {}),
          },
        }
      : {}),
    ...(flags.webhook ? { webhook: flags.webhook } : {}),
    ...(flags.github ? { github: flags.github } : {}),
    ...(flags.github && flags.githubApiUrl ? { githubApiUrl: flags.githubApiUrl } : {}),
    ...(Object.keys(users).length ? { githubUsers: users } : {}),
  };
}

async function run(ctx: CliContext, dir: string, flags: PublishFlags): Promise<void> {
  const input = inputOf(dir, flags);
  // a tracker: block in debrief.yaml or .debriefrc.yaml is a channel too
  if (!publishHasChannel(input, cliOperationContext(ctx, "publish"))) {
    ctx.err(
      "debrief publish: no channel given (--smtp, --slack-webhook, --teams-webhook, --confluence-url, --webhook, --github, or tracker: in .debriefrc.yaml); only the follow-up invitation is written\n",
    );
  }
  // a test hook: die abruptly right after a named step is recorded, to prove a rerun never repeats it
  const crashAfter = ctx.env.DEBRIEF_TEST_CRASH_AFTER;
  // flags in, the publish_preview (--dry-run) or publish operation run (as over HTTP and MCP), steps out
  const report = await runCliOperation(
    ctx,
    "publish",
    flags.dryRun ? publishPreviewOperation : publishOperation,
    input,
    {
      ...(crashAfter
        ? { onStepDone: (id: string) => (id === crashAfter ? process.kill(process.pid, "SIGKILL") : undefined) }
        : {}),
    },
  );
  if (flags.json) {
    printJson(ctx, report);
  } else {
    const s = style(ctx);
    for (const step of report.steps) {
      const mark =
        step.outcome === "done" || step.outcome === "reconciled"
          ? s.green(step.outcome)
          : step.outcome === "would-run"
            ? s.cyan("would")
            : step.outcome === "skipped-already-done"
              ? s.dim("already done")
              : s.red(step.outcome);
      ctx.out(`${mark}  ${step.description}\n`);
      if (step.error) ctx.out(`    ${step.error}\n`);
      if (report.dryRun && step.preview !== undefined) {
        ctx.out(`${JSON.stringify(step.preview, null, 2).replace(/^/gm, "    ")}\n`);
      }
      const url = step.result?.url;
      if (typeof url === "string") ctx.out(`    ${url}\n`);
    }
    for (const u of report.documentUpdates) ctx.out(`recorded  ${u}\n`);
    if (report.dryRun) ctx.out("dry run: nothing was sent, created or written\n");
  }
  if (report.failed > 0) ctx.exitCode = 1;
}

/** `debrief publish DIR`. */
export const publishCommand: CliCommand = {
  name: "publish",
  summary: "Distribute the report (e-mail, Slack, webhook), file action items as GitHub issues, schedule the follow-up",
  register(program: Command, ctx: CliContext) {
    program
      .command("publish")
      .summary(this.summary)
      .description(
        "Publish DIR/postmortem.md: write follow-up-review.ics (28 days after resolvedAt), file each action item\n" +
          "without a tracker as an issue (GitHub with --github, or the tracker: of debrief.yaml / .debriefrc.yaml:\n" +
          "Jira Cloud or Data Center, Linear, GitLab; see docs/trackers.md; URL written back into the table),\n" +
          "e-mail the HTML report with a text part, the PDF and the invitation attached, post a Block Kit summary to Slack and the post-mortem as JSON to\n" +
          "a webhook, then record distributedAt and followUpReview in the front matter. Every step is recorded in\n" +
          "DIR/.debrief/publish-state.json, so rerunning (even after a crash) never sends or files anything twice.\n" +
          "Credentials: GITHUB_TOKEN, SMTP_PASSWORD (or in the --smtp URL), CONFLUENCE_EMAIL + CONFLUENCE_API_TOKEN\n" +
          "(Confluence Cloud) or CONFLUENCE_PAT (Data Center), JIRA_EMAIL + JIRA_API_TOKEN or JIRA_PAT, LINEAR_API_KEY,\n" +
          "GITLAB_TOKEN.",
      )
      .argument("<dir>", "the incident folder holding postmortem.md")
      .option("--dry-run", "print everything that would be sent or created, and do nothing")
      .option("--force", "publish even when lint reports errors")
      .option("--resend <step>", "repeat a step whose earlier run died mid-way (email, slack), repeatable", collect)
      .option("--no-pdf", "do not attach a PDF (no Chromium needed)")
      .option(
        "--no-redact-pii",
        "send e-mail and IP addresses unmasked (default: masked, since published text leaves the team; secrets are always masked)",
      )
      .option("--link <url>", "where readers find the published report (used in Slack, e-mail and issues)")
      .option("--smtp <url>", "SMTP server, e.g. smtp://user@mail.example.com:587 (password from SMTP_PASSWORD)")
      .option("--to <address>", "e-mail recipient, repeatable", collect)
      .option("--from <address>", "e-mail sender")
      .option("--slack-webhook <url>", "Slack incoming-webhook URL")
      .option("--teams-webhook <url>", "Microsoft Teams incoming-webhook or Workflows URL (an Adaptive Card is posted)")
      .option(
        "--confluence-url <url>",
        "Confluence base URL, e.g. https://acme.atlassian.net/wiki (with --confluence-space)",
      )
      .option("--confluence-space <key>", "Confluence space key to create or update the page in")
      .option("--confluence-parent <id>", "id of the Confluence page the post-mortem goes under")
      .option("--confluence-title <title>", "Confluence page title (default: ID: TITLE of the post-mortem)")
      .option("--webhook <url>", "generic webhook receiving the post-mortem as JSON")
      .option("--github <owner/repo>", "file action items as issues in this repository (token from GITHUB_TOKEN)")
      .option("--github-api-url <url>", "GitHub Enterprise API base, e.g. https://ghe.example.com/api/v3")
      .option("--github-user <name=login>", "map an owner cell to a GitHub login for assignment, repeatable", collect)
      .option("--json", "print the outcome of every step as JSON")
      .addHelpText(
        "after",
        "\nExamples:\n  $ debrief publish incidents/2025-02-09 --dry-run --smtp smtp://mail.example.com:587 --to sre@example.com --from debrief@example.com\n  $ GITHUB_TOKEN=... debrief publish incidents/2025-02-09 --github acme/orders-api --slack-webhook https://hooks.slack.com/services/T/B/X",
      )
      .action(async (dir: string, flags: PublishFlags) => run(ctx, dir, flags));
  },
};
