import type { DocumentFormat } from "../evidence-format.js";
import { docHead, isRecord, type JsonRecord, str } from "./document-helpers.js";
import { emitRecord, keyCount, oneLine, parseRecordsDocument, type ReportSpec, recordsOf } from "./report-records.js";

/**
 * Instatus status-page incident histories, documented at https://instatus.com/help/api (REST API v1/v2:
 * `GET /v1/{page_id}/incidents` → `[{id, name, status: "INVESTIGATING" | "IDENTIFIED" | "MONITORING" | "RESOLVED",
 * started, resolved, impact, updates: [{id, message, status, started | createdAt}], components}]`; a single incident
 * `{..., incidentUpdates: [...]}` in v2), and the public page's `summary.json` `activeIncidents` list
 * (`{id, name, started, status, impact, url}`). Each update is a `note` by the status page at its time, like
 * `statuspage-incidents`; an incident without updates gives its start and (when resolved) its end. Recognised by
 * Instatus' field set (`started` with `updates`/`incidentUpdates`/`activeIncidents` and upper-case statuses).
 */
const STATUSES = /"status"\s*:\s*"(INVESTIGATING|IDENTIFIED|MONITORING|RESOLVED|NOTSTARTED|INPROGRESS|COMPLETED)"/;

const UPDATE: ReportSpec = {
  source: "instatus",
  kind: "note",
  type: "status-update",
  time: [["started"], ["createdAt"], ["created_at"], ["updatedAt"]],
  text: [["message"], ["markdown"], ["messageHtml"]],
  status: [["status"]],
  fallbackActor: "status page",
  label: "Status page",
};

function pageName(root: unknown): string | null {
  if (!isRecord(root)) return null;
  return isRecord(root.page) ? (str(root.page.name) ?? null) : null;
}

export const instatusIncidents: DocumentFormat = {
  id: "instatus-incidents",
  samples: [
    '[{"id": "cl1x2y3z4000109l4abcd1234", "name": "Checkout errors", "status": "RESOLVED", "impact": "MAJOROUTAGE", "started": "2025-04-06T15:05:00.000Z", "resolved": "2025-04-06T16:05:00.000Z", "updates": [{"id": "cl1x2y3z4000209l4efgh5678", "message": "We are investigating failed checkouts.", "messageHtml": "<p>We are investigating failed checkouts.</p>", "status": "INVESTIGATING", "notify": true, "started": "2025-04-06T15:05:00.000Z"}, {"id": "cl1x2y3z4000309l4ijkl9012", "message": "Fixed: a deploy was rolled back.", "status": "RESOLVED", "notify": true, "started": "2025-04-06T16:05:00.000Z"}], "components": [{"id": "cl1comp", "name": "Checkout", "status": "MAJOROUTAGE"}]}]',
  ],
  sampleName: "incidents.json",
  description: "Instatus status-page incidents JSON (API incidents with updates, summary.json activeIncidents)",
  kind: "note",
  shape: "document",
  detect(sample) {
    const head = docHead(sample.text);
    if (head !== "{" && head !== "[") return 0;
    const t = sample.text;
    if (!t.includes('"started"') || !STATUSES.test(t)) return 0;
    return keyCount(t, ["updates", "incidentUpdates", "activeIncidents", "resolved", "impact"]) >= 2 ? 0.9 : 0;
  },
  parse(text, ctx) {
    const doc = parseRecordsDocument(text, ctx);
    const root = doc.value;
    const incidents =
      recordsOf(root, ["incidents", "activeIncidents"]) ?? (isRecord(root) && root.name !== undefined ? [root] : null);
    if (!incidents) {
      if (root !== undefined && !doc.problem) ctx.skip(1, "unexpected-shape", "expected incidents with updates");
      return;
    }
    const author = pageName(root) ?? "status page";
    for (const inc of incidents) {
      const r: JsonRecord = isRecord(inc) ? inc : {};
      const title = str(r.name) ?? "incident";
      const updates = Array.isArray(r.updates)
        ? r.updates
        : Array.isArray(r.incidentUpdates)
          ? r.incidentUpdates
          : null;
      const base = {
        ...(str(r.id) ? { incident: str(r.id) } : {}),
        ...(str(r.impact) ? { impact: str(r.impact) } : {}),
      };
      if (updates && updates.length > 0) {
        for (const u of updates) {
          const status = isRecord(u) ? str(u.status)?.toLowerCase() : undefined;
          const body = isRecord(u) ? oneLine(str(u.message) ?? str(u.markdown) ?? str(u.messageHtml) ?? "") : "";
          emitRecord(ctx, doc, u, UPDATE, {
            actor: author,
            message: `Status page: ${title}${status ? ` [${status}]` : ""}${body ? `: ${body}` : ""}`,
            attributes: { ...base, ...(status ? { status } : {}) },
          });
        }
        continue;
      }
      const started = emitRecord(ctx, doc, inc, UPDATE, {
        actor: author,
        message: `Status page: ${title} [${(str(r.status) ?? "investigating").toLowerCase()}]`,
        attributes: { ...base, status: (str(r.status) ?? "investigating").toLowerCase() },
      });
      if (started !== null && str(r.resolved)) {
        emitRecord(
          ctx,
          doc,
          inc,
          { ...UPDATE, time: [["resolved"]] },
          {
            actor: author,
            message: `Status page: ${title} [resolved]`,
            attributes: { ...base, status: "resolved" },
          },
        );
      }
    }
  },
};
