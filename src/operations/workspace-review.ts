import { z } from "zod";
import { parseDateFlag, type RecurredActionItem, type Review, reviewActionItems } from "../insights/index.js";
import { defineOperation } from "./operation.js";
import { zPath } from "./schemas.js";
import { resolveInWorkspace } from "./workspace-path.js";

/** The review, with the closed items whose pattern recurred and a summary of the index it was read from. */
export type WorkspaceReview = Review & {
  recurred: RecurredActionItem[];
  index: { incidents: number; totalProblems: number; warnings: string[] };
};

/** The review date as the review reads it: a day, or an instant with a zone (the same check as `--as-of`). */
const zReviewDate = z.string().refine(
  (value) => {
    try {
      parseDateFlag("asOf", value);
      return true;
    } catch {
      return false;
    }
  },
  { message: "expected a date like 2025-03-01 (or an ISO time with a zone)" },
);

/** `workspace_review`: the weekly action-item review. */
export const workspaceReviewOperation = defineOperation({
  name: "workspace_review",
  title: "Weekly action-item review",
  description:
    "Step 6. Open, overdue and due-soon action items across all incidents of a workspace, by owner and priority, each with the post-mortem it came from. Refreshes the workspace index first.",
  input: z.object({
    workspace: zPath.optional().describe("a folder of incident folders (default: the working directory)"),
    asOf: zReviewDate.optional().describe("review date YYYY-MM-DD, or an ISO-8601 time with a zone (default today)"),
    dueWithinDays: z
      .number()
      .int()
      .nonnegative()
      .max(36_500)
      .optional()
      .describe("what counts as due soon (default 7)"),
  }),
  annotations: { readOnly: false, destructive: false, idempotent: true, openWorld: false, cacheOnly: true },
  async run(input, ctx): Promise<WorkspaceReview> {
    const { index, ...review } = reviewActionItems(resolveInWorkspace(ctx, input.workspace ?? "."), {
      ...(input.asOf ? { asOf: input.asOf } : {}),
      ...(input.dueWithinDays !== undefined ? { dueWithinDays: input.dueWithinDays } : {}),
      onWarning: (m) => ctx.log(m),
    });
    return {
      ...review,
      index: { incidents: index.incidents, totalProblems: index.totalProblems, warnings: index.warnings },
    };
  },
});
