import { join } from "node:path";
import type { Context } from "hono";
import type { Event } from "../../model/event.js";
import { resolveInWorkspace } from "../../operations/index.js";
import { badge, evidenceHref, incidentHref, notice, withQuery } from "./components.js";
import { errorPage, notFoundPage } from "./error-page.js";
import { eventsForLines, readEvidenceWindow, resolveIncidentFile } from "./evidence-file.js";
import { type Html, h, layout } from "./layout.js";
import { canEdit, csrfInput, scopeOf, type WebDeps } from "./web-context.js";

/** Lines around a cited line. */
const CONTEXT = 15;
/** Lines per page of the whole-file view. */
const PAGE = 200;

const int = (v: string | undefined): number | undefined => {
  if (v === undefined || !/^\d{1,10}$/.test(v)) return undefined;
  return Number(v);
};

function eventCell(events: Event[] | undefined, expanded: boolean): Html | string {
  if (!events || events.length === 0) return "";
  return h`${events.map(
    (e) => h`<div class="event"><strong>${e.time.replace("T", " ").replace(/\.000Z$|Z$/, " UTC")}</strong>
${badge(e.kind)} ${e.severity ? badge(e.severity, e.severity === "error" || e.severity === "critical" ? "bad" : e.severity === "warning" ? "warn" : "") : ""}
${e.service ? h`<span class="muted">${e.service}</span>` : ""}<br>${e.message}
${
  expanded && Object.keys(e.attributes).length > 0
    ? h`<details open><summary>Attributes</summary><pre>${JSON.stringify(e.attributes, null, 2)}</pre></details>`
    : ""
}</div>`,
  )}`;
}

/**
 * `GET /incidents/:dir/evidence?path=P&line=N[&start=S][&q=TEXT]`: the raw evidence around a cited line (context
 * before and after), or the whole file a page at a time, with search inside the file; the normalised event Debrief
 * read from each line beside it; the file's sha256 checked against what collection recorded; the cited line can be
 * pinned into or removed from the post-mortem's timeline.
 */
export async function evidencePage(c: Context, deps: WebDeps): Promise<Response> {
  const scope = scopeOf(c);
  const dir = c.req.param("dir") ?? "";
  const store = await deps.stores.fresh();
  if (!(await store.canView(scope, dir))) return notFoundPage(c, scope);
  const path = c.req.query("path") ?? "";
  const line = int(c.req.query("line"));
  const start = int(c.req.query("start"));
  const q = (c.req.query("q") ?? "").slice(0, 200);
  let abs: string;
  let folder: string;
  try {
    abs = resolveIncidentFile(deps.ctx, dir, path);
    folder = resolveInWorkspace(deps.ctx, dir);
  } catch (error) {
    return errorPage(c, scope, error, deps.workspace);
  }
  const from = start ?? (line !== undefined ? Math.max(1, line - CONTEXT) : 1);
  const to = start !== undefined || line === undefined ? from + PAGE - 1 : line + CONTEXT;
  let view: Awaited<ReturnType<typeof readEvidenceWindow>>;
  try {
    view = await readEvidenceWindow(folder, abs, { from, to, search: q || undefined });
  } catch (error) {
    return errorPage(c, scope, error, deps.workspace);
  }
  const events = await eventsForLines(folder, abs, from, to);
  const ref = line !== undefined ? `${view.path}:${line}` : undefined;
  const pins = ref ? (await store.listPins(dir)).filter((p) => p.ref === ref) : [];
  const pinned = pins.at(-1)?.state === "pinned";
  const incident = await store.getIncident(scope, dir);
  const query = { path: view.path, q: q || undefined };
  const pages = Math.max(1, Math.ceil(view.totalLines / PAGE));
  const pageOf = Math.floor((from - 1) / PAGE) + 1;
  const check =
    view.manifest.state === "verified"
      ? badge("sha256 matches the collection manifest", "ok")
      : view.manifest.state === "mismatch"
        ? badge("sha256 differs from the collection manifest: the file changed after collection", "bad")
        : badge("no sha256 recorded at collection", "");
  const rows = view.lines.map(
    (l) => h`<tr id="L${l.n}"${l.n === line ? h` class="target" aria-current="true"` : ""}>
<td class="n"><a href="${evidenceHref(dir, view.path, l.n)}" aria-label="line ${l.n}">${l.n}</a></td>
<td class="t">${l.text}</td><td>${eventCell(events.get(l.n), l.n === line)}</td></tr>`,
  );
  const body = h`
<p class="small"><a href="${incidentHref(dir)}">← ${incident?.title ?? dir}</a></p>
<h1>Evidence <code>${view.path}</code></h1>
<dl class="small">
<dt>sha256</dt><dd><code>${view.sha256}</code> ${check}</dd>
<dt>Size</dt><dd>${view.bytes.toLocaleString("en")} bytes, ${view.totalLines.toLocaleString("en")} lines</dd>
</dl>
${
  line !== undefined
    ? h`<section aria-labelledby="cited" class="card">
<h2 id="cited">Cited line ${line}</h2>
${events.get(line) ? eventCell(events.get(line), true) : h`<p class="muted">Debrief read no event from this line (a continuation line, a skipped line, or a format it does not parse).</p>`}
${
  canEdit(scope)
    ? h`<form method="post" action="${incidentHref(dir, "/pins")}" class="actions-row">${csrfInput(c)}
<input type="hidden" name="ref" value="${ref}"><input type="hidden" name="state" value="${pinned ? "removed" : "pinned"}">
<button type="submit"${pinned ? h` class="secondary"` : ""}>${pinned ? "Remove from the post-mortem timeline" : "Pin into the post-mortem timeline"}</button>
${pinned ? badge("pinned", "ok") : pins.at(-1)?.state === "removed" ? badge("removed", "warn") : ""}
</form>`
    : ""
}
</section>`
    : ""
}
<form method="get" action="${incidentHref(dir, "/evidence")}" class="filters no-print" role="search">
<input type="hidden" name="path" value="${view.path}">
${line !== undefined ? h`<input type="hidden" name="line" value="${line}">` : ""}
<div><label for="q">Search in this file</label><input id="q" type="search" name="q" value="${q}"></div>
<div><button type="submit">Search</button></div>
</form>
${
  q
    ? h`<section aria-labelledby="hits"><h2 id="hits">${view.hitCount.toLocaleString("en")} line(s) contain “${q}”${view.hitCount > view.hits.length ? ` (first ${view.hits.length} shown)` : ""}</h2>
<ul class="small">${view.hits.map((l) => h`<li><a href="${withQuery(incidentHref(dir, "/evidence"), query, { line: l.n })}#L${l.n}">line ${l.n}</a>: <code>${l.text.slice(0, 240)}</code></li>`)}</ul></section>`
    : ""
}
<nav class="pager" aria-label="Lines of the file">
${from > 1 ? h`<a href="${withQuery(incidentHref(dir, "/evidence"), query, { start: Math.max(1, from - PAGE) })}" rel="prev">← Earlier lines</a>` : ""}
<span>Lines ${view.first.toLocaleString("en")}–${view.last.toLocaleString("en")} (page ${pageOf} of ${pages})</span>
${view.last < view.totalLines ? h`<a href="${withQuery(incidentHref(dir, "/evidence"), query, { start: view.last + 1 })}" rel="next">Later lines →</a>` : ""}
${line !== undefined ? h`<a href="${withQuery(incidentHref(dir, "/evidence"), query, { start: Math.max(1, Math.floor((line - 1) / PAGE) * PAGE + 1) })}#L${line}">Whole file around this line</a>` : ""}
</nav>
${view.lines.length === 0 ? notice("No lines in this range.") : ""}
<div class="table-wrap"><table class="lines"><caption class="visually-hidden">Raw lines of ${view.path} with the events read from them</caption>
<thead><tr><th scope="col">Line</th><th scope="col">Raw text</th><th scope="col">Normalised event</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
  return c.html(
    layout({ title: `${view.path} — ${incident?.title ?? dir}`, nav: "incidents", scope, script: true }, body),
  );
}

/** The post-mortem path of an incident folder, for links. */
export function postmortemPath(dir: string): string {
  return join(dir, "postmortem.md");
}
