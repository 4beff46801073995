import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { CollectManifestFile, collectEvidence, sha256 } from "../src/collect/index.js";
import { readEvidence } from "../src/evidence/index.js";
import type { RawEvent } from "../src/model/event.js";
import { parseManifest } from "../src/postmortem/draft/draft-input.js";
import { type AlertmanagerServer, alertmanagerAvailable, startAlertmanager } from "./support/alertmanager-server.js";
import {
  type PrometheusServer,
  prometheusAvailable,
  type SyntheticSeries,
  startPrometheus,
  toOpenMetrics,
} from "./support/prometheus-server.js";
import { canRun } from "./support/skip-reason.js";

const EXAMPLE = join(import.meta.dirname, "..", "examples", "incidents", "api-degradation");
const truth = JSON.parse(readFileSync(join(EXAMPLE, "truth.json"), "utf8")) as {
  milestones: { impactStart: string; detected: string; recovered: string };
  window?: unknown;
};
const sec = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const IMPACT = sec(truth.milestones.impactStart);
const DETECTED = sec(truth.milestones.detected);
const RECOVERED = sec(truth.milestones.recovered);
const DATA_FROM = sec("2025-02-09T07:30:00Z");
const DATA_TO = sec("2025-02-09T11:30:00Z");

/**
 * The example incident's dynamics as Prometheus would have recorded them: orders-api serves 20 req/s; from the
 * known impact start to recovery 5 req/s fail with 500 (0.02/s before); `HighErrorRate` is pending for a minute and
 * fires at the known detection time; an unrelated `DiskSpaceLow` fires all along.
 */
function incidentSeries(): SyntheticSeries[] {
  const counter = (code: string, rate: (t: number) => number): SyntheticSeries => {
    const samples: Array<[number, number]> = [];
    let total = 0;
    for (let t = DATA_FROM; t <= DATA_TO; t++) {
      total += rate(t);
      if (t % 15 === 0) samples.push([t, Math.round(total * 1000) / 1000]);
    }
    return {
      family: "http_requests",
      type: "counter",
      name: "http_requests_total",
      labels: { service: "orders-api", code },
      samples,
    };
  };
  const gauge = (labels: Record<string, string>, from: number, to: number): SyntheticSeries => {
    const samples: Array<[number, number]> = [];
    for (let t = Math.ceil(from / 15) * 15; t <= to; t += 15) samples.push([t, 1]);
    return { family: "ALERTS", type: "gauge", name: "ALERTS", labels, samples };
  };
  const errorRate = (t: number) => (t >= IMPACT && t < RECOVERED ? 5 : 0.02);
  return [
    counter("200", (t) => 20 - errorRate(t) + 0.02),
    counter("500", errorRate),
    gauge(
      { alertname: "HighErrorRate", alertstate: "pending", service: "orders-api", severity: "critical" },
      DETECTED - 60,
      DETECTED - 15,
    ),
    gauge(
      { alertname: "HighErrorRate", alertstate: "firing", service: "orders-api", severity: "critical" },
      DETECTED,
      RECOVERED + 60,
    ),
    gauge(
      { alertname: "DiskSpaceLow", alertstate: "firing", instance: "db-2", severity: "warning" },
      sec("2025-02-09T08:47:15Z"),
      DATA_TO,
    ),
  ];
}

function incidentDir(collect: string): string {
  const dir = mkdtempSync(join(tmpdir(), "debrief-collect-"));
  writeFileSync(
    join(dir, "debrief.yaml"),
    `formatVersion: 1\nid: INC-2025-0209\nservices: [orders-api]\nwindow:\n  start: "2025-02-09T09:55:00Z"\n  end: "2025-02-09T10:45:00Z"\ncollect:\n${collect}`,
  );
  return dir;
}

async function events(dir: string, file: string): Promise<RawEvent[]> {
  const out: RawEvent[] = [];
  const { sources } = await readEvidence([join(dir, "evidence", file)], { onEvent: (e) => out.push(e) });
  expect(sources[0]?.format).toBe("prometheus-json");
  expect(sources[0]?.skipped.total).toBe(0);
  return out;
}

const metricOf = (e: RawEvent) => (e.attributes as { metric: Record<string, string>; value: number | null }).metric;
const sampleOf = (e: RawEvent) => (e.attributes as { value: number | null }).value ?? Number.NaN;

const promReady = canRun(
  "the collect tests against a real Prometheus",
  "Prometheus (promtool too)",
  prometheusAvailable(),
);
const amReady = canRun("the collect tests against a real Alertmanager", "Alertmanager", alertmanagerAvailable());
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.skipIf(!promReady)("debrief collect against a real Prometheus (backfilled incident)", () => {
  let prom: PrometheusServer;
  beforeAll(async () => {
    prom = await startPrometheus(toOpenMetrics(incidentSeries()));
  });
  afterAll(async () => {
    await prom?.stop();
  });

  it("collects the default golden-signal queries and the ALERTS history, which give the incident's known times", async () => {
    const dir = incidentDir(`  prometheus:\n    url: ${prom.url}\n`);
    dirs.push(dir);
    const progress: string[] = [];
    const result = await collectEvidence(dir, { onProgress: (m) => progress.push(m) });
    const byTask = new Map(result.manifest.items.map((i) => [i.task, i]));
    expect(byTask.get("query:request-rate")?.status).toBe("ok");
    expect(byTask.get("query:error-ratio")?.status).toBe("ok");
    expect(byTask.get("alerts")?.status).toBe("ok");
    // no histogram or node metrics in this Prometheus: recorded as empty with the reason, not silently missing
    expect(byTask.get("query:latency-p99")).toMatchObject({
      status: "empty",
      file: null,
      reason: "no series matched the query in the window",
    });
    expect(byTask.get("query:saturation-cpu")?.status).toBe("empty");
    expect(result.summary).toEqual({ fetched: 3, skipped: 0, empty: 2, failed: 0, partial: 0 });

    // the manifest is exact: schema, padded range, checksums of the files written
    const manifestText = readFileSync(join(dir, "evidence", "manifest.json"), "utf8");
    const manifest = CollectManifestFile.parse(JSON.parse(manifestText));
    expect(manifest.window).toEqual({ start: "2025-02-09T09:55:00.000Z", end: "2025-02-09T10:45:00.000Z" });
    expect(manifest.padding).toBe("30m");
    for (const item of manifest.items.filter((i) => i.status === "ok")) {
      expect(item.from).toBe("2025-02-09T09:25:00.000Z");
      expect(item.to).toBe("2025-02-09T10:45:00.000Z");
      expect(item.endpoint).toBe(`${prom.url}/api/v1/query_range`);
      expect(sha256(readFileSync(join(dir, "evidence", item.file ?? "")))).toBe(item.sha256);
      expect(item.rows).toBeGreaterThan(0);
    }
    // the draft step can read it
    expect("manifest" in parseManifest(manifestText)).toBe(true);

    // 5xx ratio: rises right after the known impact start (rate window 60 s + step 15 s)
    const ratio = await events(dir, "prometheus/error-ratio.json");
    expect(ratio.every((e) => metricOf(e).service === "orders-api")).toBe(true);
    const firstHigh = ratio.find((e) => sampleOf(e) > 0.05);
    expect(firstHigh).toBeDefined();
    expect(firstHigh?.ts).toBeGreaterThan(IMPACT * 1000);
    expect(firstHigh?.ts).toBeLessThanOrEqual((IMPACT + 75) * 1000);
    const before = ratio.filter((e) => e.ts < IMPACT * 1000);
    expect(before.length).toBeGreaterThan(100);
    expect(Math.max(...before.map(sampleOf))).toBeLessThan(0.01);
    const peak = Math.max(...ratio.map(sampleOf));
    expect(peak).toBeCloseTo(0.25, 2);

    // ALERTS: HighErrorRate firing starts at the known detection time, within one step
    const alerts = await events(dir, "prometheus/alerts-history.json");
    const firing = alerts.filter(
      (e) => metricOf(e).alertname === "HighErrorRate" && metricOf(e).alertstate === "firing",
    );
    expect(firing[0]?.ts).toBeGreaterThanOrEqual(DETECTED * 1000);
    expect(firing[0]?.ts).toBeLessThanOrEqual((DETECTED + 15) * 1000);
    const pending = alerts.filter((e) => metricOf(e).alertstate === "pending");
    expect(pending[0]?.ts).toBeLessThan(DETECTED * 1000);
    // the unrelated precursor is there from the first point of the padded range
    expect(alerts.find((e) => metricOf(e).alertname === "DiskSpaceLow")?.ts).toBe(sec("2025-02-09T09:25:00Z") * 1000);
    expect(progress.some((m) => m.includes("error-ratio"))).toBe(true);
    // the whole evidence folder reads cleanly: every file recognised, the manifest inventoried without events
    const whole = await readEvidence([join(dir, "evidence")], { baseDir: dir });
    expect(whole.sources.map((s) => [s.path, s.format]).sort()).toEqual([
      ["evidence/manifest.json", "collect-manifest"],
      ["evidence/prometheus/alerts-history.json", "prometheus-json"],
      ["evidence/prometheus/error-ratio.json", "prometheus-json"],
      ["evidence/prometheus/request-rate.json", "prometheus-json"],
    ]);
  });

  it("re-running skips what is fetched and unchanged; --refresh and a changed file fetch again", async () => {
    const dir = incidentDir(
      `  prometheus:\n    url: ${prom.url}\n    queries:\n      - name: errors\n        query: sum(rate(http_requests_total{code="500"}[1m]))\n`,
    );
    dirs.push(dir);
    const first = await collectEvidence(dir);
    expect(first.summary).toMatchObject({ fetched: 2, skipped: 0 });
    const file = join(dir, "evidence", "prometheus", "errors.json");
    const content = readFileSync(file, "utf8");
    const second = await collectEvidence(dir);
    expect(second.summary).toMatchObject({ fetched: 0, skipped: 2, failed: 0 });
    expect(second.manifest.items).toEqual(first.manifest.items);
    // someone edited the file: its checksum no longer matches, so it is fetched again (and restored)
    writeFileSync(file, "{}");
    const third = await collectEvidence(dir);
    expect(third.summary).toMatchObject({ fetched: 1, skipped: 1 });
    expect(readFileSync(file, "utf8")).toBe(content);
    const fourth = await collectEvidence(dir, { refresh: true });
    expect(fourth.summary).toMatchObject({ fetched: 2, skipped: 0 });
  });

  it("splits a range over Prometheus' 11,000-point limit and merges the pieces into one valid response", async () => {
    // 1 s resolution over 3 h 10 min = 11,401 points per series: one request would be refused by Prometheus
    const yaml = (name: string) =>
      `  padding: 2h20m\n  prometheus:\n    url: ${prom.url}\n    alerts: false\n    queries:\n      - name: ${name}\n        query: sum by (code) (rate(http_requests_total[1m]))\n        step: 1\n`;
    const dir = incidentDir(yaml("fine"));
    dirs.push(dir);
    const progress: string[] = [];
    const r = await collectEvidence(dir, { onProgress: (m) => progress.push(m) });
    expect(r.manifest.items[0]).toMatchObject({ status: "ok", rows: 2 * 11_401 });
    expect(progress.filter((m) => /part \d\/2/.test(m))).toHaveLength(2);
    const body = JSON.parse(readFileSync(join(dir, "evidence", "prometheus", "fine.json"), "utf8")) as {
      status: string;
      data: { resultType: string; result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
    };
    expect(body.status).toBe("success");
    expect(body.data.resultType).toBe("matrix");
    for (const s of body.data.result) {
      const ts = s.values.map((v) => v[0]);
      expect(ts).toHaveLength(11_401);
      expect(ts.every((t, i) => i === 0 || t === (ts[i - 1] ?? 0) + 1)).toBe(true);
    }
    // the limit is real: asked in one request, this Prometheus refuses the range
    const dir3 = incidentDir(yaml("fine"));
    dirs.push(dir3);
    const unsplit = await collectEvidence(dir3, { prometheusMaxPoints: 20_000, http: { retries: 0 } });
    expect(unsplit.manifest.items[0]).toMatchObject({ status: "failed", reason: "http-400" });
    expect(unsplit.manifest.items[0]?.error).toMatch(/exceeded maximum resolution of 11,000 points/);
    // many small pieces give exactly the same file as two large ones
    const dir2 = incidentDir(yaml("fine"));
    dirs.push(dir2);
    await collectEvidence(dir2, { prometheusMaxPoints: 997 });
    expect(readFileSync(join(dir2, "evidence", "prometheus", "fine.json"), "utf8")).toBe(
      readFileSync(join(dir, "evidence", "prometheus", "fine.json"), "utf8"),
    );
  });

  it("records a PromQL error from the server as a failed item and exits 1 through the CLI", async () => {
    const dir = incidentDir(
      `  prometheus:\n    url: ${prom.url}\n    alerts: false\n    queries:\n      - name: broken\n        query: "sum(rate(http_requests_total[1m]"\n`,
    );
    dirs.push(dir);
    let stdout = "";
    let stderr = "";
    const code = await main(["node", "debrief", "collect", dir, "--json", "--retries", "0"], {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
    });
    expect(code).toBe(1);
    const out = JSON.parse(stdout) as { summary: { failed: number }; manifest: CollectManifestFile };
    expect(out.summary.failed).toBe(1);
    expect(out.manifest.items[0]).toMatchObject({ status: "failed", reason: "http-400", file: null });
    expect(out.manifest.items[0]?.error).toMatch(/HTTP 400.*parse error/);
    expect(stderr).toMatch(/broken: failed/);
  });
});

describe.skipIf(!promReady)("retention shorter than the window", () => {
  let prom: PrometheusServer;
  beforeAll(async () => {
    // a 30-day retention on data from 2025: the server cannot hold the incident window
    prom = await startPrometheus(toOpenMetrics(incidentSeries()), { retention: "30d" });
  });
  afterAll(async () => {
    await prom?.stop();
  });

  it("says so in the manifest instead of reporting a quiet empty result", async () => {
    const dir = incidentDir(
      `  prometheus:\n    url: ${prom.url}\n    alerts: false\n    queries:\n      - name: errors\n        query: sum(rate(http_requests_total[1m]))\n`,
    );
    dirs.push(dir);
    const r = await collectEvidence(dir);
    const item = r.manifest.items[0];
    expect(item?.status).not.toBe("ok");
    expect(item?.reason).toMatch(/^retention shorter than the window: the server keeps 30d/);
  });
});

describe.skipIf(!amReady)("debrief collect against a real Alertmanager", () => {
  let am: AlertmanagerServer;
  beforeAll(async () => {
    am = await startAlertmanager();
  });
  afterAll(async () => {
    await am?.stop();
  });

  it("fetches the alerts overlapping the window (parsed by the evidence reader) and the silences", async () => {
    await am.postAlerts([
      {
        labels: { alertname: "HighErrorRate", service: "orders-api", severity: "critical" },
        annotations: { summary: "5xx ratio above 5% on orders-api" },
        startsAt: truth.milestones.detected,
        generatorURL: "http://prometheus/graph",
      },
      // starts after the window: not incident evidence
      { labels: { alertname: "CertificateExpiry", severity: "warning" }, startsAt: "2025-02-10T08:00:00Z" },
    ]);
    const dir = incidentDir(`  alertmanager:\n    url: ${am.url}\n`);
    dirs.push(dir);
    const r = await collectEvidence(dir);
    const alerts = r.manifest.items.find((i) => i.task === "alerts");
    expect(alerts).toMatchObject({
      status: "ok",
      rows: 1,
      file: "alertmanager/alerts.json",
      endpoint: `${am.url}/api/v2/alerts`,
    });
    // silences can only be created now, so none overlaps the 2025 window
    expect(r.manifest.items.find((i) => i.task === "silences")).toMatchObject({
      status: "empty",
      reason: "no silence overlaps the window",
    });
    const out: RawEvent[] = [];
    const { sources } = await readEvidence([join(dir, "evidence", "alertmanager", "alerts.json")], {
      onEvent: (e) => out.push(e),
    });
    expect(sources[0]?.format).toBe("alertmanager-json");
    expect(out).toHaveLength(1);
    expect(out[0]?.ts).toBe(Date.parse(truth.milestones.detected));
    expect(out[0]?.message).toBe("[FIRING] HighErrorRate: 5xx ratio above 5% on orders-api");

    // a window ending now sees the silence created for the ongoing incident
    const now = Date.now();
    const id = await am.postSilence({
      matchers: [{ name: "alertname", value: "HighErrorRate", isRegex: false, isEqual: true }],
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      createdBy: "oncall",
      comment: "mitigation in progress",
    });
    const dir2 = incidentDir(`  alertmanager:\n    url: ${am.url}\n`);
    dirs.push(dir2);
    const r2 = await collectEvidence(dir2, {
      overrides: { start: now - 600_000, end: now + 60_000, padding: "5m" },
    });
    expect(r2.manifest.items.find((i) => i.task === "silences")).toMatchObject({ status: "ok", rows: 1 });
    const silences = JSON.parse(
      readFileSync(join(dir2, "evidence", "alertmanager", "silences.json"), "utf8"),
    ) as Array<{ id: string; comment: string }>;
    expect(silences[0]).toMatchObject({ id, comment: "mitigation in progress" });
  });
});
