import { isMap, parseDocument } from "yaml";
import type {
  ActionItem,
  ContributingFactor,
  FactorLevel,
  Postmortem,
  PostmortemSection,
  PostmortemTimelineRow,
  SectionKey,
} from "../model/postmortem.js";
import { emptyPostmortem, PostmortemFrontMatter } from "../model/postmortem.js";
import { guessCategory, matchFactorLevel, matchSectionHeading } from "../postmortem/index.js";
import type { ParseProblem } from "../postmortem/parsed-postmortem.js";
import { yamlValue } from "../util/yaml-value.js";

/** What the indexer needs from a post-mortem parser: the model and the problems. */
export interface PostmortemParseResult {
  postmortem: Postmortem;
  problems: ParseProblem[];
}

/** A post-mortem parser as the indexer calls it. */
export type PostmortemParser = (source: string, path: string) => PostmortemParseResult;

const TIMELINE_HEADER = ["time", "event", "source", "actor"];
const ACTION_HEADER = ["id", "action", "owner", "deadline", "priority", "status", "tracker"];
const EMPTY_CELL = /^(|-|–|—|n\/a)$/i;
const COMMENT_LINE = /^\s*<!--[\s\S]*?-->\s*$/;
const URL_CELL = /^https?:\/\/[^\s<>()[\]]*[A-Za-z0-9/]$/;

/** Thrown inside the reader when the document leaves the subset it understands exactly. */
class NotStandard extends Error {}

function bail(why: string): never {
  throw new NotStandard(why);
}

function splitRow(line: string, expected: number): string[] {
  const t = line.trim();
  if (!t.startsWith("|") || !t.endsWith("|")) bail("table row without outer pipes");
  const cells = t
    .slice(1, -1)
    .split("|")
    .map((c) => c.trim());
  if (cells.length !== expected) bail("table row with a different number of cells");
  return cells;
}

/** Exactly one table with the given header, nothing else but comments; returns its rows and their line numbers. */
function readTable(
  lines: Array<{ text: string; line: number }>,
  header: string[],
): Array<{ cells: string[]; line: number }> {
  const content = lines.filter((l) => l.text.trim() !== "" && !COMMENT_LINE.test(l.text));
  if (content.length === 0) return [];
  const [head, sep, ...rows] = content;
  if (!head || !sep) bail("table without a delimiter row");
  const h = splitRow(head.text, header.length).map((c) => c.toLowerCase());
  if (h.join("|") !== header.join("|")) bail("table header differs from the standard one");
  const s = splitRow(sep.text, header.length);
  if (!s.every((c) => /^:?-{3,}:?$/.test(c))) bail("table delimiter row is unusual");
  // Rows must be consecutive lines: a blank line or comment inside ends a GFM table.
  for (let i = 0; i < rows.length; i++) {
    const prev = i === 0 ? sep : rows[i - 1];
    if (prev && (rows[i] as { line: number }).line !== prev.line + 1) bail("table interrupted");
  }
  return rows.map((r) => ({ cells: splitRow(r.text, header.length), line: r.line }));
}

/** Plain text of a one-line inline run that has no markup but code spans (what mdast's text would give). */
function inlinePlain(text: string): string {
  if (/[*_[\]<>&\\!]/.test(text)) bail("inline markup");
  const stripped = text.replace(/`([^`]+)`/g, "$1");
  if (stripped.includes("`")) bail("unbalanced code span");
  return stripped.replace(/\s+/g, " ").trim();
}

function normaliseScalars(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    return value.map((v) => (typeof v === "number" || typeof v === "boolean" ? String(v) : normaliseScalars(v)));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      (typeof v === "number" || typeof v === "boolean") && k !== "formatVersion" ? String(v) : normaliseScalars(v);
  }
  return out;
}

function read(source: string): PostmortemParseResult {
  if (/[\r\t\\\u0000\uFEFF]/.test(source)) bail("CR, tab, backslash, NUL or BOM");
  // Inside one-line code spans `<*>` and the like are literal text; everywhere else they would be markup.
  const outsideCode = source.replace(/`[^`\n]*`/g, "");
  if (/```|~~~|``/.test(source)) bail("code fences or double backticks");
  if (/<(?!!--)|&[a-z#0-9]+;|\]\(|\]\[/i.test(outsideCode)) bail("HTML, entities or links");
  const fm = /^---\n([\s\S]*?)\n---\n/.exec(source);
  if (!fm) bail("no front matter");
  const doc = parseDocument(fm[1] ?? "");
  if (doc.errors.length > 0 || doc.warnings.length > 0 || !isMap(doc.contents)) bail("front matter not a clean map");
  const value = yamlValue(doc);
  if (!value.ok) bail("front matter aliases");
  const raw = normaliseScalars(value.value ?? {}) as Record<string, unknown>;
  for (const key of ["id", "title", "severity"])
    if (typeof raw[key] !== "string" || raw[key] === "") bail("missing key");
  const parsedFm = PostmortemFrontMatter.safeParse(raw);
  if (!parsedFm.success) bail("front matter fields invalid");

  const fmLines = fm[0].split("\n").length - 1;
  const lines = source.slice(fm[0].length).split("\n");
  const at = (i: number) => fmLines + 1 + i;
  const inComment = false;
  const sections: Array<{
    key: SectionKey;
    heading: string;
    line: number;
    body: Array<{ text: string; line: number }>;
  }> = [];
  let sawH1 = false;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] as string;
    if (inComment) bail("multi-line comment");
    if (text.includes("<!--") && !COMMENT_LINE.test(text)) bail("comment not on its own line");
    if (/^ {4,}\S/.test(text) && sections.length === 0) bail("indented code");
    if (/^\s*(=+|-{2,}|\*{3,}|_{3,})\s*$/.test(text)) bail("setext underline or thematic break");
    if (/^\s*>/.test(text)) bail("block quote");
    const h = /^(#{1,6})\s+(.*?)\s*$/.exec(text);
    if (h) {
      const depth = (h[1] as string).length;
      const title = h[2] as string;
      if (/#\s*$/.test(text) || title === "") bail("closed or empty heading");
      if (depth === 1) {
        if (sawH1 || sections.length > 0) bail("second level-1 heading");
        sawH1 = true;
        continue;
      }
      if (depth === 2) {
        const key = matchSectionHeading(title);
        if (key === null) bail("unrecognised section");
        if (sections.some((s) => s.key === key)) bail("duplicate section");
        sections.push({ key, heading: title, line: at(i), body: [] });
        continue;
      }
    }
    const current = sections[sections.length - 1];
    if (!current) {
      if (text.trim() !== "" && !COMMENT_LINE.test(text)) bail("content before the first section");
      continue;
    }
    current.body.push({ text, line: at(i) });
  }
  if (sections.length === 0) bail("no sections");
  // Generated blocks must pair up exactly, or the full parser reports them.
  const open: string[] = [];
  for (const s of sections) {
    for (const l of s.body) {
      const b = /^\s*<!--\s*debrief:(begin|end)\s+([\w-]+)/.exec(l.text);
      if (!b) continue;
      if (b[1] === "begin") open.push(b[2] as string);
      else if (open.pop() !== b[2]) bail("unbalanced generated block");
    }
    if (open.length > 0) bail("generated block spans sections");
  }

  const pm: Postmortem = emptyPostmortem(parsedFm.data);
  const isBlank = (t: string) => t.trim() === "" || COMMENT_LINE.test(t);
  for (const s of sections) {
    const markdown = s.body.map((l) => l.text).join("\n");
    const endLine = (s.body[s.body.length - 1]?.line ?? s.line) + 1;
    const section: PostmortemSection = {
      key: s.key,
      heading: s.heading,
      depth: 2,
      markdown,
      position: { line: s.line, column: 1, endLine, endColumn: 1 },
    };
    pm.sections.push(section);
    const content = s.body.filter((l) => !isBlank(l.text));
    switch (s.key) {
      case "summary":
      case "rootCause": {
        const paragraphs: string[] = [];
        let cur: string[] = [];
        for (const l of s.body) {
          if (isBlank(l.text)) {
            if (cur.length > 0) paragraphs.push(cur.join("\n"));
            cur = [];
            continue;
          }
          if (/^\s*([-*+]|\d+[.)])\s|^\s*[|#]|^\s+\S/.test(l.text)) bail("structured prose section");
          cur.push(l.text.trim());
        }
        if (cur.length > 0) paragraphs.push(cur.join("\n"));
        const text = paragraphs.length > 0 ? paragraphs.join("\n\n") : null;
        if (s.key === "summary") pm.summary = text;
        else pm.rootCause = text;
        break;
      }
      case "impact": {
        if (content.length === 0) break;
        const rows = readTable(s.body, ["metric", "value"]);
        // A header without rows is prose to the full parser (it reports impact-unstructured).
        if (rows.length === 0) bail("impact table without rows");
        for (const r of rows) {
          if (EMPTY_CELL.test(r.cells[1] ?? "")) bail("empty impact value");
        }
        break;
      }
      case "timeline": {
        for (const r of readTable(s.body, TIMELINE_HEADER)) {
          const [time, event, src, actor] = r.cells as [string, string, string, string];
          if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(time)) bail("timeline time not YYYY-MM-DD HH:MM:SS");
          const row: PostmortemTimelineRow = {
            time,
            event,
            source: src,
            actor,
            position: { line: r.line, column: 1, endLine: r.line, endColumn: (r.cells.join("|").length + 3) | 0 },
          };
          pm.timeline.push(row);
        }
        break;
      }
      case "contributingFactors": {
        let level: FactorLevel = "contributing";
        for (const l of content) {
          const sub = /^###\s+(.*)$/.exec(l.text);
          if (sub) {
            const lv = matchFactorLevel(sub[1] as string);
            if (lv === null) bail("unknown factor level heading");
            level = lv;
            continue;
          }
          const b = /^- (\S.*)$/.exec(l.text);
          if (!b) bail("factor that is not a one-line bullet");
          const text = inlinePlain(b[1] as string);
          if (/^suggested\b/i.test(text) || /\bevidence\s*:/i.test(text) || /`[^`]*:\d+`/.test(b[1] as string)) {
            bail("suggested factor or evidence reference");
          }
          const factor: ContributingFactor = {
            level,
            category: guessCategory(text),
            text,
            suggested: false,
            evidence: [],
            position: { line: l.line, column: 1, endLine: l.line, endColumn: l.text.length + 1 },
          };
          pm.factors.push(factor);
        }
        break;
      }
      case "fiveWhys": {
        for (const l of content) {
          const w = /^\d+\. \*\*Why\*\* (.+?\?) \*\*Because\*\* (\S.*)$/.exec(l.text);
          if (!w) bail("why step not in the standard form");
          if (/[*_[\]<>&\\]/.test(`${w[1]} ${w[2]}`)) bail("markup inside a why step");
        }
        break;
      }
      case "actionItems": {
        for (const r of readTable(s.body, ACTION_HEADER)) {
          const [id, action, owner, deadline, priority, status, tracker] = r.cells as [
            string,
            string,
            string,
            string,
            string,
            string,
            string,
          ];
          if (EMPTY_CELL.test(id) || action === "") bail("action without id or text");
          if (tracker.includes("@") || (/:\/\/|www\./i.test(tracker) && !URL_CELL.test(tracker))) bail("tracker cell");
          if (/[`*_]/.test(r.cells.join(""))) bail("markup in action table");
          const cell = (c: string) => (EMPTY_CELL.test(c) ? null : c);
          const item: ActionItem = {
            id,
            action,
            owner: cell(owner),
            deadline: cell(deadline),
            priority: cell(priority),
            status: cell(status),
            tracker: cell(tracker),
            position: { line: r.line, column: 1, endLine: r.line, endColumn: 1 },
          };
          pm.actionItems.push(item);
        }
        break;
      }
      default:
        break;
    }
  }
  return { postmortem: pm, problems: [] };
}

/**
 * A fast, line-based reader for post-mortems written exactly in the standard template (front matter, `##` sections
 * with standard headings, standard tables, one-line factor bullets, standard why steps). It returns null as soon as
 * a document leaves that subset, and the caller then uses the full remark-based parser. On documents it accepts it
 * produces what the full parser produces for every field the index stores (checked by store/fast-reader.test.ts),
 * at a fraction of the cost; it exists because indexing 10,000 post-mortems through remark takes minutes.
 */
export function readStandardPostmortem(source: string): PostmortemParseResult | null {
  try {
    return read(source);
  } catch (error) {
    if (error instanceof NotStandard) return null;
    throw error;
  }
}
