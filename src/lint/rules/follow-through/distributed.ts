import { z } from "zod";
import type { LintRule } from "../../lint-types.js";
import { parseInstant } from "../rule-helpers.js";
import { isPublished } from "./statuses.js";

const Options = z.object({ maxHours: z.number().positive().default(48) });

/** The report went out within 48 hours of resolution (`distributedAt` vs `resolvedAt`). */
export const distributed: LintRule<z.infer<typeof Options>> = {
  id: "follow-through/distributed",
  description: "Report distributed within 48 h of resolution",
  help: "Memories fade and chat scrolls away; a report distributed within two days gets read and corrected while people still remember. Configure with options.maxHours.",
  defaultSeverity: "warning",
  options: Options,
  check(ctx) {
    const fm = ctx.parsed.postmortem.frontMatter;
    const where = ctx.parsed.frontMatterPosition;
    const resolved = parseInstant(fm.resolvedAt);
    const sent = parseInstant(fm.distributedAt);
    if (fm.resolvedAt && resolved === undefined) {
      ctx.report({ message: `resolvedAt "${String(fm.resolvedAt)}" is not an ISO date or time`, position: where });
    }
    if (fm.distributedAt && sent === undefined) {
      ctx.report({
        message: `distributedAt "${String(fm.distributedAt)}" is not an ISO date or time`,
        position: where,
      });
    }
    if (resolved !== undefined && sent !== undefined) {
      const hours = (sent - resolved) / 3_600_000;
      if (hours > ctx.options.maxHours) {
        ctx.report({
          message: `report distributed ${Math.round(hours)} h after resolution (limit ${ctx.options.maxHours} h)`,
          hint: "Distribute a draft within two days; it can be corrected afterwards.",
          position: where,
        });
      } else if (hours < 0) {
        ctx.report({ message: "distributedAt is before resolvedAt", hint: "Check both times.", position: where });
      }
      return;
    }
    if (isPublished(fm.status) && sent === undefined) {
      ctx.report({
        message: "the report is published but distributedAt is not set",
        hint: "Record when the report was sent (`distributedAt: 2025-02-10T16:00:00Z`).",
        position: where,
      });
    }
  },
};
