// Shared helpers for the blind scenario corpus (issue 16). Plain Node, no dependencies.
// Every scenario script builds its evidence from a seeded PRNG, so re-running gives identical files,
// and computes truth.json from the very records it wrote (impact counts, first/last failure).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// ---------- randomness ----------
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  next.pick = (arr) => arr[Math.floor(next() * arr.length)];
  next.hex = (n) => {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(next() * 16)];
    return s;
  };
  next.id = (n, alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") => {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
    return s;
  };
  next.uuid = () =>
    `${next.hex(8)}-${next.hex(4)}-4${next.hex(3)}-${"89ab"[Math.floor(next() * 4)]}${next.hex(3)}-${next.hex(12)}`;
  next.poisson = (lambda) => {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss(next)));
    const L = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= next();
    } while (p > L);
    return k - 1;
  };
  return next;
}
function gauss(r) {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

// ---------- time ----------
export const ms = (isoText) => Date.parse(isoText);
export const iso = (t) => new Date(t).toISOString();
export const isoS = (t) => new Date(Math.floor(t / 1000) * 1000).toISOString().replace(".000Z", "Z");
const MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const p2 = (n) => String(n).padStart(2, "0");
const p3 = (n) => String(n).padStart(3, "0");
/** Broken-down wall time of instant t shifted by offsetMin minutes. */
export function wall(t, offsetMin = 0) {
  const d = new Date(t + offsetMin * 60000);
  return {
    Y: d.getUTCFullYear(),
    M: d.getUTCMonth() + 1,
    D: d.getUTCDate(),
    h: d.getUTCHours(),
    m: d.getUTCMinutes(),
    s: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
  };
}
export function offStr(offsetMin, colon = true) {
  const sign = offsetMin < 0 ? "-" : "+";
  const a = Math.abs(offsetMin);
  return `${sign}${p2(Math.floor(a / 60))}${colon ? ":" : ""}${p2(a % 60)}`;
}
export const fmt = {
  /** 04/Mar/2025:13:42:01 +0000 */
  clf(t, off = 0) {
    const w = wall(t, off);
    return `${p2(w.D)}/${MON[w.M - 1]}/${w.Y}:${p2(w.h)}:${p2(w.m)}:${p2(w.s)} ${offStr(off, false)}`;
  },
  /** 2025-03-04 13:42:01 (naive local) */
  naive(t, off = 0, frac = 0, sep = " ") {
    const w = wall(t, off);
    const f = frac === 3 ? `.${p3(w.ms)}` : frac === 6 ? `.${p3(w.ms)}000` : "";
    return `${w.Y}-${p2(w.M)}-${p2(w.D)}${sep}${p2(w.h)}:${p2(w.m)}:${p2(w.s)}${f}`;
  },
  /** Mar  4 13:42:01 (RFC 3164, naive local) */
  bsd(t, off = 0) {
    const w = wall(t, off);
    return `${MON[w.M - 1]} ${String(w.D).padStart(2, " ")} ${p2(w.h)}:${p2(w.m)}:${p2(w.s)}`;
  },
  /** ISO with explicit offset and optional fraction digits */
  isoOff(t, off = 0, frac = 3) {
    const w = wall(t, off);
    const f = frac === 0 ? "" : frac === 3 ? `.${p3(w.ms)}` : `.${p3(w.ms)}${"0".repeat(frac - 3)}`;
    return `${w.Y}-${p2(w.M)}-${p2(w.D)}T${p2(w.h)}:${p2(w.m)}:${p2(w.s)}${f}${off === 0 && frac !== 0 && frac !== 3 ? "Z" : offStr(off)}`;
  },
  /** 2025-03-04T13:42:01.1234567Z (GitHub Actions) */
  gha(t, r) {
    return `${iso(t).slice(0, 23)}${String(r ? r.int(0, 9999) : 0).padStart(4, "0")}Z`;
  },
};

// ---------- scenario container ----------
export class Scenario {
  constructor({ id, half, seed }) {
    this.id = id;
    this.half = half;
    this.r = rng(seed);
    this.dir = path.join(ROOT, half, id);
    this.files = new Map();
  }
  /** Record a file (relative to the incident folder) from lines or text. */
  put(rel, content) {
    const text = Array.isArray(content) ? `${content.join("\n")}\n` : content;
    this.files.set(rel, text);
    return text;
  }
  /** Record a gzip-compressed text file (deterministic: zlib writes mtime 0). */
  putGz(rel, lines) {
    const text = `${lines.join("\n")}\n`;
    this.files.set(rel, zlib.gzipSync(Buffer.from(text), { level: 9 }));
    this.texts ??= new Map();
    this.texts.set(rel, text);
    return text;
  }
  /** 1-based line number of the first line containing needle (after `from` line). */
  lineOf(rel, needle, from = 0) {
    const text = this.texts?.get(rel) ?? this.files.get(rel);
    if (text === undefined) throw new Error(`${this.id}: no file ${rel}`);
    const lines = text.split("\n");
    for (let i = from; i < lines.length; i++) if (lines[i].includes(needle)) return i + 1;
    throw new Error(`${this.id}: "${needle}" not in ${rel}`);
  }
  write(debriefYaml, truth) {
    fs.rmSync(this.dir, { recursive: true, force: true });
    for (const [rel, text] of this.files) {
      const p = path.join(this.dir, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
    }
    fs.writeFileSync(path.join(this.dir, "debrief.yaml"), debriefYaml);
    fs.writeFileSync(path.join(this.dir, "truth.json"), `${JSON.stringify(truth, null, 2)}\n`);
    let size = 0;
    for (const text of this.files.values()) size += Buffer.byteLength(text);
    console.log(`${this.half}/${this.id}: ${this.files.size} evidence files, ${(size / 1e6).toFixed(2)} MB`);
  }
}

export function debriefYaml({ id, title, severity, services, start, end, extra = "" }) {
  return `formatVersion: 1
id: ${id}
title: ${JSON.stringify(title)}
severity: ${severity}
services:
${services.map((s) => `  - ${s}`).join("\n")}
window:
  start: "${isoS(start)}"
  end: "${isoS(end)}"
${extra}`;
}

// ---------- traffic ----------
const UAS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
  "okhttp/4.12.0",
  "Mozilla/5.0 (X11; Linux x86_64; rv:122.0) Gecko/20100101 Firefox/122.0",
  "python-requests/2.31.0",
];
/**
 * Generate requests second by second.
 * endpoints: [{path, method, weight, service, bytes:[lo,hi], rt:[lo,hi] seconds, baseErr, amount?: r=>number}]
 * rules: [{ep: path|RegExp|null, from, to (ms), p: number|(t)=>number, status: number|number[], tag, seg, rt}]
 * rate: (t) => requests per second.
 */
export function traffic(r, { from, to, rate, endpoints, hosts, rules = [], clientNet = "203.0.113" }) {
  const total = endpoints.reduce((a, e) => a + e.weight, 0);
  const reqs = [];
  for (let s = Math.floor(from / 1000) * 1000; s < to; s += 1000) {
    const n = r.poisson(rate(s));
    for (let k = 0; k < n; k++) {
      const t = s + Math.floor(r() * 1000);
      let x = r() * total;
      let ep = endpoints[0];
      for (const e of endpoints) {
        x -= e.weight;
        if (x <= 0) {
          ep = e;
          break;
        }
      }
      const q = {
        t,
        ep,
        path: typeof ep.path === "function" ? ep.path(r) : ep.path,
        method: ep.method ?? "GET",
        service: ep.service,
        host: r.pick(hosts),
        status: ep.okStatus ?? 200,
        tag: null,
        seg: null,
        ip: `${clientNet}.${r.int(2, 254)}`,
        ua: r.pick(UAS),
        id: r.uuid(),
        bytes: r.int(ep.bytes?.[0] ?? 200, ep.bytes?.[1] ?? 4000),
        rt: (ep.rt?.[0] ?? 0.005) + r() * ((ep.rt?.[1] ?? 0.08) - (ep.rt?.[0] ?? 0.005)),
      };
      if (ep.amount) q.amount = ep.amount(r);
      for (const rule of rules) {
        if (t < rule.from || t >= rule.to) continue;
        if (rule.ep !== null && rule.ep !== undefined) {
          if (rule.ep instanceof RegExp ? !rule.ep.test(q.path) : rule.ep !== ep.path && rule.ep !== q.path) continue;
        }
        if (rule.hosts && !rule.hosts.includes(q.host)) continue;
        const p = typeof rule.p === "function" ? rule.p(t) : rule.p;
        if (r() < p) {
          q.status = Array.isArray(rule.status) ? r.pick(rule.status) : rule.status;
          q.tag = rule.tag ?? "incident";
          q.seg = rule.seg ?? 0;
          q.bytes = r.int(150, 600);
          if (rule.rt) q.rt = rule.rt[0] + r() * (rule.rt[1] - rule.rt[0]);
          break;
        }
      }
      if (q.tag === null && r() < (ep.baseErr ?? 0.0004)) {
        q.status = 500;
        q.tag = "base";
        q.bytes = r.int(150, 400);
      }
      reqs.push(q);
    }
  }
  reqs.sort((a, b) => a.t - b.t);
  return reqs;
}
export const ramp = (from, to, a, b) => (t) => (t <= from ? a : t >= to ? b : a + ((b - a) * (t - from)) / (to - from));
/** Diurnal-ish base rate with slow wobble. */
export const wobble =
  (base, amp = 0.15, periodMin = 37) =>
  (t) =>
    base * (1 + amp * Math.sin(t / (periodMin * 60000)));

// ---------- access-log writers ----------
function upstreamIp(host) {
  let h = 0;
  for (const c of host) h = (h * 31 + c.charCodeAt(0)) & 0xff;
  return `10.0.${(h % 6) + 1}.${(h % 200) + 20}`;
}
export const accessFormats = {
  nginx(q, t) {
    const up = q.status === 502 || q.status === 504 ? (q.status === 504 ? "60.001" : "-") : q.rt.toFixed(3);
    return `${q.ip} - - [${fmt.clf(t)}] "${q.method} ${q.path} HTTP/1.1" ${q.status} ${q.bytes} "-" "${q.ua}" ${q.status === 504 ? "60.002" : q.rt.toFixed(3)} ${up}`;
  },
  alb(q, t, ctx) {
    const tgt = `${upstreamIp(q.host)}:8080`;
    const elbOnly = !q.fromTarget && (q.status === 502 || q.status === 503 || q.status === 504);
    const created = iso(t - Math.round(q.rt * 1000)).replace("Z", "000Z");
    return `https ${iso(t).replace("Z", "000Z")} app/${ctx.lb}/50dc6c495c0c9188 ${q.ip}:${40000 + (q.bytes % 20000)} ${elbOnly && q.status !== 504 ? "-" : tgt} 0.000 ${elbOnly ? "-1" : q.rt.toFixed(3)} ${elbOnly ? "-1" : "0.000"} ${q.status} ${elbOnly ? "-" : q.status} ${200 + (q.bytes % 700)} ${q.bytes} "${q.method} https://${ctx.domain}:443${q.path} HTTP/1.1" "${q.ua}" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:${ctx.region}:123456789012:targetgroup/${ctx.tg}/73e2d6bc24d8a067 "Root=1-${Math.floor(t / 1000).toString(16)}-${q.id.replace(/-/g, "").slice(0, 24)}" "${ctx.domain}" "arn:aws:acm:${ctx.region}:123456789012:certificate/3f1c2b9e-7d41-4c8a-9a61-0d2f1e5b7c33" 0 ${created} "forward" "-" "-" "${elbOnly && q.status !== 504 ? "-" : tgt}" "${elbOnly ? "-" : q.status}" "-" "-"`;
  },
  envoy(q, t, ctx) {
    const flags = q.status === 503 ? "UF" : q.status === 504 ? "UT" : "-";
    const dur = Math.round(q.rt * 1000);
    return `[${iso(t)}] "${q.method} ${q.path} HTTP/1.1" ${q.status} ${flags} 0 ${q.bytes} ${dur} ${q.status >= 500 ? "-" : Math.max(1, dur - 2)} "${q.ip}" "${q.ua}" "${q.id}" "${q.domain ?? ctx.domain}" "${upstreamIp(q.host)}:8080"`;
  },
  ingress(q, t, ctx) {
    const up = q.status === 503 && q.noUpstream ? "-" : `${upstreamIp(q.host)}:8080`;
    return `${q.ip} - - [${fmt.clf(t)}] "${q.method} ${q.path} HTTP/1.1" ${q.status} ${q.bytes} "-" "${q.ua}" ${300 + (q.bytes % 400)} ${q.rt.toFixed(3)} [${ctx.upstream}] [] ${up} ${up === "-" ? "-" : q.bytes} ${up === "-" ? "-" : q.rt.toFixed(3)} ${up === "-" ? "-" : q.status} ${q.id.replace(/-/g, "")}`;
  },
  heroku(q, t, ctx) {
    const ts = fmt.isoOff(t, 0, 6).replace("Z", "+00:00");
    if (q.status === 503 && q.code) {
      return `${ts} heroku[router]: at=error code=${q.code} desc="${q.desc}" method=${q.method} path="${q.path}" host=${ctx.domain} request_id=${q.id} fwd="${q.ip}" dyno=${q.code === "H10" ? "" : q.host} connect=${q.code === "H10" ? "" : "0ms"} service=${q.code === "H10" ? "" : "30000ms"} status=503 bytes=${q.code === "H10" ? "" : "0"} protocol=https`;
    }
    return `${ts} heroku[router]: at=info method=${q.method} path="${q.path}" host=${ctx.domain} request_id=${q.id} fwd="${q.ip}" dyno=${q.host} connect=0ms service=${Math.round(q.rt * 1000)}ms status=${q.status} bytes=${q.bytes} protocol=https`;
  },
};
/**
 * Write requests as an access log. Options: filter (q=>bool), skewMs (clock ahead), gaps [[from,to]] (lines lost).
 * Requests that reach the file get q.files.add(rel); returns the written requests.
 */
export function writeAccess(sc, rel, reqs, format, opts = {}) {
  const out = [];
  const lines = [];
  for (const q of reqs) {
    if (opts.filter && !opts.filter(q)) continue;
    if (opts.gaps?.some(([a, b]) => q.t >= a && q.t < b)) continue;
    const t = q.t + (opts.skewMs ?? 0);
    lines.push(accessFormats[format](q, t, opts.ctx ?? {}));
    q.inEvidence = true;
    out.push(q);
  }
  sc.put(rel, lines);
  return out;
}

// ---------- impact ----------
const isFail = (s) => s >= 500;
/**
 * impactStart/recovered from requests tagged "incident" that reached the evidence; per-class counts with the
 * endpoint's own denominator between those instants (access logs have 1-s resolution: truncated to the second).
 */
export function impact(reqs, classes, tag = "incident") {
  const inc = reqs.filter((q) => q.inEvidence && q.tag === tag);
  if (inc.length === 0) throw new Error("no incident failures");
  const start = Math.floor(inc[0].t / 1000) * 1000;
  const end = Math.floor(inc[inc.length - 1].t / 1000) * 1000;
  const within = reqs.filter((q) => q.inEvidence && q.t >= start && q.t < end + 1000);
  const rows = classes.map((c) => {
    const sel = within.filter((q) => c.match(q));
    const failed = sel.filter((q) => (c.statusMatch ?? isFail)(q.status));
    return { service: c.service, endpoint: c.endpoint, status: c.status, failed: failed.length, total: sel.length };
  });
  return { start, end, rows, within };
}
/** First/last incident failure per segment id (for false recoveries and intermittent bursts). */
export function segments(reqs, tag = "incident") {
  const m = new Map();
  for (const q of reqs) {
    if (!q.inEvidence || q.tag !== tag) continue;
    const s = m.get(q.seg) ?? { first: q.t, last: q.t, n: 0 };
    s.last = q.t;
    s.n++;
    m.set(q.seg, s);
  }
  return [...m.entries()].sort((a, b) => a[1].first - b[1].first).map(([seg, v]) => ({ seg, ...v }));
}

// ---------- JSON application logs ----------
export const appFormats = {
  pino: (t, level, host, msg, fields = {}) =>
    JSON.stringify({
      level: { info: 30, warn: 40, error: 50, fatal: 60 }[level],
      time: t,
      pid: 1,
      hostname: host,
      ...fields,
      msg,
    }),
  zap: (t, level, host, msg, fields = {}) => {
    const { caller = "server/handler.go:118", ...rest } = fields;
    return JSON.stringify({ level, ts: Number((t / 1000).toFixed(3)), caller, msg, host, ...rest });
  },
  logrus: (t, level, host, msg, fields = {}) =>
    JSON.stringify({ ...fields, host, level, msg, time: fmt.isoOff(t, 0, 0).replace("+00:00", "Z") }),
};

// ---------- Prometheus query_range ----------
/** matrix result from per-step values; series: [{metric, fn: (t)=>number|null}] */
export function promRange(series, from, to, stepS) {
  const result = series.map((s) => {
    const values = [];
    for (let t = from; t <= to; t += stepS * 1000) {
      const v = s.fn(t);
      if (v === null || v === undefined || Number.isNaN(v)) continue;
      values.push([t / 1000, String(Math.round(v * 1e6) / 1e6)]);
    }
    return { metric: s.metric, values };
  });
  return JSON.stringify({ status: "success", data: { resultType: "matrix", result } });
}
/** 5xx ratio over a trailing window from written requests. */
export function errorRatioFn(reqs, filter, windowS = 60) {
  const ts = reqs.filter((q) => q.inEvidence && filter(q));
  return (t) => {
    let lo = 0;
    let hi = ts.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (ts[m].t < t - windowS * 1000) lo = m + 1;
      else hi = m;
    }
    let n = 0;
    let f = 0;
    for (let i = lo; i < ts.length && ts[i].t < t; i++) {
      n++;
      if (ts[i].status >= 500) f++;
    }
    return n === 0 ? null : f / n;
  };
}

// ---------- alerts ----------
/** amtool alert query -o json: one line, array of alerts active at captureAt. */
export function amtoolJson(r, alerts, captureAt) {
  const arr = alerts.map((a) => ({
    annotations: {
      description: a.description ?? a.summary,
      runbook_url: `https://runbooks.example.com/${a.name}`,
      summary: a.summary,
    },
    endsAt: iso(captureAt + 4 * 60000),
    fingerprint: r.hex(16),
    receivers: [{ name: a.receiver ?? "pagerduty-critical" }],
    startsAt: iso(a.at),
    status: { inhibitedBy: [], silencedBy: [], state: "active" },
    updatedAt: iso(captureAt - 13000),
    generatorURL: `http://prometheus-k8s-0:9090/graph?g0.expr=${encodeURIComponent(a.expr ?? "up == 0")}&g0.tab=1`,
    labels: { alertname: a.name, severity: a.severity ?? "critical", ...(a.labels ?? {}) },
  }));
  return `${JSON.stringify(arr)}\n`;
}
/** Alertmanager /api/v2/alerts style (pretty), with endsAt from the alert's resolution. */
export function alertmanagerV2(r, alerts) {
  return `${JSON.stringify(
    alerts.map((a) => ({
      annotations: { summary: a.summary, description: a.description ?? a.summary },
      endsAt: iso(a.end ?? a.at + 3600000),
      fingerprint: r.hex(16),
      receivers: [{ name: a.receiver ?? "pagerduty-critical" }],
      startsAt: iso(a.at),
      status: { inhibitedBy: [], silencedBy: [], state: a.end ? "suppressed" : "active" },
      updatedAt: iso((a.end ?? a.at) + 5000),
      generatorURL: `http://prometheus:9090/graph?g0.expr=${encodeURIComponent(a.expr ?? "up == 0")}&g0.tab=1`,
      labels: { alertname: a.name, severity: a.severity ?? "critical", ...(a.labels ?? {}) },
    })),
    null,
    2,
  )}\n`;
}
/** Alertmanager webhook payload (one notification), pretty. */
export function webhookPayload(r, alerts, status = "firing", receiver = "pagerduty-critical") {
  const common = alerts[0];
  return `${JSON.stringify(
    {
      receiver,
      status,
      alerts: alerts.map((a) => ({
        status: a.end ? "resolved" : "firing",
        labels: { alertname: a.name, severity: a.severity ?? "critical", ...(a.labels ?? {}) },
        annotations: { summary: a.summary, description: a.description ?? a.summary },
        startsAt: iso(a.at),
        endsAt: a.end ? iso(a.end) : "0001-01-01T00:00:00Z",
        generatorURL: `http://prometheus:9090/graph?g0.expr=${encodeURIComponent(a.expr ?? "up == 0")}&g0.tab=1`,
        fingerprint: r.hex(16),
      })),
      groupLabels: { alertname: common.name },
      commonLabels: { alertname: common.name, severity: common.severity ?? "critical" },
      commonAnnotations: { summary: common.summary },
      externalURL: "http://alertmanager:9093",
      version: "4",
      groupKey: `{}:{alertname="${common.name}"}`,
      truncatedAlerts: 0,
    },
    null,
    2,
  )}\n`;
}

// ---------- paging ----------
/** PagerDuty /incidents/{id}/log_entries (newest first, as the API returns them). entries: [{type, at, who, note}] */
export function pagerduty(r, { sub, service, incidentNo, title, entries }) {
  const incId = `Q${r.id(13)}`;
  const svc = { id: `P${r.id(6)}`, type: "service_reference", summary: service };
  svc.self = `https://api.pagerduty.com/services/${svc.id}`;
  svc.html_url = `https://${sub}.pagerduty.com/service-directory/${svc.id}`;
  const users = new Map();
  const user = (name) => {
    if (!users.has(name)) users.set(name, `P${r.id(6)}`);
    const id = users.get(name);
    return {
      id,
      type: "user_reference",
      summary: name,
      self: `https://api.pagerduty.com/users/${id}`,
      html_url: `https://${sub}.pagerduty.com/users/${id}`,
    };
  };
  const out = entries.map((e) => {
    const id = `R${r.id(25)}`;
    const base = {
      id,
      type: `${e.type}_log_entry`,
      summary: "",
      self: `https://api.pagerduty.com/log_entries/${id}`,
      html_url: `https://${sub}.pagerduty.com/incidents/${incId}/log_entries/${id}`,
      created_at: isoS(e.at),
    };
    if (e.type === "trigger") {
      Object.assign(base, {
        summary: "Triggered through the API.",
        agent: { id: svc.id, type: "service_reference", summary: service, self: svc.self, html_url: svc.html_url },
        channel: { type: "api", summary: title, details: { description: title } },
      });
    } else if (e.type === "notify") {
      Object.assign(base, {
        summary: `Notified ${e.who} by ${e.via ?? "phone"}.`,
        agent: { id: svc.id, type: "service_reference", summary: service, self: svc.self, html_url: svc.html_url },
        channel: {
          type: "notify",
          notification: {
            type: `${e.via === "push" ? "push_notification" : e.via === "sms" ? "sms" : "phone"}`,
            status: "success",
            address: e.via === "push" ? "iPhone" : "+1 555-0100",
          },
        },
        user: user(e.who),
      });
    } else if (e.type === "acknowledge") {
      Object.assign(base, {
        summary: `Acknowledged by ${e.who}.`,
        agent: user(e.who),
        channel: { type: e.via ?? "mobile" },
        acknowledgement_timeout: 1800,
      });
    } else if (e.type === "escalate") {
      Object.assign(base, {
        summary: `Escalated to level 2 by ${e.who}.`,
        agent: user(e.who),
        channel: { type: "website" },
        assigned_user: user(e.to),
      });
    } else if (e.type === "annotate") {
      Object.assign(base, {
        summary: `Note added by ${e.who}.`,
        agent: user(e.who),
        channel: { type: "note", summary: e.note },
      });
    } else if (e.type === "resolve") {
      Object.assign(base, { summary: `Resolved by ${e.who}.`, agent: user(e.who), channel: { type: "website" } });
    }
    base.service = { id: svc.id, type: "service_reference", summary: service, self: svc.self, html_url: svc.html_url };
    base.incident = {
      id: incId,
      type: "incident_reference",
      summary: `[#${incidentNo}] ${title}`,
      self: `https://api.pagerduty.com/incidents/${incId}`,
      html_url: `https://${sub}.pagerduty.com/incidents/${incId}`,
    };
    base.teams = [];
    base.contexts = [];
    base._at = e.at;
    return base;
  });
  out.sort((a, b) => b._at - a._at);
  for (const o of out) delete o._at;
  return {
    text: `${JSON.stringify({ log_entries: out, limit: 100, offset: 0, more: false, total: null }, null, 2)}\n`,
    ids: out.map((o) => o.id),
  };
}
/** Opsgenie alert logs API response. entries: [{at, log, owner, type}] */
export function opsgenie(r, entries) {
  const data = entries
    .map((e) => ({
      owner: e.owner ?? "",
      createdAt: iso(e.at),
      log: e.log,
      type: e.type ?? "system",
      offset: `${e.at}_${e.at}000${r.int(100, 999)}`,
    }))
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  return `${JSON.stringify({ data, paging: { first: "https://api.opsgenie.com/v2/alerts/logs?offset=0", last: "" }, took: 0.031, requestId: r.uuid() }, null, 2)}\n`;
}

// ---------- Slack export ----------
/**
 * users: [{key, name, real, bot?}], messages: [{at, user, text, bot?}] in one channel.
 * Writes slack/users.json, slack/channels.json, slack/<channel>/<day>.json (UTC days).
 */
export function slackExport(sc, { channel, users, messages, dir = "evidence/slack", topic = "" }) {
  const r = sc.r;
  const ids = new Map(users.map((u) => [u.key, u.bot ? `B0${r.id(9)}` : `U0${r.id(9)}`]));
  const usersJson = users
    .filter((u) => !u.bot)
    .map((u) => ({
      id: ids.get(u.key),
      team_id: "T024BE7LD",
      name: u.name,
      deleted: false,
      real_name: u.real,
      tz: u.tz ?? "Europe/London",
      profile: { real_name: u.real, display_name: u.name, title: u.title ?? "" },
      is_bot: false,
    }));
  sc.put(`${dir}/users.json`, `${JSON.stringify(usersJson, null, 4)}\n`);
  const chId = `C0${r.id(9)}`;
  const first = Math.min(...messages.map((m) => m.at));
  sc.put(
    `${dir}/channels.json`,
    `${JSON.stringify([{ id: chId, name: channel, created: Math.floor(first / 1000) - 120, creator: ids.get(messages[0].user), is_archived: false, is_general: false, members: users.filter((u) => !u.bot).map((u) => ids.get(u.key)), topic: { value: topic, creator: "", last_set: 0 }, purpose: { value: "Incident channel", creator: "", last_set: 0 } }], null, 4)}\n`,
  );
  const byDay = new Map();
  for (const m of [...messages].sort((a, b) => a.at - b.at)) {
    const u = users.find((x) => x.key === m.user);
    if (!u) throw new Error(`unknown slack user ${m.user}`);
    const ts = `${Math.floor(m.at / 1000)}.${String((m.at % 1000) * 1000 + r.int(0, 999)).padStart(6, "0")}`;
    const msg = u.bot
      ? { type: "message", subtype: "bot_message", text: m.text, ts, username: u.real, bot_id: ids.get(u.key) }
      : {
          client_msg_id: r.uuid(),
          type: "message",
          text: m.text,
          user: ids.get(u.key),
          ts,
          team: "T024BE7LD",
          user_team: "T024BE7LD",
          user_profile: { real_name: u.real, display_name: u.name, name: u.name },
        };
    const day = iso(m.at).slice(0, 10);
    if (!byDay.has(day)) byDay.set(day, []);
    byDay.get(day).push(msg);
    m._day = day;
  }
  for (const [day, list] of byDay) sc.put(`${dir}/${channel}/${day}.json`, `${JSON.stringify(list, null, 4)}\n`);
  return { file: (m) => `${dir}/${channel}/${m._day}.json` };
}
/** File and line of a Slack message with a unique text fragment. */
export function slackLine(sc, dir, channel, at, fragment) {
  const rel = `${dir}/${channel}/${iso(at).slice(0, 10)}.json`;
  return { file: rel, line: sc.lineOf(rel, fragment) };
}

// ---------- Kubernetes events ----------
export function k8sEvents(r, events) {
  const items = events.map((e) => ({
    apiVersion: "v1",
    count: e.count ?? 1,
    eventTime: null,
    firstTimestamp: isoS(e.at),
    involvedObject: {
      apiVersion: e.apiVersion ?? "apps/v1",
      kind: e.kind,
      name: e.name,
      namespace: e.ns,
      resourceVersion: String(r.int(1000000, 9999999)),
      uid: r.uuid(),
    },
    kind: "Event",
    lastTimestamp: isoS(e.last ?? e.at),
    message: e.message,
    metadata: {
      creationTimestamp: isoS(e.at),
      name: `${e.name}.${r.hex(16)}`,
      namespace: e.ns,
      resourceVersion: String(r.int(1000000, 9999999)),
      uid: r.uuid(),
    },
    reason: e.reason,
    reportingComponent: e.component ?? "",
    reportingInstance: "",
    source: { component: e.component ?? "deployment-controller", ...(e.node ? { host: e.node } : {}) },
    type: e.type ?? "Normal",
  }));
  return `${JSON.stringify({ apiVersion: "v1", items, kind: "List", metadata: { resourceVersion: "" } }, null, 4)}\n`;
}

// ---------- truth ----------
export function truthDoc(t) {
  const keys = ["impactStart", "detected", "paged", "acknowledged", "mitigated", "recovered", "resolved"];
  const milestones = {};
  for (const k of keys)
    milestones[k] = t.milestones[k] === null || t.milestones[k] === undefined ? null : iso(t.milestones[k]);
  const z = (x) => (typeof x === "number" ? iso(x) : x);
  return {
    id: t.id,
    modelledOn: t.modelledOn,
    story: t.story,
    milestones,
    trigger: t.trigger ? { ...t.trigger, effectiveAt: z(t.trigger.effectiveAt) } : null,
    redHerrings: t.redHerrings ?? [],
    impact: t.impact,
    ...(t.business ? { business: t.business } : {}),
    baselineNoise: t.baselineNoise ?? [],
    intermittent: t.intermittent ?? false,
    skews: t.skews ?? [],
    zones: t.zones ?? [],
    gaps: (t.gaps ?? []).map((g) => ({ file: g.file, from: z(g.from), to: z(g.to) })),
    errorOnlySources: t.errorOnlySources ?? [],
    precursors: (t.precursors ?? []).map((p) => ({ ...p, at: z(p.at) })),
    falseRecoveries: (t.falseRecoveries ?? []).map((f) => ({ at: z(f.at), refailAt: z(f.refailAt) })),
    waits: (t.waits ?? []).map((w) => ({ from: z(w.from), to: z(w.to), what: w.what })),
    people: t.people ?? [],
    kinds: t.kinds ?? [],
  };
}
export function check(cond, msg) {
  if (!cond) throw new Error(`scenario check failed: ${msg}`);
}
