// Writers for the change records and extra log layouts used by the trigger-ranking scenarios (d12–d16, s12–s16).
// Each follows the shape the real tool writes (sources in the comments); all take a seeded PRNG from lib.mjs.
import { fmt, iso, isoS, wall } from "./lib.mjs";

const MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const p2 = (n) => String(n).padStart(2, "0");
const p3 = (n) => String(n).padStart(3, "0");

/**
 * Kubernetes events (kubectl get events -o json) with optional metadata.annotations, as the Flux controllers
 * emit them (https://fluxcd.io/flux/monitoring/events/): revision annotation, source.component = controller.
 */
export function k8sEventList(r, events) {
  const items = events.map((e) => ({
    apiVersion: "v1",
    count: e.count ?? 1,
    eventTime: null,
    firstTimestamp: isoS(e.at),
    involvedObject: {
      apiVersion: e.apiVersion,
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
      ...(e.annotations ? { annotations: e.annotations } : {}),
      creationTimestamp: isoS(e.at),
      name: `${e.name}.${r.hex(16)}`,
      namespace: e.ns,
      resourceVersion: String(r.int(1000000, 9999999)),
      uid: r.uuid(),
    },
    reason: e.reason,
    reportingComponent: e.reporting ?? "",
    reportingInstance: "",
    source: { component: e.component, ...(e.node ? { host: e.node } : {}) },
    type: e.type ?? "Normal",
  }));
  return `${JSON.stringify({ apiVersion: "v1", items, kind: "List", metadata: { resourceVersion: "" } }, null, 4)}\n`;
}

/**
 * HAProxy HTTP log line as received by rsyslog (RFC 3164 header, then the `option httplog` fields):
 * client:port [accept date] frontend backend/server Tq/Tw/Tc/Tr/Tt status bytes - - flags conns queues "request".
 */
export function haproxyLine(q, t, host, pid) {
  const w = wall(t);
  const acc = `${p2(w.D)}/${MON[w.M - 1]}/${w.Y}:${p2(w.h)}:${p2(w.m)}:${p2(w.s)}.${p3(w.ms)}`;
  const tt = Math.max(1, Math.round(q.rt * 1000));
  let srv = q.server ?? `webapp-${q.host}`;
  let timers = `0/0/1/${Math.max(0, tt - 1)}/${tt}`;
  let flags = "----";
  if (q.status === 503 && q.noServer) {
    srv = "<NOSRV>";
    timers = `0/-1/-1/-1/${r3(q)}`;
    flags = "SC--";
  } else if (q.status === 503) {
    timers = `0/0/-1/-1/${3000 + (q.bytes % 40)}`;
    flags = "SC--";
  } else if (q.status === 504) {
    timers = "0/0/1/-1/30001";
    flags = "sH--";
  }
  const conns = `${400 + (q.bytes % 300)}/${380 + (q.bytes % 290)}/${10 + (q.bytes % 40)}/${q.bytes % 9}/0`;
  return `${fmt.bsd(t)} ${host} haproxy[${pid}]: ${q.ip}:${40000 + (q.bytes % 25000)} [${acc}] fe_https~ ${q.backend ?? "be_webapp"}/${srv} ${timers} ${q.status} ${q.bytes} - - ${flags} ${conns} 0/0 "${q.method} ${q.path} HTTP/1.1"`;
}
const r3 = (q) => q.bytes % 3;

/** GitLab Runner job log with FF_TIMESTAMPS: `<RFC 3339 UTC, µs> <stream><O|E>[+] <text>`. lines: [[t, text, stream?]] */
export function gitlabJobLog(lines) {
  return lines.map(([t, text, s = "O"]) => `${iso(t).slice(0, 23)}${p3((t * 7) % 1000)}Z 00${s} ${text}`);
}

/** Buildkite raw job log: each line prefixed by the OSC timestamp marker ESC _bk;t=<epoch ms> BEL. */
export function buildkiteLog(lines) {
  return lines.map(([t, text]) => `\x1b_bk;t=${t}\x07${text}`);
}

/** ConfigCat Public Management API GET /v1/products/{productId}/auditlogs (array, newest first). */
export function configcatAudit(r, entries) {
  const items = [...entries]
    .sort((a, b) => b.at - a.at)
    .map((e) => ({
      auditLogId: e.id ?? r.int(30000000, 39999999),
      auditLogDateTime: iso(e.at).replace("Z", "+00:00"),
      auditLogTypeEnum: e.type,
      changeSetId: r.uuid(),
      truncated: false,
      auditLogType: e.typeText,
      userEmail: e.email,
      userName: e.user,
      where: e.where,
      why: e.why ?? null,
      actionTarget: e.target,
      details: e.details,
    }));
  return `${JSON.stringify(items, null, 2)}\n`;
}

/**
 * `helm history RELEASE` table: UPDATED is Go's time.ANSIC in the local time of the machine that ran helm
 * (no zone shown). rows: [{rev, at, status, chart, app, desc}]
 */
export function helmHistory(rows, offsetMin) {
  const table = [["REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION", "DESCRIPTION"]];
  for (const x of rows) {
    const w = wall(x.at, offsetMin);
    const d = new Date(Date.UTC(w.Y, w.M - 1, w.D));
    const updated = `${DAY[d.getUTCDay()]} ${MON[w.M - 1]} ${String(w.D).padStart(2, " ")} ${p2(w.h)}:${p2(w.m)}:${p2(w.s)} ${w.Y}`;
    table.push([String(x.rev), updated, x.status, x.chart, x.app, x.desc]);
  }
  // helm prints through a tabwriter: every column but the last padded to its widest cell, then a tab
  const width = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  return table.map((row) =>
    row.map((cell, c) => (c === row.length - 1 ? cell : `${cell.padEnd(width[c])}\t`)).join(""),
  );
}

/** logfmt line with an RFC 3339 UTC time (go-kit / logrus text style). */
export function logfmt(t, level, msg, fields = {}) {
  const kv = Object.entries(fields)
    .map(([k, v]) => `${k}=${/[\s"=]/.test(String(v)) ? JSON.stringify(String(v)) : v}`)
    .join(" ");
  return `time=${iso(t)} level=${level} msg=${JSON.stringify(msg)}${kv ? ` ${kv}` : ""}`;
}
