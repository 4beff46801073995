import type { LintFormatter } from "./lint-formatter.js";

const COLORS = { error: 31, warning: 33, info: 36 } as const;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Compiler-style text: `path:line:col severity rule message`, the hint indented below, then a summary line. */
export const textFormatter: LintFormatter = {
  name: "text",
  format(result, _rules, options = {}) {
    const paint = (code: number, s: string) => (options.color ? `\u001b[${code}m${s}\u001b[39m` : s);
    const dim = (s: string) => (options.color ? `\u001b[2m${s}\u001b[22m` : s);
    const out: string[] = [];
    for (const f of result.findings) {
      out.push(`${f.file}:${f.line}:${f.column} ${paint(COLORS[f.severity], f.severity)} ${f.rule} ${f.message}`);
      out.push(dim(`    ${f.hint}`));
    }
    out.push(
      `${plural(result.errorCount, "error")}, ${plural(result.warningCount, "warning")}, ${plural(result.infoCount, "info")} in ${plural(result.files.length, "file")}`,
    );
    return `${out.join("\n")}\n`;
  },
};
