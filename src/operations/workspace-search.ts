import { z } from "zod";
import { type SearchResult, searchWorkspace } from "../store/index.js";
import { defineOperation } from "./operation.js";
import { zPath } from "./schemas.js";
import { resolveInWorkspace } from "./workspace-path.js";

/** Snippet markers by name: Markdown for agents and the API, brackets or ANSI bold yellow for a terminal. */
const HIGHLIGHTS = {
  markdown: { open: "**", close: "**" },
  brackets: { open: "[", close: "]" },
  ansi: { open: "\u001b[1;33m", close: "\u001b[22;39m" },
  none: { open: "", close: "" },
} as const;

/** `workspace_search`: full-text search across every post-mortem. */
export const workspaceSearchOperation = defineOperation({
  name: "workspace_search",
  title: "Search past post-mortems",
  description:
    "Full-text search (SQLite FTS5, ranked) across every post-mortem in a workspace, with snippets. Use it to find earlier incidents like this one before writing contributing factors. Refreshes the workspace index (.debrief/index.sqlite) first.",
  input: z.object({
    workspace: zPath.optional().describe("a folder of incident folders (default: the working directory)"),
    query: z.string().min(1).describe('words or a phrase, e.g. "connection pool"'),
    limit: z.number().int().positive().max(1000).optional(),
    highlight: z
      .enum(["markdown", "brackets", "ansi", "none"])
      .optional()
      .describe("how matched words are marked in snippets: **bold** (default), [brackets], terminal colour or not"),
  }),
  // refreshes the index cache, never a user's file
  annotations: { readOnly: false, destructive: false, idempotent: true, openWorld: false, cacheOnly: true },
  async run(input, ctx): Promise<SearchResult> {
    return searchWorkspace(resolveInWorkspace(ctx, input.workspace ?? "."), input.query, {
      limit: input.limit ?? 10,
      highlight: HIGHLIGHTS[input.highlight ?? "markdown"],
      onWarning: (m) => ctx.log(m),
    });
  },
});
