import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import type { LocatedJson } from "../json-located.js";
import {
  docHead,
  isRecord,
  itemExcerpt,
  type JsonRecord,
  labelSeverity,
  parseDocument,
  parseIsoTime,
  str,
} from "./document-helpers.js";

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(value)) for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
  return out;
}

/** The alert's state in Alertmanager's words: `active`, `suppressed`, `unprocessed`, or `resolved`. */
function stateOf(alert: JsonRecord): string | null {
  if (isRecord(alert.status)) return str(alert.status.state);
  return str(alert.status);
}

function emitAlert(ctx: FormatContext, doc: LocatedJson, alert: unknown): void {
  const line = doc.lineOf(alert);
  if (!isRecord(alert) || doc.isPartial(alert)) {
    ctx.skip(line, isRecord(alert) ? "incomplete-item" : "unexpected-shape", itemExcerpt(alert));
    return;
  }
  const labels = stringMap(alert.labels);
  const annotations = stringMap(alert.annotations);
  const alertname = labels.alertname ?? "(unnamed alert)";
  const startsAt = parseIsoTime(alert.startsAt, ctx);
  if (!Number.isFinite(startsAt)) {
    ctx.skip(line, "invalid-timestamp", itemExcerpt(alert));
    return;
  }
  const state = stateOf(alert);
  const endsAt = parseIsoTime(alert.endsAt, ctx);
  const updatedAt = parseIsoTime(alert.updatedAt, ctx);
  // Alertmanager keeps a future endsAt (last update + resolve timeout) on alerts that are still firing; only a
  // resolved state, or an end not after the last update, is a real resolution
  const resolved =
    Number.isFinite(endsAt) &&
    endsAt > startsAt &&
    (state === "resolved" || (Number.isFinite(updatedAt) && endsAt <= updatedAt));
  const summary = annotations.summary ?? annotations.description ?? annotations.message ?? "";
  const receivers = Array.isArray(alert.receivers)
    ? alert.receivers.map((r) => (isRecord(r) ? str(r.name) : str(r))).filter((r): r is string => r !== null)
    : [];
  const base = {
    path: ctx.path,
    line,
    kind: "alert" as const,
    severity: labelSeverity(labels.severity),
    service: labels.service ?? labels.app ?? labels.job ?? null,
    host: labels.instance ?? labels.pod ?? labels.node ?? null,
    actor: null,
  };
  const attrs: Record<string, unknown> = {
    alertname,
    labels,
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    ...(str(alert.fingerprint) ? { fingerprint: str(alert.fingerprint) } : {}),
    ...(receivers.length > 0 ? { receivers } : {}),
    ...(state ? { alertState: state } : {}),
    ...(str(alert.generatorURL) ? { generatorURL: str(alert.generatorURL) } : {}),
  };
  if (isRecord(alert.status)) {
    const silencedBy = alert.status.silencedBy;
    const inhibitedBy = alert.status.inhibitedBy;
    if (Array.isArray(silencedBy) && silencedBy.length > 0) attrs.silencedBy = silencedBy;
    if (Array.isArray(inhibitedBy) && inhibitedBy.length > 0) attrs.inhibitedBy = inhibitedBy;
  }
  ctx.emit({
    ...base,
    ts: startsAt,
    message: `[FIRING] ${alertname}${summary ? `: ${summary}` : ""}`,
    attributes: { ...attrs, state: "firing" },
  });
  if (resolved) {
    ctx.emit({
      ...base,
      ts: endsAt,
      severity: "info",
      message: `[RESOLVED] ${alertname}${summary ? `: ${summary}` : ""}`,
      attributes: { ...attrs, state: "resolved" },
    });
  }
}

/**
 * Alertmanager v2 `/api/v2/alerts` JSON and `amtool alert query -o json` (the same array of alerts: annotations,
 * endsAt, fingerprint, receivers, startsAt, status{inhibitedBy, silencedBy, state}, updatedAt, generatorURL, labels);
 * also the v1 envelope `{"status":"success","data":[...]}` and `/api/v2/alerts/groups` (alerts inside groups).
 * Also the webhook notification Alertmanager POSTs to a `webhook_config` receiver (`{"version":"4", "status",
 * "receiver", "groupLabels", "alerts":[…]}`, https://prometheus.io/docs/alerting/latest/configuration/#webhook_config),
 * alone or as an array of notifications. One `alert` event at startsAt (`state: "firing"`), and a `resolved` event at
 * endsAt when the alert really ended.
 */
export const alertmanagerJson: DocumentFormat = {
  id: "alertmanager-json",
  samples: [
    '{"version": "4", "groupKey": "{}:{alertname=\\"HighErrorRate\\"}", "truncatedAlerts": 0, "status": "firing", "receiver": "pager", "groupLabels": {"alertname": "HighErrorRate"}, "commonLabels": {"alertname": "HighErrorRate", "severity": "critical"}, "commonAnnotations": {}, "externalURL": "http://am:9093", "alerts": [{"status": "firing", "labels": {"alertname": "HighErrorRate", "severity": "critical", "service": "api"}, "annotations": {"summary": "5xx above 5%"}, "startsAt": "2025-03-04T10:03:00Z", "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "http://prom/graph", "fingerprint": "a1b2"}]}',
    '[{"annotations": {"summary": "High 5xx error rate on orders-api"}, "endsAt": "2025-02-09T10:35:12.000Z", "fingerprint": "6b3f5e0d1c2a9b87", "receivers": [{"name": "pagerduty-orders"}], "startsAt": "2025-02-09T10:06:45.000Z", "status": {"inhibitedBy": [], "silencedBy": [], "state": "resolved"}, "updatedAt": "2025-02-09T10:35:12.000Z", "generatorURL": "http://prometheus:9090/graph", "labels": {"alertname": "HighErrorRate", "service": "orders-api", "severity": "critical"}}]',
  ],
  description: "Alertmanager /api/v2/alerts JSON or `amtool alert query -o json` output",
  kind: "alert",
  shape: "document",
  detect(sample) {
    const head = docHead(sample.text);
    if (head !== "[" && head !== "{") return 0;
    const t = sample.text;
    if (!/"startsAt"\s*:/.test(t) || !/"labels"\s*:/.test(t)) return 0;
    if (/"fingerprint"\s*:|"receivers"\s*:|"generatorURL"\s*:/.test(t)) return 0.96;
    return 0.7;
  },
  parse(text, ctx) {
    const doc = parseDocument(text, ctx);
    let root = doc.value;
    if (isRecord(root) && Array.isArray(root.data)) root = root.data;
    // a webhook notification (`{"version":"4","status":…,"receiver":…,"alerts":[…]}`, webhook_config) is one group
    if (isRecord(root) && Array.isArray(root.alerts) && !("startsAt" in root)) root = [root];
    if (!Array.isArray(root)) {
      if (root !== undefined) ctx.skip(doc.lineOf(root), "unexpected-shape", "expected an array of alerts");
      return;
    }
    for (const item of root) {
      if (isRecord(item) && Array.isArray(item.alerts) && !("startsAt" in item)) {
        // /api/v2/alerts/groups: {labels, receiver, alerts: [...]}
        for (const a of item.alerts) emitAlert(ctx, doc, a);
        continue;
      }
      emitAlert(ctx, doc, item);
    }
  },
};
