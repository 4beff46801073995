import { z } from "zod";
import { inventoryEvidence } from "../evidence/index.js";
import type { EvidenceSource } from "../model/evidence-source.js";
import { defineOperation } from "./operation.js";
import { zPath, zTzMap } from "./schemas.js";
import { resolveAllInWorkspace } from "./workspace-path.js";

/** `evidence_inventory`: what evidence there is, and what is missing or doubtful in it. */
export const evidenceInventoryOperation = defineOperation({
  name: "evidence_inventory",
  title: "Inventory incident evidence",
  description:
    "Step 1 of a post-mortem. Detects the format of every evidence file (logs, Prometheus, Alertmanager, PagerDuty, Slack, deploys...) under the given paths and reports per source: format, sha256, lines, events, skipped lines by reason with examples, first/last time, gaps, and time zone (and whether it was assumed).",
  input: z.object({
    paths: z.array(zPath).min(1).describe("files or folders of evidence"),
    tz: zTzMap.optional(),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true, openWorld: false },
  async run(input, ctx): Promise<{ sources: EvidenceSource[] }> {
    const sources = await inventoryEvidence(resolveAllInWorkspace(ctx, input.paths), {
      cwd: ctx.cwd,
      ...(input.tz ? { tz: input.tz } : {}),
    });
    return { sources };
  },
});
