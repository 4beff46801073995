import type { Context } from "hono";
import type { StoredActionItem } from "../../store/index.js";
import { badge, incidentHref } from "./components.js";
import { type Html, h } from "./layout.js";
import { canEdit, csrfInput, scopeOf } from "./web-context.js";

/** Today as `YYYY-MM-DD` (UTC), the day deadlines are compared with. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** True for an open or in-progress item past its deadline. */
export function overdue(item: Pick<StoredActionItem, "status" | "deadline">, today = todayUtc()): boolean {
  return (item.status === "open" || item.status === "in-progress") && item.deadline !== null && item.deadline < today;
}

function statusBadge(item: StoredActionItem): Html {
  const tone = item.status === "done" ? "ok" : item.status === "wont-do" ? "" : overdue(item) ? "bad" : "warn";
  return h`${badge(item.status, tone)}${overdue(item) ? h` ${badge("overdue", "bad")}` : ""}`;
}

function trackerCell(item: StoredActionItem): Html | string {
  if (!item.tracker) return "";
  const url = /^https?:\/\/\S+$/i.test(item.tracker) ? item.tracker : undefined;
  return url ? h`<a href="${url}" rel="noreferrer noopener">${item.tracker}</a>` : h`<code>${item.tracker}</code>`;
}

/**
 * A table of action items: owner, deadline, priority, status (overdue marked in words, not colour alone), tracker;
 * editors get a "Mark done" button per open item, which writes `done` into the post-mortem's Status cell.
 */
export function actionItemsTable(
  c: Context,
  items: readonly StoredActionItem[],
  options: { incidentColumn: boolean; back: string },
): Html {
  const editable = canEdit(scopeOf(c));
  return h`<div class="table-wrap"><table class="stack action-items">
<thead><tr><th scope="col">ID</th>${options.incidentColumn ? h`<th scope="col">Incident</th>` : ""}<th scope="col">Action</th><th scope="col">Owner</th>
<th scope="col">Deadline</th><th scope="col">Priority</th><th scope="col">Status</th><th scope="col">Tracker</th>${editable ? h`<th scope="col"><span class="visually-hidden">Change</span></th>` : ""}</tr></thead>
<tbody>${items.map(
    (i) => h`<tr data-item="${i.itemId}">
<td data-label="ID"><code>${i.itemId}</code></td>
${options.incidentColumn ? h`<td data-label="Incident"><a href="${incidentHref(i.incidentDir)}">${i.incidentTitle}</a></td>` : ""}
<td data-label="Action">${i.action}</td><td data-label="Owner">${i.owner ?? "—"}</td>
<td data-label="Deadline">${i.deadline ?? i.deadlineRaw ?? "—"}</td><td data-label="Priority">${i.priority ?? i.priorityRaw ?? "—"}</td>
<td data-label="Status">${statusBadge(i)}</td><td data-label="Tracker">${trackerCell(i)}</td>
${
  editable
    ? h`<td>${
        i.status === "open" || i.status === "in-progress"
          ? h`<form method="post" action="${incidentHref(i.incidentDir, `/actions/${encodeURIComponent(i.itemId)}`)}">${csrfInput(c)}
<input type="hidden" name="status" value="done"><input type="hidden" name="back" value="${options.back}">
<button type="submit" class="secondary">Mark done<span class="visually-hidden"> (${i.itemId})</span></button></form>`
          : ""
      }</td>`
    : ""
}</tr>`,
  )}</tbody></table></div>`;
}
