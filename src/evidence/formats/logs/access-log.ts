import type { EventSeverity } from "../../../model/event.js";
import type { DetectSample, FormatContext, LineFormat, LineParser } from "../../evidence-format.js";
import { createTimeFields, scanTimestamp, TimeResolver } from "../../timestamps/index.js";
import { DETECT_MAX_LINES } from "./detect-helpers.js";

/*
 * NCSA common / combined access logs as nginx and Apache httpd write them, hand-scanned:
 *   1.2.3.4 - alice [09/Feb/2025:10:05:23 +0000] "GET /api/orders?id=1 HTTP/1.1" 503 512 "https://x/" "curl/8.5.0" 0.532 0.530
 * Extra fields appended after the user agent are common in nginx (`$request_time $upstream_response_time`, or
 * `rt=0.532 uct="0.001" urt="0.530"`): bare numbers become requestTime then upstreamTime, key=value pairs keep their
 * key, other quoted strings go to `extra`.
 */

/** End (just past the closing `"`) of the field {@link readQuoted} last read; a module variable saves a tuple per call. */
let quotedEnd = 0;

/**
 * Read a quoted field starting at `p` (which must be `"`): returns the unescaped value and sets {@link quotedEnd},
 * or returns null when the quote is not closed. `backslash` is the line's first `\` at or after `p` (-1 when none):
 * without one before the closing quote, the value is a plain slice found with a native `indexOf`.
 */
function readQuoted(line: string, p: number, backslash: number): string | null {
  const close = line.indexOf('"', p + 1);
  if (backslash < 0 || (close >= 0 && backslash > close)) {
    if (close < 0) return null;
    quotedEnd = close + 1;
    return line.slice(p + 1, close);
  }
  return readQuotedEscaped(line, p);
}

/** First `\` of the line being scanned at or after the last position asked for, -1 when none. */
let backslashAt = -1;

/** The line's first backslash at or after `p` (moving {@link backslashAt} forward only when needed). */
function backslashFrom(line: string, p: number): number {
  if (backslashAt >= 0 && backslashAt < p) backslashAt = line.indexOf("\\", p);
  return backslashAt;
}

/** The general case of {@link readQuoted}: the field contains escapes. */
function readQuotedEscaped(line: string, p: number): string | null {
  let i = p + 1;
  let chunk = i;
  let v = "";
  const n = line.length;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === 92 && i + 1 < n) {
      // nginx escapes `"` as \x22, Apache as \" ; both keep the rest verbatim.
      v += line.slice(chunk, i);
      const e = line.charCodeAt(i + 1);
      if (e === 120 && i + 3 < n) {
        const code = Number.parseInt(line.slice(i + 2, i + 4), 16);
        if (!Number.isNaN(code)) {
          v += String.fromCharCode(code);
          i += 4;
          chunk = i;
          continue;
        }
      }
      v += line[i + 1];
      i += 2;
      chunk = i;
      continue;
    }
    if (c === 34) {
      quotedEnd = i + 1;
      return v + line.slice(chunk, i);
    }
    i++;
  }
  return null;
}

function severityForStatus(status: number): EventSeverity {
  if (status >= 500) return "error";
  if (status >= 400) return "warning";
  return "info";
}

function toNumberOrString(v: string): number | string {
  if (v.length > 0 && v.length < 20) {
    const n = Number(v);
    if (!Number.isNaN(n)) return n;
  }
  return v;
}

const UPSTREAM_KEYS: Record<string, string> = {
  rt: "requestTime",
  request_time: "requestTime",
  urt: "upstreamTime",
  upstream_response_time: "upstreamTime",
  uct: "upstreamConnectTime",
  upstream_connect_time: "upstreamConnectTime",
  uht: "upstreamHeaderTime",
  upstream_header_time: "upstreamHeaderTime",
};

/** What {@link scanAccessLine} extracts; null fields were `-` or absent. */
interface AccessLine {
  remoteAddr: string;
  user: string | null;
  timeStart: number;
  timeEnd: number;
  request: string;
  status: number;
  bytes: number | null;
  referer: string | null;
  userAgent: string | null;
  restStart: number;
}

/** Scan the fixed part of a common/combined line; null when the line is not one. */
function scanAccessLine(line: string): AccessLine | null {
  const n = line.length;
  backslashAt = line.indexOf("\\");
  let p = line.indexOf(" ");
  if (p <= 0) return null;
  const remoteAddr = line.slice(0, p);
  // ident and user: `- -`, `- alice`. The user may be quoted in some Apache configs.
  const identEnd = line.indexOf(" ", p + 1);
  if (identEnd < 0) return null;
  const userEnd = line.indexOf(" [", identEnd);
  if (userEnd < 0 || userEnd - identEnd > 256) return null;
  const userText = line.slice(identEnd + 1, userEnd);
  p = userEnd + 2;
  const close = line.indexOf("]", p);
  if (close < 0) return null;
  if (line.charCodeAt(close + 1) !== 32 || line.charCodeAt(close + 2) !== 34) return null;
  const request = readQuoted(line, close + 2, backslashFrom(line, close + 2));
  if (request === null) return null;
  p = quotedEnd;
  if (line.charCodeAt(p) !== 32) return null;
  p++;
  let status = 0;
  const sStart = p;
  while (p < n && line.charCodeAt(p) >= 48 && line.charCodeAt(p) <= 57) {
    status = status * 10 + (line.charCodeAt(p) - 48);
    p++;
  }
  if (p - sStart !== 3) return null;
  if (line.charCodeAt(p) !== 32) return null;
  p++;
  let bytes: number | null = null;
  if (line.charCodeAt(p) === 45) p++;
  else {
    const bStart = p;
    let b = 0;
    while (p < n && line.charCodeAt(p) >= 48 && line.charCodeAt(p) <= 57) {
      b = b * 10 + (line.charCodeAt(p) - 48);
      p++;
    }
    if (p === bStart) return null;
    bytes = b;
  }
  if (p < n && line.charCodeAt(p) !== 32) return null;
  let referer: string | null = null;
  let userAgent: string | null = null;
  if (line.charCodeAt(p + 1) === 34) {
    const r = readQuoted(line, p + 1, backslashFrom(line, p + 1));
    const rEnd = quotedEnd;
    if (r !== null && line.charCodeAt(rEnd) === 32 && line.charCodeAt(rEnd + 1) === 34) {
      const u = readQuoted(line, rEnd + 1, backslashFrom(line, rEnd + 1));
      if (u !== null) {
        referer = r === "-" ? null : r;
        userAgent = u === "-" ? null : u;
        p = quotedEnd;
      }
    }
  }
  return {
    remoteAddr,
    user: userText === "-" ? null : userText,
    timeStart: userEnd + 2,
    timeEnd: close,
    request,
    status,
    bytes,
    referer,
    userAgent,
    restStart: p,
  };
}

/** Parse what follows the user agent: numbers, key=value pairs, quoted strings. */
function parseExtras(line: string, p: number, attributes: Record<string, unknown>): void {
  const n = line.length;
  let extra: string[] | null = null;
  let bareNumbers = 0;
  backslashAt = line.indexOf("\\", p);
  while (p < n) {
    while (p < n && line.charCodeAt(p) === 32) p++;
    if (p >= n) break;
    let token: string;
    if (line.charCodeAt(p) === 34) {
      const q = readQuoted(line, p, backslashFrom(line, p));
      if (q === null) {
        (extra ??= []).push(line.slice(p));
        break;
      }
      token = q;
      p = quotedEnd;
      (extra ??= []).push(token);
      continue;
    }
    const e0 = line.indexOf(" ", p);
    const e = e0 < 0 ? n : e0;
    token = line.slice(p, e);
    const eq = token.indexOf("=");
    if (eq > 0) {
      const key = token.slice(0, eq);
      let value = token.slice(eq + 1);
      let end = e;
      if (value.startsWith('"')) {
        const q = readQuoted(line, p + eq + 1, backslashFrom(line, p + eq + 1));
        if (q !== null) {
          value = q;
          end = quotedEnd;
        }
      }
      attributes[UPSTREAM_KEYS[key] ?? key] = value === "-" ? null : toNumberOrString(value);
      p = end;
      continue;
    }
    const num = decimalOrNumber(token);
    if (token !== "-" && !Number.isNaN(num) && bareNumbers < 2) {
      attributes[bareNumbers === 0 ? "requestTime" : "upstreamTime"] = num;
      bareNumbers++;
    } else if (token === "-" && bareNumbers < 2) {
      bareNumbers++; // `-` upstream time when nothing was proxied
    } else (extra ??= []).push(token);
    p = e;
  }
  if (extra !== null) attributes.extra = extra;
}

/**
 * `Number(token)`, with a fast path for plain decimals like `0.532` (the request times nginx appends): up to 15
 * digits are an exact integer and 10^k (k <= 15) is exact, so one division is the correctly rounded value, the same
 * double `Number` returns.
 */
function decimalOrNumber(token: string): number {
  const n = token.length;
  // at most 15 digits (plus the dot): beyond that the integer may not be exact
  if (n === 0 || n > 16 || (n === 16 && !token.includes("."))) return Number(token);
  let v = 0;
  let scale = 1;
  let dot = -1;
  for (let i = 0; i < n; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      if (dot >= 0) scale *= 10;
    } else if (c === 46 && dot < 0 && i > 0 && i < n - 1) dot = i;
    else return Number(token);
  }
  return scale === 1 ? v : v / scale;
}

function createAccessParser(ctx: FormatContext): LineParser {
  const f = createTimeFields();
  const resolver = new TimeResolver(ctx);
  // the last good time text, as char codes: comparing against a typed array beats startsWith on sliced strings
  const lastStamp = new Uint16Array(64);
  let lastStampLength = -1;
  let lastTs = 0;
  return {
    push(line, lineNo) {
      const a = scanAccessLine(line);
      if (!a) {
        ctx.skip(lineNo, line.trim().length === 0 ? "empty-line" : "not-access-log", line.slice(0, 120));
        return;
      }
      // Lines of the same second share the bracketed text, and its reading depends on nothing else (it is bounded
      // by `]`, and the resolver's state changes only when the fields change): reuse the last instant.
      let ts: number;
      const stampStart = a.timeStart;
      const stampLength = a.timeEnd - stampStart;
      let same = stampLength === lastStampLength;
      // from the end: the seconds, which change most often, come last
      for (let k = stampLength - 1; same && k >= 0; k--) same = line.charCodeAt(stampStart + k) === lastStamp[k];
      if (same) {
        ts = lastTs;
      } else {
        const e = scanTimestamp(line, a.timeStart, f);
        if (e !== a.timeEnd) {
          ctx.skip(lineNo, "bad-timestamp", line.slice(0, 120));
          return;
        }
        ts = resolver.toEpoch(f);
        if (Number.isNaN(ts)) {
          ctx.skip(lineNo, "bad-timestamp", line.slice(0, 120));
          return;
        }
        if (stampLength <= lastStamp.length) {
          for (let k = 0; k < stampLength; k++) lastStamp[k] = line.charCodeAt(stampStart + k);
          lastStampLength = stampLength;
          lastTs = ts;
        } else lastStampLength = -1;
      }
      const req = a.request;
      const sp1 = req.indexOf(" ");
      const sp2 = sp1 < 0 ? -1 : req.indexOf(" ", sp1 + 1);
      let method: string | null = null;
      let target: string | null = null;
      let protocol: string | null = null;
      if (sp1 > 0) {
        method = req.slice(0, sp1);
        target = sp2 < 0 ? req.slice(sp1 + 1) : req.slice(sp1 + 1, sp2);
        if (sp2 > 0) protocol = req.slice(sp2 + 1);
      }
      const attributes: Record<string, unknown> = {
        remoteAddr: a.remoteAddr,
        method,
        path: null,
        status: a.status,
        bytes: a.bytes,
        referer: a.referer,
        userAgent: a.userAgent,
      };
      if (target !== null) {
        const qm = target.indexOf("?");
        attributes.path = qm < 0 ? target : target.slice(0, qm);
        if (qm >= 0) attributes.query = target.slice(qm + 1);
      }
      if (protocol !== null) attributes.protocol = protocol;
      if (a.user !== null) attributes.user = a.user;
      if (method === null) attributes.request = req;
      if (a.restStart < line.length) parseExtras(line, a.restStart, attributes);
      ctx.emit({
        ts,
        path: ctx.path,
        line: lineNo,
        kind: "log",
        severity: severityForStatus(a.status),
        service: null,
        host: null,
        actor: null,
        message: method !== null ? `${method} ${attributes.path as string} ${a.status}` : `"${req}" ${a.status}`,
        attributes,
      });
    },
    end() {},
  };
}

function detectAccess(sample: DetectSample): { fraction: number; combined: number } {
  let yes = 0;
  let combined = 0;
  let total = 0;
  const n = Math.min(sample.lines.length, DETECT_MAX_LINES);
  for (let i = 0; i < n; i++) {
    const line = sample.lines[i]!;
    if (line.trim().length === 0) continue;
    total++;
    const a = scanAccessLine(line);
    if (!a) continue;
    yes++;
    if (a.restStart > 0 && line.charCodeAt(a.restStart - 1) === 34) combined++;
  }
  return total === 0 ? { fraction: 0, combined: 0 } : { fraction: yes / total, combined: combined / total };
}

/** nginx / Apache combined access log (common + referer + user agent, optional appended timings). */
export const nginxCombinedFormat: LineFormat = {
  id: "nginx-combined",
  samples: [
    [
      '10.0.1.15 - - [09/Feb/2025:10:05:23 +0000] "GET /api/orders?page=2 HTTP/1.1" 200 5123 "https://shop.example.com/cart" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36" 0.042 0.040',
      '10.0.1.16 - alice [09/Feb/2025:10:05:24 +0000] "POST /api/orders HTTP/1.1" 503 197 "-" "curl/8.5.0" 30.001 30.000',
      '10.0.1.17 - - [09/Feb/2025:11:05:25 +0100] "GET /healthz HTTP/1.1" 404 0 "-" "kube-probe/1.29" 0.000 -',
    ].join("\n"),
  ],
  description: 'nginx/Apache combined access log, extra fields (request time, upstream time) allowed after "UA"',
  kind: "log",
  shape: "lines",
  detect(sample) {
    const d = detectAccess(sample);
    return d.fraction >= 0.6 && d.combined >= d.fraction / 2 ? 0.96 * d.fraction : 0;
  },
  createParser: createAccessParser,
};

/** Apache / nginx common log format (CLF) without referer and user agent. */
export const apacheCommonFormat: LineFormat = {
  id: "apache-common",
  samples: [
    [
      '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326',
      '192.168.1.20 - - [10/Oct/2000:13:55:37 -0700] "GET /missing HTTP/1.0" 404 -',
      '192.168.1.21 - - [10/Oct/2000:13:55:38 -0700] "POST /cgi-bin/app HTTP/1.0" 500 531',
    ].join("\n"),
  ],
  description: 'Apache/nginx common log format (CLF): host ident user [time] "request" status bytes',
  kind: "log",
  shape: "lines",
  detect(sample) {
    const d = detectAccess(sample);
    return d.fraction >= 0.6 && d.combined < d.fraction / 2 ? 0.95 * d.fraction : 0;
  },
  createParser: createAccessParser,
};
