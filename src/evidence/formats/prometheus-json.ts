import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import type { LocatedJson } from "../json-located.js";
import { docHead, isRecord, itemExcerpt, type JsonRecord, parseDocument, str } from "./document-helpers.js";

/**
 * A stable key for a series: `name{a="1",b="2"}` with labels sorted, the way PromQL prints it, so the same series
 * from two files or two queries gets the same key.
 */
export function seriesKey(labels: Record<string, string>): string {
  const name = labels.__name__ ?? "";
  const rest = Object.keys(labels)
    .filter((k) => k !== "__name__")
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(",");
  return rest.length > 0 || name.length === 0 ? `${name}{${rest}}` : name;
}

function labelsOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
  return out;
}

/** Prometheus renders sample values as strings (`"0.25"`, `"NaN"`, `"+Inf"`). */
function sampleValue(raw: unknown): number | undefined {
  if (typeof raw === "number") return raw;
  if (typeof raw !== "string") return undefined;
  const t = raw.trim();
  if (t === "NaN") return Number.NaN;
  if (t === "+Inf" || t === "Inf") return Number.POSITIVE_INFINITY;
  if (t === "-Inf") return Number.NEGATIVE_INFINITY;
  if (t === "" || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

interface SeriesInfo {
  labels: Record<string, string>;
  key: string;
  service: string | null;
  host: string | null;
}

function seriesInfo(metric: unknown): SeriesInfo {
  const labels = labelsOf(metric);
  return {
    labels,
    key: seriesKey(labels),
    service: labels.service ?? labels.app ?? labels.job ?? null,
    host: labels.instance ?? labels.pod ?? labels.node ?? null,
  };
}

function emitSample(
  ctx: FormatContext,
  doc: LocatedJson,
  s: SeriesInfo,
  point: unknown,
  fallbackLine: number,
  query: string | null,
): void {
  const line = Array.isArray(point) ? doc.lineOf(point) : fallbackLine;
  const at = line === 1 ? fallbackLine : line;
  if (!Array.isArray(point) || point.length !== 2 || doc.isPartial(point)) {
    ctx.skip(at, "invalid-sample", itemExcerpt(point));
    return;
  }
  const t = point[0];
  const ts =
    typeof t === "number" ? Math.round(t * 1000) : typeof t === "string" ? Math.round(Number(t) * 1000) : Number.NaN;
  const value = sampleValue(point[1]);
  if (!Number.isFinite(ts) || value === undefined) {
    ctx.skip(at, "invalid-sample", itemExcerpt(point));
    return;
  }
  const attributes: Record<string, unknown> = {
    metric: s.labels,
    value: Number.isFinite(value) ? value : null,
    series: s.key,
  };
  // JSON has no NaN/Inf: keep Prometheus' own spelling next to the null
  if (!Number.isFinite(value)) attributes.raw = String(point[1]);
  if (query) attributes.query = query;
  ctx.emit({
    ts,
    path: ctx.path,
    line: at,
    kind: "metric",
    severity: null,
    service: s.service,
    host: s.host,
    actor: null,
    message: `${s.key} = ${String(point[1])}`,
    attributes,
  });
}

/**
 * Prometheus HTTP API responses of `/api/v1/query` and `/api/v1/query_range`: `{"status":"success","data":
 * {"resultType":"matrix"|"vector"|"scalar"|"string","result":...}}`. One `metric` event per sample point, with
 * compact attributes `{metric: labels, value, series, query?}` (the query when the file carries one, as Debrief's
 * collector does in a top-level `query` field). Timestamps are Unix seconds, so the zone is UTC from the data.
 */
export const prometheusJson: DocumentFormat = {
  id: "prometheus-json",
  samples: [
    '{"status": "success", "data": {"resultType": "matrix", "result": [{"metric": {"code": "200", "job": "orders-api", "instance": "10.0.3.14:8080"}, "values": [[1739095500, "41.2"], [1739095515, "40.8"], [1739095530, "39.95"]]}, {"metric": {"code": "503", "job": "orders-api", "instance": "10.0.3.14:8080"}, "values": [[1739095500, "0"], [1739095515, "12.5"], [1739095530, "+Inf"]]}]}}',
    '{"status": "success", "data": {"resultType": "vector", "result": [{"metric": {"__name__": "up", "job": "orders-api", "instance": "10.0.3.14:8080"}, "value": [1739095523.123, "1"]}, {"metric": {"__name__": "up", "job": "orders-db", "instance": "10.0.5.2:9187"}, "value": [1739095523.123, "0"]}]}}',
  ],
  description: "Prometheus HTTP API query/query_range response JSON (matrix, vector, scalar, string)",
  kind: "metric",
  shape: "document",
  detect(sample) {
    if (docHead(sample.text) !== "{") return 0;
    if (/"resultType"\s*:/.test(sample.text) && /"(status|data)"\s*:/.test(sample.text)) return 0.97;
    if (/"status"\s*:\s*"error"/.test(sample.text) && /"errorType"\s*:/.test(sample.text)) return 0.9;
    return 0;
  },
  parse(text, ctx) {
    const doc = parseDocument(text, ctx);
    const root = doc.value;
    if (!isRecord(root)) {
      if (!doc.problem) ctx.skip(1, "unexpected-shape", itemExcerpt(root));
      return;
    }
    if (root.status === "error") {
      ctx.warn?.(`Prometheus returned an error: ${str(root.errorType) ?? "error"}: ${str(root.error) ?? ""}`.trim());
      ctx.skip(doc.lineOf(root), "api-error", str(root.error) ?? "");
      return;
    }
    const data = root.data;
    const query = str(root.query);
    if (!isRecord(data)) {
      if (!doc.problem) ctx.skip(doc.lineOf(root), "unexpected-shape", 'expected "data": {"resultType", "result"}');
      return;
    }
    ctx.noteZoneFromData("UTC");
    const type = data.resultType;
    const result = data.result;
    const dataLine = doc.lineOf(data);
    if (type === "scalar" || type === "string") {
      if (!Array.isArray(result)) return;
      if (type === "scalar") {
        emitSample(ctx, doc, { labels: {}, key: "scalar", service: null, host: null }, result, dataLine, query);
        return;
      }
      const ts = typeof result[0] === "number" ? Math.round(result[0] * 1000) : Number.NaN;
      if (!Number.isFinite(ts)) {
        ctx.skip(doc.lineOf(result), "invalid-sample", itemExcerpt(result));
        return;
      }
      ctx.emit({
        ts,
        path: ctx.path,
        line: doc.lineOf(result),
        kind: "metric",
        severity: null,
        service: null,
        host: null,
        actor: null,
        message: String(result[1]),
        attributes: { metric: {}, value: null, series: "string", text: String(result[1]), ...(query ? { query } : {}) },
      });
      return;
    }
    if (!Array.isArray(result)) {
      if (!doc.problem) ctx.skip(dataLine, "unexpected-shape", 'expected "result" to be an array');
      return;
    }
    for (const item of result) {
      const itemLine = doc.lineOf(item);
      if (!isRecord(item)) {
        ctx.skip(itemLine, "unexpected-shape", itemExcerpt(item));
        continue;
      }
      const s = seriesInfo(item.metric);
      if (type === "vector" || (type === undefined && "value" in item)) {
        if ("value" in item) emitSample(ctx, doc, s, item.value, itemLine, query);
        else if ("histogram" in item) ctx.skip(itemLine, "native-histogram", s.key);
        else ctx.skip(itemLine, "invalid-sample", itemExcerpt(item));
        continue;
      }
      const values = (item as JsonRecord).values;
      if (Array.isArray(values)) for (const point of values) emitSample(ctx, doc, s, point, itemLine, query);
      const histograms = (item as JsonRecord).histograms;
      if (Array.isArray(histograms) && histograms.length > 0) {
        // native histograms have no single value; count them so nothing disappears silently
        for (const h of histograms) ctx.skip(doc.lineOf(h) === 1 ? itemLine : doc.lineOf(h), "native-histogram", s.key);
      }
      if (!Array.isArray(values) && !Array.isArray(histograms)) ctx.skip(itemLine, "invalid-sample", itemExcerpt(item));
    }
  },
};
