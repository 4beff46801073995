import type { Table, TableCell } from "mdast";
import { DebriefError } from "../model/debrief-error.js";
import { endOf, startOf, walk } from "./markdown-tree.js";
import type { ParsedPostmortem } from "./parsed-postmortem.js";
import { applyEdits, type TextEdit } from "./text-edits.js";
import { sectionRange } from "./write-postmortem.js";

/** Columns of the Action Items table a tool may set (the publish step writes Tracker and Status back). */
export type ActionItemField = "owner" | "deadline" | "priority" | "status" | "tracker";

/** New cell values for one action item, by its ID. */
export interface ActionItemUpdate {
  id: string;
  fields: Partial<Record<ActionItemField, string>>;
}

const HEADERS: Record<ActionItemField | "id", RegExp> = {
  id: /^(id|#|no|nr|number|ai|ai id|item id|key|ref)$/,
  owner: /^(owner|owners|assignee|assignees|assigned to|responsible|who|dri|team)$/,
  deadline: /^(deadline|due|due date|due by|target|target date|date|by|eta|when)$/,
  priority: /^(priority|pri|prio|p|importance)$/,
  status: /^(status|state|progress|done)$/,
  tracker: /^(tracker|ticket|tickets|issue|issues|bug|bugs|link|jira|tracking|tracking ticket|url)$/,
};

function headerText(source: string, cell: TableCell): string {
  return source
    .slice(startOf(cell), endOf(cell))
    .replace(/^\||\|$/g, "")
    .toLowerCase()
    .replace(/\(.*?\)/g, " ")
    .replace(/[^a-z0-9#]+/g, " ")
    .trim();
}

/** Cell text safe inside a table row: one line, pipes escaped. */
function cellText(value: string): string {
  return value
    .replace(/\s+/g, " ")
    .trim()
    .replace(/(?<!\\)\|/g, "\\|");
}

/**
 * Set cells of Action Items table rows in place (e.g. the Tracker URL after publishing, or a Status), changing only
 * the bytes of those cells. Items are found by the text of their ID cell.
 * @throws DebriefError `INPUT_INVALID` when the document has no Action Items table, the table lacks a needed column,
 * or an ID is not in the table
 */
export function updateActionItems(parsed: ParsedPostmortem, updates: readonly ActionItemUpdate[]): string {
  const { source } = parsed;
  const section = parsed.postmortem.sections.find((s) => s.key === "actionItems");
  const fail = (message: string) => new DebriefError("INPUT_INVALID", message, { location: { path: parsed.path } });
  if (!section) throw fail("the post-mortem has no Action Items section");
  const range = sectionRange(parsed, section);
  const tables: Table[] = [];
  walk(parsed.tree, (n) => {
    if (n.type === "table" && startOf(n) >= range.bodyStart && endOf(n) <= range.end) tables.push(n);
  });
  const edits: TextEdit[] = [];
  for (const update of updates) {
    let done = false;
    for (const table of tables) {
      const [header, ...rows] = table.children;
      if (!header) continue;
      const cols = new Map<string, number>();
      header.children.forEach((c, i) => {
        const h = headerText(source, c);
        for (const [key, re] of Object.entries(HEADERS)) if (!cols.has(key) && re.test(h)) cols.set(key, i);
      });
      const idCol = cols.get("id");
      if (idCol === undefined) continue;
      const row = rows.find((r) => {
        const c = r.children[idCol];
        return (
          c !== undefined &&
          headerText(source, c).length > 0 &&
          source.slice(startOf(c), endOf(c)).replace(/\|/g, "").trim() === update.id
        );
      });
      if (!row) continue;
      for (const [field, value] of Object.entries(update.fields) as [ActionItemField, string][]) {
        const col = cols.get(field);
        if (col === undefined) {
          throw fail(`the Action Items table (line ${header.position?.start.line ?? "?"}) has no ${field} column`);
        }
        const cell = row.children[col];
        if (cell) {
          const first = cell.children[0];
          const last = cell.children[cell.children.length - 1];
          if (first && last) {
            edits.push({ start: startOf(first), end: endOf(last), text: cellText(value) });
          } else {
            // an empty cell: fill the space between its pipes
            const s = startOf(cell) + (source[startOf(cell)] === "|" ? 1 : 0);
            const e = endOf(cell) - (source[endOf(cell) - 1] === "|" && endOf(cell) - 1 > s ? 1 : 0);
            edits.push({ start: s, end: e, text: ` ${cellText(value)} ` });
          }
        } else {
          // the row is shorter than the header: add the missing cells up to this column
          const end = endOf(row);
          const closed = source[end - 1] === "|";
          const missing = col - row.children.length;
          const pad = " |".repeat(missing);
          edits.push({ start: end, end, text: `${closed ? "" : " |"}${pad} ${cellText(value)} |` });
        }
      }
      done = true;
      break;
    }
    if (!done) throw fail(`no action item with ID "${update.id}" in an Action Items table with an ID column`);
  }
  return applyEdits(source, edits);
}

/**
 * Append a column (e.g. `Tracker`) to the Action Items table, header, delimiter and every row, so a tool can record
 * something the authors' table had no place for. Every other byte stays as it was. Returns the source unchanged when
 * the column already exists.
 * @throws DebriefError `INPUT_INVALID` when the document has no Action Items table
 */
export function addActionItemColumn(parsed: ParsedPostmortem, column: string): string {
  const { source } = parsed;
  const section = parsed.postmortem.sections.find((s) => s.key === "actionItems");
  if (!section)
    throw new DebriefError("INPUT_INVALID", "the post-mortem has no Action Items section", {
      location: { path: parsed.path },
    });
  const range = sectionRange(parsed, section);
  let table: Table | undefined;
  walk(parsed.tree, (n) => {
    if (!table && n.type === "table" && startOf(n) >= range.bodyStart && endOf(n) <= range.end) table = n;
  });
  if (!table)
    throw new DebriefError("INPUT_INVALID", "the Action Items section has no table", {
      location: { path: parsed.path },
    });
  const [header] = table.children;
  const wanted = column.toLowerCase();
  if (header?.children.some((c) => headerText(source, c) === wanted)) return source;
  // rows end where their last cell ends; the delimiter row is not in the tree, so find it as the line after the header
  const edits: TextEdit[] = [];
  const rowEnd = (end: number) => {
    let e = end;
    while (e > 0 && (source[e - 1] === " " || source[e - 1] === "\t")) e--;
    return e;
  };
  const add = (end: number, text: string) => {
    const e = rowEnd(end);
    edits.push({ start: e, end: e, text: source[e - 1] === "|" ? text : ` |${text}` });
  };
  table.children.forEach((row, i) => {
    add(endOf(row), i === 0 ? ` ${column} |` : " |");
    if (i === 0) {
      const lineEnd = source.indexOf("\n", endOf(row));
      const delimStart = lineEnd + 1;
      let delimEnd = source.indexOf("\n", delimStart);
      if (delimEnd === -1) delimEnd = source.length;
      if (source[delimEnd - 1] === "\r") delimEnd--;
      add(delimEnd, " --- |");
    }
  });
  return applyEdits(source, edits);
}
