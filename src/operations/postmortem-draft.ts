import { readFile } from "node:fs/promises";
import { z } from "zod";
import { DebriefError } from "../model/debrief-error.js";
import { Timeline } from "../model/timeline.js";
import { type DraftTimeline, draftIncident, saveDraft } from "../postmortem/index.js";
import { defineOperation, type OperationContext } from "./operation.js";
import { zPath } from "./schemas.js";
import { resolveInWorkspace } from "./workspace-path.js";

/**
 * A saved `debrief timeline --json` result (or `timeline_build`'s), to draft from instead of reading evidence/.
 * Errors name the path as given.
 */
async function loadTimelineFile(ctx: OperationContext, file: string): Promise<DraftTimeline> {
  const path = resolveInWorkspace(ctx, file);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DebriefError(
      code === "ENOENT" ? "INPUT_NOT_FOUND" : "INPUT_INVALID",
      code === "ENOENT" ? "no such file" : `not a timeline JSON file: ${(error as Error).message}`,
      { location: { path: file } },
    );
  }
  const result = Timeline.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new DebriefError(
      "INPUT_INVALID",
      `not a \`debrief timeline --json\` result: ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`,
      { location: { path: file } },
    );
  }
  const raw = json as { analysis?: DraftTimeline["analysis"]; sources?: DraftTimeline["sources"] };
  return {
    ...result.data,
    ...(raw.analysis ? { analysis: raw.analysis } : {}),
    ...(Array.isArray(raw.sources) ? { sources: raw.sources } : {}),
  };
}

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
    timeline: zPath.optional().describe("a saved timeline_build (debrief timeline --json) result to draft from"),
    dryRun: z.boolean().optional().describe("return the drafted document without writing it"),
  }),
  // replaces the generated blocks it wrote before (never a block a human edited)
  annotations: { readOnly: false, destructive: true, idempotent: true, openWorld: false },
  async run(input, ctx) {
    const timeline = input.timeline === undefined ? undefined : await loadTimelineFile(ctx, input.timeline);
    const result = await draftIncident(resolveInWorkspace(ctx, input.dir), {
      ...(input.redactPii ? { redactPii: true } : {}),
      ...(input.correctSkew ? { correctSkew: true } : {}),
      ...(timeline ? { timeline } : {}),
      onProgress: (m) => ctx.log(m),
    });
    const written = input.dryRun ? false : await saveDraft(result);
    return {
      path: result.path,
      /** The draft differs from the document as read (written unless `dryRun`). */
      changed: result.source !== result.original,
      written,
      blocks: result.blocks,
      frontMatter: result.frontMatter,
      /** Masked values by kind, in the excerpts drafted. */
      redactions: result.plan.redactions,
      problems: result.problems,
      /** Each milestone's time as the draft used it, or null. */
      milestones: Object.fromEntries(
        Object.entries(result.timeline.milestones).map(([k, m]) => [k, m?.time ?? null]),
      ) as Record<string, string | null>,
      ...(input.dryRun ? { document: result.source } : {}),
    };
  },
});
