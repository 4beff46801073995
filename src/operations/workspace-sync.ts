import { z } from "zod";
import {
  type SyncReport,
  syncActionItemsFromGitHub,
  syncActionItemsFromTrackers,
  type TrackerSyncReport,
} from "../publish/index.js";
import { defineOperation } from "./operation.js";
import { zPath } from "./schemas.js";
import { resolveInWorkspace } from "./workspace-path.js";

/** `workspace_sync`: `debrief review --sync` for every surface (CLI, web app, MCP). */
export const workspaceSyncOperation = defineOperation({
  name: "workspace_sync",
  title: "Sync action items from trackers",
  description:
    "Step 6. Reads the issue of every tracked action item (Jira Cloud or Data Center, Linear, GitLab, GitHub: the tracker: of each incident's debrief.yaml or the workspace's .debriefrc.yaml, or the GitHub repository given as `github`) and brings its Status, Owner and Deadline cells in line with the tracker (done, in progress, won't do, reassigned, due date moved). Only those cells change, each change is appended to the incident's .debrief/history.jsonl. Credentials come from the environment or the credentials file.",
  input: z.object({
    workspace: zPath.optional().describe("a folder of incident folders (default: the working directory)"),
    github: z
      .string()
      .min(1, "expected OWNER/REPO")
      .optional()
      .describe("sync from this GitHub repository's issues instead of each incident's tracker (GITHUB_TOKEN)"),
    githubApiUrl: z.string().url().optional().describe("GitHub Enterprise API base, with `github`"),
    dryRun: z.boolean().optional().describe("report what would change without writing anything"),
  }),
  annotations: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  async run(input, ctx): Promise<TrackerSyncReport | SyncReport> {
    const workspace = resolveInWorkspace(ctx, input.workspace ?? ".");
    if (input.github !== undefined) {
      return syncActionItemsFromGitHub(workspace, {
        repo: input.github,
        token: ctx.env.GITHUB_TOKEN,
        ...(input.githubApiUrl ? { apiUrl: input.githubApiUrl } : {}),
        ...(input.dryRun ? { dryRun: true } : {}),
      });
    }
    return syncActionItemsFromTrackers(workspace, {
      env: ctx.env,
      ...(input.dryRun ? { dryRun: true } : {}),
      onProgress: (m) => ctx.log(m),
    });
  },
});
