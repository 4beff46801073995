import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DateTime } from "luxon";
import { mulberry32, poisson } from "./prng.js";

/**
 * Deterministic incident scenarios for the timeline engine's tests: they write real evidence files (nginx access
 * log, JSON-lines app log, Alertmanager alerts, PagerDuty log entries, a Slack export, GitHub deployments) into a
 * folder, and return the truth the generator knows (the exact first and last incident-caused failures, when each
 * action took effect, the clock offsets and gaps it injected).
 *
 * What varies, as in real incidents: clock skew of the app log, a log-rotation gap, an app log written in local
 * time without a zone, midnight and DST crossings, noisy baselines with pre-existing errors, several deploys of
 * which one matters, a false recovery after a restart, and impact lasting from minutes to hours.
 */
export interface ScenarioOptions {
  seed: number;
  /** Start of the evidence (UTC ISO). */
  start: string;
  /** Baseline before impact, minutes. */
  baselineMinutes: number;
  /** From impact start to the effective fix, minutes. */
  impactMinutes: number;
  /** Evidence after recovery, minutes. */
  tailMinutes?: number;
  /** User requests per second. */
  rps: number;
  /** Ratio of 5xx in normal operation (pre-existing errors). */
  baselineErrorRate: number;
  /**
   * Status of those pre-existing errors; default 502 (a different failure from the incident's 503/504). 503 makes
   * the baseline failures the same class as the incident's, on every endpoint, before, during and after it.
   */
  baselineStatus?: number;
  /** Ratio of failing requests to affected endpoints during impact. */
  impactErrorRate: number;
  /** The app log's clock runs this many seconds ahead. */
  appSkewSeconds?: number;
  /** The app log is written in this zone without an offset (reads like local time). */
  appLocalZone?: string;
  /** Minutes (from evidence start) of a log-rotation gap in the app log: [from, to). */
  appGap?: [number, number];
  /** A restart `atMinute` minutes into impact stops errors for `pauseMinutes`, then they come back. */
  falseRecovery?: { atMinute: number; pauseMinutes: number };
  /** Minutes between impact start and the alert firing. */
  alertDelayMinutes?: number;
  /** A human reports in chat this many minutes after impact (before the alert when smaller). */
  humanReportMinutes?: number;
  /** A warning alert already firing before impact. */
  precursor?: boolean;
  /** Unrelated deploys before impact (the relevant one is always 7 minutes before). */
  extraDeploys?: number;
  /** Write a `debrief.yaml` (incident folder: paths become relative to it); default true. */
  config?: boolean;
  /** Omit some sources entirely. */
  omit?: Array<"alerts" | "pagerduty" | "slack" | "deploys">;
}

/** What the generator knows happened, in epoch ms. */
export interface ScenarioTruth {
  impactStart: number;
  detected: number | null;
  paged: number | null;
  acknowledged: number | null;
  mitigated: number;
  recovered: number;
  resolved: number | null;
  /** The deploy that triggered it. */
  trigger: number;
  appSkewSeconds: number;
  appGap: { from: number; to: number } | null;
  falseRecovery: { from: number; to: number } | null;
  files: Record<"nginx" | "app" | "alerts" | "pagerduty" | "slack" | "deploys", string | null>;
  /** Incident-caused failed requests. */
  incidentFailures: number;
}

const ENDPOINTS = [
  { path: "/api/orders", affected: true, weight: 4 },
  { path: "/api/checkout", affected: true, weight: 2 },
  { path: "/api/catalog", affected: false, weight: 5 },
  { path: "/api/users/me", affected: false, weight: 2 },
];

function nginxTime(ms: number): string {
  return DateTime.fromMillis(ms, { zone: "UTC" }).toFormat("dd/LLL/yyyy:HH:mm:ss '+0000'");
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Write a scenario into `dir` and return its truth. */
export function generateScenario(dir: string, o: ScenarioOptions): ScenarioTruth {
  const rand = mulberry32(o.seed);
  mkdirSync(dir, { recursive: true });
  const t0 = Date.parse(o.start);
  const impactAt = t0 + o.baselineMinutes * 60_000 + Math.floor(rand() * 50_000) + 3_000;
  const mitigateAt = impactAt + o.impactMinutes * 60_000;
  // the fix takes effect within ~20 s of the deploy finishing
  const fixEffective = mitigateAt + 15_000 + Math.floor(rand() * 10_000);
  const end = fixEffective + (o.tailMinutes ?? 20) * 60_000;
  const skewMs = (o.appSkewSeconds ?? 0) * 1000;
  const gap = o.appGap ? { from: t0 + o.appGap[0] * 60_000, to: t0 + o.appGap[1] * 60_000 } : null;
  const fr = o.falseRecovery
    ? {
        from: impactAt + o.falseRecovery.atMinute * 60_000,
        to: impactAt + (o.falseRecovery.atMinute + o.falseRecovery.pauseMinutes) * 60_000,
      }
    : null;
  const omit = new Set(o.omit ?? []);

  const nginx: string[] = [];
  const app: string[] = [];
  let firstFail = Number.POSITIVE_INFINITY;
  let lastFail = Number.NEGATIVE_INFINITY;
  let incidentFailures = 0;
  let rid = 0;
  const appTime = (trueMs: number): string => {
    const ms = trueMs + skewMs;
    if (o.appLocalZone) return DateTime.fromMillis(ms, { zone: o.appLocalZone }).toFormat("yyyy-LL-dd'T'HH:mm:ss.SSS");
    return iso(ms);
  };
  const totalWeight = ENDPOINTS.reduce((t, e) => t + e.weight, 0);
  const appLine = (trueMs: number, level: string, msg: string, extra: Record<string, unknown> = {}) => {
    if (gap && trueMs >= gap.from && trueMs < gap.to) return;
    app.push(JSON.stringify({ time: appTime(trueMs), level, service: "api", msg, ...extra }));
  };
  const poolStart = impactAt + Math.round((o.impactMinutes * 60_000) / 3);
  for (let sec = Math.floor(t0 / 1000); sec * 1000 < end; sec++) {
    const base = sec * 1000;
    if (sec % 10 === 0)
      nginx.push(`10.0.0.2 - - [${nginxTime(base)}] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.29" 0.001`);
    if (sec % 5 === 0)
      appLine(base + 300, "info", `cache stats hits=${Math.floor(rand() * 1000)} misses=${Math.floor(rand() * 100)}`);
    const n = poisson(rand, o.rps);
    const times: number[] = [];
    for (let i = 0; i < n; i++) times.push(base + Math.floor(rand() * 1000));
    times.sort((a, b) => a - b);
    for (const t of times) {
      let pick = rand() * totalWeight;
      const ep = ENDPOINTS.find((e) => (pick -= e.weight) < 0) ?? (ENDPOINTS[0] as (typeof ENDPOINTS)[number]);
      const inImpact = t >= impactAt && t < fixEffective && !(fr && t >= fr.from && t < fr.to);
      const incident = inImpact && ep.affected && rand() < o.impactErrorRate;
      const baselineErr = !incident && rand() < o.baselineErrorRate;
      const status = incident ? (rand() < 0.7 ? 503 : 504) : baselineErr ? (o.baselineStatus ?? 502) : 200;
      const id = `r${(rid++).toString(36)}`;
      const path = ep.path === "/api/orders" ? `/api/orders/${Math.floor(rand() * 9000) + 1000}` : ep.path;
      const latency = incident ? 5 + rand() * 0.5 : 0.02 + rand() * 0.2;
      nginx.push(
        `10.1.${Math.floor(rand() * 250)}.${Math.floor(rand() * 250)} - - [${nginxTime(t)}] "GET ${path} HTTP/1.1" ${status} ${status === 200 ? 512 : 0} "-" "Mozilla/5.0" ${latency.toFixed(3)} request_id=${id}`,
      );
      const appAt = t - 40; // the app logs just before nginx writes the response line
      if (incident) {
        incidentFailures++;
        firstFail = Math.min(firstFail, t);
        lastFail = Math.max(lastFail, t);
        appLine(
          appAt,
          "error",
          `db query timeout after 5000ms on orders_by_customer (customer ${Math.floor(rand() * 90000)})`,
          {
            request_id: id,
          },
        );
      } else if (baselineErr) {
        appLine(appAt, "error", `upstream payment gateway returned 502 after ${Math.floor(rand() * 300)}ms`, {
          request_id: id,
        });
      } else if (rand() < 0.1) {
        appLine(appAt, "info", `request completed in ${Math.floor(latency * 1000)}ms`, { request_id: id });
      }
    }
    if (base >= poolStart && base < fixEffective && !(fr && base >= fr.from && base < fr.to) && sec % 2 === 0) {
      appLine(base + 500, "warn", `connection pool exhausted (${20}/${20} in use), ${Math.floor(rand() * 40)} waiting`);
    }
  }
  // nginx writes a line when the response ends: a few lines are out of order by up to the request time
  const files: ScenarioTruth["files"] = {
    nginx: "nginx/access.log",
    app: "app/api.jsonl",
    alerts: omit.has("alerts") ? null : "alerts/alertmanager.json",
    pagerduty: omit.has("pagerduty") ? null : "pagerduty/log_entries.json",
    slack: omit.has("slack") ? null : "slack/incident-channel",
    deploys: omit.has("deploys") ? null : "deploys/deployments.json",
  };
  mkdirSync(join(dir, "nginx"), { recursive: true });
  mkdirSync(join(dir, "app"), { recursive: true });
  writeFileSync(join(dir, files.nginx as string), `${nginx.join("\n")}\n`);
  writeFileSync(join(dir, files.app as string), `${app.join("\n")}\n`);

  const alertDelay = (o.alertDelayMinutes ?? 1.4) * 60_000;
  const alertAt = firstFail + alertDelay;
  const humanAt = o.humanReportMinutes === undefined ? null : firstFail + o.humanReportMinutes * 60_000;
  const detected = omit.has("alerts") ? humanAt : humanAt !== null ? Math.min(humanAt, alertAt) : alertAt;
  const pagedAt = alertAt + 87_000;
  const ackAt = pagedAt + 228_000;
  const resolvedAt = lastFail + 5 * 60_000;

  if (!omit.has("alerts")) {
    mkdirSync(join(dir, "alerts"), { recursive: true });
    const alerts: unknown[] = [
      {
        labels: { alertname: "HighErrorRate", severity: "critical", service: "api" },
        annotations: { summary: "5xx ratio above 5% for 1m" },
        startsAt: iso(alertAt),
        endsAt: iso(lastFail + 120_000),
        updatedAt: iso(lastFail + 120_000),
        status: { state: "resolved", silencedBy: [], inhibitedBy: [] },
        fingerprint: "a1b2c3",
        receivers: [{ name: "pagerduty" }],
      },
      {
        labels: { alertname: "DiskSpaceLow", severity: "warning", service: "logging" },
        annotations: { summary: "disk 85% full" },
        startsAt: iso(t0 + 60_000),
        endsAt: iso(t0 + 5 * 60_000),
        updatedAt: iso(t0 + 5 * 60_000),
        status: { state: "resolved", silencedBy: [], inhibitedBy: [] },
        fingerprint: "d4e5f6",
        receivers: [{ name: "slack" }],
      },
    ];
    if (o.precursor) {
      alerts.push({
        labels: { alertname: "DBLatencyWarning", severity: "warning", service: "db" },
        annotations: { summary: "p99 query latency above 200ms" },
        startsAt: iso(impactAt - 4 * 60_000),
        endsAt: iso(lastFail + 60_000),
        updatedAt: iso(lastFail + 60_000),
        status: { state: "resolved", silencedBy: [], inhibitedBy: [] },
        fingerprint: "0badc0de",
        receivers: [{ name: "slack" }],
      });
    }
    writeFileSync(join(dir, files.alerts as string), JSON.stringify(alerts, null, 2));
  }
  if (!omit.has("pagerduty")) {
    mkdirSync(join(dir, "pagerduty"), { recursive: true });
    const entry = (type: string, at: number, summary: string, agent: string) => ({
      id: `P${type.slice(0, 3).toUpperCase()}${at}`,
      type,
      summary,
      created_at: iso(at).replace(/\.\d{3}Z$/, "Z"),
      agent: { type: "user_reference", summary: agent },
      incident: { id: "Q1ABC", summary: "HighErrorRate api" },
      channel: { type: type === "notify_log_entry" ? "sms" : "auto" },
    });
    const at = (ms: number) => Math.floor(ms / 1000) * 1000;
    writeFileSync(
      join(dir, files.pagerduty as string),
      JSON.stringify(
        {
          log_entries: [
            entry("trigger_log_entry", at(alertAt + 30_000), "Triggered through the API", "Alertmanager"),
            entry("notify_log_entry", at(pagedAt), "Notified Dana Ortiz by SMS", "Dana Ortiz"),
            entry("acknowledge_log_entry", at(ackAt), "Acknowledged by Dana Ortiz", "Dana Ortiz"),
            entry("resolve_log_entry", at(resolvedAt), "Resolved by Dana Ortiz", "Dana Ortiz"),
          ],
          limit: 100,
          offset: 0,
          more: false,
        },
        null,
        2,
      ),
    );
  }
  // deploys: the trigger 7 minutes before impact, unrelated ones earlier, the fix at mitigateAt
  const trigger = impactAt - 7 * 60_000;
  if (!omit.has("deploys")) {
    mkdirSync(join(dir, "deploys"), { recursive: true });
    const deps: unknown[] = [];
    const dep = (id: number, at: number, ref: string, service: string, description: string, login: string) => ({
      id,
      url: `https://api.github.com/repos/acme/${service}/deployments/${id}`,
      statuses_url: `https://api.github.com/repos/acme/${service}/deployments/${id}/statuses`,
      sha: `${id}abcdef0123456789`,
      ref,
      environment: "production",
      description,
      payload: { service },
      created_at: iso(at - 90_000).replace(/\.\d{3}Z$/, "Z"),
      creator: { login },
      statuses: [
        {
          state: "in_progress",
          created_at: iso(at - 60_000).replace(/\.\d{3}Z$/, "Z"),
          creator: { login: "deploybot" },
        },
        {
          state: "success",
          created_at: iso(at).replace(/\.\d{3}Z$/, "Z"),
          description: "rolled out",
          creator: { login: "deploybot" },
        },
      ],
    });
    for (let i = 0; i < (o.extraDeploys ?? 1); i++) {
      deps.push(dep(100 + i, trigger - (50 + 40 * i) * 60_000, `v1.${8 + i}.0`, "web", "frontend copy change", "sam"));
    }
    deps.push(dep(200, trigger, "v2.3.0", "api", "orders query refactor", "lee"));
    deps.push(dep(201, mitigateAt, "v2.3.1", "api", "add cache layer for orders_by_customer", "dana"));
    writeFileSync(join(dir, files.deploys as string), JSON.stringify(deps, null, 2));
  }
  if (!omit.has("slack")) {
    const chan = join(dir, files.slack as string);
    mkdirSync(chan, { recursive: true });
    writeFileSync(
      join(dir, "slack", "users.json"),
      JSON.stringify([
        { id: "U1", name: "dana", real_name: "Dana Ortiz" },
        { id: "U2", name: "lee", real_name: "Lee Chen" },
      ]),
    );
    const msgs: Array<{ at: number; user?: string; bot?: string; text: string }> = [];
    if (!omit.has("alerts"))
      msgs.push({ at: alertAt + 31_000, bot: "alertmanager", text: "[FIRING:1] HighErrorRate api (critical)" });
    if (humanAt !== null) msgs.push({ at: humanAt, user: "U2", text: "customers say checkout is failing with 503s" });
    msgs.push({ at: ackAt + 40_000, user: "U1", text: "ack, looking at the api dashboards" });
    if (fr) msgs.push({ at: fr.from - 20_000, user: "U1", text: "restarting the api pods to clear the pool" });
    msgs.push({
      at: poolStart + 3 * 60_000,
      user: "U2",
      text: "slow queries identified on the orders table, orders_by_customer is doing a full scan",
    });
    msgs.push({
      at: mitigateAt - 120_000,
      user: "U1",
      text: "deploying v2.3.1 with a cache layer for orders_by_customer",
    });
    msgs.push({ at: lastFail + 3 * 60_000, user: "U1", text: "error rate back to normal, watching" });
    msgs.push({ at: resolvedAt + 5_000, user: "U1", text: "marking the incident resolved" });
    msgs.sort((a, b) => a.at - b.at);
    const byDay = new Map<string, unknown[]>();
    for (const m of msgs) {
      const day = iso(m.at).slice(0, 10);
      const list = byDay.get(day) ?? [];
      const ts = `${Math.floor(m.at / 1000)}.${String((m.at % 1000) * 1000).padStart(6, "0")}`;
      list.push(
        m.bot
          ? { type: "message", subtype: "bot_message", username: m.bot, bot_id: "B01", text: m.text, ts }
          : { type: "message", user: m.user, text: m.text, ts },
      );
      byDay.set(day, list);
    }
    for (const [day, list] of byDay) writeFileSync(join(chan, `${day}.json`), JSON.stringify(list, null, 2));
  }
  if (o.config !== false) {
    writeFileSync(
      join(dir, "debrief.yaml"),
      `id: SCN-${o.seed}\ntitle: Orders API degradation (scenario ${o.seed})\nservices: [api]\n`,
    );
  }
  return {
    impactStart: firstFail,
    detected: omit.has("alerts") && humanAt === null ? null : detected,
    paged: omit.has("pagerduty") ? null : Math.floor(pagedAt / 1000) * 1000,
    acknowledged: omit.has("pagerduty") ? null : Math.floor(ackAt / 1000) * 1000,
    mitigated: mitigateAt,
    recovered: lastFail,
    resolved: omit.has("pagerduty") ? null : Math.floor(resolvedAt / 1000) * 1000,
    trigger,
    appSkewSeconds: o.appSkewSeconds ?? 0,
    appGap: gap,
    falseRecovery: fr,
    files,
    incidentFailures,
  };
}
