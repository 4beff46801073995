import { z } from "zod";
import { draftIncident, saveDraft } from "../postmortem/index.js";
import { defineOperation } from "./operation.js";
import { zPath } from "./schemas.js";
import { resolveInWorkspace } from "./workspace-path.js";

/** `postmortem_draft`: fill the post-mortem from the evidence. */
export const postmortemDraftOperation = defineOperation({
  name: "postmortem_draft",
  title: "Draft the post-mortem from evidence",
  description:
    "Step 3. Builds the timeline from DIR/evidence and writes what evidence can show into DIR/postmortem.md: timeline table, impact figures and durations, suggested trigger, suggested contributing factors (marked for people to confirm), data gaps and redacted excerpts. Generated text sits in delimited blocks; a block a human edited is kept and reported as a conflict.",
  input: z.object({
    dir: zPath.describe("the incident folder (holds postmortem.md and evidence/)"),
    redactPii: z.boolean().optional().describe("also mask e-mail and IP addresses in excerpts"),
    correctSkew: z.boolean().optional().describe("apply clock offsets found between sources"),
    dryRun: z.boolean().optional().describe("return the drafted document without writing it"),
  }),
  // replaces the generated blocks it wrote before (never a block a human edited)
  annotations: { readOnly: false, destructive: true, idempotent: true, openWorld: false },
  async run(input, ctx) {
    const result = await draftIncident(resolveInWorkspace(ctx, input.dir), {
      ...(input.redactPii ? { redactPii: true } : {}),
      ...(input.correctSkew ? { correctSkew: true } : {}),
      onProgress: (m) => ctx.log(m),
    });
    const written = input.dryRun ? false : await saveDraft(result);
    return {
      path: result.path,
      written,
      blocks: result.blocks,
      frontMatter: result.frontMatter,
      problems: result.problems,
      ...(input.dryRun ? { document: result.source } : {}),
    };
  },
});
