import { join } from "node:path";
import { z } from "zod";
import { DebriefError } from "../model/debrief-error.js";
import { buildTimeline, type TimelineResult } from "../timeline/index.js";
import { defineOperation } from "./operation.js";
import { toMs, zInstant, zPath, zTzMap } from "./schemas.js";
import { resolveAllInWorkspace, resolveInWorkspace } from "./workspace-path.js";

/** `timeline_build`: the merged UTC timeline with milestones, durations and findings. */
export const timelineBuildOperation = defineOperation({
  name: "timeline_build",
  title: "Build the incident timeline",
  description:
    "Step 2. Merges all evidence into one UTC timeline and finds the milestones (impactStart, detected, paged, acknowledged, mitigated, recovered, resolved) with evidence references and confidence, durations (time to detect/acknowledge/mitigate/recover/resolve), findings (clock skew, timezone mismatch, gaps, missing sources, suspect changes, error signatures), and the rows of the timeline table.",
  input: z.object({
    paths: z
      .array(zPath)
      .optional()
      .describe("evidence files or folders (an incident's evidence/ folder); default: the incident's evidence/"),
    incident: zPath.optional().describe("incident folder with debrief.yaml (window, services, zones, known skews)"),
    from: zInstant.optional().describe("window start, ISO-8601 with zone"),
    to: zInstant.optional().describe("window end, ISO-8601 with zone"),
    detail: z.boolean().optional().describe("more rows (bursts less collapsed)"),
    correctSkew: z.boolean().optional().describe("apply clock offsets found between sources"),
    threads: z.number().int().positive().max(1024).optional().describe("worker threads for reading"),
    tz: zTzMap.optional(),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true, openWorld: false },
  async run(input, ctx): Promise<TimelineResult> {
    const from = input.from === undefined ? undefined : toMs("from", input.from);
    const to = input.to === undefined ? undefined : toMs("to", input.to);
    if (from !== undefined && to !== undefined && to <= from) {
      throw new DebriefError("USAGE", "to must be later than from");
    }
    const incidentDir = input.incident === undefined ? undefined : resolveInWorkspace(ctx, input.incident);
    const paths = input.paths?.length
      ? resolveAllInWorkspace(ctx, input.paths)
      : incidentDir
        ? [resolveInWorkspace(ctx, join(incidentDir, "evidence"))]
        : [];
    if (paths.length === 0) throw new DebriefError("USAGE", "give evidence paths, or an incident folder");
    return buildTimeline(paths, {
      cwd: ctx.cwd,
      ...(incidentDir ? { incidentDir } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(input.detail ? { detail: true } : {}),
      ...(input.correctSkew ? { correctSkew: true } : {}),
      ...(input.threads !== undefined ? { threads: input.threads } : {}),
      ...(input.tz ? { tz: input.tz } : {}),
      ...(ctx.progress ? { onProgress: (events: number) => ctx.progress?.(events, "events") } : {}),
    });
  },
});
