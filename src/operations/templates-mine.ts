import { z } from "zod";
import type { EvidenceSource } from "../model/evidence-source.js";
import { type MinedLine, type MineFileResult, mineTemplatesInFile } from "../timeline/templates/index.js";
import { itemStream } from "./item-stream.js";
import { defineStreamingOperation } from "./operation.js";
import { zPath } from "./schemas.js";
import { resolveInWorkspace } from "./workspace-path.js";

/** What reading the file skipped or warned about, per source (the full accounting is `evidence_inventory`'s). */
export interface MinedSourceNotes {
  path: string;
  skipped: { total: number; byReason: Record<string, number> };
  warnings: string[];
}

/** What `templates_mine` found besides the templates themselves (and all a stream of mined lines ends with). */
export interface TemplatesSummary {
  events: number;
  totalTemplates: number;
  sources: MinedSourceNotes[];
  /** The file changed between the miner's two reads; the output covers the first. */
  changedWhileReading: boolean;
}

/** One template, its times as ISO-8601 (null when the events carried none). */
export interface MinedTemplate {
  templateId: string;
  template: string;
  count: number;
  first: string | null;
  last: string | null;
}

function notesOf(sources: readonly EvidenceSource[]): MinedSourceNotes[] {
  return sources.map((s) => ({
    path: s.path,
    skipped: { total: s.skipped.total, byReason: { ...s.skipped.byReason } },
    warnings: [...(s.warnings ?? [])],
  }));
}

function summaryOf(result: MineFileResult): TemplatesSummary {
  return {
    events: result.events,
    totalTemplates: result.templates.length,
    sources: notesOf(result.sources),
    changedWhileReading: result.changedWhileReading,
  };
}

const iso = (ms: number): string | null => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);

/**
 * `templates_mine`: log templates with counts. `run` returns the most frequent templates; `stream` (the CLI's
 * `debrief templates --json`) yields every event's mined line in file order, then the summary.
 */
export const templatesMineOperation = defineStreamingOperation({
  name: "templates_mine",
  title: "Mine log templates",
  description:
    "Groups the messages of one log file into templates with variables masked as <*> (Drain-like), with counts and first/last times, most frequent first. Useful to find the incident's error signature.",
  input: z.object({
    file: zPath.describe("one evidence file"),
    format: z.string().min(1).optional().describe("force this evidence format id instead of detecting it"),
    top: z.number().int().positive().optional().describe("how many templates to return (default 50)"),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true, openWorld: false },
  async run(input, ctx): Promise<TemplatesSummary & { templates: MinedTemplate[] }> {
    const result = await mineTemplatesInFile(resolveInWorkspace(ctx, input.file), {
      cwd: ctx.cwd,
      ...(input.format !== undefined ? { format: input.format } : {}),
    });
    return {
      events: result.events,
      templates: result.templates.slice(0, input.top ?? 50).map((t) => ({
        ...t,
        first: iso(t.first),
        last: iso(t.last),
      })),
      totalTemplates: result.templates.length,
      sources: notesOf(result.sources),
      changedWhileReading: result.changedWhileReading,
    };
  },
  stream(input, ctx) {
    return itemStream<MinedLine, TemplatesSummary>(async (emit) => {
      const result = await mineTemplatesInFile(resolveInWorkspace(ctx, input.file), {
        cwd: ctx.cwd,
        ...(input.format !== undefined ? { format: input.format } : {}),
        onLine: emit,
      });
      return summaryOf(result);
    });
  },
});
