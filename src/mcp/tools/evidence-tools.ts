import { resolve } from "node:path";
import { z } from "zod";
import { inventoryEvidence } from "../../evidence/index.js";
import { buildTimeline } from "../../timeline/index.js";
import { defineTool } from "../mcp-tool.js";

const tzShape = z
  .record(z.string(), z.string())
  .optional()
  .describe('file (basename, path or glob) → IANA zone for timestamps without one, e.g. {"app.log": "Europe/Berlin"}');

/** `evidence_inventory`: what evidence there is, and what is missing or doubtful in it. */
export const evidenceInventoryTool = defineTool({
  name: "evidence_inventory",
  title: "Inventory incident evidence",
  description:
    "Step 1 of a post-mortem. Detects the format of every evidence file (logs, Prometheus, Alertmanager, PagerDuty, Slack, deploys...) under the given paths and reports per source: format, sha256, lines, events, skipped lines by reason with examples, first/last time, gaps, and time zone (and whether it was assumed).",
  readOnly: true,
  input: {
    paths: z.array(z.string()).min(1).describe("files or folders of evidence"),
    tz: tzShape,
  },
  async run(args, ctx) {
    const sources = await inventoryEvidence(
      args.paths.map((p) => resolve(ctx.cwd, p)),
      { cwd: ctx.cwd, ...(args.tz ? { tz: args.tz } : {}) },
    );
    return { sources };
  },
});

/** `timeline_build`: the merged UTC timeline with milestones, durations and findings. */
export const timelineTool = defineTool({
  name: "timeline_build",
  title: "Build the incident timeline",
  description:
    "Step 2. Merges all evidence into one UTC timeline and finds the milestones (impactStart, detected, paged, acknowledged, mitigated, recovered, resolved) with evidence references and confidence, durations (time to detect/acknowledge/mitigate/recover/resolve), findings (clock skew, timezone mismatch, gaps, missing sources, suspect changes, error signatures), and the rows of the timeline table.",
  readOnly: true,
  input: {
    paths: z.array(z.string()).min(1).describe("evidence files or folders (an incident's evidence/ folder)"),
    from: z.string().optional().describe("window start, ISO-8601 with zone"),
    to: z.string().optional().describe("window end, ISO-8601 with zone"),
    detail: z.boolean().optional().describe("more rows (bursts less collapsed)"),
    correctSkew: z.boolean().optional().describe("apply clock offsets found between sources"),
    tz: tzShape,
  },
  async run(args, ctx) {
    const ms = (v: string | undefined, name: string) => {
      if (v === undefined) return undefined;
      const t = Date.parse(v);
      if (Number.isNaN(t)) throw new Error(`${name}: "${v}" is not an ISO-8601 time`);
      return t;
    };
    const from = ms(args.from, "from");
    const to = ms(args.to, "to");
    const result = await buildTimeline(
      args.paths.map((p) => resolve(ctx.cwd, p)),
      {
        cwd: ctx.cwd,
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        ...(args.detail ? { detail: true } : {}),
        ...(args.correctSkew ? { correctSkew: true } : {}),
        ...(args.tz ? { tz: args.tz } : {}),
      },
    );
    return result;
  },
});
