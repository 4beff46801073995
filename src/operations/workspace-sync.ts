import { z } from "zod";
import { syncActionItemsFromTrackers, type TrackerSyncReport } from "../publish/index.js";
import { defineOperation } from "./operation.js";
import { zPath } from "./schemas.js";
import { resolveInWorkspace } from "./workspace-path.js";

/** `workspace_sync`: `debrief review --sync` for every surface (CLI, web app, MCP). */
export const workspaceSyncOperation = defineOperation({
  name: "workspace_sync",
  title: "Sync action items from trackers",
  description:
    "Step 6. Reads the issue of every tracked action item (Jira Cloud or Data Center, Linear, GitLab, GitHub: the tracker: of each incident's debrief.yaml or the workspace's .debriefrc.yaml) and brings its Status, Owner and Deadline cells in line with the tracker (done, in progress, won't do, reassigned, due date moved). Only those cells change, each change is appended to the incident's .debrief/history.jsonl. Credentials come from the environment or the credentials file.",
  input: z.object({
    workspace: zPath.optional().describe("a folder of incident folders (default: the working directory)"),
    dryRun: z.boolean().optional().describe("report what would change without writing anything"),
  }),
  annotations: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  async run(input, ctx): Promise<TrackerSyncReport> {
    return syncActionItemsFromTrackers(resolveInWorkspace(ctx, input.workspace ?? "."), {
      env: ctx.env,
      ...(input.dryRun ? { dryRun: true } : {}),
      onProgress: (m) => ctx.log(m),
    });
  },
});
