import type { ParsedPostmortem } from "../postmortem/parsed-postmortem.js";

/** One cell change in the Action Items table: the item's id and the new text of a named column. */
export interface ActionItemCellChange {
  id: string;
  column: "Tracker" | "Status";
  value: string;
}

/** Split a GFM table row into cells with their offsets (pipes escaped as `\|` or inside code spans stay in cells). */
function splitRow(line: string): Array<{ start: number; end: number; text: string }> {
  const bars: number[] = [];
  let inCode = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === "`") inCode = !inCode;
    else if (c === "|" && !inCode) bars.push(i);
  }
  const trimmed = line.trim();
  const leading = trimmed.startsWith("|");
  const trailing = trimmed.endsWith("|") && trimmed.length > 1;
  const edges = [...bars];
  if (!leading) edges.unshift(-1);
  if (!trailing) edges.push(line.length);
  const cells: Array<{ start: number; end: number; text: string }> = [];
  for (let k = 0; k + 1 < edges.length; k++) {
    const start = edges[k]! + 1;
    const end = edges[k + 1]!;
    cells.push({ start, end, text: line.slice(start, end).trim() });
  }
  return cells;
}

/** Markdown-safe cell text: pipes escaped, newlines folded. */
function cellText(value: string): string {
  return value.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

/**
 * Set cells of the Action Items table in place, changing no other byte of the document. The column is found by its
 * header name; a table without it gets the column appended (header, delimiter and every row). Returns the new source,
 * or the old one unchanged when the section has no table or no listed item matches.
 */
export function setActionItemCells(parsed: ParsedPostmortem, changes: ActionItemCellChange[]): string {
  const section = parsed.postmortem.sections.find((s) => s.key === "actionItems");
  if (!section || changes.length === 0) return parsed.source;
  const source = parsed.source;
  const lineStarts: number[] = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === "\n") lineStarts.push(i + 1);
  const lineText = (n: number) => {
    const start = lineStarts[n - 1] ?? source.length;
    const next = lineStarts[n] ?? source.length;
    let end = next;
    if (end > start && source[end - 1] === "\n") end--;
    if (end > start && source[end - 1] === "\r") end--;
    return { start, end, text: source.slice(start, end) };
  };
  // the table: contiguous lines starting with | inside the section, whose first row names the columns
  let header: number | undefined;
  for (let n = section.position.line; n <= section.position.endLine; n++) {
    const { text } = lineText(n);
    const next = lineText(n + 1).text;
    if (/^\s*\|?.*\bID\b.*\|/i.test(text) && /^\s*\|?\s*:?-{2,}/.test(next)) {
      header = n;
      break;
    }
  }
  if (header === undefined) return source;
  const h: number = header;
  let last = h + 1;
  while (last + 1 <= section.position.endLine && /^\s*\|/.test(lineText(last + 1).text)) last++;
  const headerCells = splitRow(lineText(h).text).map((c) => c.text.toLowerCase());
  const idCol = headerCells.findIndex((h) => h === "id");
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const byColumn = new Map<string, ActionItemCellChange[]>();
  for (const c of changes) byColumn.set(c.column, [...(byColumn.get(c.column) ?? []), c]);
  for (const [column, list] of byColumn) {
    let col = headerCells.indexOf(column.toLowerCase());
    const append = col === -1;
    for (let n = h; n <= last; n++) {
      const { start, text } = lineText(n);
      const cells = splitRow(text);
      if (append) {
        // add the column at the end of every row so the table stays rectangular
        const trimmedEnd = text.replace(/\s+$/, "");
        const endsWithBar = trimmedEnd.endsWith("|");
        const insertAt = start + trimmedEnd.length;
        let value = "";
        if (n === h) value = ` ${column} |`;
        else if (n === h + 1) value = " --- |";
        else {
          const id = cells[idCol]?.text.replace(/[*`]/g, "");
          const change = list.find((c) => c.id === id);
          value = ` ${change ? cellText(change.value) : ""} |`;
        }
        edits.push({ start: insertAt, end: insertAt, text: endsWithBar ? value : ` |${value}` });
        continue;
      }
      if (n <= h + 1) continue;
      const id = cells[idCol]?.text.replace(/[*`]/g, "");
      const change = list.find((c) => c.id === id);
      const cell = cells[col];
      if (!change || !cell) continue;
      edits.push({ start: start + cell.start, end: start + cell.end, text: ` ${cellText(change.value)} ` });
    }
    if (append) col = headerCells.length;
  }
  if (edits.length === 0) return source;
  edits.sort((a, b) => b.start - a.start);
  let out = source;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
