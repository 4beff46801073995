import type { LintRule } from "../../lint-types.js";
import { findSection, headingPosition } from "../rule-helpers.js";
import { readRowTimes } from "./row-times.js";

/** Times are in UTC and the zone is stated. */
export const utcTimes: LintRule = {
  id: "timeline/utc",
  description: "Timeline times are in UTC with the zone stated",
  help: 'Evidence from several systems and readers in several zones only line up in UTC; say so once ("All times UTC" or a Time (UTC) column) or suffix times with Z.',
  defaultSeverity: "warning",
  check(ctx) {
    const section = findSection(ctx.parsed, "timeline");
    const rows = ctx.parsed.postmortem.timeline;
    if (!section || rows.length === 0) return;
    const { times } = readRowTimes(rows);
    for (const t of times) {
      if (t.zone && !t.utc) {
        ctx.report({
          message: `time "${t.row.time.trim()}" is in ${t.zone}, not UTC`,
          hint: "Convert the time to UTC so it lines up with the evidence and the other rows.",
          position: t.row.position,
        });
      }
    }
    const stated = /\b(UTC|GMT)\b/.test(`${section.heading}\n${section.markdown}`);
    if (!stated && times.some((t) => !t.zone)) {
      ctx.report({
        message: "timeline times have no time zone",
        hint: 'State the zone once ("All times UTC" under the heading or a "Time (UTC)" column) or write times like 10:05Z.',
        position: headingPosition(section),
      });
    }
  },
};
