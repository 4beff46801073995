import { attrString, type EventLike } from "./classify.js";

/*
 * Requests and DNS answers read from the text of a line whose reader did not split it into fields: access-log
 * layouts (quoted request line, Envoy response flags, HAProxy backends, logfmt) and resolver answer codes. Kept apart
 * from classify.ts, which reads the meaning of already-structured events.
 */

export interface TextRequest {
  status: number;
  method: string | null;
  path: string | null;
  /** Why it failed, when the line says (Heroku `code=H12`, Envoy response flags `UF,URX`). */
  reason: string | null;
  /** The service behind the proxy that served it, when the line names it (HAProxy's backend `be_webapp`). */
  upstream?: string;
}

const QUOTED_REQUEST = /"([A-Z]{3,7}) (\S+) HTTP\/[\d.]+"/;
const STATUS_AFTER = /^\s+(\d{3})\s/;
const STATUS_BEFORE = /\s(\d{3})\s(?:\d{3}|-)\s\d+\s\d+\s$/;
const LOGFMT_STATUS = /(?:^|\s)status=(\d{3})(?:\s|$)/;
const LOGFMT_METHOD = /(?:^|\s)method=([A-Z]{3,7})(?:\s|$)/;
const LOGFMT_PATH = /(?:^|\s)path="?([^"\s]+)/;
const LOGFMT_CODE = /(?:^|\s)(?:code|error_code|err)=([\w.-]{1,24})(?:\s|$)/;
const ENVOY_FLAGS = /^\s+\d{3}\s+([A-Z]{2,4}(?:,[A-Z]{2,4})*)\s/;
/**
 * HAProxy's HTTP log (haproxy docs, "HTTP log format"): timers `Tq/Tw/Tc/Tr/Ta`, status, bytes, two cookies and the
 * termination state (`SC--`, `sH--`) before the quoted request. The backend is named also when no server of it was
 * left to take the request (`be_web/<NOSRV>`, the 503s of a backend whose servers are all down).
 */
const HAPROXY_BACKEND =
  /\s(?:be_|bk_|backend[_-])?([\w.-]+?)\/(?:[\w.:-]+|<NOSRV>)\s+-?\d+\/-?\d+\/-?\d+\/-?\d+\/\+?\d+\s\d{3}\s/;
const HAPROXY_STATUS = /\s-?\d+\/-?\d+\/-?\d+\/-?\d+\/\+?\d+\s(\d{3})\s\+?\d+\s\S+\s\S+\s([\w-]{4})\s/;

/**
 * Status, method and path of an access-log line read as plain text (a layout the readers do not know, such as an
 * Envoy or ALB access log, or key=value router lines inside a timestamped log): a quoted request line with the
 * status right after it (NCSA, Envoy) or right before it (ALB: elb and target status, then byte counts; HAProxy:
 * timers, status, bytes, cookies and termination state), or
 * `status=`/`method=`/`path=` pairs (Heroku router). Null when the text shows no request.
 */
export function requestFromText(message: string): TextRequest | null {
  const q = message.indexOf(" HTTP/");
  if (q > 0) {
    const m = QUOTED_REQUEST.exec(message);
    if (m && m.index !== undefined) {
      const after = STATUS_AFTER.exec(message.slice(m.index + m[0].length, m.index + m[0].length + 8));
      const before = after ? null : STATUS_BEFORE.exec(message.slice(Math.max(0, m.index - 60), m.index));
      const haproxy = after || before ? null : HAPROXY_STATUS.exec(message.slice(Math.max(0, m.index - 120), m.index));
      const code = Number((after ?? before ?? haproxy)?.[1] ?? Number.NaN);
      if (code >= 100 && code <= 599) {
        const tail = message.slice(m.index + m[0].length, m.index + m[0].length + 40);
        // HAProxy's termination state names why (`SC` connection refused, `sH` server timeout); `----` is none
        const state = haproxy?.[2]?.replace(/-+$/, "");
        const flags = code >= 500 ? (ENVOY_FLAGS.exec(tail)?.[1] ?? (state || undefined)) : undefined;
        const upstream = haproxy
          ? HAPROXY_BACKEND.exec(message.slice(Math.max(0, m.index - 200), m.index))?.[1]
          : undefined;
        return {
          status: code,
          method: m[1] ?? null,
          path: stripQuery(m[2] ?? null),
          reason: flags ?? null,
          ...(upstream ? { upstream } : {}),
        };
      }
    }
  }
  if (message.indexOf("status=") >= 0) {
    const s = LOGFMT_STATUS.exec(message);
    const code = Number(s?.[1] ?? Number.NaN);
    if (code >= 100 && code <= 599) {
      return {
        status: code,
        method: LOGFMT_METHOD.exec(message)?.[1] ?? null,
        path: stripQuery(LOGFMT_PATH.exec(message)?.[1] ?? null),
        reason: code >= 500 ? (LOGFMT_CODE.exec(message)?.[1] ?? null) : null,
      };
    }
  }
  return null;
}

function stripQuery(p: string | null): string | null {
  if (!p) return null;
  let out = p;
  const q = out.indexOf("?");
  if (q >= 0) out = out.slice(0, q);
  const scheme = /^[a-z]+:\/\/[^/]+/i.exec(out);
  if (scheme) out = out.slice(scheme[0].length) || "/";
  return out;
}

/** DNS response codes that mean the name could not be resolved (a failure), as opposed to an answer. */
const DNS_FAILURE = /^(SERVFAIL|REFUSED|TIMEOUT|TIMED_?OUT|NOTAUTH|NOTIMP|FORMERR)$/;
const DNS_ANSWER = /^(NOERROR|NXDOMAIN|NODATA|YXDOMAIN)$/;

/**
 * The outcome of a DNS query a resolver log or a synthetic DNS probe records (`rcode` SERVFAIL, NOERROR): a request
 * whose failure is an unresolvable name rather than an HTTP status. Null when the event records no DNS outcome.
 */
export function dnsOutcome(ev: EventLike): { rcode: string; name: string | null; failed: boolean } | null {
  const raw = attrString(ev, "rcode", "dns.rcode", "response_code", "dns_rcode");
  if (!raw) return null;
  const rcode = raw.toUpperCase();
  const failed = DNS_FAILURE.test(rcode);
  if (!failed && !DNS_ANSWER.test(rcode)) return null;
  const name = attrString(ev, "qname", "query", "dns.question.name", "name", "domain");
  return { rcode, name: name ? name.replace(/\.$/, "") : null, failed };
}
