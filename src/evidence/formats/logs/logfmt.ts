import type { EventSeverity } from "../../../model/event.js";
import type { FormatContext, LineFormat, LineParser } from "../../evidence-format.js";
import { createTimeFields, epochStringToMs, scanTimestamp, TimeResolver } from "../../timestamps/index.js";
import { fractionMatching, scoreFromFraction } from "./detect-helpers.js";
import { mapSeverity } from "./severity.js";

/*
 * logfmt (Heroku, Go kit, Go slog TextHandler, Grafana/Loki/Prometheus components):
 *   ts=2025-02-09T10:05:23.123Z level=error caller=db.go:42 msg="query failed: \"timeout\"" duration=1.2s
 *   time=2025-02-09T10:05:23.123+01:00 level=INFO msg=hello user=42
 * Values are bare words or double-quoted with backslash escapes (\" \\ \n \t).
 */

const TIME_KEYS = new Set(["ts", "time", "timestamp", "t", "@timestamp", "date"]);
const LEVEL_KEYS = new Set(["level", "lvl", "severity", "at"]);
const MESSAGE_KEYS = new Set(["msg", "message", "event"]);

/** Parse a logfmt line into pairs; returns null when it is not logfmt (no `key=` at the start). */
export function parseLogfmt(line: string): [string, string][] | null {
  const pairs: [string, string][] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && line.charCodeAt(i) === 32) i++;
    if (i >= n) break;
    const ks = i;
    while (i < n) {
      const c = line.charCodeAt(i);
      if (c === 61 || c === 32 || c === 34) break;
      i++;
    }
    if (i === ks) return null;
    const key = line.slice(ks, i);
    if (i >= n || line.charCodeAt(i) !== 61) {
      // A bare key is a boolean flag in logfmt.
      if (i < n && line.charCodeAt(i) === 34) return null;
      pairs.push([key, "true"]);
      continue;
    }
    i++;
    if (line.charCodeAt(i) === 34) {
      i++;
      let v = "";
      let closed = false;
      let chunk = i;
      while (i < n) {
        const c = line.charCodeAt(i);
        if (c === 92 && i + 1 < n) {
          v += line.slice(chunk, i);
          const e = line[i + 1]!;
          v += e === "n" ? "\n" : e === "t" ? "\t" : e === "r" ? "\r" : e;
          i += 2;
          chunk = i;
          continue;
        }
        if (c === 34) {
          v += line.slice(chunk, i);
          closed = true;
          i++;
          break;
        }
        i++;
      }
      if (!closed) return null;
      pairs.push([key, v]);
    } else {
      const vs = i;
      while (i < n && line.charCodeAt(i) !== 32) i++;
      pairs.push([key, line.slice(vs, i)]);
    }
  }
  return pairs.length > 0 ? pairs : null;
}

/**
 * Firewalls write the date and the clock as two keys (FortiOS `date=2025-02-09 time=10:05:23 … tz="-0800"`, Sophos
 * `date="2025-02-09" time="10:05:23"`; https://docs.fortinet.com/document/fortigate/7.4.0/fortios-log-message-reference):
 * a date-only `date` value is read together with `time` and `tz`.
 */
function joinDateTime(date: string, pairs: readonly [string, string][]): string {
  if (date.includes(":")) return date;
  const time = pairs.find(([k]) => k === "time")?.[1];
  if (time === undefined) return date;
  const tz = pairs.find(([k]) => k === "tz")?.[1];
  return `${date} ${time}${tz ? ` ${tz}` : ""}`;
}

function createLogfmtParser(ctx: FormatContext): LineParser {
  const f = createTimeFields();
  const resolver = new TimeResolver(ctx);
  return {
    push(line, lineNo) {
      if (line.trim().length === 0) {
        ctx.skip(lineNo, "empty-line", "");
        return;
      }
      const pairs = parseLogfmt(line);
      if (!pairs) {
        ctx.skip(lineNo, "invalid-logfmt", line.slice(0, 120));
        return;
      }
      let ts = Number.NaN;
      let severity: EventSeverity | null = null;
      let message: string | null = null;
      let service: string | null = null;
      let host: string | null = null;
      const attributes: Record<string, unknown> = {};
      for (const [k, v] of pairs) {
        if (Number.isNaN(ts) && TIME_KEYS.has(k)) {
          const c = v.charCodeAt(0);
          if (c >= 48 && c <= 57 && !v.includes("-") && !v.includes(":")) {
            ts = epochStringToMs(v);
            if (!Number.isNaN(ts)) resolver.noteZone(0);
          } else if (scanTimestamp(k === "date" ? joinDateTime(v, pairs) : v, 0, f) > 0) ts = resolver.toEpoch(f);
          if (!Number.isNaN(ts)) continue;
        }
        if (severity === null && LEVEL_KEYS.has(k)) {
          severity = mapSeverity(v);
          if (severity !== null) {
            attributes.level = v;
            continue;
          }
        }
        if (message === null && MESSAGE_KEYS.has(k)) {
          message = v;
          continue;
        }
        if (service === null && (k === "service" || k === "app" || k === "component")) service = v;
        if (host === null && (k === "host" || k === "hostname")) host = v;
        attributes[k] = v;
      }
      if (Number.isNaN(ts)) {
        ctx.skip(lineNo, "no-timestamp", line.slice(0, 120));
        return;
      }
      ctx.emit({
        ts,
        path: ctx.path,
        line: lineNo,
        kind: "log",
        severity,
        service,
        host,
        actor: null,
        // Without msg=, the pairs themselves are the message (Heroku router lines).
        message: message ?? line.trim(),
        attributes,
      });
    },
    end() {},
  };
}

function looksLogfmt(line: string): boolean {
  const pairs = parseLogfmt(line);
  if (!pairs || pairs.length < 2) return false;
  let time = false;
  let other = false;
  for (const [k] of pairs) {
    if (TIME_KEYS.has(k)) time = true;
    else if (LEVEL_KEYS.has(k) || MESSAGE_KEYS.has(k)) other = true;
  }
  return time && other;
}

/** logfmt key=value lines (`ts=... level=... msg="..."`). */
export const logfmtFormat: LineFormat = {
  id: "logfmt",
  samples: [
    [
      'ts=2025-02-09T10:05:23.123Z caller=main.go:42 level=info msg="starting server" addr=:8080',
      'time=2025-02-09T11:05:24.500+01:00 level=ERROR msg="query failed: \\"timeout\\" after 5s" db=orders duration=5.001s',
      "ts=2025-02-09T10:05:25Z level=warn msg=retrying attempt=3 component=worker",
    ].join("\n"),
  ],
  description: 'logfmt key=value lines: `ts=2025-02-09T10:05:23Z level=error msg="..."`',
  kind: "log",
  shape: "lines",
  detect(sample) {
    return scoreFromFraction(fractionMatching(sample, looksLogfmt), 0.93, 0.7);
  },
  createParser: createLogfmtParser,
};
