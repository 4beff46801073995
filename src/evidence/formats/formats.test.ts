import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type RawEvent, toEvent } from "../../model/event.js";
import { EvidenceSource } from "../../model/evidence-source.js";
import { type ReadEvidenceOptions, readEvidence } from "../read-evidence.js";
import { slackText } from "./slack-export.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

async function read(name: string, options: ReadEvidenceOptions = {}) {
  const events: RawEvent[] = [];
  const { sources } = await readEvidence([join(FIXTURES, name)], {
    ...options,
    baseDir: FIXTURES,
    onEvent: (e) => events.push(e),
  });
  for (const s of sources) EvidenceSource.parse(s);
  return { source: sources[0] as EvidenceSource, sources, events: events.map(toEvent) };
}

describe("prometheus-json", () => {
  it("reads a pretty-printed query_range matrix: one event per sample, line of each sample", async () => {
    const { source, events } = await read("prometheus-query-range.json");
    expect(source).toMatchObject({
      format: "prometheus-json",
      events: 6,
      lines: 50,
      timezone: "UTC",
      timezoneAssumed: false,
    });
    expect(source.skipped.total).toBe(0);
    expect(events[0]).toEqual({
      time: "2025-02-09T10:05:00.000Z",
      path: "prometheus-query-range.json",
      line: 13,
      kind: "metric",
      severity: null,
      service: "orders-api",
      host: "10.0.3.14:8080",
      actor: null,
      message: '{code="200",instance="10.0.3.14:8080",job="orders-api"} = 41.2',
      attributes: {
        metric: { code: "200", job: "orders-api", instance: "10.0.3.14:8080" },
        value: 41.2,
        series: '{code="200",instance="10.0.3.14:8080",job="orders-api"}',
      },
    });
    expect(events.map((e) => e.line)).toEqual([13, 17, 21, 34, 38, 42]);
    expect(events[5]?.attributes).toMatchObject({ value: null, raw: "+Inf" });
  });

  it("reads a one-line vector with ms instants, and scalar and string results", async () => {
    const vector = await read("prometheus-query-vector.json");
    expect(vector.events.map((e) => [e.time, e.line, e.attributes.series, e.attributes.value])).toEqual([
      ["2025-02-09T10:05:23.123Z", 1, 'up{instance="10.0.3.14:8080",job="orders-api"}', 1],
      ["2025-02-09T10:05:23.123Z", 1, 'up{instance="10.0.5.2:9187",job="orders-db"}', 0],
    ]);
    const scalar = await read("prometheus-scalar.json");
    expect(scalar.events.map((e) => [e.time, e.attributes.value, e.attributes.series])).toEqual([
      ["2025-02-09T10:05:23.500Z", 0.42, "scalar"],
    ]);
    const str = await read("prometheus-string.json");
    expect(str.events[0]?.message).toBe("hello");
  });

  it("turns an API error response into a warning, not events", async () => {
    const { source } = await read("prometheus-error.json");
    expect(source.events).toBe(0);
    expect(source.skipped.byReason).toEqual({ "api-error": 1 });
    expect(source.warnings?.[0]).toMatch(/bad_data/);
  });
});

describe("prometheus-text", () => {
  it("reads samples with timestamps and counts the rest", async () => {
    const { source, events } = await read("metrics.prom");
    expect(source.format).toBe("prometheus-text");
    expect(source.lines).toBe(10);
    expect(source.events + source.skipped.total).toBe(source.lines);
    expect(source.skipped.byReason).toEqual({ metadata: 4, "no-timestamp": 1, blank: 1 });
    expect(events.map((e) => [e.line, e.time, e.attributes.value])).toEqual([
      [3, "2025-02-09T10:05:23.000Z", 1027],
      [4, "2025-02-09T10:05:23.000Z", 3],
      [5, "2025-02-09T10:05:24.000Z", 1458255915],
      [10, "2025-02-09T10:05:25.000Z", null],
    ]);
    expect(events[2]?.attributes.metric).toEqual({
      __name__: "msdos_file_access_time_seconds",
      path: "C:\\DIR\\FILE.TXT",
      error: 'Cannot find file:\n"FILE.TXT"',
    });
  });

  it("reads OpenMetrics seconds timestamps and ignores exemplars", async () => {
    const { events } = await read("openmetrics.txt");
    expect(events.map((e) => [e.time, e.attributes.value])).toEqual([
      ["2025-02-09T10:15:30.500Z", 20],
      ["2025-02-09T10:35:00.000Z", 7],
      ["2025-02-09T10:15:30.000Z", 129],
    ]);
  });
});

describe("alerts", () => {
  it("reads Alertmanager v2 alerts: firing at startsAt, no resolution while active", async () => {
    const { source, events } = await read("alertmanager-v2-alerts.json");
    expect(source.format).toBe("alertmanager-json");
    const high = events.filter((e) => e.attributes.alertname === "HighErrorRate");
    expect(high).toHaveLength(1);
    expect(high[0]).toMatchObject({
      time: "2025-02-09T10:06:45.000Z",
      line: 2,
      kind: "alert",
      severity: "critical",
      service: "orders-api",
      message: "[FIRING] HighErrorRate: High 5xx error rate on orders-api",
      attributes: {
        state: "firing",
        alertState: "active",
        fingerprint: "6b3f5e0d1c2a9b87",
        receivers: ["pagerduty-orders"],
      },
    });
    // the suppressed DiskSpaceLow alert ended at its last update: a real resolution
    const disk = events.filter((e) => e.attributes.alertname === "DiskSpaceLow");
    expect(disk.map((e) => [e.time, e.attributes.state, e.line])).toEqual([
      ["2025-02-09T08:12:30.000Z", "firing", 31],
      ["2025-02-09T09:47:30.000Z", "resolved", 31],
    ]);
    expect(disk[0]?.attributes.silencedBy).toEqual(["d2b1c3a4-5e6f-7081-92a3-b4c5d6e7f809"]);
    expect(disk[0]?.host).toBe("logs-host-2:9100");
  });

  it("reads amtool output with a resolved alert", async () => {
    const { events } = await read("amtool-alerts.json");
    expect(events.map((e) => [e.time, e.attributes.state])).toEqual([
      ["2025-02-09T10:06:45.000Z", "firing"],
      ["2025-02-09T10:35:12.000Z", "resolved"],
    ]);
  });

  it("reads Prometheus /api/v1/alerts with nanosecond activeAt", async () => {
    const { source, events } = await read("prometheus-alerts.json");
    expect(source.format).toBe("prometheus-alerts-json");
    expect(events.map((e) => [e.time, e.attributes.state, e.severity, e.line])).toEqual([
      ["2025-02-09T10:05:45.123Z", "firing", "critical", 5],
      ["2025-02-09T10:07:00.000Z", "pending", "warning", 18],
    ]);
  });
});

describe("paging", () => {
  it("reads PagerDuty log entries with type and actor", async () => {
    const { source, events } = await read("pagerduty-log-entries.json");
    expect(source.format).toBe("pagerduty-json");
    expect(events.map((e) => [e.time, e.attributes.type, e.actor, e.line])).toEqual([
      ["2025-02-09T10:06:50.000Z", "trigger_log_entry", "orders-api (Prometheus)", 3],
      ["2025-02-09T10:08:12.000Z", "notify_log_entry", "Orders on-call", 39],
      ["2025-02-09T10:12:00.000Z", "acknowledge_log_entry", "Alex Kim", 70],
      ["2025-02-09T10:40:00.000Z", "resolve_log_entry", "Alex Kim", 92],
    ]);
    expect(events[1]).toMatchObject({
      kind: "page",
      message: "Notified Alex Kim by SMS.",
      attributes: { user: "Alex Kim", notification: "sms_notification", incident: "Q1TFBQ5Y3S3F2B", channel: "auto" },
    });
  });

  it("reads PagerDuty incidents into triggered/assigned/acknowledged/resolved", async () => {
    const { events } = await read("pagerduty-incidents.json");
    expect(events.map((e) => [e.time, e.attributes.type, e.actor])).toEqual([
      ["2025-02-09T10:06:50.000Z", "incident_triggered", null],
      ["2025-02-09T10:06:50.000Z", "incident_assigned", null],
      ["2025-02-09T10:12:00.000Z", "incident_acknowledged", "Alex Kim"],
      ["2025-02-09T10:40:00.000Z", "incident_resolved", "Alex Kim"],
    ]);
    expect(events[0]?.severity).toBe("critical");
  });

  it("reads Opsgenie alert logs with actions", async () => {
    const { source, events } = await read("opsgenie-alert-logs.json");
    expect(source.format).toBe("opsgenie-json");
    expect(events.map((e) => [e.time, e.attributes.action, e.actor])).toEqual([
      ["2025-02-09T10:06:51.120Z", "create", "System"],
      ["2025-02-09T10:08:12.000Z", "notify", "alex.kim@example.com"],
      ["2025-02-09T10:12:00.250Z", "acknowledge", "alex.kim@example.com"],
      ["2025-02-09T10:40:00.000Z", "close", "alex.kim@example.com"],
    ]);
  });
});

describe("slack-export", () => {
  it("reads a channel day with names from users.json, bots and mentions", async () => {
    const { sources, events } = await read("slack-export");
    expect(sources.map((s) => [s.path, s.format, s.events])).toEqual([
      ["slack-export/channels.json", "slack-metadata", 0],
      ["slack-export/inc-orders-api/2025-02-09.json", "slack-export", 4],
      ["slack-export/users.json", "slack-metadata", 0],
    ]);
    expect(events.map((e) => [e.time, e.actor, e.message, e.line])).toEqual([
      ["2025-02-09T10:07:15.000Z", "Alertmanager", "[FIRING:1] HighErrorRate orders-api (critical)", 2],
      ["2025-02-09T10:12:05.000Z", "Alex Kim", "ack, looking. @Sam Lee can you check the DB? <orders> looks slow", 16],
      [
        "2025-02-09T10:18:45.000Z",
        "Sam Lee",
        "slow queries on orders table identified, see dashboard (https://grafana.example.com/d/db)",
        25,
      ],
      ["2025-02-09T10:20:00.123Z", "U09GHOST", "message from someone not in users.json", 33],
    ]);
    expect(events[0]?.attributes).toMatchObject({ bot: true, channel: "inc-orders-api" });
    expect(events[2]?.attributes).toMatchObject({ threadTs: "1739095925.000200", user: "U05SAMLEE" });
    const day = sources[1] as EvidenceSource;
    expect(day.skipped.byReason).toEqual({ "invalid-timestamp": 1 });
    expect(day.skipped.examples[0]?.line).toBe(39);
  });

  it("finds users.json one level up when given a single day file, and warns when there is none", async () => {
    const single = await read("slack-export/inc-orders-api/2025-02-09.json");
    expect(single.source.warnings).toBeUndefined();
    expect(single.events[1]?.actor).toBe("Alex Kim");
    const dir = mkdtempSync(join(tmpdir(), "debrief-slack-"));
    try {
      mkdirSync(join(dir, "general"));
      copyFileSync(
        join(FIXTURES, "slack-export/inc-orders-api/2025-02-09.json"),
        join(dir, "general", "2025-02-09.json"),
      );
      const { sources } = await readEvidence([join(dir, "general", "2025-02-09.json")], {});
      expect(sources[0]?.warnings?.[0]).toMatch(/users\.json not found/);
      expect(sources[0]?.events).toBe(4);
      const collected: string[] = [];
      await readEvidence([dir], { onEvent: (e) => collected.push(e.actor ?? "") });
      // without users.json, a message's own user_profile still names its author
      expect(collected).toEqual(["Alertmanager", "Alex Kim", "U05SAMLEE", "U09GHOST"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("resolves Slack markup", () => {
    const users = new Map([["U1", "Ann"]]);
    expect(slackText("<@U1> <!here> <#C1|ops> <https://x.io> a &amp; b", users)).toBe(
      "@Ann @here #ops https://x.io a & b",
    );
  });
});

describe("changes", () => {
  it("reads the documented git log format, counting bad lines", async () => {
    const { source, events } = await read("git-log.txt");
    expect(source.format).toBe("git-log");
    expect(source.lines).toBe(5);
    expect(source.skipped.byReason).toEqual({ blank: 1, "unrecognized-line": 1, "invalid-timestamp": 1 });
    expect(events.map((e) => [e.time, e.actor, e.message, e.line])).toEqual([
      ["2025-02-09T09:58:00.000Z", "Jane Doe", "Add orders-by-customer query", 1],
      ["2025-02-09T09:40:12.000Z", "Sam Lee", "Bump pgbouncer pool to 20", 2],
    ]);
    expect(source.timezoneAssumed).toBe(false);
  });

  it("reads kubectl events: first and last occurrence of repeated events, eventTime for new-style ones", async () => {
    const { source, events } = await read("kubectl-events.json");
    expect(source.format).toBe("kubernetes-events");
    expect(events.map((e) => [e.time, e.severity, e.attributes.reason, e.attributes.occurrence, e.line])).toEqual([
      ["2025-02-09T09:58:04.000Z", "info", "ScalingReplicaSet", "first", 4],
      ["2025-02-09T10:15:31.000Z", "warning", "Unhealthy", "first", 35],
      ["2025-02-09T10:28:02.000Z", "warning", "Unhealthy", "last", 35],
      ["2025-02-09T10:22:10.123Z", "info", "Scheduled", "first", 62],
    ]);
    expect(events[1]).toMatchObject({ host: "node-pool-a-3", kind: "k8s-event", attributes: { count: 14 } });
  });

  it("reads GitHub deployments with statuses: success is when the deploy took effect", async () => {
    const { events } = await read("github-deployments.json");
    expect(events.map((e) => [e.time, e.attributes.ref, e.attributes.state, e.attributes.effective ?? false])).toEqual([
      ["2025-02-09T10:20:31.000Z", "v2.3.1-cache", "created", false],
      ["2025-02-09T10:22:10.000Z", "v2.3.1-cache", "success", true],
      ["2025-02-09T10:20:35.000Z", "v2.3.1-cache", "in_progress", false],
      ["2025-02-09T09:56:40.000Z", "v2.3.0", "created", false],
      ["2025-02-09T09:58:02.000Z", "v2.3.0", "success", true],
    ]);
    expect(events[4]).toMatchObject({ kind: "change", service: "orders-api", actor: "deploy-bot" });
    expect(events[0]).toMatchObject({ service: "orders-api", actor: "sam-lee" });
    // the change record built like every reader's: the request is started, a success status is when it took effect
    expect(events.map((e) => (e.attributes.change as { phase: string }).phase)).toEqual([
      "started",
      "effective",
      "started",
      "started",
      "effective",
    ]);
    expect(events[1]?.attributes.change).toMatchObject({
      effectiveAt: "2025-02-09T10:22:10.000Z",
      committedAt: null,
      where: ["orders-api", "production"],
      version: "v2.3.1-cache",
    });
    const plain = await read("github-deployments-plain.json");
    expect(plain.events.map((e) => e.attributes.state)).toEqual(["created", "created"]);
  });
});

describe("runbooks", () => {
  it("inventories Markdown with a checksum and no events", async () => {
    const { source } = await read("runbook.md");
    expect(source).toMatchObject({ format: "runbook", events: 0, lines: 7 });
    expect(source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("alertmanager-silences", () => {
  it("reads silences as changes: started, and ended once expired", async () => {
    const { source, events } = await read("alertmanager-silences.json");
    expect(source.format).toBe("alertmanager-silences");
    expect(events.map((e) => [e.time, e.attributes.state, e.actor, e.line])).toEqual([
      ["2025-02-09T10:16:30.000Z", "started", "alex.kim", 2],
      ["2025-02-09T10:45:00.000Z", "ended", "alex.kim", 2],
    ]);
    expect(events[0]?.message).toBe(
      'silence {alertname="HighLatencyP99", instance=~"orders-api-.*"} started: pool saturation is known, cache deploy in progress',
    );
  });
});
