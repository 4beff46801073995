import { z } from "zod";
import { mineTemplatesInFile } from "../timeline/templates/index.js";
import { defineOperation } from "./operation.js";
import { zPath } from "./schemas.js";
import { resolveInWorkspace } from "./workspace-path.js";

/** `templates_mine`: log templates with counts. */
export const templatesMineOperation = defineOperation({
  name: "templates_mine",
  title: "Mine log templates",
  description:
    "Groups the messages of one log file into templates with variables masked as <*> (Drain-like), with counts and first/last times, most frequent first. Useful to find the incident's error signature.",
  input: z.object({
    file: zPath.describe("one evidence file"),
    top: z.number().int().positive().max(1000).optional().describe("how many templates to return (default 50)"),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true, openWorld: false },
  async run(input, ctx) {
    const result = await mineTemplatesInFile(resolveInWorkspace(ctx, input.file), { cwd: ctx.cwd });
    return {
      events: result.events,
      templates: result.templates.slice(0, input.top ?? 50).map((t) => ({
        ...t,
        first: new Date(t.first).toISOString(),
        last: new Date(t.last).toISOString(),
      })),
      totalTemplates: result.templates.length,
    };
  },
});
