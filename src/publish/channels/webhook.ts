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
    // the key covers the document, so an edited post-mortem is a new delivery and a rerun of the same one is not
    const key = `debrief-${ctx.summary.id}-${createHash("sha256").update(ctx.parsed.source).digest("hex").slice(0, 16)}`;
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
