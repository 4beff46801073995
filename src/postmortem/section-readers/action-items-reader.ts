import type { ListItem } from "mdast";
import type { ActionItem, Postmortem } from "../../model/postmortem.js";
import { plainText, tableRows, walk } from "../markdown-tree.js";
import { contentNodes, hasProse, type SectionContext, type SectionReader, type SectionSpan } from "./section-reader.js";
import { cell, cellValue, mapColumns, tablesIn } from "./section-tables.js";

const ACTION_COLUMNS = {
  id: /^(id|#|no|nr|number|ai|ai id|item id|key|ref)$/,
  action: /^(action|action item|action items|item|items|description|task|what|title|summary|remediation|follow up)$/,
  owner: /^(owner|owners|assignee|assignees|assigned to|responsible|who|dri|team)$/,
  deadline: /^(deadline|due|due date|due by|target|target date|date|by|eta|when)$/,
  priority: /^(priority|pri|prio|p|importance)$/,
  status: /^(status|state|progress|done)$/,
  tracker: /^(tracker|ticket|tickets|issue|issues|bug|bugs|link|jira|tracking|tracking ticket|url)$/,
};

function readActionItems(span: SectionSpan, pm: Postmortem, ctx: SectionContext): void {
  let tables = 0;
  for (const table of tablesIn(span)) {
    const rows = tableRows(table, ctx.source);
    const header = rows[0];
    if (!header) continue;
    const cols = mapColumns(header.cells, ACTION_COLUMNS);
    if (cols.action === undefined) {
      ctx.problem(
        "action-table-unrecognised",
        `a table in Action Items has no Action column (header: ${header.cells.map((c) => c.text).join(" | ")})`,
        ctx.nodePos(table),
      );
      continue;
    }
    tables++;
    for (const row of rows.slice(1)) {
      const position = ctx.pos(row.start, row.end);
      if (row.cells.length < header.cells.length) {
        ctx.problem(
          "table-row-malformed",
          `action item row has ${row.cells.length} cells, the header has ${header.cells.length}`,
          position,
        );
      }
      const action = cell(row.cells, cols.action)?.raw ?? "";
      if (!action && row.cells.every((c) => !c.raw)) continue;
      const trackerCell = cell(row.cells, cols.tracker);
      let id = cellValue(cell(row.cells, cols.id));
      if (id === null) {
        id = syntheticId(pm.actionItems.length);
        ctx.problem(
          "action-item-id-missing",
          `action item "${action.slice(0, 60)}" has no ID; read as ${id}`,
          position,
        );
      }
      pm.actionItems.push({
        id,
        action,
        owner: cellValue(cell(row.cells, cols.owner)),
        deadline: cellValue(cell(row.cells, cols.deadline)),
        priority: cellValue(cell(row.cells, cols.priority)),
        status: cellValue(cell(row.cells, cols.status)),
        tracker: trackerCell?.url ?? cellValue(trackerCell),
        position,
      });
    }
  }
  if (tables > 0) return;
  let listed = 0;
  for (const node of contentNodes(span)) {
    if (node.type !== "list") continue;
    for (const item of node.children) {
      pm.actionItems.push(actionFromListItem(item, pm.actionItems.length, ctx));
      listed++;
    }
  }
  if (listed > 0) {
    ctx.problem(
      "action-items-not-table",
      `Action Items is a list; ${listed} item(s) read with owners, dates and tickets guessed from the text. A | ID | Action | Owner | Deadline | Priority | Status | Tracker | table keeps them exact`,
      ctx.nodePos(span.heading),
    );
  } else if (hasProse(span)) {
    ctx.problem("action-items-unstructured", "Action Items has neither a table nor a list", ctx.nodePos(span.heading));
  }
}

function syntheticId(index: number): string {
  return `AI-${String(index + 1).padStart(3, "0")}`;
}

function actionFromListItem(item: ListItem, index: number, ctx: SectionContext): ActionItem {
  let text = plainText(item);
  let url: string | null = null;
  walk(item, (n) => {
    if (url === null && n.type === "link") url = n.url;
  });
  const idMatch = /^\s*\[?([A-Z]{1,5}-\d{1,5})\]?\s*[:.)-]?\s*/.exec(text);
  const id = idMatch?.[1] ?? syntheticId(index);
  if (idMatch) text = text.slice(idMatch[0].length);
  const owner =
    /\bowners?\s*[:=]\s*([^,;()]+?)\s*(?:[,;)]|$|\bdue\b|\bby\b)/i.exec(text)?.[1] ??
    /\((@[\w.-]+|[\w.-]+ team)\b/i.exec(text)?.[1] ??
    /(?:^|\s)(@[\w.-]+)/.exec(text)?.[1] ??
    null;
  const deadline =
    /\b(?:due|deadline|by|eta)\s*[:=]?\s*(\d{4}-\d{2}-\d{2})/i.exec(text)?.[1] ??
    /\b(\d{4}-\d{2}-\d{2})\b/.exec(text)?.[1] ??
    null;
  const priority = /\b(P[0-4])\b/.exec(text)?.[1] ?? null;
  const status =
    item.checked === true
      ? "done"
      : (/\bstatus\s*[:=]\s*([\w-]+)/i.exec(text)?.[1] ?? (item.checked === false ? "open" : null));
  const tracker = url ?? /\b([A-Z][A-Z0-9]+-\d+)\b/.exec(text)?.[1] ?? /(?:^|\s)(#\d+)\b/.exec(text)?.[1] ?? null;
  return {
    id: id === tracker ? syntheticId(index) : id,
    action: text.trim(),
    owner: owner?.trim() ?? null,
    deadline,
    priority,
    status,
    tracker,
    position: ctx.nodePos(item),
  };
}

/** Action items: a | ID | Action | Owner | Deadline | Priority | Status | Tracker | table, or else a list. */
export const actionItemsReader: SectionReader = { key: "actionItems", read: readActionItems };
