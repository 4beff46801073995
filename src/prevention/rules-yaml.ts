import { stringify } from "yaml";
import { promDuration, type SuggestedRule } from "./suggested-rule.js";

/**
 * Prometheus rule files (`groups:` → `rules:` with `alert`, `expr`, `for`, `labels`, `annotations`) as `promtool
 * check rules` reads them. `variant: "backtest"` writes each rule's backtest expression instead, without
 * annotations, and evaluates every `intervalSeconds`.
 */
export function renderRulesYaml(
  rules: readonly SuggestedRule[],
  options: { variant?: "deploy" | "backtest"; intervalSeconds?: number; header?: string } = {},
): string {
  const backtest = options.variant === "backtest";
  const groups = new Map<string, SuggestedRule[]>();
  for (const r of rules) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
  const doc = {
    groups: [...groups.entries()].map(([name, list]) => ({
      name,
      ...(options.intervalSeconds ? { interval: `${options.intervalSeconds}s` } : {}),
      rules: list.map((r) => ({
        alert: r.alert,
        expr: backtest ? r.backtestExpr : r.expr,
        ...(r.forSeconds > 0 ? { for: promDuration(r.forSeconds) } : {}),
        labels: r.labels,
        ...(backtest ? {} : { annotations: r.annotations }),
      })),
    })),
  };
  const body = stringify(doc, { lineWidth: 0 });
  return options.header ? `${options.header.replace(/^/gm, "# ")}\n${body}` : body;
}
