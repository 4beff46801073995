import type { RawEvent } from "../../model/event.js";
import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import type { LocatedJson } from "../json-located.js";
import {
  docHead,
  field,
  isRecord,
  itemExcerpt,
  type JsonRecord,
  parseDocument,
  parseIsoTime,
  str,
} from "./document-helpers.js";

function page(
  ctx: FormatContext,
  line: number,
  ts: number,
  fields: Partial<RawEvent> & { message: string; attributes: Record<string, unknown> },
): void {
  ctx.emit({
    ts,
    path: ctx.path,
    line,
    kind: "page",
    severity: fields.severity ?? null,
    service: fields.service ?? null,
    host: null,
    actor: fields.actor ?? null,
    message: fields.message,
    attributes: fields.attributes,
  });
}

function logEntry(ctx: FormatContext, doc: LocatedJson, entry: unknown): void {
  const line = doc.lineOf(entry);
  if (!isRecord(entry) || doc.isPartial(entry)) {
    ctx.skip(line, isRecord(entry) ? "incomplete-item" : "unexpected-shape", itemExcerpt(entry));
    return;
  }
  const ts = parseIsoTime(entry.created_at, ctx);
  if (!Number.isFinite(ts)) {
    ctx.skip(line, "invalid-timestamp", itemExcerpt(entry));
    return;
  }
  const type = str(entry.type) ?? "log_entry";
  const attributes: Record<string, unknown> = { type };
  const id = str(entry.id);
  if (id) attributes.id = id;
  const incidentId = field(entry, "incident", "id");
  if (incidentId) attributes.incident = incidentId;
  const incidentSummary = field(entry, "incident", "summary");
  if (incidentSummary) attributes.incidentSummary = incidentSummary;
  const channel = field(entry, "channel", "type");
  if (channel) attributes.channel = channel;
  const agentType = field(entry, "agent", "type");
  if (agentType) attributes.agentType = agentType;
  // notify entries name who was notified in `user`; assign entries list `assignees`
  const notified = field(entry, "user", "summary");
  if (notified) attributes.user = notified;
  if (Array.isArray(entry.assignees)) {
    const names = entry.assignees.map((a) => field(a, "summary")).filter((a): a is string => a !== null);
    if (names.length > 0) attributes.assignees = names;
  }
  const notification = entry.notification;
  if (isRecord(notification)) {
    const ntype = str(notification.type);
    if (ntype) attributes.notification = ntype;
    const status = str(notification.status);
    if (status) attributes.notificationStatus = status;
  }
  const esc = field(entry, "escalation_policy", "summary");
  if (esc) attributes.escalationPolicy = esc;
  page(ctx, line, ts, {
    actor: field(entry, "agent", "summary"),
    service: field(entry, "service", "summary"),
    severity: type.startsWith("trigger") ? "error" : null,
    message: str(entry.summary) ?? type.replace(/_log_entry$/, ""),
    attributes,
  });
}

function incident(ctx: FormatContext, doc: LocatedJson, inc: unknown): void {
  const line = doc.lineOf(inc);
  if (!isRecord(inc) || doc.isPartial(inc)) {
    ctx.skip(line, isRecord(inc) ? "incomplete-item" : "unexpected-shape", itemExcerpt(inc));
    return;
  }
  const created = parseIsoTime(inc.created_at, ctx);
  if (!Number.isFinite(created)) {
    ctx.skip(line, "invalid-timestamp", itemExcerpt(inc));
    return;
  }
  const title = str(inc.title) ?? str(inc.summary) ?? "incident";
  const number = inc.incident_number;
  const base: Record<string, unknown> = {
    incident: str(inc.id),
    ...(typeof number === "number" ? { incidentNumber: number } : {}),
    ...(str(inc.urgency) ? { urgency: str(inc.urgency) } : {}),
    ...(str(inc.status) ? { status: str(inc.status) } : {}),
  };
  const service = field(inc, "service", "summary");
  const severity = str(inc.urgency) === "high" ? "critical" : "error";
  page(ctx, line, created, {
    service,
    severity,
    message: `triggered: ${title}`,
    attributes: { ...base, type: "incident_triggered" },
  });
  const lists: [unknown, string, string, string][] = [
    [inc.assignments, "assignee", "incident_assigned", "assigned to"],
    [inc.acknowledgements, "acknowledger", "incident_acknowledged", "acknowledged by"],
  ];
  for (const [list, who, type, verb] of lists) {
    if (!Array.isArray(list)) continue;
    for (const item of list as JsonRecord[]) {
      const at = parseIsoTime(isRecord(item) ? item.at : undefined, ctx);
      const itemLine = doc.lineOf(item) === 1 ? line : doc.lineOf(item);
      if (!Number.isFinite(at)) {
        ctx.skip(itemLine, "invalid-timestamp", itemExcerpt(item));
        continue;
      }
      const name = field(item, who, "summary");
      page(ctx, itemLine, at, {
        service,
        actor: type === "incident_acknowledged" ? name : null,
        message: `${verb} ${name ?? "someone"}: ${title}`,
        attributes: { ...base, type, ...(name ? { user: name } : {}) },
      });
    }
  }
  if (str(inc.status) === "resolved") {
    const resolvedAt = parseIsoTime(inc.resolved_at ?? inc.last_status_change_at, ctx);
    if (Number.isFinite(resolvedAt)) {
      page(ctx, line, resolvedAt, {
        service,
        actor: field(inc, "last_status_change_by", "summary"),
        severity: "info",
        message: `resolved: ${title}`,
        attributes: { ...base, type: "incident_resolved" },
      });
    }
  }
}

/**
 * A V3 webhook event (`{"event": {id, event_type: "incident.triggered" | "incident.acknowledged" | "incident.resolved"
 * | "incident.escalated" | "incident.reassigned" | "incident.annotated" | "incident.status_update_published"...,
 * resource_type, occurred_at, agent{summary}, data{id, number, title, service{summary}}}}`, documented at
 * https://developer.pagerduty.com/docs/webhooks-v3-overview): one `page` event at `occurred_at` by the agent, its
 * `event_type` kept as `attributes.type` (which says trigger / acknowledge / resolve).
 */
function webhookEvent(ctx: FormatContext, doc: LocatedJson, ev: unknown): void {
  const line = doc.lineOf(ev);
  if (!isRecord(ev) || doc.isPartial(ev)) {
    ctx.skip(line, isRecord(ev) ? "incomplete-item" : "unexpected-shape", itemExcerpt(ev));
    return;
  }
  const ts = parseIsoTime(ev.occurred_at, ctx);
  if (!Number.isFinite(ts)) {
    ctx.skip(line, "invalid-timestamp", itemExcerpt(ev));
    return;
  }
  const type = str(ev.event_type) ?? "incident.event";
  const title = field(ev, "data", "title") ?? field(ev, "data", "summary") ?? "";
  const number = field(ev, "data", "number");
  page(ctx, line, ts, {
    actor: field(ev, "agent", "summary"),
    service: field(ev, "data", "service", "summary"),
    severity: type === "incident.triggered" ? "error" : null,
    message: `${type.replace(/^incident\./, "")}${number ? ` #${number}` : ""}: ${title}`,
    attributes: {
      type,
      ...(str(ev.id) ? { id: str(ev.id) } : {}),
      ...(field(ev, "data", "id") ? { incident: field(ev, "data", "id") } : {}),
    },
  });
}

/**
 * PagerDuty REST API v2 exports: `GET /log_entries` and `GET /incidents/{id}/log_entries` (`{log_entries:[{id, type,
 * summary, created_at, agent{type, summary}, channel{type}, incident{id, summary}, ...}], limit, offset, more,
 * total}`) become one `page` event per entry with `attributes.type` (`trigger_log_entry`, `notify_log_entry`,
 * `acknowledge_log_entry`, `resolve_log_entry`...) and the agent as actor; `GET /incidents` (and a single
 * `{incident}`) become triggered / assigned / acknowledged / resolved events; V3 webhook deliveries (`{"event"}`,
 * or an array of them) one event each.
 */
export const pagerdutyJson: DocumentFormat = {
  id: "pagerduty-json",
  samples: [
    '{"incidents": [{"id": "Q1TFBQ5Y3S3F2B", "type": "incident", "summary": "[#1234] HighErrorRate: High 5xx error rate on orders-api", "incident_number": 1234, "title": "HighErrorRate: High 5xx error rate on orders-api", "created_at": "2025-02-09T10:06:50Z", "updated_at": "2025-02-09T10:40:00Z", "status": "resolved", "incident_key": "6b3f5e0d1c2a9b87", "service": {"id": "PQ1ZK4D", "type": "service_reference", "summary": "orders-api (Prometheus)"}, "assignments": [{"at": "2025-02-09T10:06:50Z", "assignee": {"id": "PUSER01", "type": "user_reference", "summary": "Alex Kim"}}], "acknowledgements": [{"at": "2025-02-09T10:12:00Z", "acknowledger": {"id": "PUSER01", "type": "user_reference", "summary": "Alex Kim"}}], "last_status_change_at": "2025-02-09T10:40:00Z", "last_status_change_by": {"id": "PUSER01", "type": "user_reference", "summary": "Alex Kim"}, "resolved_at": "2025-02-09T10:40:00Z", "urgency": "high", "escalation_policy": {"id": "PESC123", "type": "escalation_policy_reference", "summary": "Orders on-call"}}], "limit": 25, "offset": 0, "total": null, "more": false}',
    '{"event": {"id": "01DEN8JYMZNXUCT7EXAMPLE1", "event_type": "incident.acknowledged", "resource_type": "incident", "occurred_at": "2025-02-09T10:12:00.000Z", "agent": {"html_url": "https://acme.pagerduty.com/users/PUSER01", "id": "PUSER01", "self": "https://api.pagerduty.com/users/PUSER01", "summary": "Alex Kim", "type": "user_reference"}, "client": null, "data": {"id": "Q1TFBQ5Y3S3F2B", "type": "incident", "self": "https://api.pagerduty.com/incidents/Q1TFBQ5Y3S3F2B", "html_url": "https://acme.pagerduty.com/incidents/Q1TFBQ5Y3S3F2B", "number": 1234, "status": "acknowledged", "incident_key": "6b3f5e0d1c2a9b87", "created_at": "2025-02-09T10:06:50Z", "title": "HighErrorRate: High 5xx error rate on orders-api", "service": {"html_url": "https://acme.pagerduty.com/services/PQ1ZK4D", "id": "PQ1ZK4D", "self": "https://api.pagerduty.com/services/PQ1ZK4D", "summary": "orders-api (Prometheus)", "type": "service_reference"}, "urgency": "high"}}}',
  ],
  description: "PagerDuty REST v2 log_entries or incidents JSON, V3 webhook events",
  kind: "page",
  shape: "document",
  detect(sample) {
    const head = docHead(sample.text);
    if (head !== "{" && head !== "[") return 0;
    const t = sample.text;
    if (head === "{" && /"log_entries"\s*:/.test(t)) return 0.97;
    if (/"incidents?"\s*:/.test(t) && /"incident_number"\s*:/.test(t)) return 0.96;
    if (/"event_type"\s*:\s*"incident\./.test(t) && /"occurred_at"\s*:/.test(t)) return 0.95;
    return 0;
  },
  parse(text, ctx) {
    const doc = parseDocument(text, ctx);
    const root = doc.value;
    // webhook V3 deliveries: one `{"event": {...}}`, or a saved list of them
    const deliveries = Array.isArray(root) ? root : isRecord(root) && isRecord(root.event) ? [root] : null;
    if (deliveries) {
      for (const d of deliveries) webhookEvent(ctx, doc, isRecord(d) && isRecord(d.event) ? d.event : d);
      return;
    }
    if (!isRecord(root)) {
      if (root !== undefined && !doc.problem) ctx.skip(1, "unexpected-shape", itemExcerpt(root));
      return;
    }
    if (Array.isArray(root.log_entries)) {
      for (const entry of root.log_entries) logEntry(ctx, doc, entry);
      if (root.more === true)
        ctx.warn?.("the export has more=true: PagerDuty had more log entries than this page holds");
      return;
    }
    if (Array.isArray(root.incidents)) {
      for (const inc of root.incidents) incident(ctx, doc, inc);
      if (root.more === true) ctx.warn?.("the export has more=true: PagerDuty had more incidents than this page holds");
      return;
    }
    if (isRecord(root.incident)) {
      incident(ctx, doc, root.incident);
      return;
    }
    if (!doc.problem) ctx.skip(doc.lineOf(root), "unexpected-shape", 'expected "log_entries" or "incidents"');
  },
};
