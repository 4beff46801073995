import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import type { LocatedJson } from "../json-located.js";
import { docHead, field, isRecord, type JsonRecord, str } from "./document-helpers.js";
import {
  at,
  emitRecord,
  keyCount,
  oneLine,
  parseExportTime,
  parseRecordsDocument,
  personName,
  type ReportSpec,
  recordsOf,
  statusText,
} from "./report-records.js";

/**
 * incident.io API exports, documented at https://api-docs.incident.io/ (Incidents V2: `GET /v2/incidents/{id}` →
 * `{"incident": {...}}`, `GET /v2/incidents` → `{"incidents": [...], "pagination_meta"}`, with `reference, name,
 * created_at, creator{user{name}}, incident_status{name, category}, severity, incident_timestamp_values:
 * [{incident_timestamp{name}, value{value}}], incident_role_assignments: [{role{role_type}, assignee}]`; V1's
 * `timestamps: [{name, last_occurred_at}]`; Incident Updates V2: `GET /v2/incident_updates` →
 * `{"incident_updates": [{incident_id, message, new_incident_status, new_severity, updater{user{name}},
 * created_at}]}`). The declaration is a `page` event by the creator at `created_at` with `type: incident_created`
 * (so it reads as the paging trigger); each named incident timestamp is an event by the incident lead (a
 * `page` acknowledge/resolve event when its name says so, else a `note` milestone); each incident update a `note`
 * status update by its updater.
 */
const INCIDENT_KEYS = [
  "reference",
  "incident_status",
  "incident_timestamp_values",
  "incident_role_assignments",
  "creator",
  "permalink",
  "mode",
  "visibility",
];
const UPDATE_KEYS = ["new_incident_status", "updater", "new_severity", "incident_id"];

const DECLARED: ReportSpec = {
  source: "incident.io",
  kind: "page",
  type: "incident_created",
  time: [["created_at"], ["reported_at"]],
  actor: [["creator"]],
  label: "Incident declared",
};

const UPDATE: ReportSpec = {
  source: "incident.io",
  kind: "note",
  type: "status-update",
  time: [["created_at"]],
  actor: [["updater"]],
  text: [["message"]],
  label: "Incident update",
};

/** The incident lead (role_type lead), else the creator: who owns the incident's named milestones. */
function leadOf(inc: JsonRecord): string | null {
  const roles = Array.isArray(inc.incident_role_assignments) ? inc.incident_role_assignments : [];
  for (const r of roles) {
    if (field(r, "role", "role_type") === "lead" || /lead|commander/i.test(field(r, "role", "name") ?? "")) {
      const who = personName(at(r, ["assignee"]));
      if (who) return who;
    }
  }
  return personName(inc.creator);
}

function milestoneType(name: string): { kind: "page" | "note"; type: string } {
  if (/resolv|closed/i.test(name)) return { kind: "page", type: "incident_resolved" };
  if (/acknowledg/i.test(name)) return { kind: "page", type: "incident_acknowledged" };
  return { kind: "note", type: "milestone" };
}

function incident(ctx: FormatContext, doc: LocatedJson, inc: unknown): void {
  const r: JsonRecord = isRecord(inc) ? inc : {};
  const ref = str(r.reference) ?? (str(r.external_id) ? `INC-${str(r.external_id)}` : null);
  const title = str(r.name) ?? "incident";
  const status = statusText(r.incident_status) ?? str(r.status);
  const severity = field(r, "severity", "name");
  const base = {
    ...(ref ? { id: ref } : {}),
    ...(status ? { status } : {}),
    ...(severity ? { incidentSeverity: severity } : {}),
    ...(str(r.permalink) ? { url: str(r.permalink) } : {}),
  };
  const ts = emitRecord(ctx, doc, inc, DECLARED, {
    message: `Incident ${ref ? `${ref} ` : ""}declared: ${title}${str(r.summary) ? ` — ${oneLine(str(r.summary) ?? "")}` : ""}`,
    attributes: base,
  });
  if (ts === null) return;
  const lead = leadOf(r);
  const named: { name: string; value: unknown; node: unknown }[] = [];
  for (const tv of Array.isArray(r.incident_timestamp_values) ? r.incident_timestamp_values : []) {
    const name = field(tv, "incident_timestamp", "name");
    if (name) named.push({ name, value: at(tv, ["value", "value"]), node: at(tv, ["value"]) ?? tv });
  }
  for (const t of Array.isArray(r.timestamps) ? r.timestamps : []) {
    const name = field(t, "name");
    if (name) named.push({ name, value: at(t, ["last_occurred_at"]), node: t });
  }
  for (const m of named) {
    if (m.value === null || m.value === undefined) continue; // a milestone not reached yet
    const when = parseExportTime(m.value, ctx);
    if (!Number.isFinite(when)) {
      ctx.skip(doc.lineOf(m.node), "invalid-timestamp", `${m.name}: ${String(m.value)}`);
      continue;
    }
    const { kind, type } = milestoneType(m.name);
    emitRecord(
      ctx,
      doc,
      m.node,
      { ...DECLARED, kind, type },
      {
        ts: when,
        actor: lead,
        message: `Incident ${ref ? `${ref} ` : ""}${m.name}: ${title}`,
        attributes: { ...base, milestone: m.name },
      },
    );
  }
  for (const u of Array.isArray(r.incident_updates) ? r.incident_updates : []) update(ctx, doc, u, ref);
}

function update(ctx: FormatContext, doc: LocatedJson, u: unknown, ref: string | null): void {
  const r: JsonRecord = isRecord(u) ? u : {};
  const status = statusText(r.new_incident_status);
  const category = field(r, "new_incident_status", "category");
  const resolved = category === "closed" || category === "resolved" || /resolv|closed/i.test(status ?? "");
  emitRecord(ctx, doc, u, resolved ? { ...UPDATE, kind: "page", type: "incident_resolved" } : UPDATE, {
    message:
      `Incident ${ref ?? str(r.incident_id) ?? ""} update${status ? ` [${status}]` : ""}: ${oneLine(str(r.message) ?? "")}`.replace(
        /\s+/g,
        " ",
      ),
    attributes: {
      ...(status ? { status } : {}),
      ...(field(r, "new_severity", "name") ? { incidentSeverity: field(r, "new_severity", "name") } : {}),
      ...(str(r.incident_id) ? { incident: str(r.incident_id) } : {}),
    },
  });
}

export const incidentioJson: DocumentFormat = {
  id: "incidentio-json",
  samples: [
    '{"incident": {"id": "01HQX4N8J9ZB3Y7K2M5P6R8T0V", "reference": "INC-88", "name": "Checkout 502s", "permalink": "https://app.incident.io/example/incidents/88", "mode": "standard", "visibility": "public", "created_at": "2025-04-06T15:06:00.000Z", "updated_at": "2025-04-06T16:10:00.000Z", "creator": {"user": {"id": "01HJ2K3L4M", "name": "Tom Becker", "email": "tom@example.com", "role": "responder"}}, "incident_status": {"id": "01HJ0A1B2C", "name": "Closed", "category": "closed", "rank": 4}, "severity": {"id": "01HJ0S1E2V", "name": "Major", "rank": 2}, "summary": "Checkout returned 502 after a deploy.", "incident_timestamp_values": [{"incident_timestamp": {"id": "01HJ0T1", "name": "Impact started", "rank": 1}, "value": {"value": "2025-04-06T15:00:10Z"}}, {"incident_timestamp": {"id": "01HJ0T4", "name": "Resolved at", "rank": 4}, "value": {"value": "2025-04-06T16:05:00Z"}}, {"incident_timestamp": {"id": "01HJ0T5", "name": "Closed at", "rank": 5}}], "incident_role_assignments": [{"role": {"id": "01HJ0R1", "name": "Incident Lead", "role_type": "lead"}, "assignee": {"id": "01HJ2K3L4M", "name": "Tom Becker", "email": "tom@example.com"}}]}}',
    '{"incident_updates": [{"id": "01HR0U1", "incident_id": "01HQX4N8J9ZB3Y7K2M5P6R8T0V", "message": "Rolled back; error rate is dropping.", "new_incident_status": {"id": "01HJ0A1B2D", "name": "Monitoring", "category": "live", "rank": 3}, "new_severity": {"id": "01HJ0S1E2V", "name": "Major", "rank": 2}, "updater": {"user": {"id": "01HJ2K3L4M", "name": "Tom Becker", "email": "tom@example.com"}}, "created_at": "2025-04-06T15:40:00.000Z"}], "pagination_meta": {"page_size": 25}}',
  ],
  sampleName: "incident.json",
  description: "incident.io API incident / incidents / incident_updates JSON: declaration, milestones, updates",
  kind: "page",
  shape: "document",
  detect(sample) {
    const head = docHead(sample.text);
    if (head !== "{" && head !== "[") return 0;
    const t = sample.text;
    if (keyCount(t, INCIDENT_KEYS) >= 3 && t.includes('"created_at"')) return 0.96;
    if (keyCount(t, UPDATE_KEYS) >= 3 && t.includes('"created_at"')) return 0.97;
    return 0;
  },
  parse(text, ctx) {
    const doc = parseRecordsDocument(text, ctx);
    const root = doc.value;
    if (isRecord(root) && isRecord(root.incident)) {
      incident(ctx, doc, root.incident);
      return;
    }
    const updates = isRecord(root) ? recordsOf(root, ["incident_updates"]) : null;
    if (updates) {
      for (const u of updates) update(ctx, doc, u, null);
      return;
    }
    const incidents = recordsOf(root, ["incidents"]);
    if (!incidents) {
      if (root !== undefined && !doc.problem)
        ctx.skip(1, "unexpected-shape", 'expected "incident", "incidents" or "incident_updates"');
      return;
    }
    for (const inc of incidents) incident(ctx, doc, inc);
  },
};
