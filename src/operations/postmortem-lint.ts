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
    people: z
      .array(z.string().min(1).max(200))
      .max(10_000)
      .optional()
      .describe(
        "everyone in the incident (names, handles, display names); by default read from DIR/evidence for DIR/postmortem.md",
      ),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true, openWorld: false },
  async run(input, ctx): Promise<LintResult> {
    // confinement checked on the resolved paths; lint gets the paths as given (resolved against the same cwd) so
    // its findings name files the way the caller did, never by absolute path
    resolveAllInWorkspace(ctx, input.files);
    return lintFiles(input.files, {
      cwd: ctx.cwd,
      ...(input.config === undefined ? {} : { configPath: resolveInWorkspace(ctx, input.config) }),
      ...(input.people === undefined ? {} : { people: input.people }),
    });
  },
});
