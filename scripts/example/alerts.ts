import { QUERIES } from "./metrics.js";
import type { Rng } from "./prng.js";
import { T } from "./scenario.js";

/** Alertmanager's `strfmt.DateTime` JSON form: RFC 3339 with milliseconds. */
function amTime(ms: number): string {
  return new Date(ms).toISOString();
}

function generatorUrl(expr: string): string {
  return `http://prometheus-k8s-0:9090/graph?g0.expr=${encodeURIComponent(expr)}&g0.tab=1`;
}

/** Prometheus re-sends firing alerts every minute with `endsAt` 4 resend intervals ahead; Alertmanager keeps the latest. */
function lastUpdate(rng: Rng): { updatedAt: number; endsAt: number } {
  const updatedAt = T.alertsQueried - rng.range(2_000, 40_000);
  return { updatedAt, endsAt: updatedAt + 4 * 60_000 };
}

/**
 * `amtool alert query -o json` as run at {@link T.alertsQueried}: the active alerts (Alertmanager v2 `GettableAlert`
 * objects, Go field order), one precursor unrelated to the incident, one warning that fired before impact and the
 * critical alert that detected it. Deliberately no alert on pool saturation: the story has none.
 */
export function alertsDocument(rng: Rng): unknown[] {
  const disk = lastUpdate(rng);
  const latency = lastUpdate(rng);
  const errors = lastUpdate(rng);
  return [
    {
      annotations: {
        description: "Filesystem /var/lib/containerd on ip-10-0-2-47.eu-west-1.compute.internal has 9.6% space left.",
        runbook_url: "https://runbooks.shop.example.com/node/disk-space-low",
        summary: "Disk space low on ip-10-0-2-47",
      },
      endsAt: amTime(disk.endsAt),
      fingerprint: rng.hex(16),
      receivers: [{ name: "slack-platform" }],
      startsAt: amTime(Date.UTC(2025, 1, 9, 8, 47, 15)),
      status: { inhibitedBy: [], silencedBy: [], state: "active" },
      updatedAt: amTime(disk.updatedAt),
      generatorURL: generatorUrl(
        '(node_filesystem_avail_bytes{fstype!="tmpfs",job="node-exporter"} / node_filesystem_size_bytes{fstype!="tmpfs",job="node-exporter"}) * 100 < 10',
      ),
      labels: {
        alertname: "DiskSpaceLow",
        device: "/dev/nvme1n1",
        fstype: "xfs",
        instance: "ip-10-0-2-47.eu-west-1.compute.internal:9100",
        job: "node-exporter",
        mountpoint: "/var/lib/containerd",
        prometheus: "monitoring/k8s",
        service: "node-exporter",
        severity: "warning",
        team: "platform",
      },
    },
    {
      annotations: {
        dashboard: "https://grafana.shop.example.com/d/orders-api/orders-api?orgId=1",
        description: "p99 latency of orders-api has been above 1s for 5 minutes.",
        runbook_url: "https://runbooks.shop.example.com/orders-api#high-latency",
        summary: "orders-api p99 latency high",
      },
      endsAt: amTime(latency.endsAt),
      fingerprint: rng.hex(16),
      receivers: [{ name: "slack-inc-orders-api" }],
      startsAt: amTime(T.latencyAlert),
      status: { inhibitedBy: [], silencedBy: [], state: "active" },
      updatedAt: amTime(latency.updatedAt),
      generatorURL: generatorUrl(`${QUERIES.latencyP99} > 1`),
      labels: {
        alertname: "HighLatencyP99",
        namespace: "shop",
        prometheus: "monitoring/k8s",
        service: "orders-api",
        severity: "warning",
        team: "shop",
      },
    },
    {
      annotations: {
        dashboard: "https://grafana.shop.example.com/d/orders-api/orders-api?orgId=1",
        description: "More than 5% of orders-api requests have failed with 5xx for 1 minute.",
        runbook_url: "https://runbooks.shop.example.com/orders-api#high-error-rate",
        summary: "orders-api 5xx error rate above 5%",
      },
      endsAt: amTime(errors.endsAt),
      fingerprint: rng.hex(16),
      receivers: [{ name: "pagerduty-shop" }, { name: "slack-inc-orders-api" }],
      startsAt: amTime(T.detected),
      status: { inhibitedBy: [], silencedBy: [], state: "active" },
      updatedAt: amTime(errors.updatedAt),
      generatorURL: generatorUrl(`${QUERIES.errorRatio} > 0.05`),
      labels: {
        alertname: "HighErrorRate",
        namespace: "shop",
        prometheus: "monitoring/k8s",
        service: "orders-api",
        severity: "critical",
        team: "shop",
      },
    },
  ];
}

/** amtool's JSON output: Go's `json.Encoder`, compact with a final newline. */
export function serialiseAlerts(alerts: unknown[]): string {
  return `${JSON.stringify(alerts)}\n`;
}
