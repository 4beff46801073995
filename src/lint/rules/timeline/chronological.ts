import type { LintRule } from "../../lint-types.js";
import { readRowTimes } from "./row-times.js";

/** Timeline rows are in time order. */
export const chronological: LintRule = {
  id: "timeline/chronological",
  description: "Timeline rows are in chronological order",
  help: "Readers reconstruct cause and effect from the order of rows; an out-of-order row suggests a typo or a time zone mix-up.",
  defaultSeverity: "error",
  check(ctx) {
    const { times, unreadable } = readRowTimes(ctx.parsed.postmortem.timeline);
    for (let i = 1; i < times.length; i++) {
      const prev = times[i - 1];
      const cur = times[i];
      if (!prev || !cur || cur.ms >= prev.ms) continue;
      ctx.report({
        message: `row at ${cur.row.time.trim()} comes after ${prev.row.time.trim()}`,
        hint: "Move the row to its place in time, or correct the time (check the zone and the date).",
        position: cur.row.position,
      });
    }
    for (const row of unreadable) {
      ctx.report({
        message: `timeline time "${row.time.trim()}" is not a time`,
        hint: "Write times as 2025-02-09 10:05 or 10:05:23, in UTC.",
        position: row.position,
        soften: true,
      });
    }
  },
};
