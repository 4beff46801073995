import { z } from "zod";
import { inventoryEvidence } from "../evidence/index.js";
import type { EvidenceSource } from "../model/evidence-source.js";
import { evidenceReadFields, evidenceReadOptions } from "./evidence-read-input.js";
import { defineOperation } from "./operation.js";

/** `evidence_inventory`: what evidence there is, and what is missing or doubtful in it. */
export const evidenceInventoryOperation = defineOperation({
  name: "evidence_inventory",
  title: "Inventory incident evidence",
  description:
    "Step 1 of a post-mortem. Detects the format of every evidence file (logs, Prometheus, Alertmanager, PagerDuty, Slack, deploys...) under the given paths (or an incident's evidence/ folder) and reports per source: format, sha256, lines, events, skipped lines by reason with examples, first/last time, gaps, and time zone (and whether it was assumed).",
  input: z.object({
    ...evidenceReadFields,
    threads: z.number().int().positive().max(1024).optional().describe("worker threads to spread files over"),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true, openWorld: false },
  async run(input, ctx): Promise<{ sources: EvidenceSource[] }> {
    const { paths, options } = await evidenceReadOptions(input, ctx);
    const sources = await inventoryEvidence(paths, {
      ...options,
      ...(input.threads !== undefined ? { threads: input.threads } : {}),
    });
    return { sources };
  },
});
