import { z } from "zod";

/**
 * What `data` holds for the tools agents call most, declared in their output schemas so an agent knows the shape
 * before calling. Loose objects: fields not listed still come through. Lists may be one page of the whole (see
 * `page` in the envelope); strings read from evidence are `{ quotedEvidence, source }` objects, so rows are not
 * typed field by field. Tools not listed declare `data` as an object.
 * @module
 */

const ref = z.object({ path: z.string(), line: z.number() });
const rows = z.array(z.unknown());

/** `data` schemas by tool name. */
export const RESULT_DATA_SCHEMAS: Readonly<Record<string, z.ZodType<Record<string, unknown>>>> = {
  evidence_inventory: z.looseObject({
    sources: z.array(z.looseObject({ path: z.string(), format: z.string(), lines: z.number(), events: z.number() })),
  }),
  timeline_build: z.looseObject({
    window: z.looseObject({ start: z.string(), end: z.string() }),
    milestones: z.record(
      z.string(),
      z.looseObject({ time: z.string(), confidence: z.number(), evidence: z.array(ref) }),
    ),
    durations: z.record(z.string(), z.number().nullable()),
    entries: rows.describe("timeline rows: time, event (quoted evidence), source, actor, kind, count, evidence"),
    findings: rows,
    templates: rows,
  }),
  postmortem_draft: z.looseObject({ path: z.string(), written: z.boolean(), blocks: rows, problems: rows }),
  postmortem_edit_section: z.looseObject({ path: z.string(), section: z.string(), hash: z.string() }),
  postmortem_lint: z.looseObject({
    errorCount: z.number(),
    warningCount: z.number(),
    infoCount: z.number(),
    findings: z.array(
      z.looseObject({
        file: z.string(),
        line: z.number(),
        rule: z.string(),
        severity: z.string(),
        message: z.string(),
        hint: z.string(),
      }),
    ),
  }),
  postmortem_card: z.looseObject({
    position_card: z.looseObject({
      agent: z.string(),
      claims: z.array(z.looseObject({ claim: z.string(), evidence: z.array(z.string()) })),
      plan: z.array(z.string()),
      evidence_pointers: rows,
      confidence: z.looseObject({ level: z.string(), score: z.number(), basis: z.array(z.string()) }),
      risks: z.array(z.string()),
    }),
  }),
  report_render: z.looseObject({ format: z.string(), out: z.string(), bytes: z.number() }),
};
