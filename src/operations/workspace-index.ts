import { z } from "zod";
import {
  FILE_PROBLEM_CODES,
  type IndexProblem,
  type IndexReport,
  listProblems,
  withFreshIndex,
} from "../store/index.js";
import { defineOperation } from "./operation.js";
import { zPath } from "./schemas.js";
import { resolveInWorkspace } from "./workspace-path.js";

/** What `workspace_index` answers: the refresh report, and how many files in the whole index could not be used. */
export interface WorkspaceIndexResult extends IndexReport {
  /** Problems recorded in the index (all of them with `allProblems`, else those found in this run). */
  problems: IndexProblem[];
  /** Files anywhere in the index that could not be used at all (unreadable, not UTF-8, unparseable, too large). */
  fileProblems: number;
}

/** `workspace_index`: build or refresh the workspace's SQLite index. */
export const workspaceIndexOperation = defineOperation({
  name: "workspace_index",
  title: "Index the workspace",
  description:
    "Builds or refreshes WORKSPACE/.debrief/index.sqlite from the incident folders: unchanged files skipped, changed ones re-read, deleted ones removed. Reports counts and every file that could not be used.",
  input: z.object({
    workspace: zPath.optional().describe("a folder of incident folders (default: the working directory)"),
    rebuild: z.boolean().optional().describe("drop the index and re-read every file"),
    allProblems: z
      .boolean()
      .optional()
      .describe("list every problem recorded in the index, not only those found in this run"),
  }),
  annotations: { readOnly: false, destructive: false, idempotent: true, openWorld: false, cacheOnly: true },
  async run(input, ctx): Promise<WorkspaceIndexResult> {
    const dir = resolveInWorkspace(ctx, input.workspace ?? ".");
    return withFreshIndex(dir, { rebuild: input.rebuild === true, onWarning: (m) => ctx.log(m) }, (index, report) => {
      const stored = listProblems(index);
      return {
        ...report,
        problems: input.allProblems ? stored : report.problems,
        fileProblems: stored.filter((p) => FILE_PROBLEM_CODES.has(p.code)).length,
      };
    });
  },
});
