import { promValue } from "./formats.js";
import type { Rng } from "./prng.js";
import { POD_GENERATIONS, type PodGeneration, T } from "./scenario.js";
import { LATENCY_BUCKETS, type TrafficAggregates } from "./traffic.js";

/** Query step in seconds, as a Grafana panel over 90 minutes would ask for. */
export const STEP_SECONDS = 15;

/** One Prometheus range-query series. */
interface Series {
  metric: Record<string, string>;
  values: [number, string][];
}

/** A Prometheus `query_range` HTTP API response body (`/api/v1/query_range`). */
export interface QueryRangeResponse {
  status: "success";
  data: { resultType: "matrix"; result: Series[] };
}

function evalTimes(): number[] {
  const times: number[] = [];
  for (let t = T.logStart; t <= T.logEnd; t += STEP_SECONDS * 1000) times.push(t);
  return times;
}

/** Sum of a per-second array over the `[1m]` range ending at `t` (the 60 seconds before it). */
function windowSum(arr: Uint32Array, t: number): number {
  const end = Math.floor((t - T.simStart) / 1000);
  let sum = 0;
  for (let s = Math.max(0, end - 60); s < end; s++) sum += arr[s] ?? 0;
  return sum;
}

function response(result: Series[]): QueryRangeResponse {
  return { status: "success", data: { resultType: "matrix", result } };
}

/** The PromQL behind each metrics file, recorded for the README and for `debrief.yaml`'s collect section. */
export const QUERIES = {
  byCode: 'sum by (code) (rate(http_requests_total{namespace="shop",service="orders-api"}[1m]))',
  errorRatio:
    'sum(rate(http_requests_total{namespace="shop",service="orders-api",code=~"5.."}[1m])) / sum(rate(http_requests_total{namespace="shop",service="orders-api"}[1m]))',
  latencyP99:
    'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="shop",service="orders-api"}[1m])))',
  dbPool: 'max by (pod) (db_pool_connections_in_use{namespace="shop",service="orders-api"})',
} as const;

/** Request rate by status code: a series per code from the first time that code was counted. */
export function requestRateByCode(agg: TrafficAggregates): QueryRangeResponse {
  const result: Series[] = [];
  for (const code of [...agg.byCode.keys()].sort((a, b) => a - b)) {
    const arr = agg.byCode.get(code)!;
    const values: [number, string][] = [];
    let seen = false;
    for (const t of evalTimes()) {
      const n = windowSum(arr, t);
      if (n > 0) seen = true;
      if (seen) values.push([t / 1000, promValue(n / 60)]);
    }
    result.push({ metric: { code: String(code) }, values });
  }
  return response(result);
}

/** The 5xx share of all requests: a single series with an empty label set. */
export function errorRatio(agg: TrafficAggregates): QueryRangeResponse {
  const values: [number, string][] = [];
  for (const t of evalTimes()) {
    let all = 0;
    let bad = 0;
    for (const [code, arr] of agg.byCode) {
      const n = windowSum(arr, t);
      all += n;
      if (code >= 500) bad += n;
    }
    values.push([t / 1000, promValue(all === 0 ? Number.NaN : bad / 60 / (all / 60))]);
  }
  return response([{ metric: {}, values }]);
}

/** `histogram_quantile` as Prometheus computes it: linear interpolation inside the bucket holding the rank. */
export function histogramQuantile(q: number, bounds: readonly number[], cumulative: readonly number[]): number {
  const total = cumulative[cumulative.length - 1] ?? 0;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  let b = cumulative.findIndex((c) => c >= rank);
  if (b === -1) b = cumulative.length - 1;
  if (b >= bounds.length) return bounds[bounds.length - 1] ?? Number.NaN;
  const lower = b === 0 ? 0 : (bounds[b - 1] ?? 0);
  const upper = bounds[b] ?? 0;
  const below = b === 0 ? 0 : (cumulative[b - 1] ?? 0);
  const inBucket = (cumulative[b] ?? 0) - below;
  if (inBucket === 0) return upper;
  return lower + (upper - lower) * ((rank - below) / inBucket);
}

/** p99 request latency in seconds. */
export function latencyP99(agg: TrafficAggregates): QueryRangeResponse {
  const values: [number, string][] = [];
  for (const t of evalTimes()) {
    const cumulative: number[] = [];
    let acc = 0;
    for (const arr of agg.buckets) {
      acc += windowSum(arr, t);
      cumulative.push(acc / 60);
    }
    values.push([t / 1000, promValue(histogramQuantile(0.99, LATENCY_BUCKETS, cumulative))]);
  }
  return response([{ metric: {}, values }]);
}

/** Connections in use in a pod's pool (max 20) at `t`, following the story. */
export function poolInUse(gen: PodGeneration, index: number, t: number, rng: Rng): number {
  const jitter = rng.range(0, 2);
  let v: number;
  if (gen.version === "2.2.4") v = 1 + jitter;
  else if (gen === POD_GENERATIONS[1]) {
    const x = Math.max(0, Math.min(1, (t - T.deployDone) / (T.impactStart - T.deployDone)));
    v = t < T.impactStart ? 2 + Math.round(14 * x ** 1.3) + jitter : 18 + jitter;
  } else if (gen === POD_GENERATIONS[2]) {
    const x = Math.max(0, Math.min(1, (t - gen.from) / (T.poolExhausted - gen.from)));
    v = t < T.poolExhausted ? 2 + Math.round(16 * x) + (jitter % 2) : 20;
  } else {
    v = t < T.mitigated ? 12 + index + jitter : 2 + Math.round(16 * Math.exp(-(t - T.mitigated) / 60_000)) + jitter;
  }
  return Math.min(20, v);
}

/** Pool connections in use per pod; a pod's series exists only while it is scraped. */
export function dbPool(rng: Rng): QueryRangeResponse {
  const result: Series[] = [];
  for (const gen of POD_GENERATIONS) {
    gen.pods.forEach((pod, i) => {
      const values: [number, string][] = [];
      for (const t of evalTimes()) {
        if (t < gen.from || t >= gen.to + i * 1900) continue;
        values.push([t / 1000, promValue(poolInUse(gen, i, t, rng))]);
      }
      if (values.length > 0) result.push({ metric: { pod }, values });
    });
  }
  result.sort((a, b) => (a.metric.pod ?? "").localeCompare(b.metric.pod ?? ""));
  return response(result);
}

/** Serialise a response byte for byte as the API sends it (compact JSON, no final newline), as `curl -o` saves it. */
export function serialiseResponse(r: QueryRangeResponse): string {
  return JSON.stringify(r);
}

/** First alert-rule evaluation (every 15 s) from which `value > threshold` held for `forMs`: the alert's firing time. */
export function firingTime(series: QueryRangeResponse, threshold: number, forMs: number): number | undefined {
  const values = series.data.result[0]?.values ?? [];
  let pendingSince: number | undefined;
  for (const [ts, raw] of values) {
    const v = Number(raw);
    const t = ts * 1000;
    if (v > threshold) {
      pendingSince ??= t;
      if (t - pendingSince >= forMs) return t;
    } else pendingSince = undefined;
  }
  return undefined;
}
