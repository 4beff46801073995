import { z } from "zod";
import { type Review, reviewActionItems } from "../insights/index.js";
import { defineOperation } from "./operation.js";
import { zDay, zPath } from "./schemas.js";
import { resolveInWorkspace } from "./workspace-path.js";

/** `workspace_review`: the weekly action-item review. */
export const workspaceReviewOperation = defineOperation({
  name: "workspace_review",
  title: "Weekly action-item review",
  description:
    "Step 6. Open, overdue and due-soon action items across all incidents of a workspace, by owner and priority, each with the post-mortem it came from. Refreshes the workspace index first.",
  input: z.object({
    workspace: zPath.optional().describe("a folder of incident folders (default: the working directory)"),
    asOf: zDay.optional().describe("review date YYYY-MM-DD (default today)"),
    dueWithinDays: z.number().int().nonnegative().max(365).optional(),
  }),
  annotations: { readOnly: false, destructive: false, idempotent: true, openWorld: false, cacheOnly: true },
  async run(input, ctx): Promise<Review> {
    const { index: _index, ...review } = reviewActionItems(resolveInWorkspace(ctx, input.workspace ?? "."), {
      ...(input.asOf ? { asOf: input.asOf } : {}),
      ...(input.dueWithinDays !== undefined ? { dueWithinDays: input.dueWithinDays } : {}),
      onWarning: (m) => ctx.log(m),
    });
    return review;
  },
});
