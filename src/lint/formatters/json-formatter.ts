import type { LintFormatter } from "./lint-formatter.js";

/** A JSON array of findings: `{file, line, column, endLine, endColumn, rule, severity, message, hint}`. */
export const jsonFormatter: LintFormatter = {
  name: "json",
  format(result) {
    const rows = result.findings.map((f) => ({
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      hint: f.hint,
    }));
    return `${JSON.stringify(rows, null, 2)}\n`;
  },
};
