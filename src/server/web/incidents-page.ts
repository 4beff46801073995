import type { Context } from "hono";
import type { IncidentFilter, ReviewStatus } from "../../store/index.js";
import {
  badge,
  formatDay,
  incidentHref,
  notice,
  options,
  pager,
  reviewBadge,
  severityBadge,
  trusted,
} from "./components.js";
import { h, layout } from "./layout.js";
import { scopeOf, type WebDeps } from "./web-context.js";

const REVIEW: readonly ReviewStatus[] = ["draft", "in-review", "approved", "published"];
const SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4", "SEV5"];
const PAGE = 50;

/** The query parameters the list understands, trimmed and bounded. */
export function listQuery(c: Context): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const k of ["q", "service", "severity", "status", "review", "owner", "tag", "from", "to"]) {
    const v = c.req.query(k)?.trim().slice(0, 200);
    if (v) out[k] = v;
  }
  return out;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The store filter of a list query (unknown review statuses and malformed dates are ignored, never an error). */
export function filterOf(q: Record<string, string | undefined>, offset: number): IncidentFilter {
  const f: IncidentFilter = { limit: PAGE, offset };
  if (q.q) f.text = q.q;
  if (q.service) f.service = q.service;
  if (q.severity) f.severity = q.severity;
  if (q.status) f.status = q.status;
  if (q.review && (REVIEW as readonly string[]).includes(q.review)) f.reviewStatus = q.review as ReviewStatus;
  if (q.owner) f.owner = q.owner;
  if (q.tag) f.tag = q.tag;
  if (q.from && DAY.test(q.from)) f.from = Date.parse(`${q.from}T00:00:00Z`);
  if (q.to && DAY.test(q.to)) f.to = Date.parse(`${q.to}T23:59:59.999Z`);
  return f;
}

/** The store's snippet keeps only its `<mark>` tags as markup; anything else that looks like a tag is escaped. */
export function safeSnippet(snippet: string): string {
  return snippet.replace(/<(?!\/?mark>)/g, "&lt;");
}

/**
 * `GET /`: the incident list — filters (service, severity, status, review status, owner, tag, impact-start dates),
 * full-text search with highlighted snippets, 50 per page, newest first; private incidents only for their members.
 */
export async function incidentsPage(c: Context, deps: WebDeps): Promise<Response> {
  const scope = scopeOf(c);
  const q = listQuery(c);
  const offsetRaw = Number(c.req.query("offset") ?? 0);
  const offset = Number.isInteger(offsetRaw) && offsetRaw >= 0 && offsetRaw <= 1_000_000 ? offsetRaw : 0;
  const store = await deps.stores.fresh();
  const { rows, total } = await store.listIncidents(scope, filterOf(q, offset));
  const body = h`
<h1>Incidents</h1>
<form class="filters" method="get" action="/" role="search" aria-label="Filter incidents">
<div><label for="f-q">Search text</label><input id="f-q" type="search" name="q" value="${q.q ?? ""}"></div>
<div><label for="f-service">Service</label><input id="f-service" type="text" name="service" value="${q.service ?? ""}"></div>
<div><label for="f-severity">Severity</label><select id="f-severity" name="severity">${options(SEVERITIES, q.severity)}</select></div>
<div><label for="f-review">Review status</label><select id="f-review" name="review">${options(REVIEW, q.review)}</select></div>
<div><label for="f-status">Status (as written)</label><input id="f-status" type="text" name="status" value="${q.status ?? ""}"></div>
<div><label for="f-owner">Owner</label><input id="f-owner" type="text" name="owner" value="${q.owner ?? ""}"></div>
<div><label for="f-tag">Tag</label><input id="f-tag" type="text" name="tag" value="${q.tag ?? ""}"></div>
<div><label for="f-from">Impact from</label><input id="f-from" type="date" name="from" value="${q.from ?? ""}"></div>
<div><label for="f-to">Impact to</label><input id="f-to" type="date" name="to" value="${q.to ?? ""}"></div>
<div class="actions-row"><button type="submit">Apply</button><a href="/">Clear</a></div>
</form>
<p role="status">${total.toLocaleString("en")} incident(s)${q.q ? h` matching “${q.q}”` : ""}.</p>
${rows.length === 0 ? notice("No incident matches these filters.") : ""}
<div class="table-wrap"><table class="stack incidents">
<caption class="visually-hidden">Incidents</caption>
<thead><tr><th scope="col">Incident</th><th scope="col">Severity</th><th scope="col">Review</th><th scope="col">Services</th>
<th scope="col">Owner</th><th scope="col">Impact start</th><th scope="col">Open items</th></tr></thead>
<tbody>${rows.map(
    (r) => h`<tr>
<td data-label="Incident"><a href="${incidentHref(r.dir)}">${r.title || r.dir}</a> ${r.private ? badge("private", "private") : ""}
<a class="small" href="${incidentHref(r.dir, "/report")}" aria-label="Report of ${r.title || r.dir}">report</a>
<br><span class="small muted">${r.id}</span>${r.tags.length > 0 ? h` <span class="small">${r.tags.map((t) => `#${t}`).join(" ")}</span>` : ""}
${r.snippet ? h`<div class="snippet">${trusted(safeSnippet(r.snippet))}</div>` : ""}</td>
<td data-label="Severity">${severityBadge(r.severity)}</td>
<td data-label="Review">${reviewBadge(r.reviewStatus)}</td>
<td data-label="Services">${r.services.join(", ")}</td>
<td data-label="Owner">${r.owner ?? "—"}</td>
<td data-label="Impact start">${formatDay(r.impactStart)}</td>
<td data-label="Open items">${r.openActionItems}</td></tr>`,
  )}</tbody></table></div>
${pager("/", q, offset, PAGE, total)}`;
  return c.html(layout({ title: "Incidents", nav: "incidents", scope }, body));
}
