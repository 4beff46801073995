import { z } from "zod";
import { readEvidence } from "../evidence/index.js";
import { type Event, toEvent } from "../model/event.js";
import type { EvidenceSource } from "../model/evidence-source.js";
import { redactDeep } from "../util/redact/index.js";
import { evidenceReadFields, evidenceReadOptions } from "./evidence-read-input.js";
import { itemStream } from "./item-stream.js";
import { defineStreamingOperation } from "./operation.js";
import { toMs, zInstant } from "./schemas.js";

/**
 * `evidence_events`: the normalised events themselves, in file order. `run` caps them so one call cannot flood a
 * client and masks credentials; `stream` (the CLI's `debrief evidence --events`) yields every event as read from the
 * user's own files, then the sources.
 */
export const evidenceEventsOperation = defineStreamingOperation({
  name: "evidence_events",
  title: "Read normalised evidence events",
  description:
    "The events Debrief reads from evidence files, normalised (UTC time, source file:line, level, message, attributes), in file order, optionally limited to a window. Returns at most `limit` events (default 500) and says how many there were.",
  input: z.object({
    ...evidenceReadFields,
    from: zInstant.optional().describe("only events at or after this time (ISO-8601 with zone)"),
    to: zInstant.optional().describe("only events before this time (ISO-8601 with zone)"),
    limit: z.number().int().positive().max(10_000).optional().describe("most events to return (default 500)"),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true, openWorld: false },
  async run(input, ctx): Promise<{ events: Event[]; total: number; truncated: boolean }> {
    const from = input.from === undefined ? Number.NEGATIVE_INFINITY : toMs("from", input.from);
    const to = input.to === undefined ? Number.POSITIVE_INFINITY : toMs("to", input.to);
    const limit = input.limit ?? 500;
    const events: Event[] = [];
    let total = 0;
    const { paths, options } = await evidenceReadOptions(input, ctx);
    await readEvidence(paths, {
      ...options,
      onEvent: (raw) => {
        if (raw.ts < from || raw.ts >= to) return;
        total += 1;
        if (events.length < limit) events.push(toEvent(raw));
      },
    });
    // raw evidence lines leave the machine's files here: credentials masked, as in every other output
    return redactDeep({ events, total, truncated: total > events.length });
  },
  // every event in file order, on one thread; `limit` does not apply, and nothing is masked: the CLI prints the
  // user's own files to the user's terminal, as `cat` would
  stream(input, ctx) {
    const from = input.from === undefined ? Number.NEGATIVE_INFINITY : toMs("from", input.from);
    const to = input.to === undefined ? Number.POSITIVE_INFINITY : toMs("to", input.to);
    return itemStream<Event, { sources: EvidenceSource[] }>(async (emit) => {
      const { paths, options } = await evidenceReadOptions(input, ctx);
      const { sources } = await readEvidence(paths, {
        ...options,
        onEvent: (raw) => {
          if (raw.ts >= from && raw.ts < to) emit(toEvent(raw));
        },
      });
      return { sources };
    });
  },
});
