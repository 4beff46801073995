import { z } from "zod";
import { readEvidence } from "../evidence/index.js";
import { type Event, toEvent } from "../model/event.js";
import { redactDeep } from "../util/redact/index.js";
import { defineOperation } from "./operation.js";
import { toMs, zInstant, zPath, zTzMap } from "./schemas.js";
import { resolveAllInWorkspace } from "./workspace-path.js";

/** `evidence_events`: the normalised events themselves, in file order, capped so one call cannot flood a client. */
export const evidenceEventsOperation = defineOperation({
  name: "evidence_events",
  title: "Read normalised evidence events",
  description:
    "The events Debrief reads from evidence files, normalised (UTC time, source file:line, level, message, attributes), in file order, optionally limited to a window. Returns at most `limit` events (default 500) and says how many there were.",
  input: z.object({
    paths: z.array(zPath).min(1).describe("evidence files or folders"),
    from: zInstant.optional().describe("only events at or after this time (ISO-8601 with zone)"),
    to: zInstant.optional().describe("only events before this time (ISO-8601 with zone)"),
    limit: z.number().int().positive().max(10_000).optional().describe("most events to return (default 500)"),
    tz: zTzMap.optional(),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true, openWorld: false },
  async run(input, ctx): Promise<{ events: Event[]; total: number; truncated: boolean }> {
    const from = input.from === undefined ? Number.NEGATIVE_INFINITY : toMs("from", input.from);
    const to = input.to === undefined ? Number.POSITIVE_INFINITY : toMs("to", input.to);
    const limit = input.limit ?? 500;
    const events: Event[] = [];
    let total = 0;
    await readEvidence(resolveAllInWorkspace(ctx, input.paths), {
      cwd: ctx.cwd,
      ...(input.tz ? { tz: input.tz } : {}),
      onEvent: (raw) => {
        if (raw.ts < from || raw.ts >= to) return;
        total += 1;
        if (events.length < limit) events.push(toEvent(raw));
      },
    });
    // raw evidence lines leave the machine's files here: credentials masked, as in every other output
    return redactDeep({ events, total, truncated: total > events.length });
  },
});
