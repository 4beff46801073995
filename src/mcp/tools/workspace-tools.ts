import { resolve } from "node:path";
import { z } from "zod";
import { computeInsights, reviewActionItems } from "../../insights/index.js";
import { searchWorkspace } from "../../store/index.js";
import { defineTool } from "../mcp-tool.js";

const workspace = z.string().optional().describe("a folder of incident folders (default: the working directory)");

/** `workspace_search`: full-text search across every post-mortem. */
export const searchTool = defineTool({
  name: "workspace_search",
  title: "Search past post-mortems",
  description:
    "Full-text search (SQLite FTS5, ranked) across every post-mortem in a workspace, with snippets. Use it to find earlier incidents like this one before writing contributing factors.",
  readOnly: true,
  input: {
    workspace,
    query: z.string().min(1).describe('words or a phrase, e.g. "connection pool"'),
    limit: z.number().int().positive().max(100).optional(),
  },
  async run(args, ctx) {
    return searchWorkspace(resolve(ctx.cwd, args.workspace ?? "."), args.query, {
      limit: args.limit ?? 10,
      highlight: { open: "**", close: "**" },
    });
  },
});

/** `workspace_review`: the weekly action-item review. */
export const reviewTool = defineTool({
  name: "workspace_review",
  title: "Weekly action-item review",
  description:
    "Step 6. Open, overdue and due-soon action items across all incidents of a workspace, by owner and priority, each with the post-mortem it came from.",
  readOnly: true,
  input: {
    workspace,
    asOf: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional()
      .describe("review date YYYY-MM-DD (default today)"),
    dueWithinDays: z.number().int().nonnegative().max(365).optional(),
  },
  async run(args, ctx) {
    const { index: _index, ...review } = reviewActionItems(resolve(ctx.cwd, args.workspace ?? "."), {
      ...(args.asOf ? { asOf: args.asOf } : {}),
      ...(args.dueWithinDays !== undefined ? { dueWithinDays: args.dueWithinDays } : {}),
    });
    return review;
  },
});

/** `workspace_insights`: MTTD/MTTA/MTTR/MTBF, rates and recurring patterns. */
export const insightsTool = defineTool({
  name: "workspace_insights",
  title: "Incident metrics and recurring patterns",
  description:
    "MTTD, MTTA, MTTR (mean, median, p90) and MTBF per service and severity, incident frequency per month, post-mortem completion and on-time distribution rates, action-item completion and overdue rates, and recurring patterns (incidents with similar root causes, factors, services and error signatures).",
  readOnly: true,
  input: {
    workspace,
    since: z.string().optional().describe("only incidents since this date (YYYY-MM-DD)"),
  },
  async run(args, ctx) {
    return computeInsights(resolve(ctx.cwd, args.workspace ?? "."), args.since ? { since: args.since } : {});
  },
});
