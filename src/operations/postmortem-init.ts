import { z } from "zod";
import { type InitEntry, initIncident, prepareInitInput } from "../postmortem/index.js";
import { defineOperation } from "./operation.js";
import { zInstant, zPath } from "./schemas.js";
import { resolveInWorkspace } from "./workspace-path.js";

/** `postmortem_init`: create an incident folder. */
export const postmortemInitOperation = defineOperation({
  name: "postmortem_init",
  title: "Create an incident folder",
  description:
    "Creates DIR with a postmortem.md skeleton (front matter and every standard section), an evidence/ folder and debrief.yaml. Never overwrites existing files; reports what it kept.",
  input: z.object({
    dir: zPath.describe("the incident folder to create"),
    title: z.string().min(1),
    start: zInstant.describe("window start, ISO-8601 with zone, e.g. 2025-02-09T10:00:00Z"),
    end: zInstant.optional().describe("window end, ISO-8601 with zone"),
    severity: z.string().describe("SEV1 (worst) to SEV5"),
    services: z.array(z.string()).optional(),
    authors: z.array(z.string()).optional(),
    timezone: z.string().optional().describe("IANA zone for evidence timestamps without one (default UTC)"),
    id: z.string().optional().describe("incident id (default derived from the start date and title)"),
  }),
  annotations: { readOnly: false, destructive: false, idempotent: true, openWorld: false },
  async run(input, ctx): Promise<{ id: string; dir: string; entries: InitEntry[] }> {
    const prepared = prepareInitInput({
      title: input.title,
      start: input.start,
      severity: input.severity,
      ...(input.end ? { end: input.end } : {}),
      ...(input.services ? { service: input.services } : {}),
      ...(input.authors ? { author: input.authors } : {}),
      ...(input.timezone ? { timezone: input.timezone } : {}),
      ...(input.id ? { id: input.id } : {}),
    });
    const dir = resolveInWorkspace(ctx, input.dir);
    const entries = await initIncident(dir, prepared);
    return { id: prepared.id, dir, entries };
  },
});
