import { z } from "zod";
import { type IndexReport, indexWorkspace } from "../store/index.js";
import { defineOperation } from "./operation.js";
import { zPath } from "./schemas.js";
import { resolveInWorkspace } from "./workspace-path.js";

/** `workspace_index`: build or refresh the workspace's SQLite index. */
export const workspaceIndexOperation = defineOperation({
  name: "workspace_index",
  title: "Index the workspace",
  description:
    "Builds or refreshes WORKSPACE/.debrief/index.sqlite from the incident folders: unchanged files skipped, changed ones re-read, deleted ones removed. Reports counts and every file that could not be used.",
  input: z.object({
    workspace: zPath.optional().describe("a folder of incident folders (default: the working directory)"),
    rebuild: z.boolean().optional().describe("drop the index and re-read every file"),
  }),
  annotations: { readOnly: false, destructive: false, idempotent: true, openWorld: false, cacheOnly: true },
  async run(input, ctx): Promise<IndexReport> {
    return indexWorkspace(resolveInWorkspace(ctx, input.workspace ?? "."), {
      ...(input.rebuild ? { rebuild: true } : {}),
      onWarning: (m) => ctx.log(m),
    });
  },
});
