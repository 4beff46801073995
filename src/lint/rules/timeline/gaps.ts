import { z } from "zod";
import type { LintRule } from "../../lint-types.js";
import { readRowTimes } from "./row-times.js";

const Options = z.object({ maxGapMinutes: z.number().positive().default(60) });
const EXPLAINED =
  /\b(monitor(?:ed|ing)?|wait(?:ed|ing)?|observ(?:ed|ing)|no change|quiet|overnight|paused?|gap|stable|watch(?:ed|ing)?)\b/i;
// a long-running step that starts in one row and ends in the next explains the silence between them
const LONG_RUNNING =
  /\b(starts?|started|begins?|began|in progress|running|copy(?:ing)?|restor(?:e|ing)|rebuild(?:ing)?|re-?sync(?:ing)?)\b/i;
const IMPACT_START = /\bimpact (?:start|begins|began|starts)\b/i;

/** No unexplained silence longer than the limit between consecutive rows. */
export const gaps: LintRule<z.infer<typeof Options>> = {
  id: "timeline/gaps",
  description: "No unexplained gaps between timeline rows",
  help: "A long silence in the middle of an incident usually hides something: investigation, waiting on a vendor, a false recovery. Say what happened. Configure the limit with options.maxGapMinutes.",
  defaultSeverity: "warning",
  options: Options,
  check(ctx) {
    const limit = ctx.options.maxGapMinutes * 60_000;
    const { times } = readRowTimes(ctx.parsed.postmortem.timeline);
    // quiet time before the impact started (the trigger, the build-up) is not part of the response
    const startAt = Math.max(
      0,
      times.findIndex((t) => IMPACT_START.test(t.row.event)),
    );
    for (let i = startAt + 1; i < times.length; i++) {
      const prev = times[i - 1];
      const cur = times[i];
      if (!prev || !cur || cur.ms - prev.ms <= limit) continue;
      if (EXPLAINED.test(prev.row.event) || EXPLAINED.test(cur.row.event) || LONG_RUNNING.test(prev.row.event))
        continue;
      const minutes = Math.round((cur.ms - prev.ms) / 60_000);
      ctx.report({
        message: `${minutes} min with no timeline entry between ${prev.row.time.trim()} and ${cur.row.time.trim()}`,
        hint: `Say what happened during the gap (investigation, waiting, monitoring) or add the missing rows; the limit is ${ctx.options.maxGapMinutes} min.`,
        position: cur.row.position,
      });
    }
  },
};
