import type { PreventionResult } from "./suggest-prevention.js";
import { promDuration } from "./suggested-rule.js";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/**
 * The "Prevention (suggested)" section: each rule with why, its backtest (would have fired when, against the
 * actual detection; false alarms per week over the baseline), runbook stubs and action items with checks. Used by
 * `debrief suggest` and the report.
 */
export function renderPreventionMarkdown(p: PreventionResult, options: { heading?: string } = {}): string {
  const out: string[] = [`${options.heading ?? "##"} Prevention (suggested — confirm before adopting)`, ""];
  if (p.rules.length === 0) {
    out.push(
      "No alerting rule suggested: no metric series in the evidence separates the incident from its baseline.",
      "",
    );
    return out.join("\n");
  }
  const check =
    p.check === null ? "not run (promtool not installed)" : p.check.ok ? "passed" : `FAILED: ${p.check.output}`;
  out.push(`\`promtool check rules\`: ${check}.`, "");
  out.push("| Alert | Why | Fires when | Backtest on this incident |", "| --- | --- | --- | --- |");
  for (const r of p.rules) {
    const b = p.backtest?.rules.find((x) => x.alert === r.alert);
    const cond = `\`${r.expr}\`${r.forSeconds > 0 ? ` for ${promDuration(r.forSeconds)}` : ""}`;
    out.push(
      `| ${r.alert} (${r.labels.severity}) | ${cell(r.rationale)} | ${cell(cond)} | ${cell(b ? b.summary : (p.backtestSkipped ?? "—"))} |`,
    );
  }
  out.push("");
  if (p.backtest) {
    out.push(
      `Backtest: ${p.backtest.engine}, one evaluation every ${p.backtest.intervalSeconds} s over the collected series (${p.backtest.evaluations.toLocaleString("en-US")} rule evaluations, ${(p.backtest.durationMs / 1000).toFixed(1)} s). False alarms are firings that started before ${p.facts.baselineEnd === null ? "impact" : new Date(p.facts.baselineEnd).toISOString().slice(11, 19)} UTC (the baseline).`,
      "",
    );
  }
  if (p.runbooks.length > 0) {
    out.push("Runbook stubs:", "", ...p.runbooks.map((r) => `- \`runbooks/${r.file}\` — ${r.title}`), "");
  }
  if (p.actionItems.length > 0) {
    out.push("Action items with checks (the check says whether the pattern recurred):", "");
    out.push("| Action | Check | Runbook |", "| --- | --- | --- |");
    for (const a of p.actionItems)
      out.push(`| ${cell(a.action)} | ${a.check.kind}: \`${cell(a.check.value)}\` | ${cell(a.runbook)} |`);
    out.push(
      "",
      "Once an item is in the Action Items table, its check goes in the post-mortem's front matter (the item's own id; `closed:` when done):",
      "",
      "```yaml",
      "checks:",
      ...p.actionItems.flatMap((a, i) => [
        `  AI-${String(i + 1).padStart(3, "0")}:`,
        `    ${a.check.kind}: ${JSON.stringify(a.check.value)}`,
      ]),
      "```",
      "",
    );
  }
  return out.join("\n");
}
