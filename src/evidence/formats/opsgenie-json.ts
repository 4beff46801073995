import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import {
  docHead,
  field,
  isRecord,
  itemExcerpt,
  type JsonRecord,
  labelSeverity,
  parseDocument,
  parseIsoTime,
  str,
} from "./document-helpers.js";

/** The action an Opsgenie log line describes, from its wording (`Alert acknowledged via web`...). */
export function opsgenieAction(log: string): string {
  const l = log.toLowerCase();
  if (/\backnowledged\b/.test(l) && !/unacknowledged/.test(l)) return "acknowledge";
  if (/unacknowledged/.test(l)) return "unacknowledge";
  if (/\bclosed\b|\bclose\b/.test(l)) return "close";
  if (/\bescalated\b/.test(l)) return "escalate";
  if (/\bassigned\b|\bowner\b/.test(l)) return "assign";
  if (/\bnotif|\bsent\b|\bcalled\b|\bsms\b|\bemail\b/.test(l)) return "notify";
  if (/\bcreated\b|\breceived\b/.test(l)) return "create";
  if (/\bnote\b/.test(l)) return "note";
  return "other";
}

/**
 * The acknowledge and close of an alert from its `report` (`ackTime`, `closeTime`: milliseconds after `createdAt`;
 * `acknowledgedBy`, `closedBy`), as `GET /v2/alerts/{id}` returns it: the API gives no other instant for them, so
 * the time is derived (creation + offset) and `attributes.derived` says so.
 */
function alertReport(ctx: FormatContext, line: number, created: number, message: string, item: JsonRecord): void {
  const report = item.report;
  if (!isRecord(report)) return;
  const steps: [unknown, unknown, string][] = [
    [report.ackTime, report.acknowledgedBy, "acknowledge"],
    [report.closeTime, report.closedBy, "close"],
  ];
  for (const [offset, by, action] of steps) {
    if (typeof offset !== "number" || !Number.isFinite(offset) || offset < 0) continue;
    ctx.emit({
      ts: created + Math.round(offset),
      path: ctx.path,
      line,
      kind: "page",
      severity: null,
      service: null,
      host: null,
      actor: str(by),
      message: `Alert ${action === "close" ? "closed" : "acknowledged"}: ${message}`,
      attributes: {
        type: "alert",
        action,
        derived: `createdAt + report.${action === "close" ? "closeTime" : "ackTime"} (${offset} ms)`,
        ...(str(item.tinyId) ? { tinyId: str(item.tinyId) } : {}),
      },
    });
  }
}

/**
 * Opsgenie REST v2 alert logs (`GET /v2/alerts/{id}/logs`: `{"data":[{log, type, owner, createdAt, offset}],
 * "paging", "took", "requestId"}`) — one `page` event per log line with `attributes.type` (Opsgenie's log type) and
 * `attributes.action` (acknowledge, close, notify...) — and alert lists (`GET /v2/alerts`: `{"data":[{id, tinyId,
 * message, status, priority, createdAt, acknowledged, owner...}]}`) and a single alert (`GET /v2/alerts/{id}`:
 * `{"data": {..., report: {ackTime, closeTime, acknowledgedBy, closedBy}}}`) — one event per alert at createdAt, plus
 * its acknowledge and close from `report`. Documented at https://docs.opsgenie.com/docs/alert-api.
 */
export const opsgenieJson: DocumentFormat = {
  id: "opsgenie-json",
  samples: [
    '{"data": [{"log": "Alert created via Prometheus integration", "type": "system", "owner": "System", "createdAt": "2025-02-09T10:06:51.120Z", "offset": "1739095611120_1739095611120000000"}, {"log": "Sent [SMS] notification to alex.kim@example.com", "type": "alertRecipient", "owner": "alex.kim@example.com", "createdAt": "2025-02-09T10:08:12.000Z", "offset": "1739095692000_1739095692000000000"}, {"log": "Alert acknowledged via web", "type": "system", "owner": "alex.kim@example.com", "createdAt": "2025-02-09T10:12:00.250Z", "offset": "1739095920250_1739095920250000000"}, {"log": "Alert closed via web", "type": "system", "owner": "alex.kim@example.com", "createdAt": "2025-02-09T10:40:00.000Z", "offset": "1739097600000_1739097600000000000"}], "paging": {"first": "https://api.opsgenie.com/v2/alerts/70413a06-38d6-4c85-92b8-5ebc900d42e2/logs?offset=&limit=100&order=asc&direction=next"}, "took": 0.041, "requestId": "7e7d0d38-7d1d-4f65-b4d0-2f9e8cc8e0a1"}',
    '{"data": {"id": "70413a06-38d6-4c85-92b8-5ebc900d42e2", "tinyId": "1791", "alias": "orders-api-5xx", "message": "HighErrorRate: orders-api 5xx above 5%", "status": "closed", "acknowledged": true, "isSeen": true, "tags": ["orders"], "snoozed": false, "count": 1, "lastOccurredAt": "2025-02-09T10:06:51.120Z", "createdAt": "2025-02-09T10:06:51.120Z", "updatedAt": "2025-02-09T10:40:00.000Z", "source": "prometheus", "owner": "alex.kim@example.com", "priority": "P1", "responders": [{"type": "team", "id": "8418d193-2dab-4490-b331-8c02cdd196b7"}], "integration": {"id": "4513b7ea-3b91-438f-b7e4-e3e54af9147c", "name": "Prometheus", "type": "Prometheus"}, "report": {"ackTime": 308880, "closeTime": 1988880, "acknowledgedBy": "alex.kim@example.com", "closedBy": "alex.kim@example.com"}, "actions": [], "entity": "", "description": "5xx ratio 0.09", "details": {}}, "took": 0.012, "requestId": "9ae63dd7-ed00-4c81-86f0-c4ffd33142c9"}',
  ],
  description: "Opsgenie REST v2 alert logs, alert list or single alert JSON",
  kind: "page",
  shape: "document",
  detect(sample) {
    if (docHead(sample.text) !== "{") return 0;
    const t = sample.text;
    if (!/"data"\s*:/.test(t) || !/"createdAt"\s*:/.test(t)) return 0;
    if (/"requestId"\s*:/.test(t) || /"took"\s*:/.test(t)) return 0.95;
    return /"tinyId"\s*:|"log"\s*:\s*"/.test(t) ? 0.8 : 0;
  },
  parse(text, ctx) {
    const doc = parseDocument(text, ctx);
    const root = doc.value;
    const raw = isRecord(root) ? root.data : undefined;
    // `GET /v2/alerts/{id}` returns one alert object under "data"; lists and logs return an array
    const data = Array.isArray(raw) ? raw : isRecord(raw) ? [raw] : undefined;
    if (!data) {
      if (root !== undefined && !doc.problem) ctx.skip(doc.lineOf(root), "unexpected-shape", 'expected "data": [...]');
      return;
    }
    for (const item of data) {
      const line = doc.lineOf(item);
      if (!isRecord(item) || doc.isPartial(item)) {
        ctx.skip(line, isRecord(item) ? "incomplete-item" : "unexpected-shape", itemExcerpt(item));
        continue;
      }
      const ts = parseIsoTime(item.createdAt, ctx);
      if (!Number.isFinite(ts)) {
        ctx.skip(line, "invalid-timestamp", itemExcerpt(item));
        continue;
      }
      const log = str(item.log);
      if (log !== null) {
        const action = opsgenieAction(log);
        ctx.emit({
          ts,
          path: ctx.path,
          line,
          kind: "page",
          severity: null,
          service: null,
          host: null,
          actor: str(item.owner),
          message: log,
          attributes: {
            type: str(item.type) ?? "system",
            action,
            ...(str(item.offset) ? { offset: str(item.offset) } : {}),
          },
        });
        continue;
      }
      const message = str(item.message);
      if (message === null) {
        ctx.skip(line, "unexpected-shape", itemExcerpt(item));
        continue;
      }
      alertReport(ctx, line, ts, message, item);
      ctx.emit({
        ts,
        path: ctx.path,
        line,
        kind: "page",
        severity: labelSeverity(item.priority),
        service: null,
        host: null,
        // the alert is raised by its integration (Prometheus, Datadog...), named in `integration` or `source`
        actor: field(item, "integration", "name") ?? str(item.source),
        message,
        attributes: {
          type: "alert",
          action: "create",
          ...(str(item.id) ? { id: str(item.id) } : {}),
          ...(str(item.tinyId) ? { tinyId: str(item.tinyId) } : {}),
          ...(str(item.status) ? { status: str(item.status) } : {}),
          ...(str(item.priority) ? { priority: str(item.priority) } : {}),
          ...(str(item.owner) ? { owner: str(item.owner) } : {}),
          ...(typeof item.acknowledged === "boolean" ? { acknowledged: item.acknowledged } : {}),
        },
      });
    }
  },
};
