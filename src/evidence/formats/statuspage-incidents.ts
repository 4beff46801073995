import type { DocumentFormat } from "../evidence-format.js";
import { docHead, isRecord, itemExcerpt, parseDocument, parseIsoTime, str } from "./document-helpers.js";

/**
 * Atlassian Statuspage incident histories: the public page API v2 (`GET /api/v2/incidents.json`,
 * `/api/v2/incidents/unresolved.json`: `{"page": {name, url, time_zone}, "incidents": [{id, name, status, impact,
 * created_at, shortlink, incident_updates: [{status, body, created_at, display_at}]}]}`, documented at
 * https://developer.statuspage.io/ and on every page's own `/api` page, e.g. https://metastatuspage.com/api/v2/) and
 * the manage API's incident list (`GET /v1/pages/{page_id}/incidents`, a bare array of the same incident objects).
 * Each incident update is a `note` event at the time it was shown to the public (`display_at`, else `created_at`),
 * written by the status page (its name, else "status page") so a public update can be a detection or resolution
 * milestone; the incident's `status` (investigating, identified, monitoring, resolved) is kept per update.
 */
export const statuspageIncidents: DocumentFormat = {
  id: "statuspage-incidents",
  samples: [
    '{"page": {"id": "kctbh9vrtdwd", "name": "Example Cloud", "url": "https://status.example.com", "time_zone": "Etc/UTC", "updated_at": "2025-03-04T11:02:10.000Z"}, "incidents": [{"id": "p31zjtct2jer", "name": "Elevated API error rates", "status": "resolved", "created_at": "2025-03-04T10:12:40.000Z", "updated_at": "2025-03-04T11:02:10.000Z", "monitoring_at": "2025-03-04T10:48:00.000Z", "resolved_at": "2025-03-04T11:02:10.000Z", "impact": "major", "shortlink": "https://stspg.io/p31zjtct2jer", "page_id": "kctbh9vrtdwd", "incident_updates": [{"id": "h2ftsgbj2v9y", "status": "resolved", "body": "This incident has been resolved.", "incident_id": "p31zjtct2jer", "created_at": "2025-03-04T11:02:10.000Z", "updated_at": "2025-03-04T11:02:10.000Z", "display_at": "2025-03-04T11:02:10.000Z"}, {"id": "8bpvrb3tkd1n", "status": "investigating", "body": "We are investigating elevated error rates on the API.", "incident_id": "p31zjtct2jer", "created_at": "2025-03-04T10:12:40.000Z", "updated_at": "2025-03-04T10:12:40.000Z", "display_at": "2025-03-04T10:12:40.000Z"}], "components": []}]}',
  ],
  description: "Atlassian Statuspage incidents JSON (API v2 incidents.json, manage API incident list)",
  kind: "note",
  shape: "document",
  detect(sample) {
    const head = docHead(sample.text);
    if (head !== "{" && head !== "[") return 0;
    const t = sample.text;
    if (!/"incident_updates"\s*:/.test(t)) return 0;
    return /"shortlink"\s*:|"display_at"\s*:/.test(t) ? 0.95 : 0.7;
  },
  parse(text, ctx) {
    const doc = parseDocument(text, ctx);
    const root = doc.value;
    // a list (`incidents.json`, the manage API's array), or one incident (`{"incident": {...}}` or the bare object)
    const incidents = Array.isArray(root)
      ? root
      : isRecord(root) && Array.isArray(root.incidents)
        ? root.incidents
        : isRecord(root) && isRecord(root.incident)
          ? [root.incident]
          : isRecord(root) && Array.isArray(root.incident_updates)
            ? [root]
            : undefined;
    if (!Array.isArray(incidents)) {
      if (root !== undefined && !doc.problem) {
        ctx.skip(doc.lineOf(root), "unexpected-shape", 'expected "incidents": [...] or an array of incidents');
      }
      return;
    }
    const page = isRecord(root) && isRecord(root.page) ? root.page : undefined;
    const author = str(page?.name) ?? "status page";
    for (const incident of incidents) {
      const line = doc.lineOf(incident);
      if (!isRecord(incident) || doc.isPartial(incident) || !Array.isArray(incident.incident_updates)) {
        ctx.skip(line, isRecord(incident) ? "incomplete-item" : "unexpected-shape", itemExcerpt(incident));
        continue;
      }
      const title = str(incident.name) ?? "status page incident";
      for (const update of incident.incident_updates) {
        const at = doc.lineOf(update);
        if (!isRecord(update) || doc.isPartial(update)) {
          ctx.skip(at, "incomplete-item", itemExcerpt(update));
          continue;
        }
        const ts = parseIsoTime(update.display_at ?? update.created_at, ctx);
        if (!Number.isFinite(ts)) {
          ctx.skip(at, "invalid-timestamp", itemExcerpt(update));
          continue;
        }
        const status = str(update.status);
        const body = str(update.body) ?? "";
        ctx.emit({
          ts,
          path: ctx.path,
          line: at,
          kind: "note",
          severity: null,
          service: null,
          host: null,
          actor: author,
          message: `Status page: ${title}${status ? ` [${status}]` : ""}${body ? `: ${body}` : ""}`,
          attributes: {
            source: "statuspage",
            ...(status ? { status } : {}),
            ...(str(incident.impact) ? { impact: str(incident.impact) } : {}),
            ...(str(incident.id) ? { incident: str(incident.id) } : {}),
            ...(str(incident.shortlink) ? { url: str(incident.shortlink) } : {}),
          },
        });
      }
    }
  },
};
