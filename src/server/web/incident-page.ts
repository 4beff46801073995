import type { Context } from "hono";
import { markdownToHtml, renderLineChart } from "../../report/index.js";
import type { IncidentDetail } from "../../store/index.js";
import { actionItemsTable } from "./action-items-table.js";
import {
  badge,
  formatDuration,
  formatTime,
  incidentHref,
  notice,
  reviewBadge,
  severityBadge,
  trusted,
} from "./components.js";
import { EDITABLE_SECTIONS } from "./edit-page.js";
import { errorPage, notFoundPage } from "./error-page.js";
import { timelineRows, timelineTable } from "./incident-timeline.js";
import { type Html, h, layout } from "./layout.js";
import { linkEvidenceRefs, readPostmortem, reportInputOf } from "./postmortem-doc.js";
import { canEdit, scopeOf, type WebDeps } from "./web-context.js";

const MILESTONES: Array<[string, string]> = [
  ["impactStart", "Impact start"],
  ["detected", "Detected"],
  ["paged", "Paged"],
  ["acknowledged", "Acknowledged"],
  ["mitigated", "Mitigated"],
  ["recovered", "Recovered"],
  ["resolved", "Resolved"],
];

function span(m: Record<string, number | null>, from: string, to: string): number | null {
  const a = m[from];
  const b = m[to];
  return a === null || a === undefined || b === null || b === undefined ? null : b - a;
}

/** Milestones and the durations between them (time to detect, acknowledge, mitigate, recover, resolve). */
function milestonesPanel(d: IncidentDetail): Html {
  const m = d.milestones;
  const durations: Array<[string, number | null]> = [
    ["Time to detect", span(m, "impactStart", "detected")],
    ["Time to acknowledge", span(m, "paged", "acknowledged") ?? span(m, "detected", "acknowledged")],
    ["Time to mitigate", span(m, "impactStart", "mitigated")],
    ["Time to recover", span(m, "impactStart", "recovered")],
    ["Time to resolve", span(m, "impactStart", "resolved")],
  ];
  return h`<section aria-labelledby="milestones"><h2 id="milestones">Milestones and durations</h2>
<div class="kpis">${durations.map(([label, ms]) => h`<div class="kpi"><span class="small">${label}</span><b>${formatDuration(ms)}</b></div>`)}</div>
<div class="table-wrap"><table class="stack"><thead><tr><th scope="col">Milestone</th><th scope="col">Time</th><th scope="col">Since impact start</th></tr></thead>
<tbody>${MILESTONES.map(
    ([key, label]) =>
      h`<tr><td data-label="Milestone">${label}</td><td data-label="Time">${formatTime(m[key])}</td><td data-label="Since impact start">${key === "impactStart" ? "—" : formatDuration(span(m, "impactStart", key))}</td></tr>`,
  )}</tbody></table></div></section>`;
}

function findingsPanel(d: IncidentDetail): Html {
  return h`<section aria-labelledby="findings"><h2 id="findings">Findings</h2>
<h3>Root cause</h3><p>${d.rootCause ?? h`<span class="muted">Not written yet.</span>`}</p>
<h3>Contributing factors</h3>
${
  d.factors.length === 0
    ? h`<p class="muted">None recorded yet.</p>`
    : h`<ul>${d.factors.map((f) => h`<li>${badge(f.level)} ${badge(f.category)} ${f.text}</li>`)}</ul>`
}
${d.problems.length > 0 ? h`<h3>Problems reading the post-mortem</h3><ul class="small">${d.problems.map((p) => h`<li><code>${p.path}${p.line === null ? "" : `:${p.line}`}</code> ${p.message}</li>`)}</ul>` : ""}
</section>`;
}

/**
 * `GET /incidents/:dir`: one incident — header facts, milestones and durations, findings, charts drawn from the
 * evidence (the report's SVG charts), the timeline with every row linked to its raw evidence (pins applied), the
 * action items, and the human sections rendered with their `path:line` citations linked.
 */
export async function incidentPage(c: Context, deps: WebDeps): Promise<Response> {
  const scope = scopeOf(c);
  const dir = c.req.param("dir") ?? "";
  const store = await deps.stores.fresh();
  const detail = await store.getIncident(scope, dir);
  if (!detail) return notFoundPage(c, scope);
  let doc: Awaited<ReturnType<typeof readPostmortem>>;
  try {
    doc = await readPostmortem(deps.ctx, dir);
  } catch (error) {
    return errorPage(c, scope, error, deps.workspace);
  }
  const folder = doc.file.slice(0, -"/postmortem.md".length);
  const [report, pins] = await Promise.all([
    reportInputOf(doc.file, folder).catch(() => undefined),
    store.listPins(dir),
  ]);
  const rows = await timelineRows(deps, dir, doc, pins);
  const editable = canEdit(scope);
  const sections = doc.parsed.postmortem.sections.filter(
    (s) => s.key !== "timeline" && s.key !== "actionItems" && s.markdown.trim() !== "",
  );
  const body = h`
<h1>${detail.title}</h1>
<p class="actions-row">${detail.id ? h`<code>${detail.id}</code>` : ""} ${severityBadge(detail.severity)} ${reviewBadge(detail.reviewStatus)}
${detail.private ? badge("private", "private") : ""}
${detail.services.map((s) => h`<a href="/?service=${encodeURIComponent(s)}">${s}</a>`)}
${detail.tags.map((t) => badge(`#${t}`))}
${detail.owner ? h`<span>Owner: ${detail.owner}</span>` : ""}</p>
<nav class="actions-row no-print" aria-label="Incident">
${editable ? h`<a class="button" href="${incidentHref(dir, "/edit")}">Edit post-mortem</a>` : ""}
<a class="button secondary" href="${incidentHref(dir, "/review")}">Review (${detail.reviewStatus})</a>
<a class="button secondary" href="${incidentHref(dir, "/report")}">Full report</a>
</nav>
${milestonesPanel(detail)}
${findingsPanel(detail)}
${
  report && report.charts.length > 0
    ? h`<section aria-labelledby="charts"><h2 id="charts">Charts</h2>${report.charts.map(
        (spec) =>
          h`<figure role="group" aria-label="${spec.title}">${trusted(renderLineChart(spec))}<figcaption class="small muted">${spec.caption}</figcaption></figure>`,
      )}</section>`
    : ""
}
<section aria-labelledby="timeline"><h2 id="timeline">Timeline</h2>
<p class="small muted">Each row links to the raw evidence line it was read from. Pin more lines from the evidence view.</p>
${timelineTable(c, dir, rows)}
</section>
<section aria-labelledby="actions"><h2 id="actions">Action items</h2>
${detail.actionItems.length === 0 ? h`<p class="muted">No action items.</p>` : actionItemsTable(c, detail.actionItems, { incidentColumn: false, back: incidentHref(dir) })}
</section>
${sections.map(
  (s) => h`<section aria-label="${s.heading}" class="doc-section"><h2>${s.heading}
${editable && s.key !== null && EDITABLE_SECTIONS.includes(s.key) ? h` <a class="small no-print" href="${incidentHref(dir, `/edit?section=${s.key}`)}" aria-label="Edit ${s.heading}">Edit</a>` : ""}</h2>
${trusted(linkEvidenceRefs(markdownToHtml(s.markdown), dir))}</section>`,
)}
${report === undefined ? notice("The charts could not be drawn from this incident's evidence.") : ""}`;
  return c.html(layout({ title: detail.title, nav: "incidents", scope }, body));
}
