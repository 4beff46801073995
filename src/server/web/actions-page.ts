import type { Context } from "hono";
import { buildReview, type ReviewItem } from "../../insights/index.js";
import type { ActionItemFilter } from "../../store/index.js";
import { actionItemsTable, todayUtc } from "./action-items-table.js";
import { badge, incidentHref, notice, options, pager } from "./components.js";
import { type Html, h, layout } from "./layout.js";
import { scopeOf, type WebDeps } from "./web-context.js";

const STATUSES = ["open", "in-progress", "done", "wont-do"];
/** Action items per page of the board (as many as incidents per page of the list). */
const PAGE = 50;

function boardQuery(c: Context): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const k of ["owner", "team", "status", "overdue", "incident"]) {
    const v = c.req.query(k)?.trim().slice(0, 200);
    if (v) out[k] = v;
  }
  return out;
}

/**
 * `GET /actions`: the action-item board across every incident the scope may see — owner, deadline, priority,
 * status, overdue, tracker — filtered by team (a service of the incident), owner, status, overdue only.
 */
export async function actionsPage(c: Context, deps: WebDeps): Promise<Response> {
  const scope = scopeOf(c);
  const q = boardQuery(c);
  const filter: ActionItemFilter = {};
  if (q.owner) filter.owner = q.owner;
  if (q.team) filter.team = q.team;
  if (q.status && STATUSES.includes(q.status)) filter.status = q.status;
  if (q.overdue === "1") filter.overdue = true;
  if (q.incident) filter.incident = q.incident;
  const offsetRaw = Number(c.req.query("offset") ?? 0);
  const offset = Number.isInteger(offsetRaw) && offsetRaw >= 0 && offsetRaw <= 1_000_000 ? offsetRaw : 0;
  const store = await deps.stores.fresh();
  // server-side paging like the incident list: a team's overdue board runs to thousands of items
  const { rows: items, total } = await store.actionItemPage(scope, { ...filter, limit: PAGE, offset });
  const body = h`
<h1>Action items</h1>
<form class="filters" method="get" action="/actions" aria-label="Filter action items">
<div><label for="a-team">Team (service)</label><input id="a-team" type="text" name="team" value="${q.team ?? ""}"></div>
<div><label for="a-owner">Owner</label><input id="a-owner" type="text" name="owner" value="${q.owner ?? ""}"></div>
<div><label for="a-status">Status</label><select id="a-status" name="status">${options(STATUSES, q.status)}</select></div>
<div><label><input type="checkbox" name="overdue" value="1"${q.overdue === "1" ? h` checked` : ""}> Overdue only</label></div>
<div class="actions-row"><button type="submit">Apply</button><a href="/actions">Clear</a></div>
</form>
<p role="status">${total.toLocaleString("en")} action item(s)${q.overdue === "1" ? ", most overdue first" : ""}.</p>
${items.length === 0 ? notice("No action item matches these filters.") : actionItemsTable(c, items, { incidentColumn: true, back: c.req.url.replace(/^https?:\/\/[^/]+/, "") })}
${pager("/actions", q, offset, PAGE, total)}`;
  return c.html(layout({ title: "Action items", nav: "actions", scope }, body));
}

function dueBadge(item: ReviewItem): Html {
  const days = item.daysUntilDue;
  if (item.due === "overdue") return badge(`overdue ${days === null ? "" : `${-days} d`}`.trim(), "bad");
  if (item.due === "due-soon") return badge(`due in ${days} d`, "warn");
  if (item.due === "no-deadline") return badge("no deadline");
  return badge(`due ${item.deadline ?? ""}`);
}

/**
 * `GET /actions/review[?print=1]`: the weekly review (open items by owner, overdue first, due within 7 days) as a
 * page; `print=1` drops the navigation for a clean printout (the print stylesheet applies either way).
 */
export async function weeklyReviewPage(c: Context, deps: WebDeps): Promise<Response> {
  const scope = scopeOf(c);
  const store = await deps.stores.fresh();
  const team = c.req.query("team")?.trim().slice(0, 200);
  const items = await store.listActionItems(scope, team ? { team } : {});
  const review = buildReview(items, { asOf: todayUtc(), dueWithinDays: 7 });
  const t = review.totals;
  const body = h`
<h1>Weekly review of action items</h1>
<p>As of ${review.asOf}${team ? h`, team ${team}` : ""}: ${t.open} open, ${t.overdue} overdue, ${t.dueSoon} due within ${review.dueWithinDays} days,
${t.noDeadline} without a deadline, ${t.closed} closed; ${t.owners} owner(s).</p>
<p class="actions-row no-print"><a class="button secondary" href="/actions/review?print=1${team ? `&team=${encodeURIComponent(team)}` : ""}">Printable view</a>
<a href="/actions">Action-item board</a></p>
${review.byOwner.length === 0 ? notice("No open action items.", "ok") : ""}
${review.byOwner.map(
  (
    o,
  ) => h`<section aria-label="${o.owner}"><h2>${o.owner} <span class="small muted">${o.counts.open} open, ${o.counts.overdue} overdue</span></h2>
<div class="table-wrap"><table class="stack"><thead><tr><th scope="col">Due</th><th scope="col">Priority</th><th scope="col">Action</th><th scope="col">Incident</th><th scope="col">Tracker</th></tr></thead>
<tbody>${o.items.map(
    (i) => h`<tr><td data-label="Due">${dueBadge(i)}</td><td data-label="Priority">${i.priority ?? "—"}</td>
<td data-label="Action"><code>${i.itemId}</code> ${i.action}</td>
<td data-label="Incident"><a href="${incidentHref(i.incidentDir)}">${i.incidentTitle}</a></td><td data-label="Tracker">${i.tracker ?? ""}</td></tr>`,
  )}</tbody></table></div></section>`,
)}`;
  if (c.req.query("print") === "1") {
    return c.html(
      h`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Weekly review ${review.asOf} · Debrief</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/static/web.css"></head>
<body class="print"><main id="main">${body}</main></body></html>`,
    );
  }
  return c.html(layout({ title: "Weekly review", nav: "review", scope }, body));
}
