import type { DocumentFormat } from "../evidence-format.js";
import { docHead, isRecord, itemExcerpt, labelSeverity, parseDocument, parseIsoTime, str } from "./document-helpers.js";

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
 * Opsgenie REST v2 alert logs (`GET /v2/alerts/{id}/logs`: `{"data":[{log, type, owner, createdAt, offset}],
 * "paging", "took", "requestId"}`) — one `page` event per log line with `attributes.type` (Opsgenie's log type) and
 * `attributes.action` (acknowledge, close, notify...) — and alert lists (`GET /v2/alerts`: `{"data":[{id, tinyId,
 * message, status, priority, createdAt, acknowledged, owner...}]}`) — one event per alert at createdAt.
 */
export const opsgenieJson: DocumentFormat = {
  id: "opsgenie-json",
  samples: [
    '{"data": [{"log": "Alert created via Prometheus integration", "type": "system", "owner": "System", "createdAt": "2025-02-09T10:06:51.120Z", "offset": "1739095611120_1739095611120000000"}, {"log": "Sent [SMS] notification to alex.kim@example.com", "type": "alertRecipient", "owner": "alex.kim@example.com", "createdAt": "2025-02-09T10:08:12.000Z", "offset": "1739095692000_1739095692000000000"}, {"log": "Alert acknowledged via web", "type": "system", "owner": "alex.kim@example.com", "createdAt": "2025-02-09T10:12:00.250Z", "offset": "1739095920250_1739095920250000000"}, {"log": "Alert closed via web", "type": "system", "owner": "alex.kim@example.com", "createdAt": "2025-02-09T10:40:00.000Z", "offset": "1739097600000_1739097600000000000"}], "paging": {"first": "https://api.opsgenie.com/v2/alerts/70413a06-38d6-4c85-92b8-5ebc900d42e2/logs?offset=&limit=100&order=asc&direction=next"}, "took": 0.041, "requestId": "7e7d0d38-7d1d-4f65-b4d0-2f9e8cc8e0a1"}',
  ],
  description: "Opsgenie REST v2 alert logs or alert list JSON",
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
    const data = isRecord(root) ? root.data : undefined;
    if (!Array.isArray(data)) {
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
      ctx.emit({
        ts,
        path: ctx.path,
        line,
        kind: "page",
        severity: labelSeverity(item.priority),
        service: null,
        host: null,
        actor: null,
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
