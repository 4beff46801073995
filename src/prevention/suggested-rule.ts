/** Why a rule is suggested: which gap in the incident's alerting it closes. */
export type RuleReason =
  /** The failing class had no alert at all. */
  | "no-alert"
  /** An alert fired, more than two minutes after impact began. */
  | "late-alert"
  /** An alert fired in time; this rule is an earlier or tighter complement. */
  | "earlier-signal"
  /** A saturation signal (pool, disk, queue) rose before or with the impact. */
  | "saturation-lead"
  /** An alert fired before impact and was not acted on (warning, chat only). */
  | "ignored-precursor"
  /** Multi-window multi-burn-rate alert on the configured SLO. */
  | "slo-burn";

/** Where the production expression's metric names come from. */
export type ExprOrigin =
  /** The metric name and labels of the collected series (`__name__`). */
  | "metric-name"
  /** The PromQL query recorded with the collected series. */
  | "collected-query"
  /** The left-hand side of an existing alert's expression (its `generatorURL`), same signal class. */
  | "alert-expression"
  /** Nothing names the series: a stand-in name the person replaces with the query behind the file. */
  | "evidence-stand-in";

/** One input series of a backtest, under the name the backtest expression uses. */
export interface BacktestSeries {
  name: string;
  labels: Record<string, string>;
  samples: ReadonlyArray<readonly [number, number]>;
}

/** A Prometheus alerting rule Debrief suggests, with how to test it on the incident's own series. */
export interface SuggestedRule {
  /** Alert name (`OrdersApiErrorRatioHigh`). */
  alert: string;
  /** Rule group it belongs to. */
  group: string;
  /** The PromQL to deploy. */
  expr: string;
  exprOrigin: ExprOrigin;
  /** The same condition over the backtest's input series (equal to `expr` when the evidence names raw metrics). */
  backtestExpr: string;
  /** `for:` in seconds (0 = fire on the first true evaluation). */
  forSeconds: number;
  labels: Record<string, string>;
  /** summary, description, runbook_url (+ dashboard when the evidence has one). */
  annotations: Record<string, string>;
  reason: RuleReason;
  /** One sentence on why, citing the evidence. */
  rationale: string;
  /** Evidence file of the signal. */
  source: string;
  /** Signal class. */
  signal: "errors" | "latency" | "saturation" | "slo";
  threshold: number | null;
  /** Longest range the rule averages over (burn-rate rules), seconds: the backtest needs that much history. */
  windowSeconds?: number;
  /** Runbook stub file name (`orders-api-error-ratio-high.md`). */
  runbook: string;
}

/** `90` → `1m30s`, Prometheus duration syntax. */
export function promDuration(seconds: number): string {
  if (seconds <= 0) return "0s";
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  return `${h > 0 ? `${h}h` : ""}${m > 0 ? `${m}m` : ""}${s > 0 ? `${s}s` : ""}`;
}

/** `orders-api`, `db_pool` → `OrdersApi`, `DbPool`. */
export function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => (w[0] as string).toUpperCase() + w.slice(1))
    .join("");
}

/** `OrdersApiErrorRatioHigh` → `orders-api-error-ratio-high`. */
export function kebab(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();
}

/** Round up to two significant digits (0.01095 → 0.011, 17.2 → 18): thresholds people can read. */
export function niceUp(x: number): number {
  if (!(x > 0)) return 0;
  const p = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Number((Math.ceil(x / p - 1e-9) * p).toPrecision(12));
}

/** A number as PromQL prints it (no exponent for ordinary magnitudes). */
export function promNumber(x: number): string {
  return Number(x.toPrecision(6)).toString();
}
