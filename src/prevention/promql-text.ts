/**
 * The little PromQL text handling prevention needs: split an alert expression at its top-level comparison, and
 * write selectors. Parsing is left to Prometheus itself (`promtool check rules` validates everything written).
 */

/** `lhs > 0.05` → `{lhs, op: ">", rhs: 0.05}`; null when the top level holds no comparison with a number. */
export function splitComparison(expr: string): { lhs: string; op: string; rhs: number } | null {
  let depth = 0;
  let quote: string | null = null;
  let found: { at: number; op: string } | null = null;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i] as string;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "(" || c === "{" || c === "[") depth++;
    else if (c === ")" || c === "}" || c === "]") depth--;
    else if (depth === 0 && (c === ">" || c === "<" || c === "=" || c === "!")) {
      const two = expr.slice(i, i + 2);
      const op = [">=", "<=", "==", "!="].includes(two) ? two : c === ">" || c === "<" ? c : null;
      if (op) {
        found = { at: i, op };
        i += op.length - 1;
      }
    }
  }
  if (!found) return null;
  const rhsText = expr
    .slice(found.at + found.op.length)
    .replace(/^\s*bool\s+/, "")
    .trim();
  const rhs = Number(rhsText);
  if (rhsText.length === 0 || !Number.isFinite(rhs)) return null;
  return { lhs: expr.slice(0, found.at).trim(), op: found.op, rhs };
}

/** `name{a="1"}` with label values escaped the way PromQL reads them. */
export function selector(name: string, labels: Record<string, string> = {}): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return parts.length > 0 ? `${name}{${parts.join(",")}}` : name;
}

/** Replace every range selector duration (`[1m]`, `[5m]`) with `range`: the same ratio over another window. */
export function withRange(expr: string, range: string): string {
  return expr.replace(/\[\s*\d+(ms|s|m|h|d|w|y)(\d+(ms|s|m|h|d|w|y))*\s*\]/g, `[${range}]`);
}

/** A metric name Prometheus accepts, from any text (`metrics-db-pool` → `metrics_db_pool`). */
export function metricName(text: string): string {
  const s = text.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  return /^[A-Za-z_]/.test(s) ? s : `m_${s}`;
}
