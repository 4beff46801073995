import { z } from "zod";
import { type LintResult, lintFiles } from "../lint/index.js";
import { defineOperation } from "./operation.js";
import { zPath } from "./schemas.js";
import { resolveAllInWorkspace, resolveInWorkspace } from "./workspace-path.js";

/** `postmortem_lint`: the reviewer's checklist, blameless language and actionable items. */
export const postmortemLintOperation = defineOperation({
  name: "postmortem_lint",
  title: "Lint post-mortems",
  description:
    "Checks post-mortem Markdown files like a seasoned reviewer: required sections, timeline in UTC and in order, at least two contributing factors and a systemic issue, five whys that do not stop at a person, action items with owner/deadline/priority and a specific deliverable, blameless language (with suggested rewrites), and follow-through (distributed within 48 h, tracked items, follow-up review). Returns findings with rule id, severity, position, message and fix hint.",
  input: z.object({
    files: z.array(zPath).min(1).describe("post-mortem Markdown files or folders"),
    config: zPath.optional().describe("a .debriefrc.yaml to use instead of the nearest one above each file"),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true, openWorld: false },
  async run(input, ctx): Promise<LintResult> {
    return lintFiles(resolveAllInWorkspace(ctx, input.files), {
      cwd: ctx.cwd,
      ...(input.config === undefined ? {} : { configPath: resolveInWorkspace(ctx, input.config) }),
    });
  },
});
