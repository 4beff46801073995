import { createHash } from "node:crypto";
import { postJson, safeUrl } from "../http-post.js";
import type { PlannedStep, PublishChannel, PublishContext } from "../publish-types.js";

/** Posts the whole post-mortem as JSON with an Idempotency-Key, so receivers can drop a repeat. */
export const webhookChannel: PublishChannel = {
  id: "webhook",
  enabled: (o) => Boolean(o.webhook),
  async plan(ctx: PublishContext): Promise<PlannedStep[]> {
    const url = ctx.options.webhook!;
    const { frontMatter, ...rest } = ctx.parsed.postmortem;
    const payload = {
      event: "postmortem.published",
      id: ctx.summary.id,
      summary: ctx.summary,
      link: ctx.options.link ?? null,
      postmortem: { frontMatter, ...rest },
    };
    // the key covers what people wrote, not what publishing itself records (front matter, the Action Items table's
    // tracker and status cells), so a rerun after a lost ledger carries the same key and an edited story a new one
    const story = ctx.parsed.postmortem.sections
      .filter((s) => s.key !== "actionItems")
      .map((s) => `${s.heading}\n${s.markdown}`)
      .join("\n");
    const items = ctx.parsed.postmortem.actionItems.map(
      (i) => `${i.id}|${i.action}|${i.owner}|${i.deadline}|${i.priority}`,
    );
    const digest = createHash("sha256").update(story).update(items.join("\n")).digest("hex").slice(0, 16);
    const key = `debrief-${ctx.summary.id}-${digest}`;
    return [
      {
        id: "webhook",
        channel: "webhook",
        description: `POST the post-mortem as JSON to ${safeUrl(url)} (Idempotency-Key ${key})`,
        preview: { headers: { "Idempotency-Key": key }, body: payload },
        idempotent: true,
        async run() {
          const r = await postJson(url, payload, { headers: { "Idempotency-Key": key } });
          return { status: r.status, idempotencyKey: key };
        },
      },
    ];
  },
};
