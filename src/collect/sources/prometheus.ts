import { z } from "zod";
import { seriesKey } from "../../evidence/formats/prometheus-json.js";
import { FetchFailure } from "../../util/http-client.js";
import type { CollectSource, CollectTask, SourceContext, TaskResult } from "../collect-source.js";
import { iso } from "../collect-source.js";
import { type Endpoint, endpointOf, urlOf } from "./endpoint.js";

/** Prometheus refuses a range query that would return more than this many points per series. */
export const PROMETHEUS_MAX_POINTS = 11_000;

const NICE_STEPS = [15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];

/** The default resolution: about 1,000 points over the range, never finer than 15 s (a common scrape interval). */
export function defaultStep(rangeSeconds: number): number {
  const wanted = rangeSeconds / 1000;
  return NICE_STEPS.find((s) => s >= wanted) ?? Math.ceil(wanted / 86400) * 86400;
}

/**
 * Split `[from, to]` (seconds) into sub-ranges of at most `maxPoints` evaluation points each, on the same step grid
 * as a single request would use, with no point evaluated twice.
 */
export function splitRange(
  from: number,
  to: number,
  step: number,
  maxPoints: number,
): Array<{ start: number; end: number }> {
  const total = Math.floor((to - from) / step) + 1;
  const out: Array<{ start: number; end: number }> = [];
  for (let first = 0; first < total; first += maxPoints) {
    const last = Math.min(total, first + maxPoints) - 1;
    out.push({ start: from + first * step, end: from + last * step });
  }
  return out;
}

const Sample = z.tuple([z.number(), z.string()]);
const Series = z.object({
  metric: z.record(z.string(), z.string()),
  values: z.array(Sample).optional(),
  histograms: z.array(z.unknown()).optional(),
});
/** `/api/v1/query_range` success body. */
export const PromRangeResponse = z.object({
  status: z.literal("success"),
  data: z.object({ resultType: z.literal("matrix"), result: z.array(Series) }),
  warnings: z.array(z.string()).optional(),
});
type Series = z.infer<typeof Series>;

const RuntimeInfo = z.object({
  status: z.literal("success"),
  data: z.object({ storageRetention: z.string().optional() }).passthrough(),
});

/** Merge the series of several range responses: same labels → one series, samples sorted, duplicates dropped. */
export function mergeSeries(parts: Series[][]): Series[] {
  const byKey = new Map<
    string,
    { metric: Record<string, string>; values: Map<number, string>; histograms: unknown[] }
  >();
  for (const part of parts) {
    for (const s of part) {
      const key = seriesKey(s.metric);
      let entry = byKey.get(key);
      if (!entry) {
        entry = { metric: s.metric, values: new Map(), histograms: [] };
        byKey.set(key, entry);
      }
      for (const [t, v] of s.values ?? []) if (!entry.values.has(t)) entry.values.set(t, v);
      if (s.histograms) entry.histograms.push(...s.histograms);
    }
  }
  return [...byKey.values()].map((e) => ({
    metric: e.metric,
    values: [...e.values.entries()].sort((a, b) => a[0] - b[0]),
    ...(e.histograms.length > 0 ? { histograms: e.histograms } : {}),
  }));
}

/** A `query_range` response body in Prometheus' own shape, one series per line, with the query for the reader. */
export function renderRangeResponse(query: string, step: number, from: number, to: number, result: Series[]): string {
  const head = `{"status":"success","query":${JSON.stringify(query)},"step":${step},"start":${from},"end":${to},"data":{"resultType":"matrix","result":[`;
  return `${head}\n${result.map((s) => JSON.stringify(s)).join(",\n")}\n]}}\n`;
}

/** Prometheus durations (`15d`, `100y`, `1w2d`) in ms; undefined when there is none (size-only retention). */
export function parsePromDuration(text: string): number | undefined {
  const m = /^((\d+)y)?((\d+)w)?((\d+)d)?((\d+)h)?((\d+)m(?!s))?((\d+)s)?((\d+)ms)?/.exec(text.trim());
  if (!m || m[0].length === 0) return undefined;
  const n = (i: number) => Number(m[i] ?? 0);
  return n(2) * 365 * 864e5 + n(4) * 7 * 864e5 + n(6) * 864e5 + n(8) * 36e5 + n(10) * 6e4 + n(12) * 1e3 + n(14);
}

/** The PromQL collected when `debrief.yaml` names none: the golden signals by service. `$rate` is the rate window. */
export const DEFAULT_PROMQL: Array<{ name: string; query: string }> = [
  { name: "request-rate", query: "sum by (service) (rate(http_requests_total[$rate]))" },
  {
    name: "error-ratio",
    query:
      'sum by (service) (rate(http_requests_total{code=~"5.."}[$rate])) / sum by (service) (rate(http_requests_total[$rate]))',
  },
  {
    name: "latency-p99",
    query: "histogram_quantile(0.99, sum by (service, le) (rate(http_request_duration_seconds_bucket[$rate])))",
  },
  {
    name: "saturation-cpu",
    query: '1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[$rate]))',
  },
];

/** Prometheus HTTP API: configured (or default) PromQL over the padded window, and alert history from `ALERTS`. */
export const prometheusSource: CollectSource = {
  name: "prometheus",
  enabled: (s) => s.prometheus !== undefined,
  async plan(ctx) {
    const cfg = ctx.settings.prometheus;
    if (!cfg) return [];
    const ep = endpointOf(cfg.url, ctx.scrubber, { bearer: ctx.credentials.PROMETHEUS_TOKEN });
    const from = Math.floor(ctx.window.from / 1000);
    const to = Math.ceil(ctx.window.to / 1000);
    const retention = await retentionGap(ctx, ep, from);
    const queries = cfg.queries && cfg.queries.length > 0 ? cfg.queries : DEFAULT_PROMQL;
    const tasks: CollectTask[] = queries.map((q) => {
      const step = (q as { step?: number }).step ?? defaultStep(to - from);
      const query = q.query.replaceAll("$rate", `${Math.max(60, 4 * step)}s`);
      return rangeTask(ctx, ep, `query:${q.name}`, `prometheus/${q.name}.json`, query, step, from, to, retention, true);
    });
    if (cfg.alerts !== false) {
      const step = defaultStep(to - from);
      tasks.push(
        rangeTask(ctx, ep, "alerts", "prometheus/alerts-history.json", "ALERTS", step, from, to, retention, false),
      );
    }
    return tasks;
  },
};

/** Why data before `from` may be gone: the server's retention ends after it. Undefined when the window is covered. */
async function retentionGap(ctx: SourceContext, ep: Endpoint, from: number): Promise<string | undefined> {
  try {
    const res = await ctx.http.request({
      url: urlOf(ep, "/api/v1/status/runtimeinfo"),
      headers: ep.headers,
      schema: RuntimeInfo,
    });
    const text = res.data.data.storageRetention;
    const ms = text === undefined ? undefined : parsePromDuration(text);
    if (ms === undefined) return undefined;
    const oldest = Date.now() - ms;
    if (oldest > from * 1000) {
      return `retention shorter than the window: the server keeps ${text}, so nothing before ${iso(oldest)} remains`;
    }
  } catch (error) {
    // an old server or a proxy without /status: the first-sample check still catches missing history, and a
    // server that is down or refuses us fails each query on its own so the manifest lists every one
    if (!(error instanceof FetchFailure)) throw error;
  }
  return undefined;
}

function rangeTask(
  ctx: SourceContext,
  ep: Endpoint,
  key: string,
  file: string,
  query: string,
  step: number,
  from: number,
  to: number,
  retention: string | undefined,
  checkFirstSample: boolean,
): CollectTask {
  return {
    key,
    endpoint: ctx.scrubber.url(`${ep.base}/api/v1/query_range`),
    query,
    from: from * 1000,
    to: to * 1000,
    async run(): Promise<TaskResult> {
      const ranges = splitRange(from, to, step, ctx.limits.prometheusMaxPoints);
      const parts: Series[][] = [];
      const warnings: string[] = [];
      for (const [i, r] of ranges.entries()) {
        if (ranges.length > 1) ctx.log(`prometheus ${key}: part ${i + 1}/${ranges.length}`);
        try {
          const res = await ctx.http.request({
            url: urlOf(ep, "/api/v1/query_range", { query, start: r.start, end: r.end, step }),
            headers: ep.headers,
            schema: PromRangeResponse,
          });
          parts.push(res.data.data.result);
          warnings.push(...(res.data.warnings ?? []));
        } catch (error) {
          if (parts.length === 0 || !(error instanceof FetchFailure)) throw error;
          const result = mergeSeries(parts);
          const got = ranges[i - 1]?.end ?? from;
          return {
            outputs: result.length > 0 ? [output(file, query, step, from, got, result)] : [],
            partial: { reason: `only ${iso(from * 1000)} – ${iso(got * 1000)} fetched`, error: error.message },
          };
        }
      }
      const result = mergeSeries(parts);
      if (result.length === 0) {
        return { outputs: [], emptyReason: retention ?? "no series matched the query in the window" };
      }
      const out = output(file, query, step, from, to, result);
      const first = Math.min(...result.map((s) => s.values?.[0]?.[0] ?? Number.POSITIVE_INFINITY));
      const late = Number.isFinite(first) && first - from > Math.max(10 * step, (to - from) / 10);
      const lateText = late
        ? `first sample at ${iso(first * 1000)}, ${Math.round((first - from) / 60)} min after the requested start`
        : undefined;
      if (retention) return { outputs: [out], partial: { reason: lateText ? `${retention}; ${lateText}` : retention } };
      const notes = [
        ...(lateText && checkFirstSample ? [`${lateText} (the series may be newer than the window)`] : []),
        ...warnings.map((w) => `Prometheus warning: ${w}`),
      ];
      return { outputs: [out], ...(notes.length > 0 ? { note: notes.join("; ") } : {}) };
    },
  };
}

function output(file: string, query: string, step: number, from: number, to: number, result: Series[]) {
  const rows = result.reduce((n, s) => n + (s.values?.length ?? 0) + (s.histograms?.length ?? 0), 0);
  return { file, content: renderRangeResponse(query, step, from, to, result), rows };
}
