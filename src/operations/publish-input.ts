import { z } from "zod";
import { loadTrackerSettings, type PublishOptions } from "../publish/index.js";
import type { OperationContext } from "./operation.js";
import { zPath } from "./schemas.js";
import { resolveInWorkspace } from "./workspace-path.js";

/** The channels of a publish run, shared by `publish_preview` and `publish` so a preview shows exactly what runs. */
export const publishInput = z.object({
  dir: zPath.describe("the incident folder holding postmortem.md"),
  github: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, "expected OWNER/REPO")
    .optional()
    .describe("OWNER/REPO to file action items in"),
  githubApiUrl: z.string().url().optional().describe("GitHub Enterprise API base, e.g. https://ghe.example.com/api/v3"),
  githubUsers: z.record(z.string(), z.string()).optional().describe("owner cell → GitHub login, for assignees"),
  emailTo: z.array(z.string()).optional().describe("e-mail recipients (an e-mail is sent when given, or with smtp)"),
  smtp: z.string().url().optional().describe("SMTP URL for the e-mail (default smtp://localhost:25)"),
  emailFrom: z.string().optional().describe("sender address (default debrief@localhost; empty: refused)"),
  slackWebhook: z.string().url().optional().describe("Slack incoming-webhook URL"),
  teamsWebhook: z.string().url().optional().describe("Microsoft Teams incoming-webhook or Workflows URL"),
  confluence: z
    .object({
      url: z.string().url().describe("Confluence base URL, e.g. https://acme.atlassian.net/wiki"),
      space: z.string().min(1).describe("space key"),
      parentId: z.string().regex(/^\d+$/, "expected a page id").optional().describe("parent page id"),
      title: z.string().min(1).optional().describe("page title (default ID: TITLE)"),
    })
    .optional()
    .describe("Confluence page to create or update (credentials from the environment)"),
  webhook: z.string().url().optional().describe("generic webhook URL"),
  link: z.string().url().optional().describe("a link to the published report, used in Slack and the e-mail"),
  pdf: z.boolean().optional().describe("attach a PDF to the e-mail (default true; needs Chromium)"),
  redactPii: z
    .boolean()
    .optional()
    .describe("mask e-mail and IP addresses in what is sent (default true: published text leaves the team)"),
  force: z
    .boolean()
    .optional()
    .describe("publish even when lint reports errors (default: refused; a preview shows everything by default)"),
  resend: z
    .array(z.string().min(1))
    .optional()
    .describe("repeat steps whose earlier run died mid-way, by step or channel (email, slack)"),
});

/** The input of both publish operations. */
export type PublishInput = z.output<typeof publishInput>;

/** Publish options for an input; `dryRun` decides between the preview and the real thing. */
export function publishOptionsOf(input: PublishInput, ctx: OperationContext, dryRun: boolean): PublishOptions {
  return {
    dryRun,
    // the preview shows everything even when lint has errors unless told otherwise; publishing itself respects them
    ...((input.force ?? dryRun) ? { force: true } : {}),
    ...(input.resend?.length ? { resend: input.resend } : {}),
    env: ctx.env,
    onProgress: (m) => ctx.log(m),
    ...(ctx.onStepDone ? { onStepDone: ctx.onStepDone } : {}),
    ...(input.pdf === false ? { pdf: false } : {}),
    ...(input.redactPii === false ? { redactPii: false } : {}),
    ...(input.link ? { link: input.link } : {}),
    ...(input.github
      ? { github: { repo: input.github, ...(input.githubApiUrl ? { apiUrl: input.githubApiUrl } : {}) } }
      : {}),
    ...(input.githubUsers ? { githubUsers: input.githubUsers } : {}),
    ...(input.emailTo?.length || input.smtp !== undefined
      ? {
          email: {
            smtp: input.smtp ?? "smtp://localhost:25",
            to: input.emailTo ?? [],
            from: input.emailFrom ?? "debrief@localhost",
          },
        }
      : {}),
    ...(input.slackWebhook ? { slackWebhook: input.slackWebhook } : {}),
    ...(input.teamsWebhook ? { teamsWebhook: input.teamsWebhook } : {}),
    ...(input.confluence
      ? {
          confluence: {
            url: input.confluence.url,
            space: input.confluence.space,
            ...(input.confluence.parentId ? { parentId: input.confluence.parentId } : {}),
            ...(input.confluence.title ? { title: input.confluence.title } : {}),
          },
        }
      : {}),
    ...(input.webhook ? { webhook: input.webhook } : {}),
  };
}

/**
 * True when the input names a channel to publish to, or the folder's `debrief.yaml` / `.debriefrc.yaml` has a
 * `tracker:` block (a channel too). Without one, publishing only writes the follow-up invitation; adapters warn.
 */
export function publishHasChannel(input: PublishInput, ctx: OperationContext): boolean {
  const named =
    input.emailTo?.length ||
    input.smtp !== undefined ||
    input.slackWebhook ||
    input.teamsWebhook ||
    input.confluence ||
    input.webhook ||
    input.github;
  return Boolean(named) || Boolean(loadTrackerSettings(resolveInWorkspace(ctx, input.dir)));
}
