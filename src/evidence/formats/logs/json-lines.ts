import type { FormatContext, LineFormat, LineParser } from "../../evidence-format.js";
import { createTimeFields, TimeResolver } from "../../timestamps/index.js";
import { fractionMatching, scoreFromFraction } from "./detect-helpers.js";
import { type Json, jsonLogEvent, levelSeverity, TIME_KEYS, timeValue } from "./json-log-fields.js";
import { createJsonLogFastPath } from "./json-log-shapes.js";

/*
 * One JSON object per line, in the shapes the common structured loggers print:
 *   pino     {"level":30,"time":1739095523123,"pid":1,"hostname":"api-1","msg":"..."}
 *   bunyan   {"name":"api","hostname":"h","pid":1,"level":50,"msg":"...","time":"2025-02-09T10:05:23.123Z","v":0}
 *   winston  {"level":"error","message":"...","timestamp":"2025-02-09T10:05:23.123Z","service":"orders"}
 *   zap      {"level":"error","ts":1739095523.123456,"logger":"api","caller":"x/y.go:42","msg":"..."}
 *   logrus   {"level":"warning","msg":"...","time":"2025-02-09T10:05:23+01:00"}
 *   ECS      {"@timestamp":"...","log.level":"error","message":"...","service.name":"orders","host.name":"h"}
 *            (or nested: {"log":{"level":"error"},"service":{"name":"orders"},"host":{"name":"h"}})
 *   OTel     {"timeUnixNano":"1739095523123000000","severityNumber":17,"severityText":"ERROR",
 *             "body":{"stringValue":"..."},"resource":{"attributes":[{"key":"service.name","value":{...}}]}}
 *   Docker   {"log":"text\n","stream":"stderr","time":"2025-02-09T10:05:23.123456789Z"}
 * Only a fixed set of keys is looked up; everything else is kept as attributes.
 */

/**
 * The JSON-lines parser. `fastPath: false` reads every line with `JSON.parse` (the reference the fast path is
 * tested against).
 */
export function createJsonParser(ctx: FormatContext, options: { fastPath?: boolean } = {}): LineParser {
  const f = createTimeFields();
  const resolver = new TimeResolver(ctx);
  const fast = options.fastPath === false ? undefined : createJsonLogFastPath(f, resolver);
  return {
    push(line, lineNo) {
      let i = 0;
      while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
      if (i === line.length) {
        ctx.skip(lineNo, "empty-line", "");
        return;
      }
      if (line.charCodeAt(i) !== 123) {
        ctx.skip(lineNo, "not-json", line.slice(0, 120));
        return;
      }
      const quick = fast?.(line, i, ctx.path, lineNo);
      // the fast path knows the usual time keys only: a line without one takes the full path (any time-named key)
      if (quick !== undefined && quick !== null) {
        ctx.emit(quick);
        return;
      }
      let o: Json;
      try {
        const parsed: unknown = JSON.parse(line);
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
        o = parsed as Json;
      } catch {
        ctx.skip(lineNo, "invalid-json", line.slice(0, 120));
        return;
      }
      // TIME_KEYS in order, spelled out for monomorphic property reads (see jsonLogEvent)
      let ts = Number.NaN;
      let v: unknown;
      if ((v = o["@timestamp"]) !== undefined) ts = timeValue(v, f, resolver);
      if (Number.isNaN(ts) && (v = o.timestamp) !== undefined) ts = timeValue(v, f, resolver);
      if (Number.isNaN(ts) && (v = o.time) !== undefined) ts = timeValue(v, f, resolver);
      if (Number.isNaN(ts) && (v = o.ts) !== undefined) ts = timeValue(v, f, resolver);
      if (Number.isNaN(ts) && (v = o.timeUnixNano) !== undefined) ts = timeValue(v, f, resolver);
      if (Number.isNaN(ts) && (v = o.observedTimeUnixNano) !== undefined) ts = timeValue(v, f, resolver);
      if (Number.isNaN(ts) && (v = o.datetime) !== undefined) ts = timeValue(v, f, resolver);
      if (Number.isNaN(ts) && (v = o.date) !== undefined) ts = timeValue(v, f, resolver);
      if (Number.isNaN(ts)) ts = anyTimeKey(o, (x) => timeValue(x, f, resolver));
      if (Number.isNaN(ts)) {
        ctx.skip(lineNo, "no-timestamp", line.slice(0, 120));
        return;
      }
      const event = jsonLogEvent(o, ts, ctx.path, lineNo);
      // Serilog's compact JSON (CLEF): `@m` rendered message or `@mt` template, `@l` level (absent: Information)
      if (event.message === "" && o["@t"] !== undefined) {
        const text = typeof o["@m"] === "string" ? o["@m"] : o["@mt"];
        if (typeof text === "string") event.message = text;
        event.severity ??= levelSeverity(o["@l"]) ?? "info";
      }
      ctx.emit(event);
    },
    end() {},
  };
}

/**
 * Any other top-level key named like a time (`__REALTIME_TIMESTAMP` of journald, `eventTime`, `created_at`,
 * `EventReceivedTime`, Serilog CLEF's `@t`, MongoDB's `t: {"$date": …}`, `when`): loggers name their time field in
 * many ways; the value still has to read as an instant.
 */
const TIME_KEY_NAME = /time|date|^ts$|_at$|^@t$|^t$|^when$/i;
/** Durations and limits named after time (`responseTime`, `timeout_ms`, `uptime`): values, not instants. */
const NOT_AN_INSTANT = /duration|elapsed|latency|response|took|ttl|timeout|uptime|runtime|spent|wait/i;
const TIME_KEY_IN_LINE =
  /"[\w.@-]*(?:time|Time|TIME|date|Date|DATE)[\w.@-]*"\s*:|"[\w.]*_at"\s*:|"(?:@t|when)"\s*:|"t"\s*:\s*\{\s*"\$date"/;

function anyTimeKey(o: Json, read: (v: unknown) => number): number {
  for (const k in o) {
    if (!TIME_KEY_NAME.test(k) || NOT_AN_INSTANT.test(k)) continue;
    const v = o[k];
    // MongoDB 4.4+ writes `"t": {"$date": "…"}`
    if (typeof v !== "string" && typeof v !== "number" && !(v !== null && typeof v === "object" && "$date" in v))
      continue;
    const ts = read(v);
    if (!Number.isNaN(ts)) return ts;
  }
  return Number.NaN;
}

function looksJsonLog(line: string): boolean | null {
  const t = line.trimStart();
  if (t.charCodeAt(0) !== 123) return false;
  // Cheap structural check; the real parse happens in the parser. Object lines without a time key (or cut short)
  // neither confirm nor refute: a JSON-lines log may have a few, a JSON document's `{` line is one of them.
  if (!t.trimEnd().endsWith("}")) return null;
  for (const k of TIME_KEYS) if (t.includes(`"${k}"`)) return true;
  return TIME_KEY_IN_LINE.test(t) ? true : null;
}

/** JSON-lines application logs (pino, bunyan, winston, zap, logrus, Elastic ECS, OpenTelemetry, Docker json-file). */
export const jsonLinesFormat: LineFormat = {
  id: "json-lines",
  samples: [
    [
      '{"level":30,"time":1739095523123,"pid":4211,"hostname":"api-7f9c","msg":"request completed","req":{"id":"req-1","method":"GET","url":"/api/orders"},"res":{"statusCode":200},"responseTime":12}',
      '{"level":50,"time":1739095524500,"pid":4211,"hostname":"api-7f9c","err":{"type":"Error","message":"connect ECONNREFUSED 10.0.3.7:5432","stack":"Error: connect ECONNREFUSED 10.0.3.7:5432\\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1595:16)"},"msg":"database connection failed"}',
      '{"level":60,"time":1739095525001,"pid":4211,"hostname":"api-7f9c","msg":"shutting down"}',
    ].join("\n"),
    [
      '{"level":"info","ts":1739095523.123456,"logger":"gateway","caller":"server/server.go:87","msg":"upstream healthy","upstream":"orders"}',
      '{"level":"error","ts":1739095524.5,"logger":"gateway","caller":"proxy/proxy.go:212","msg":"upstream timeout","upstream":"orders","error":"context deadline exceeded","stacktrace":"main.proxy\\n\\t/app/proxy/proxy.go:212"}',
      '{"level":"dpanic","ts":1739095525.000999,"logger":"gateway","caller":"proxy/proxy.go:300","msg":"invariant violated"}',
    ].join("\n"),
  ],
  description: "JSON lines from pino, bunyan, winston, zap, logrus, Elastic ECS, OpenTelemetry or Docker json-file",
  kind: "log",
  shape: "lines",
  detect(sample) {
    // A JSON document (an array, a pretty-printed object) is not JSON lines: its first line alone is not an object.
    return scoreFromFraction(fractionMatching(sample, looksJsonLog), 0.95, 0.7);
  },
  createParser: (ctx) => createJsonParser(ctx),
};
