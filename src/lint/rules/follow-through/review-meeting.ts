import { z } from "zod";
import type { LintRule } from "../../lint-types.js";
import { parseInstant } from "../rule-helpers.js";
import { isPublished } from "./statuses.js";

const Options = z.object({ maxDays: z.number().positive().default(3) });

/** The review meeting (front matter `reviewMeeting`) is held within a few days of resolution, while memory is fresh. */
export const reviewMeeting: LintRule<z.infer<typeof Options>> = {
  id: "follow-through/review-meeting",
  description: "A review meeting is scheduled within 3 days of resolution",
  help: "Hold the post-incident review while people remember what they saw and believed: set `reviewMeeting: 2025-02-11T15:00:00Z` in the front matter. Configure with options.maxDays.",
  defaultSeverity: "warning",
  options: Options,
  check(ctx) {
    const fm = ctx.parsed.postmortem.frontMatter as Record<string, unknown>;
    const where = ctx.parsed.frontMatterPosition;
    const raw = fm.reviewMeeting ?? fm.reviewMeetingAt ?? fm.review_meeting;
    const resolved = parseInstant(fm.resolvedAt);
    const meeting = parseInstant(raw);
    if (raw !== undefined && raw !== null && meeting === undefined) {
      ctx.report({ message: `reviewMeeting "${String(raw)}" is not an ISO date or time`, position: where });
      return;
    }
    if (meeting === undefined) {
      // a draft may not have one yet; a published report should
      if (isPublished(String(fm.status ?? "")) && resolved !== undefined) {
        ctx.report({
          message: "no review meeting scheduled",
          hint: `Schedule the review within ${ctx.options.maxDays} days of resolution and record it as reviewMeeting in the front matter.`,
          position: where,
        });
      }
      return;
    }
    if (resolved === undefined) return;
    const days = (meeting - resolved) / 86_400_000;
    if (days > ctx.options.maxDays) {
      ctx.report({
        message: `review meeting is ${Math.round(days * 10) / 10} days after resolution (limit ${ctx.options.maxDays})`,
        hint: "Bring the review forward; details fade within days.",
        position: where,
      });
    }
  },
};
