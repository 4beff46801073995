import type { FormatContext, LineFormat, LineParser } from "../evidence-format.js";
import { seriesKey } from "./prometheus-json.js";

const SAMPLE_START = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{|\s)/;
const VALUE = /^[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|NaN|[+-]?Inf)$/;

/** Parse `name{a="x",b="y\"z"} value [timestamp]`; returns null when the line is not a sample. */
export function parseExpositionSample(
  line: string,
): { labels: Record<string, string>; value: number; raw: string; timestamp: string | undefined } | null {
  let i = 0;
  const n = line.length;
  while (i < n && /[a-zA-Z0-9_:]/.test(line.charAt(i))) i++;
  const name = line.slice(0, i);
  if (name.length === 0) return null;
  const labels: Record<string, string> = { __name__: name };
  if (line.charAt(i) === "{") {
    i++;
    for (;;) {
      while (line.charAt(i) === " " || line.charAt(i) === ",") i++;
      if (line.charAt(i) === "}") {
        i++;
        break;
      }
      const ks = i;
      while (i < n && /[a-zA-Z0-9_]/.test(line.charAt(i))) i++;
      const key = line.slice(ks, i);
      if (key.length === 0 || line.charAt(i) !== "=" || line.charAt(i + 1) !== '"') return null;
      i += 2;
      let value = "";
      for (;;) {
        if (i >= n) return null;
        const c = line.charAt(i);
        if (c === "\\") {
          const e = line.charAt(i + 1);
          value += e === "n" ? "\n" : e;
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      labels[key] = value;
    }
  }
  // OpenMetrics exemplars follow ` # `; they are not part of the sample
  const hash = line.indexOf(" # ", i);
  const rest = (hash >= 0 ? line.slice(i, hash) : line.slice(i)).trim().split(/\s+/);
  const raw = rest[0] ?? "";
  if (!VALUE.test(raw) || rest.length > 2) return null;
  const value = raw.endsWith("Inf") ? (raw.startsWith("-") ? -Infinity : Infinity) : Number(raw);
  return { labels, value, raw, timestamp: rest[1] };
}

function createParser(ctx: FormatContext): LineParser {
  let noted = false;
  return {
    push(line, lineNo) {
      const t = line.trim();
      if (t.length === 0) {
        ctx.skip(lineNo, "blank", line);
        return;
      }
      if (t.startsWith("#")) {
        ctx.skip(lineNo, "metadata", line);
        return;
      }
      const s = parseExpositionSample(t);
      if (!s) {
        ctx.skip(lineNo, "invalid-sample", line);
        return;
      }
      if (s.timestamp === undefined) {
        ctx.skip(lineNo, "no-timestamp", line);
        return;
      }
      const num = Number(s.timestamp);
      if (!Number.isFinite(num)) {
        ctx.skip(lineNo, "invalid-timestamp", line);
        return;
      }
      // Prometheus text uses integer milliseconds, OpenMetrics float seconds: the magnitude tells them apart
      const ts = Math.abs(num) < 1e11 ? Math.round(num * 1000) : Math.round(num);
      if (!noted) {
        noted = true;
        ctx.noteZoneFromData("UTC");
      }
      const key = seriesKey(s.labels);
      const { __name__: _name, ...labels } = s.labels;
      const attributes: Record<string, unknown> = {
        metric: s.labels,
        value: Number.isFinite(s.value) ? s.value : null,
        series: key,
      };
      if (!Number.isFinite(s.value)) attributes.raw = s.raw;
      ctx.emit({
        ts,
        path: ctx.path,
        line: lineNo,
        kind: "metric",
        severity: null,
        service: labels.service ?? labels.app ?? labels.job ?? null,
        host: labels.instance ?? labels.pod ?? null,
        actor: null,
        message: `${key} = ${s.raw}`,
        attributes,
      });
    },
    end() {},
  };
}

/**
 * Prometheus text exposition and OpenMetrics (`# TYPE`/`# HELP` comments, `name{labels} value [timestamp]`, `# EOF`).
 * Only samples with a timestamp become events: a plain `/metrics` scrape has none, and inventing the scrape time
 * would put wrong instants on the timeline, so those lines are counted as `no-timestamp` skips; comment lines are
 * counted as `metadata`.
 */
export const prometheusText: LineFormat = {
  id: "prometheus-text",
  samples: [
    [
      "# HELP http_requests_total The total number of HTTP requests.",
      "# TYPE http_requests_total counter",
      'http_requests_total{method="post",code="200"} 1027 1739095523000',
      'http_requests_total{method="post",code="400"}    3 1739095523000',
      'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9 1739095524000',
      "# HELP process_cpu_seconds_total Total user and system CPU time.",
      "# TYPE process_cpu_seconds_total counter",
      'go_goroutines{job="orders-api"} +Inf 1739095525000',
    ].join("\n"),
  ],
  description: "Prometheus text exposition / OpenMetrics (samples with timestamps)",
  kind: "metric",
  shape: "lines",
  detect(sample) {
    let meta = 0;
    let samples = 0;
    let other = 0;
    for (const l of sample.lines.slice(0, 200)) {
      if (l.length === 0) continue;
      if (/^# (TYPE|HELP|UNIT) [a-zA-Z_:]/.test(l) || l === "# EOF") meta++;
      else if (SAMPLE_START.test(l) && parseExpositionSample(l) !== null) samples++;
      else other++;
    }
    if (samples === 0) return 0;
    if (meta > 0 && other === 0) return 0.95;
    return other === 0 ? 0.5 : samples / (samples + other) > 0.8 ? 0.4 : 0;
  },
  createParser,
};
