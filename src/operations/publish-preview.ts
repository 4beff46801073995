import { type PublishReport, publishPostmortem } from "../publish/index.js";
import { defineOperation } from "./operation.js";
import { publishInput, publishOptionsOf } from "./publish-input.js";
import { resolveInWorkspace } from "./workspace-path.js";

/** `publish_preview`: what publishing would send, without sending it. */
export const publishPreviewOperation = defineOperation({
  name: "publish_preview",
  title: "Preview publishing",
  description:
    "Step 5, safely: what `publish` would send and create for DIR (e-mail, Slack, webhook, GitHub issues, follow-up invitation) as a dry run. Nothing is sent or written. On the MCP server, `publish` runs only after a preview of the same input in the same session.",
  input: publishInput,
  annotations: { readOnly: true, destructive: false, idempotent: true, openWorld: false },
  async run(input, ctx): Promise<PublishReport> {
    return publishPostmortem(resolveInWorkspace(ctx, input.dir), publishOptionsOf(input, ctx, true));
  },
});
