import type { Nodes } from "mdast";
import type { Postmortem, PostmortemTimelineRow } from "../../model/postmortem.js";
import { endOf, startOf, tableRows } from "../markdown-tree.js";
import { contentNodes, hasProse, type SectionContext, type SectionReader, type SectionSpan } from "./section-reader.js";
import { cell, mapColumns, tablesIn } from "./section-tables.js";

const TIMELINE_COLUMNS = {
  time: /^(time|when|timestamp|date|date time|time utc|utc|at)$|^time\b/,
  event: /^(event|events|what|what happened|description|action|details|activity|entry)$/,
  source: /^(source|evidence|ref|reference|origin|system|via|channel)$/,
  actor: /^(actor|who|by|person|owner|role|responder)$/,
};

const TIME_AT_START =
  /^\s*(\*\*)?(\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?Z?|\d{1,2}:\d{2}(:\d{2})?)\s*(Z|UTC)?(\*\*)?\s*[-–—:|]?\s*/i;

function readTimeline(span: SectionSpan, pm: Postmortem, ctx: SectionContext): void {
  let tables = 0;
  for (const table of tablesIn(span)) {
    const rows = tableRows(table, ctx.source);
    const header = rows[0];
    if (!header) continue;
    const cols = mapColumns(header.cells, TIMELINE_COLUMNS);
    if (cols.time === undefined || cols.event === undefined) {
      ctx.problem(
        "timeline-table-unrecognised",
        `a table in Timeline has no Time and Event columns (header: ${header.cells.map((c) => c.text).join(" | ")})`,
        ctx.nodePos(table),
      );
      continue;
    }
    tables++;
    for (const row of rows.slice(1)) {
      if (row.cells.length < header.cells.length) {
        ctx.problem(
          "table-row-malformed",
          `timeline row has ${row.cells.length} cells, the header has ${header.cells.length}`,
          ctx.pos(row.start, row.end),
        );
      }
      const entry: PostmortemTimelineRow = {
        time: cell(row.cells, cols.time)?.raw ?? "",
        event: cell(row.cells, cols.event)?.raw ?? "",
        source: cell(row.cells, cols.source)?.raw ?? "",
        actor: cell(row.cells, cols.actor)?.raw ?? "",
        position: ctx.pos(row.start, row.end),
      };
      pm.timeline.push(entry);
    }
  }
  if (tables > 0) return;
  // Many hand-written timelines are bullet lists or lines like "10:05 first 5xx"; keep what has a time.
  let listed = 0;
  for (const node of contentNodes(span)) {
    const items: Nodes[] = node.type === "list" ? node.children : node.type === "paragraph" ? [node] : [];
    for (const item of items) {
      const raw = ctx.source.slice(startOf(item), endOf(item));
      for (const [i, lineText] of raw.split(/\r?\n|\r/).entries()) {
        const text = lineText.replace(/^\s*([-*+]|\d+[.)])\s+/, "");
        const m = TIME_AT_START.exec(text);
        if (!m?.[2]) continue;
        const line = (item.position?.start.line ?? 1) + i;
        const start = ctx.lines.lineStart(line);
        pm.timeline.push({
          time: m[2],
          event: text.slice(m[0].length).trim(),
          source: "",
          actor: "",
          position: ctx.pos(start, start + lineText.length),
        });
        listed++;
      }
    }
  }
  if (hasProse(span)) {
    ctx.problem(
      listed > 0 ? "timeline-not-table" : "timeline-unstructured",
      listed > 0
        ? `Timeline is a list, not a | Time | Event | Source | Actor | table; ${listed} timed line(s) read`
        : "Timeline has no table and no lines starting with a time",
      ctx.nodePos(span.heading),
    );
  }
}

/** Timeline: a | Time | Event | Source | Actor | table, or else lines that start with a time. */
export const timelineReader: SectionReader = { key: "timeline", read: readTimeline };
