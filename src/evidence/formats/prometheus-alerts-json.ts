import type { DocumentFormat } from "../evidence-format.js";
import { docHead, isRecord, itemExcerpt, labelSeverity, parseDocument, parseIsoTime, str } from "./document-helpers.js";

/**
 * Prometheus `/api/v1/alerts`: `{"status":"success","data":{"alerts":[{labels, annotations, state, activeAt,
 * value}]}}`. One `alert` event per alert at `activeAt` with `state` `pending` or `firing` (Prometheus does not
 * keep the time a pending alert started firing; the `ALERTS_FOR_STATE` series has it).
 */
export const prometheusAlertsJson: DocumentFormat = {
  id: "prometheus-alerts-json",
  samples: [
    '{"status": "success", "data": {"alerts": [{"labels": {"alertname": "HighErrorRate", "job": "orders-api", "severity": "critical"}, "annotations": {"summary": "High 5xx error rate on orders-api"}, "state": "firing", "activeAt": "2025-02-09T10:05:45.123456789Z", "value": "3.8e-01"}, {"labels": {"alertname": "LatencyHigh", "job": "orders-api", "severity": "warning"}, "annotations": {}, "state": "pending", "activeAt": "2025-02-09T10:07:00Z", "value": "2.1e+00"}]}}',
  ],
  description: "Prometheus /api/v1/alerts response JSON",
  kind: "alert",
  shape: "document",
  detect(sample) {
    if (docHead(sample.text) !== "{") return 0;
    return /"alerts"\s*:/.test(sample.text) && /"activeAt"\s*:/.test(sample.text) ? 0.97 : 0;
  },
  parse(text, ctx) {
    const doc = parseDocument(text, ctx);
    const root = doc.value;
    const data = isRecord(root) ? root.data : undefined;
    const alerts = isRecord(data) ? data.alerts : Array.isArray(data) ? data : undefined;
    if (!Array.isArray(alerts)) {
      if (root !== undefined && !doc.problem)
        ctx.skip(doc.lineOf(root), "unexpected-shape", 'expected "data": {"alerts": [...]}');
      return;
    }
    for (const alert of alerts) {
      const line = doc.lineOf(alert);
      if (!isRecord(alert) || doc.isPartial(alert)) {
        ctx.skip(line, isRecord(alert) ? "incomplete-item" : "unexpected-shape", itemExcerpt(alert));
        continue;
      }
      const labels: Record<string, string> = {};
      if (isRecord(alert.labels))
        for (const [k, v] of Object.entries(alert.labels)) if (typeof v === "string") labels[k] = v;
      const annotations: Record<string, string> = {};
      if (isRecord(alert.annotations))
        for (const [k, v] of Object.entries(alert.annotations)) if (typeof v === "string") annotations[k] = v;
      const ts = parseIsoTime(alert.activeAt, ctx);
      if (!Number.isFinite(ts)) {
        ctx.skip(line, "invalid-timestamp", itemExcerpt(alert));
        continue;
      }
      const state = str(alert.state) ?? "firing";
      const alertname = labels.alertname ?? "(unnamed alert)";
      const summary = annotations.summary ?? annotations.description ?? "";
      ctx.emit({
        ts,
        path: ctx.path,
        line,
        kind: "alert",
        severity: labelSeverity(labels.severity),
        service: labels.service ?? labels.app ?? labels.job ?? null,
        host: labels.instance ?? labels.pod ?? null,
        actor: null,
        message: `[${state.toUpperCase()}] ${alertname}${summary ? `: ${summary}` : ""}`,
        attributes: {
          state,
          alertname,
          labels,
          ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
          ...(str(alert.value) ? { value: str(alert.value) } : {}),
        },
      });
    }
  },
};
