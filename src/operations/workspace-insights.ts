import { z } from "zod";
import { computeInsights, type Insights } from "../insights/index.js";
import { defineOperation } from "./operation.js";
import { zDay, zInstant, zPath } from "./schemas.js";
import { resolveInWorkspace } from "./workspace-path.js";

/** `workspace_insights`: MTTD/MTTA/MTTR/MTBF, rates and recurring patterns. */
export const workspaceInsightsOperation = defineOperation({
  name: "workspace_insights",
  title: "Incident metrics and recurring patterns",
  description:
    "MTTD, MTTA, MTTR (mean, median, p90) and MTBF per service and severity, incident frequency per month, post-mortem completion and on-time distribution rates, action-item completion and overdue rates, and recurring patterns (incidents with similar root causes, factors, services and error signatures). Refreshes the workspace index first.",
  input: z.object({
    workspace: zPath.optional().describe("a folder of incident folders (default: the working directory)"),
    since: z
      .union([zDay, zInstant])
      .optional()
      .describe("only incidents since this date (YYYY-MM-DD or ISO-8601 with zone)"),
    asOf: zDay.optional().describe("reference date for overdue and pending (default today)"),
    threshold: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe("similarity needed to link two incidents as a recurrence, 0..1 (default 0.42)"),
  }),
  annotations: { readOnly: false, destructive: false, idempotent: true, openWorld: false, cacheOnly: true },
  async run(input, ctx): Promise<Insights> {
    return computeInsights(resolveInWorkspace(ctx, input.workspace ?? "."), {
      ...(input.since ? { since: input.since } : {}),
      ...(input.asOf ? { asOf: input.asOf } : {}),
      ...(input.threshold === undefined ? {} : { recurrence: { threshold: input.threshold } }),
      onWarning: (m) => ctx.log(m),
    });
  },
});
