import type { LintRule } from "../../lint-types.js";
import { headingPosition } from "../rule-helpers.js";

const SIGN_OFF_HEADING = /\b(?:sign[- ]?offs?|approvals?|approved by|review(?:ers)? sign[- ]?off)\b/i;
const APPROVER_COLUMN = /^(?:approver|approved by|approval|name|signed off by|sign[- ]?off|reviewer|owner|signature)$/i;
const EMPTY = /^(?:|-+|—|–|tbd|tbc|\?+|n\/a|_+|pending|todo)$/i;

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((c) => c.replace(/[*_`]/g, "").trim());
}

/** A sign-off table names who approved the report: no row without an approver, and at least one row. */
export const signOff: LintRule = {
  id: "follow-through/sign-off",
  description: "A sign-off table has an approver on every row",
  help: "A sign-off table records who approved the report and when. A row without an approver, or a table with no rows, means the report has not been signed off.",
  defaultSeverity: "warning",
  check(ctx) {
    for (const section of ctx.parsed.postmortem.sections) {
      if (!SIGN_OFF_HEADING.test(section.heading)) continue;
      const lines = section.markdown.split("\n");
      const start = lines.findIndex((l) => l.trim().startsWith("|"));
      if (start < 0) continue;
      const header = cells(lines[start] ?? "");
      const col = header.findIndex((h) => APPROVER_COLUMN.test(h));
      if (col < 0) continue;
      const rows = lines.slice(start + 1).filter((l) => l.trim().startsWith("|") && !/^\s*\|?\s*:?-{3,}/.test(l));
      const position = headingPosition(section);
      if (rows.length === 0) {
        ctx.report({
          message: `sign-off table under "${section.heading}" has no rows`,
          hint: "Add a row per approver with their name and the date they approved.",
          position,
        });
        continue;
      }
      rows.forEach((row, i) => {
        if (EMPTY.test(cells(row)[col] ?? "")) {
          ctx.report({
            message: `sign-off row ${i + 1} under "${section.heading}" has no approver`,
            hint: `Fill in the ${header[col]} column, or remove the row.`,
            position,
          });
        }
      });
    }
  },
};
