import { createHash } from "node:crypto";
import { postJson, safeUrl } from "../http-post.js";
import type { PlannedStep, PublishChannel, PublishContext, PublishSummary } from "../publish-types.js";

/** Slack Block Kit message summarising the post-mortem. */
export function slackBlocks(summary: PublishSummary, link: string | undefined): Record<string, unknown> {
  const fields = [
    `*Severity*\n${summary.severity}`,
    `*Duration*\n${summary.duration ?? "unknown"}`,
    `*Impact*\n${summary.impact ?? "see report"}`,
    `*Action items*\n${summary.actionItems}`,
  ].map((text) => ({ type: "mrkdwn", text: text.slice(0, 1900) }));
  const blocks: Array<Record<string, unknown>> = [
    { type: "header", text: { type: "plain_text", text: `Post-mortem: ${summary.title}`.slice(0, 150), emoji: false } },
    { type: "section", fields },
  ];
  if (summary.topFactors.length > 0) {
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: `*Top contributing factors*\n${summary.topFactors
          .slice(0, 3)
          .map((f) => `• ${f}`)
          .join("\n")}`.slice(0, 2900),
      },
    });
  }
  if (link) {
    blocks.push({
      type: "actions",
      elements: [{ type: "button", text: { type: "plain_text", text: "Read the post-mortem" }, url: link }],
    });
  }
  blocks.push({
    type: "context",
    elements: [{ type: "mrkdwn", text: `${summary.id} · status ${summary.status} · sent by Debrief` }],
  });
  return { text: `Post-mortem ${summary.id}: ${summary.title}`, blocks };
}

/** Posts the summary to a Slack incoming webhook. */
export const slackChannel: PublishChannel = {
  id: "slack",
  enabled: (o) => Boolean(o.slackWebhook),
  async plan(ctx: PublishContext): Promise<PlannedStep[]> {
    const url = ctx.options.slackWebhook!;
    const payload = slackBlocks(ctx.summary, ctx.options.link);
    return [
      {
        id: "slack",
        channel: "slack",
        description: `post a Block Kit summary to the Slack webhook ${safeUrl(url)}`,
        preview: payload,
        // incoming webhooks have no idempotency key: a second post is a second message
        idempotent: false,
        async run() {
          const r = await postJson(url, payload);
          return {
            status: r.status,
            digest: createHash("sha256").update(JSON.stringify(payload)).digest("hex").slice(0, 12),
          };
        },
      },
    ];
  },
};
