import type { FormatContext, LineFormat, LineParser } from "../../evidence-format.js";
import { createTimeFields, scanTimestamp, TimeResolver } from "../../timestamps/index.js";
import { fractionMatching, scoreFromFraction } from "./detect-helpers.js";
import { mapSeverity } from "./severity.js";

/*
 * nginx error log, the upstream-failure evidence of most HTTP incidents:
 *   2025/02/09 10:05:23 [error] 1234#1234: *5678 upstream timed out (110: Connection timed out) while reading
 *   response header from upstream, client: 10.0.0.1, server: shop, request: "GET /api HTTP/1.1",
 *   upstream: "http://10.0.3.7:8080/api", host: "shop.example.com"
 * The `, key: value` context nginx appends becomes attributes (client, server, request, upstream, host, referrer);
 * the message is the text before it, so identical failures share one message.
 */

const CONTEXT_KEYS = ["client", "server", "request", "subrequest", "upstream", "host", "referrer"];

/** Header `[level] pid#tid: ` right after the timestamp at `p`: [level, pid, tid, messageStart] or null. */
function scanHeader(line: string, p: number): [string, string, string, number] | null {
  if (line.charCodeAt(p) !== 32 || line.charCodeAt(p + 1) !== 91) return null;
  const close = line.indexOf("] ", p + 2);
  if (close < 0 || close - p > 12) return null;
  const level = line.slice(p + 2, close);
  const hash = line.indexOf("#", close + 2);
  const colon = line.indexOf(": ", close + 2);
  if (hash < 0 || colon < hash || colon - close > 24) return null;
  const pid = line.slice(close + 2, hash);
  const tid = line.slice(hash + 1, colon);
  if (!/^\d+$/.test(pid) || !/^\d+$/.test(tid)) return null;
  return [level, pid, tid, colon + 2];
}

/** Split `..., client: 1.2.3.4, server: x, request: "GET / HTTP/1.1"` off the end of a message. */
function splitContext(text: string, attributes: Record<string, unknown>): string {
  const start = text.indexOf(", client: ");
  if (start < 0) return text;
  const re = /, (\w+): ("(?:[^"\\]|\\.)*"|[^,]*)/gy;
  re.lastIndex = start;
  const found: Record<string, string> = {};
  let m: RegExpExecArray | null = re.exec(text);
  while (m !== null) {
    const key = m[1]!;
    const raw = m[2]!;
    found[key] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw;
    if (re.lastIndex >= text.length) break;
    m = re.exec(text);
  }
  // Only a context made of nginx's own keys is split off; anything else stays message text.
  if (re.lastIndex < text.length || !Object.keys(found).every((k) => CONTEXT_KEYS.includes(k))) return text;
  Object.assign(attributes, found);
  return text.slice(0, start);
}

function createNginxErrorParser(ctx: FormatContext): LineParser {
  const f = createTimeFields();
  const resolver = new TimeResolver(ctx);
  return {
    push(line, lineNo) {
      const e = scanTimestamp(line, 0, f);
      const h = e > 0 ? scanHeader(line, e) : null;
      if (!h) {
        ctx.skip(lineNo, line.trim().length === 0 ? "empty-line" : "no-timestamp", line.slice(0, 120));
        return;
      }
      const ts = resolver.toEpoch(f);
      if (Number.isNaN(ts)) {
        ctx.skip(lineNo, "bad-timestamp", line.slice(0, 120));
        return;
      }
      const attributes: Record<string, unknown> = { level: h[0], pid: h[1], tid: h[2] };
      let text = line.slice(h[3]).trimEnd();
      if (text.charCodeAt(0) === 42) {
        // `*5678` is nginx's connection number.
        const sp = text.indexOf(" ");
        const conn = sp < 0 ? text.slice(1) : text.slice(1, sp);
        if (/^\d+$/.test(conn)) {
          attributes.connection = conn;
          text = sp < 0 ? "" : text.slice(sp + 1);
        }
      }
      const message = splitContext(text, attributes);
      ctx.emit({
        ts,
        path: ctx.path,
        line: lineNo,
        kind: "log",
        severity: mapSeverity(h[0]),
        service: "nginx",
        host: null,
        actor: null,
        message,
        attributes,
      });
    },
    end() {},
  };
}

const SHARED = createTimeFields();

/** nginx error log (`2025/02/09 10:05:23 [error] 1234#1234: *5678 message, client: ...`). */
export const nginxErrorFormat: LineFormat = {
  id: "nginx-error",
  samples: [
    [
      '2025/02/09 10:05:23 [error] 1234#1234: *5678 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.1, server: shop.example.com, request: "GET /api/orders HTTP/1.1", upstream: "http://10.0.3.7:8080/api/orders", host: "shop.example.com"',
      '2025/02/09 10:05:24 [warn] 1234#1234: *5679 an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/1/00/0000000001 while reading upstream, client: 10.0.0.2, server: shop.example.com, request: "GET /static/app.js HTTP/1.1", upstream: "http://10.0.3.7:8080/static/app.js", host: "shop.example.com", referrer: "https://shop.example.com/"',
      "2025/02/09 10:05:25 [notice] 1#1: signal process started",
      '2025/02/09 10:05:26 [crit] 1234#1234: *5680 connect() to unix:/run/php.sock failed (2: No such file or directory), client: 10.0.0.3, server: _, request: "POST /x HTTP/1.1"',
    ].join("\n"),
  ],
  description: "nginx error log: `YYYY/MM/DD HH:MM:SS [level] pid#tid: *conn message, client: ..., upstream: ...`",
  kind: "log",
  shape: "lines",
  detect(sample) {
    return scoreFromFraction(
      fractionMatching(sample, (l) => {
        const e = scanTimestamp(l, 0, SHARED);
        return e > 0 && scanHeader(l, e) !== null;
      }),
      0.95,
    );
  },
  createParser: createNginxErrorParser,
};
