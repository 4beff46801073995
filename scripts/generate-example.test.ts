import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { IncidentConfig } from "../src/model/incident-config.js";
import { nginxTime, promValue, rfc3339Nano } from "./example/formats.js";
import { histogramQuantile } from "./example/metrics.js";
import { OrderedLineWriter } from "./example/ordered-writer.js";
import { Rng } from "./example/prng.js";
import { FILES, T } from "./example/scenario.js";
import { POOL_MESSAGE } from "./example/traffic.js";
import { EXAMPLE_DIR, type ExampleTruth, generateExample } from "./generate-example.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const committed = join(repoRoot, EXAMPLE_DIR);

/** nginx `combined` with `$request_time` appended, field by field. */
const NGINX_RE =
  /^(\S+) - (\S+) \[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\] "([A-Z]+) (\S+) (HTTP\/\d\.\d)" (\d{3}) (\d+) "([^"]*)" "([^"]*)" (\d+\.\d{3})$/;
const KUBECTL_RE =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z) (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}) UTC \[1\] (LOG|WARNING|ERROR) (.*)$/;
const MONTH: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};
const INCIDENT_MESSAGES = new Set([POOL_MESSAGE, "canceling statement due to user request"]);

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of listFiles(dir))
    out[f] = createHash("sha256")
      .update(readFileSync(join(dir, f)))
      .digest("hex");
  return out;
}

function lines(path: string): string[] {
  const text = readFileSync(path, "utf8");
  expect(text.endsWith("\n")).toBe(true);
  return text.slice(0, -1).split("\n");
}

interface NginxLine {
  time: number;
  path: string;
  status: number;
  requestTime: number;
}

function parseNginx(line: string, lineNo: number): NginxLine {
  const m = NGINX_RE.exec(line);
  if (!m) throw new Error(`nginx line ${lineNo} does not match the combined format: ${line}`);
  const time = Date.UTC(Number(m[5]), MONTH[m[4]!]!, Number(m[3]), Number(m[6]), Number(m[7]), Number(m[8]));
  return { time, path: m[11]!, status: Number(m[13]), requestTime: Number(m[17]) };
}

interface AppLine {
  level: number;
  time: number;
  pid: number;
  hostname: string;
  msg: string;
  reqId?: string;
}

const tmp: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "debrief-example-"));
  tmp.push(d);
  return d;
}
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

describe("generator determinism", () => {
  it("produces identical bytes on two runs, and the committed example equals a fresh generation", () => {
    const a = tempDir();
    const b = tempDir();
    generateExample({ out: a });
    generateExample({ out: b });
    const ha = hashes(a);
    expect(Object.keys(ha).length).toBe(18);
    expect(hashes(b)).toEqual(ha);
    // Nobody edits the committed example by hand: regenerate with `npm run example` instead.
    expect(hashes(committed)).toEqual(ha);
  });

  it("gives different traffic for a different seed but the same story milestones", () => {
    const out = tempDir();
    const truth = generateExample({ out, seed: 7 });
    const base = JSON.parse(readFileSync(join(committed, FILES.truth), "utf8")) as ExampleTruth;
    expect(truth.totalRequests).not.toBe(base.totalRequests);
    expect(truth.milestones.impactStart).toBe(base.milestones.impactStart);
    expect(truth.poolExhausted).toBe(base.poolExhausted);
    expect(truth.peakErrorRate).toBeGreaterThan(0.3);
    expect(truth.peakErrorRate).toBeLessThan(0.5);
  });

  it("scales the request volume with --scale and keeps the milestones", () => {
    const out = tempDir();
    const truth = generateExample({ out, scale: 3 });
    const base = JSON.parse(readFileSync(join(committed, FILES.truth), "utf8")) as ExampleTruth;
    expect(truth.apiRequests / base.apiRequests).toBeGreaterThan(2.7);
    expect(truth.apiRequests / base.apiRequests).toBeLessThan(3.3);
    expect(truth.milestones.impactStart).toBe(base.milestones.impactStart);
    expect(truth.milestones.recovered).toBe(base.milestones.recovered);
    expect(Math.abs(truth.peakErrorRate - 0.4)).toBeLessThan(0.06);
  });
});

describe("the committed example", () => {
  let truth: ExampleTruth;
  let nginx: NginxLine[];
  let app: AppLine[];
  beforeAll(() => {
    truth = JSON.parse(readFileSync(join(committed, FILES.truth), "utf8")) as ExampleTruth;
    nginx = lines(join(committed, FILES.nginx)).map(parseNginx);
    app = lines(join(committed, FILES.app)).map((l, i) => {
      const v = JSON.parse(l) as AppLine;
      if (typeof v.time !== "number" || typeof v.level !== "number" || typeof v.msg !== "string") {
        throw new Error(`app line ${i + 1} is not a pino record: ${l.slice(0, 120)}`);
      }
      return v;
    });
  });

  it("states the milestones of the story", () => {
    expect(truth.milestones).toEqual({
      impactStart: "2025-02-09T10:05:23.000Z",
      detected: "2025-02-09T10:06:45.000Z",
      paged: "2025-02-09T10:08:12.000Z",
      acknowledged: "2025-02-09T10:12:00.000Z",
      mitigated: "2025-02-09T10:22:10.000Z",
      recovered: truth.milestones.recovered,
      resolved: "2025-02-09T10:40:00.000Z",
    });
    const recovered = Date.parse(truth.milestones.recovered);
    expect(recovered).toBeGreaterThan(Date.parse("2025-02-09T10:34:00Z"));
    expect(recovered).toBeLessThan(Date.parse("2025-02-09T10:35:00Z"));
    expect(truth.trigger.deploy).toBe("v2.3.0");
    expect(truth.trigger.time.startsWith("2025-02-09T09:58:")).toBe(true);
    expect(truth.poolExhausted).toBe("2025-02-09T10:15:30.000Z");
    expect(truth.slowQueriesIdentified).toBe("2025-02-09T10:18:45.000Z");
    expect(truth.skewSeconds[FILES.kubectl]).toBe(2.4);
  });

  it("has every nginx line in the combined format, in time order, covering 09:30-11:00", () => {
    expect(nginx.length).toBe(truth.totalRequests);
    expect(nginx.length).toBeGreaterThan(30_000);
    for (let i = 1; i < nginx.length; i++) {
      if (nginx[i]!.time < nginx[i - 1]!.time) throw new Error(`nginx line ${i + 1} goes back in time`);
    }
    expect(nginx[0]!.time).toBeGreaterThanOrEqual(T.logStart);
    expect(nginx[nginx.length - 1]!.time).toBeLessThan(T.logEnd);
    expect(nginx.filter((l) => l.path === "/healthz").length).toBe(truth.healthChecks);
  });

  it("counts 5xx in nginx exactly as truth.json says", () => {
    const fivexx = nginx.filter((l) => l.status >= 500);
    expect(fivexx.length).toBe(truth.failedRequests + truth.baselineFailedRequests);
    // Baseline errors exist before the incident at a low rate (~0.2%), so impact is not simply "the first 5xx".
    const before = nginx.filter((l) => l.time < T.deployDone && l.path !== "/healthz");
    const beforeErrors = before.filter((l) => l.status >= 500).length;
    expect(beforeErrors).toBeGreaterThan(10);
    expect(beforeErrors / before.length).toBeLessThan(0.005);
    // The first 500/503 from the incident's kinds lands in the impact second.
    const incidentKinds = nginx.filter(
      (l) => (l.status === 503 || (l.status === 500 && l.path.includes("status=open"))) && l.time >= T.simStart,
    );
    expect(nginxTime(incidentKinds[0]!.time)).toBe("09/Feb/2025:10:05:23 +0000");
  });

  it("has the impact-window figures and failures by endpoint truth.json states", () => {
    const from = Math.floor(Date.parse(truth.impactWindow.from) / 1000) * 1000;
    const to = Math.floor(Date.parse(truth.impactWindow.to) / 1000) * 1000 + 1000;
    const inWindow = nginx.filter((l) => l.path !== "/healthz" && l.time >= from && l.time <= to);
    expect(inWindow.length).toBe(truth.impactWindow.requests);
    expect(inWindow.filter((l) => l.status >= 500).length).toBe(truth.impactWindow.failed5xx);
    const sum = Object.values(truth.failedByEndpoint).reduce((a, b) => a + b, 0);
    expect(sum).toBe(truth.failedRequests);
    expect(Object.keys(truth.failedByEndpoint)[0]).toBe("GET /api/v1/orders?customer_id&status");
  });

  it("has the peak error rate truth.json states, about 40%", () => {
    const perMinute = new Map<number, { all: number; bad: number }>();
    for (const l of nginx) {
      if (l.path === "/healthz") continue;
      const m = Math.floor(l.time / 60000);
      const b = perMinute.get(m) ?? { all: 0, bad: 0 };
      b.all++;
      if (l.status >= 500) b.bad++;
      perMinute.set(m, b);
    }
    const peak = Math.max(...[...perMinute.values()].map((b) => b.bad / b.all));
    expect(Math.round(peak * 1000) / 1000).toBe(truth.peakErrorRate);
    expect(peak).toBeGreaterThan(0.35);
    expect(peak).toBeLessThan(0.48);
  });

  it("has pino records whose incident errors start at impactStart and end at recovered", () => {
    for (const r of app) {
      expect(r.pid).toBe(1);
      expect(Number.isInteger(r.time)).toBe(true);
      expect(r.hostname).toMatch(/^orders-api-[0-9a-f]{4}-[a-z0-9]{5}$/);
    }
    for (let i = 1; i < app.length; i++) {
      if (app[i]!.time < app[i - 1]!.time) throw new Error(`app line ${i + 1} goes back in time`);
    }
    const incidentErrors = app.filter((r) => r.level === 50 && INCIDENT_MESSAGES.has(r.msg));
    expect(incidentErrors[0]!.time).toBe(Date.parse(truth.milestones.impactStart));
    expect(incidentErrors[incidentErrors.length - 1]!.time).toBe(Date.parse(truth.milestones.recovered));
    const pool = app.filter((r) => r.msg === POOL_MESSAGE);
    expect(pool.length).toBe(truth.poolExhaustedLogLines);
    expect(pool.length).toBeGreaterThan(1500);
    expect(pool[0]!.time).toBe(Date.parse(truth.poolExhausted));
    expect(app.some((r) => r.msg === POOL_MESSAGE && r.time < T.poolExhausted)).toBe(false);
    expect(app.filter((r) => r.msg === "slow query").length).toBe(truth.slowQueryLogLines);
    // Request errors carry nginx's request id (X-Request-Id) in the 32-hex form nginx generates.
    for (const r of incidentErrors) if (r.reqId !== undefined) expect(r.reqId).toMatch(/^[0-9a-f]{32}$/);
  });

  it("has kubectl --timestamps lines from a pgbouncer whose clock runs 2.4 s ahead", () => {
    const kube = lines(join(committed, FILES.kubectl));
    let prev = "";
    const cancels: number[] = [];
    kube.forEach((l, i) => {
      const m = KUBECTL_RE.exec(l);
      if (!m) throw new Error(`kubectl line ${i + 1} malformed: ${l}`);
      // RFC3339Nano trims trailing zeros of the fraction.
      expect(m[1]).not.toMatch(/\.\d*0Z$/);
      const outer = Date.parse(m[1]!);
      const inner = Date.parse(`${m[2]!.replace(" ", "T")}Z`);
      expect(outer - inner).toBeGreaterThanOrEqual(0);
      expect(outer - inner).toBeLessThan(3);
      // Compare as (second, nanoseconds): trimmed fractions do not sort as strings.
      const key = `${m[1]!.slice(0, 19)}.${(m[1]!.slice(20, -1) || "0").padEnd(9, "0")}`;
      if (key < prev) throw new Error(`kubectl line ${i + 1} goes back in time`);
      prev = key;
      if (m[4]!.includes("successfully sent cancel query request")) cancels.push(inner);
    });
    const appCancels = app.filter((r) => r.msg === "canceling statement due to user request").map((r) => r.time);
    expect(cancels.length).toBe(appCancels.filter((t) => t - 1 + 2400 < T.logEnd).length);
    // Each cancel goes through pgbouncer 2 ms before the app sees the error, on a clock 2400 ms ahead.
    expect(cancels[0]! - appCancels[0]!).toBe(2398);
  });

  it("has kubectl --timestamps lines of PostgreSQL on the same fast clock, errors matching the app's", () => {
    const db = lines(join(committed, FILES.kubectlDb));
    expect(db.length).toBe(truth.files[FILES.kubectlDb]?.lines);
    const errors: number[] = [];
    let durations = 0;
    let prev = "";
    db.forEach((l, i) => {
      const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z) (.*)$/.exec(l);
      if (!m) throw new Error(`db line ${i + 1} has no kubectl timestamp: ${l}`);
      const key = `${m[1]!.slice(0, 19)}.${(m[1]!.slice(20, -1) || "0").padEnd(9, "0")}`;
      if (key < prev) throw new Error(`db line ${i + 1} goes back in time`);
      prev = key;
      const inner = m[2]!;
      if (inner.startsWith("\t")) return; // continuation of a multi-line message
      const p =
        /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}) UTC \[(\d+)\] (LOG|ERROR|STATEMENT|DETAIL): {2}(.*)$/.exec(
          inner,
        );
      if (!p) throw new Error(`db line ${i + 1} is not a PostgreSQL '%m [%p] ' line: ${inner}`);
      const t = Date.parse(`${p[1]!.replace(" ", "T")}Z`);
      if (p[3] === "ERROR") errors.push(t);
      if (p[4]!.startsWith("duration: ")) durations++;
    });
    const appCancels = app.filter((r) => r.msg === "canceling statement due to user request").map((r) => r.time);
    expect(errors.length).toBe(appCancels.filter((t) => t - 1 + 2400 < T.logEnd).length);
    expect(new Set(errors.map((t, i) => t - appCancels[i]!))).toEqual(new Set([2399]));
    // Every slow query the app reports, the server reports too (log_min_duration_statement = 1s).
    expect(durations).toBeGreaterThan(truth.slowQueryLogLines * 0.98);
    expect(durations).toBeLessThanOrEqual(truth.slowQueryLogLines + 5);
  });

  it("has Prometheus query_range responses in the HTTP API shape", () => {
    for (const f of [FILES.metrics, FILES.metricsErrorRatio, FILES.metricsLatency, FILES.metricsPool]) {
      const doc = JSON.parse(readFileSync(join(committed, f), "utf8"));
      expect(doc.status).toBe("success");
      expect(doc.data.resultType).toBe("matrix");
      expect(doc.data.result.length).toBeGreaterThan(0);
      for (const s of doc.data.result) {
        expect(typeof s.metric).toBe("object");
        for (const [t, v] of s.values) {
          expect(typeof t).toBe("number");
          expect(typeof v).toBe("string");
          expect(Number.isNaN(Number(v)) && v !== "NaN").toBe(false);
        }
      }
    }
    const byCode = JSON.parse(readFileSync(join(committed, FILES.metrics), "utf8"));
    const codes = byCode.data.result.map((s: { metric: { code: string } }) => s.metric.code);
    expect(codes).toEqual(expect.arrayContaining(["200", "201", "500", "503", "504"]));
    const pool = JSON.parse(readFileSync(join(committed, FILES.metricsPool), "utf8"));
    const at1530 = pool.data.result.flatMap((s: { values: [number, string][] }) =>
      s.values.filter(([t]) => t === T.poolExhausted / 1000),
    );
    expect(at1530.length).toBe(3);
    for (const [, v] of at1530) expect(v).toBe("20");
    // The alert times agree with what the metrics show.
    expect(truth.derivedFromMetrics.highErrorRateFiresAt).toBe(truth.milestones.detected);
    expect(truth.derivedFromMetrics.highLatencyP99FiresAt).toBe(new Date(T.latencyAlert).toISOString());
  });

  it("has amtool alerts with HighErrorRate at detection, a precursor, and no pool alert", () => {
    const alerts = JSON.parse(readFileSync(join(committed, FILES.alerts), "utf8")) as {
      labels: Record<string, string>;
      startsAt: string;
      status: { state: string; inhibitedBy: string[]; silencedBy: string[] };
      receivers: { name: string }[];
      fingerprint: string;
    }[];
    expect(Array.isArray(alerts)).toBe(true);
    const byName = new Map(alerts.map((a) => [a.labels.alertname, a]));
    expect(byName.get("HighErrorRate")?.startsAt).toBe(truth.milestones.detected);
    expect(Date.parse(byName.get("DiskSpaceLow")!.startsAt)).toBeLessThan(Date.parse(truth.milestones.impactStart));
    expect(alerts.some((a) => /pool|saturat/i.test(a.labels.alertname ?? ""))).toBe(false);
    for (const a of alerts) {
      expect(Object.keys(a)).toEqual([
        "annotations",
        "endsAt",
        "fingerprint",
        "receivers",
        "startsAt",
        "status",
        "updatedAt",
        "generatorURL",
        "labels",
      ]);
      expect(a.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it("has PagerDuty log entries for trigger, notify, acknowledge and resolve", () => {
    const doc = JSON.parse(readFileSync(join(committed, FILES.pagerduty), "utf8"));
    expect(doc.total).toBe(doc.log_entries.length);
    expect(doc.more).toBe(false);
    const first = (type: string) =>
      doc.log_entries
        .filter((e: { type: string }) => e.type === type)
        .map((e: { created_at: string }) => Date.parse(e.created_at))
        .sort()[0];
    expect(first("notify_log_entry")).toBe(Date.parse(truth.milestones.paged));
    expect(first("acknowledge_log_entry")).toBe(Date.parse(truth.milestones.acknowledged));
    expect(first("resolve_log_entry")).toBe(Date.parse(truth.milestones.resolved));
    expect(first("trigger_log_entry")).toBeGreaterThan(Date.parse(truth.milestones.detected));
    for (const e of doc.log_entries) {
      expect(e.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(e.incident.type).toBe("incident_reference");
    }
  });

  it("has a Slack export whose messages tell the story at the stated times", () => {
    const users = JSON.parse(readFileSync(join(committed, FILES.slackUsers), "utf8")) as { id: string }[];
    const channels = JSON.parse(readFileSync(join(committed, FILES.slackChannels), "utf8")) as { name: string }[];
    expect(channels.map((c) => c.name)).toEqual(["inc-orders-api"]);
    const msgs = JSON.parse(readFileSync(join(committed, FILES.slackDay), "utf8")) as {
      ts: string;
      text: string;
      user?: string;
      subtype?: string;
    }[];
    const ids = new Set(users.map((u) => u.id));
    let prev = 0;
    for (const m of msgs) {
      expect(m.ts).toMatch(/^\d{10}\.\d{6}$/);
      expect(Number(m.ts)).toBeGreaterThan(prev);
      prev = Number(m.ts);
      if (m.user) expect(ids.has(m.user)).toBe(true);
      for (const mention of m.text.matchAll(/<@(U[A-Z0-9]+)>/g)) expect(ids.has(mention[1]!)).toBe(true);
    }
    const when = (needle: string) => Math.floor(Number(msgs.find((m) => m.text.includes(needle))!.ts)) * 1000;
    expect(when("slow queries on orders table identified")).toBe(Date.parse(truth.slowQueriesIdentified));
    expect(when("cache layer deployed")).toBe(Date.parse(truth.milestones.mitigated));
    expect(when("resolving")).toBe(Date.parse(truth.milestones.resolved));
    const bot = msgs.filter((m) => m.subtype === "bot_message").map((m) => Number(m.ts) * 1000);
    expect(bot.some((t) => Math.abs(t - Date.parse(truth.milestones.detected) - 30_000) < 1000)).toBe(true);
  });

  it("has GitHub deployments with v2.3.0 rolled out at the trigger time and the cache layer at mitigation", () => {
    const deploys = JSON.parse(readFileSync(join(committed, FILES.deploys), "utf8")) as {
      ref: string;
      environment: string;
      created_at: string;
      repository_url: string;
      statuses: { state: string; created_at: string }[];
    }[];
    const created = deploys.map((d) => Date.parse(d.created_at));
    expect([...created].sort((a, b) => b - a)).toEqual(created);
    const prod = (ref: string) => deploys.find((d) => d.ref === ref && d.environment === "production")!;
    const success = (ref: string) => Date.parse(prod(ref).statuses.find((s) => s.state === "success")!.created_at);
    expect(success("v2.3.0")).toBe(Date.parse(truth.trigger.time));
    expect(success("v2.3.1")).toBe(Date.parse(truth.milestones.mitigated));
    expect(
      deploys.some((d) => d.repository_url.endsWith("/catalog-api") && d.created_at.startsWith("2025-02-09T09:3")),
    ).toBe(true);
    const log = lines(join(committed, FILES.gitLog));
    for (const l of log)
      expect(l).toMatch(/^[0-9a-f]{40}\t\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}\t[^\t]+\t[^\t]+$/);
    expect(log.some((l) => l.startsWith(`${truth.trigger.sha}\t`) && l.endsWith("Release v2.3.0"))).toBe(true);
  });

  it("has a debrief.yaml that the incident config schema accepts", () => {
    const config = IncidentConfig.parse(parseYaml(readFileSync(join(committed, FILES.config), "utf8")));
    expect(config.id).toBe("INC-2025-0209");
    expect(config.severity).toBe("SEV2");
    expect(config.services).toEqual(["orders-api"]);
    expect(config.window).toEqual({ start: "2025-02-09T09:55:00Z", end: "2025-02-09T10:45:00Z" });
    expect(config.timezone).toBe("UTC");
    // The skew is for Debrief to find, so it is not declared.
    expect(config.skew).toEqual({});
  });

  it("stays small enough to read", () => {
    const total = listFiles(committed).reduce((sum, f) => sum + statSync(join(committed, f)).size, 0);
    expect(total).toBeLessThan(15 * 1024 * 1024);
  });
});

describe("bad input", () => {
  it("refuses a bad scale or seed", () => {
    const out = tempDir();
    expect(() => generateExample({ out, scale: 0 })).toThrow(/--scale/);
    expect(() => generateExample({ out, scale: Number.NaN })).toThrow(/--scale/);
    expect(() => generateExample({ out, seed: 1.5 })).toThrow(/--seed/);
  });

  it("exits 2 with a one-line message on bad flags", () => {
    const script = join(repoRoot, "scripts/generate-example.ts");
    for (const args of [["--scale", "abc"], ["--bogus"], ["--out"]]) {
      const r = spawnSync(process.execPath, ["--import", "tsx", script, ...args], { cwd: repoRoot, encoding: "utf8" });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^generate-example: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe("helpers (properties)", () => {
  it("promValue prints the shortest round-tripping decimal without exponent, like Go's FormatFloat 'f' -1", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), (x) => {
        const s = promValue(x);
        expect(s).not.toMatch(/e/i);
        expect(Number(s)).toBe(x === 0 ? 0 : x);
      }),
    );
    expect(promValue(1e-7)).toBe("0.0000001");
    expect(promValue(2.5e21)).toBe("2500000000000000000000");
    expect(promValue(Number.NaN)).toBe("NaN");
  });

  it("rfc3339Nano trims trailing zeros and keeps the instant", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer({ min: 0, max: 999_999 }), (ms, ns) => {
        const s = rfc3339Nano(ms, ns);
        expect(s).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{0,8}[1-9])?Z$/);
        expect(Date.parse(s)).toBe(ms);
      }),
    );
    expect(rfc3339Nano(Date.UTC(2025, 1, 9, 10, 5, 23, 120), 0)).toBe("2025-02-09T10:05:23.12Z");
    expect(rfc3339Nano(Date.UTC(2025, 1, 9, 10, 5, 23), 0)).toBe("2025-02-09T10:05:23Z");
  });

  it("Rng is reproducible and stays in range", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
        const a = new Rng(seed);
        const b = new Rng(seed);
        for (let i = 0; i < 20; i++) {
          const x = a.int(n);
          expect(b.int(n)).toBe(x);
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThan(n);
        }
        expect(a.poisson(3.5)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("histogramQuantile is monotonic in q and bounded by the bucket range", () => {
    const bounds = [0.1, 0.5, 1, 5];
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 50 }), { minLength: 5, maxLength: 5 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (counts, q1, q2) => {
          const cumulative: number[] = [];
          let acc = 0;
          for (const c of counts) cumulative.push((acc += c));
          if (acc === 0) {
            expect(Number.isNaN(histogramQuantile(0.5, bounds, cumulative))).toBe(true);
            return;
          }
          const [lo, hi] = q1 <= q2 ? [q1, q2] : [q2, q1];
          const a = histogramQuantile(lo, bounds, cumulative);
          const b = histogramQuantile(hi, bounds, cumulative);
          expect(a).toBeLessThanOrEqual(b + 1e-12);
          expect(a).toBeGreaterThanOrEqual(0);
          expect(b).toBeLessThanOrEqual(5);
        },
      ),
    );
  });

  it("OrderedLineWriter writes lines sorted by time, stable for equal times, whatever the flush points", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 5 }),
        (times, flushes) => {
          const dir = tempDir();
          const path = join(dir, "out.log");
          const w = new OrderedLineWriter(path);
          // Items are only promised to arrive after the flush point, as the simulation guarantees.
          const sortedFlushes = [...flushes].sort((a, b) => a - b);
          const items = times.map((t, i) => ({ t, text: `${t}:${i}` }));
          let fi = 0;
          const byTime = [...items].sort((a, b) => a.t - b.t);
          const queued = new Set<string>();
          for (const item of byTime) {
            while (fi < sortedFlushes.length && sortedFlushes[fi]! <= item.t) w.flush(sortedFlushes[fi++]!);
            w.add(item.t, item.text);
            queued.add(item.text);
          }
          w.close();
          const text = readFileSync(path, "utf8");
          const got = text === "" ? [] : text.slice(0, -1).split("\n");
          const expected = [...items]
            .sort((a, b) => a.t - b.t || times.indexOf(a.t) - times.indexOf(b.t))
            .map((x) => x.text);
          expect(got.map((g) => Number(g.split(":")[0]))).toEqual(expected.map((e) => Number(e.split(":")[0])));
          expect(new Set(got)).toEqual(queued);
        },
      ),
      { numRuns: 40 },
    );
  });
});
