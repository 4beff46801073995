import type { DocumentFormat } from "../evidence-format.js";
import { createTimeFields, TimeResolver } from "../timestamps/index.js";
import { docHead, isRecord, type JsonRecord, parseDocument } from "./document-helpers.js";
import { jsonLogEvent, TIME_KEYS, timeValue } from "./logs/json-log-fields.js";

/** Keys whose array holds the records in the wrappers cloud CLIs and APIs print. */
const WRAPPERS = ["records", "events", "entries", "logs", "logEvents", "value", "items", "data", "results", "hits"];
/** Other keys named like an instant (`eventTime`, `receiveTimestamp`, `created_at`), but not durations. */
const TIME_KEY_NAME = /time|date|^ts$|_at$/i;
/** camelCase instants (`createdAt`, `updatedAt`, `finishedAt`), as JavaScript, Go and Java APIs name them. */
const CAMEL_AT = /[a-z]At$/;
const NOT_AN_INSTANT = /duration|elapsed|latency|response|took|ttl|timeout|uptime|runtime|spent|wait|ingestion/i;
/** A line of a pretty-printed document holding a time-named key with a date or epoch value. */
const TIME_LINE =
  /^\s*"(?:@timestamp|timestamp|Timestamp|time|ts|[\w.@-]*(?:Time|time|Date|date|_at|[a-z]At))"\s*:\s*(?:"\d{4}-\d\d-\d\d|\d{10,19})/m;

function recordsOf(root: unknown): unknown[] | null {
  if (Array.isArray(root)) return root;
  if (!isRecord(root)) return null;
  for (const k of WRAPPERS) {
    const v = root[k];
    if (Array.isArray(v)) return v;
    // Elasticsearch `_search`: {"hits": {"hits": [{"_source": {...}}]}}
    if (isRecord(v) && Array.isArray(v.hits)) return v.hits;
  }
  // any other wrapper a vendor names (`{"builds": [...]}`, `{"StackEvents": [...]}`): its longest list of objects
  let best: unknown[] | null = null;
  for (const v of Object.values(root)) {
    if (Array.isArray(v) && v.length > (best?.length ?? 0) && v.some(isRecord)) best = v;
  }
  // no list at all: the document is one record (`kubectl get -o json` of one object, one API response)
  return best ?? [root];
}

/**
 * A JSON (or YAML) document that is a list of log records rather than one record per line: `aws logs
 * get-log-events` / `filter-log-events` (`{"events": [{"timestamp": ms, "message": …}]}`), `gcloud logging read
 * --format=json` (an array of LogEntry), Azure Monitor exports (`{"records": […]}`), `az monitor activity-log list`,
 * Elasticsearch `_search` hits, a saved array of JSON log lines. Each record is one event on the line of its time key
 * (where a reader sees the record's time), read with the JSON-lines reader's keys (time, level, message, host). Scores low: every specific document format
 * wins. Documented: https://docs.aws.amazon.com/cli/latest/reference/logs/get-log-events.html,
 * https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry,
 * https://learn.microsoft.com/en-us/azure/azure-monitor/essentials/resource-logs-schema.
 */
export const jsonLogDocument: DocumentFormat = {
  id: "json-log-document",
  description: "A JSON document listing log records (CloudWatch events, gcloud logging read, Azure records, ES hits)",
  kind: "log",
  shape: "document",
  samples: [
    JSON.stringify(
      {
        events: [
          { timestamp: 1741082405123, message: "START RequestId: 8f5e Version: $LATEST", ingestionTime: 1741082406000 },
          { timestamp: 1741082405456, message: "ERROR Unhandled exception", ingestionTime: 1741082406000 },
        ],
        nextForwardToken: "f/1",
      },
      null,
      2,
    ),
  ],
  sampleName: "events.json",
  detect(sample) {
    const t = sample.text;
    const head = docHead(t);
    if (head !== "[" && head !== "{") return 0;
    // one complete object per line is JSON lines, not a document
    const first = sample.lines.find((l) => l.trim().length > 0)?.trim() ?? "";
    if (first.startsWith("{") && first.endsWith("}") && first.length > 2) return 0;
    let timed = 0;
    for (const line of sample.lines.slice(0, 400)) if (TIME_LINE.test(line)) timed++;
    return timed >= 2 || (timed === 1 && sample.lines.length < 40) ? 0.55 : 0;
  },
  parse(text, ctx) {
    const doc = parseDocument(text, ctx);
    const records = recordsOf(doc.value);
    if (!records) {
      if (doc.value !== undefined && !doc.problem) ctx.skip(1, "unexpected-shape", "expected a list of log records");
      return;
    }
    const f = createTimeFields();
    const resolver = new TimeResolver(ctx);
    const lines = text.split("\n");
    /** The line of the record's time key: where a reader of the pretty-printed file sees the record's time. */
    const keyLine = (from: number, key: string): number => {
      const quoted = `"${key}"`;
      for (let i = from - 1; i < Math.min(lines.length, from + 200); i++) if (lines[i]?.includes(quoted)) return i + 1;
      return from;
    };
    for (const item of records) {
      const line = doc.lineOf(item);
      const o: JsonRecord | null = isRecord(item) ? (isRecord(item._source) ? item._source : item) : null;
      if (!o) {
        ctx.skip(line, "unexpected-shape", String(item).slice(0, 120));
        continue;
      }
      let ts = Number.NaN;
      let timeKey = "";
      for (const k of TIME_KEYS) {
        if (o[k] === undefined) continue;
        ts = timeValue(o[k], f, resolver);
        timeKey = k;
        if (!Number.isNaN(ts)) break;
      }
      if (Number.isNaN(ts)) {
        for (const k in o) {
          const v = o[k];
          if (
            !(TIME_KEY_NAME.test(k) || CAMEL_AT.test(k)) ||
            NOT_AN_INSTANT.test(k) ||
            (typeof v !== "string" && typeof v !== "number")
          )
            continue;
          ts = timeValue(v, f, resolver);
          timeKey = k;
          if (!Number.isNaN(ts)) break;
        }
      }
      if (Number.isNaN(ts)) {
        ctx.skip(line, "no-timestamp", JSON.stringify(o).slice(0, 120));
        continue;
      }
      const event = jsonLogEvent(o, ts, ctx.path, keyLine(line, timeKey));
      // GCP LogEntry: the text is in textPayload or jsonPayload.message; Azure resource logs name an operation
      if (event.message.length === 0 || event.message.startsWith("{")) {
        const text = [o.textPayload, isRecord(o.jsonPayload) ? o.jsonPayload.message : null, o.operationName].find(
          (v): v is string => typeof v === "string" && v.length > 0,
        );
        if (text) event.message = text;
      }
      ctx.emit(event);
    }
  },
};
