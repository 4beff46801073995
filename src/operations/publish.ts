import { type PublishReport, publishPostmortem } from "../publish/index.js";
import { defineOperation } from "./operation.js";
import { publishInput, publishOptionsOf } from "./publish-input.js";
import { resolveInWorkspace } from "./workspace-path.js";

/** `publish`: send the report and file the action items; a ledger makes a rerun skip what was already sent. */
export const publishOperation = defineOperation({
  name: "publish",
  title: "Publish the post-mortem",
  description:
    "Sends the report (e-mail with PDF and ICS, Slack, webhook), files action items as GitHub issues and writes the follow-up invitation, recording each step in a ledger so a rerun never sends twice. Refused when lint reports errors unless `force` is set. On the MCP server it needs --allow-publish and a publish_preview of the same input first.",
  input: publishInput,
  annotations: {
    readOnly: false,
    destructive: false,
    idempotent: true,
    openWorld: true,
    externalEffect: true,
  },
  async run(input, ctx): Promise<PublishReport> {
    return publishPostmortem(resolveInWorkspace(ctx, input.dir), publishOptionsOf(input, ctx, false));
  },
});
