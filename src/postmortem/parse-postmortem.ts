import { basename, dirname } from "node:path";
import type { Heading, List, ListItem, Nodes, Root, RootContent, Table } from "mdast";
import { isMap, isScalar, parseDocument } from "yaml";
import type { EvidenceRef } from "../model/common.js";
import {
  type ActionItem,
  type ContributingFactor,
  emptyPostmortem,
  type FactorCategory,
  type FactorLevel,
  type Postmortem,
  PostmortemFrontMatter,
  type PostmortemSection,
  type PostmortemTimelineRow,
  type SectionKey,
  type SourcePosition,
  type WhyStep,
} from "../model/postmortem.js";
import { yamlValue } from "../util/yaml-value.js";
import {
  endOf,
  isComment,
  parseMarkdownTree,
  plainText,
  type RawCell,
  startOf,
  tableRows,
  walk,
} from "./markdown-tree.js";
import type { ParsedPostmortem, ParseProblem } from "./parsed-postmortem.js";
import { matchFactorLevel, matchSectionHeading, normaliseHeading } from "./sections.js";
import { readSimpleYaml } from "./simple-yaml.js";
import { LineIndex } from "./source-text.js";

/** Offsets of one section in the source, kept beside the model so the writer can splice by offset. */
interface SectionSpan {
  key: SectionKey | null;
  heading: Heading;
  /** plainText of the heading. */
  headingText: string;
  start: number;
  bodyStart: number;
  end: number;
  nodes: RootContent[];
}

/** Everything a section handler needs. */
interface Ctx {
  source: string;
  lines: LineIndex;
  problems: ParseProblem[];
  pos(start: number, end: number): SourcePosition;
  nodePos(node: Nodes): SourcePosition;
  problem(code: string, message: string, position?: SourcePosition): void;
}

/**
 * Parse a post-mortem written in Markdown into the model, with a source position on every element. Never throws:
 * anything that cannot be mapped (unknown headings, prose where a table was expected, invalid front matter) is
 * reported in `problems` and the rest is still returned, so lint and the index work on post-mortems written by hand
 * in other templates.
 * @param source the exact file text (CRLF, BOM and unicode are kept as they are)
 * @param path the file path, used in messages and to derive an id when the front matter has none
 */
export function parsePostmortem(source: string, path: string): ParsedPostmortem {
  const lines = new LineIndex(source);
  const problems: ParseProblem[] = [];
  const ctx: Ctx = {
    source,
    lines,
    problems,
    pos: (s, e) => lines.position(s, e),
    nodePos: (n) => lines.position(startOf(n), endOf(n)),
    problem: (code, message, position) => problems.push({ code, message, position }),
  };
  let tree: Root;
  try {
    tree = parseMarkdownTree(source);
  } catch (error) {
    // micromark is total over strings, but a parser bug must not take the whole tool down with it
    tree = { type: "root", children: [] };
    ctx.problem("markdown-unparseable", `the Markdown could not be parsed: ${(error as Error).message}`);
  }

  const spans = splitSections(tree, source);
  const firstH1 = tree.children.find((n): n is Heading => n.type === "heading" && n.depth === 1);
  const { frontMatter, frontMatterPosition } = readFrontMatter(tree, ctx, path, firstH1 ? plainText(firstH1) : null);

  const sections: PostmortemSection[] = [];
  const seen = new Map<SectionKey, PostmortemSection>();
  const pm: Postmortem = emptyPostmortem(frontMatter, sections);

  for (const span of spans) {
    const heading = span.headingText;
    const section: PostmortemSection = {
      key: span.key,
      heading,
      depth: span.heading.depth,
      markdown: source.slice(span.bodyStart, span.end),
      position: ctx.pos(span.start, span.end),
    };
    sections.push(section);
    if (span.key === null) {
      ctx.problem(
        "section-unrecognised",
        `heading "${heading}" is not one of the standard post-mortem sections; its text is kept but not interpreted`,
        ctx.nodePos(span.heading),
      );
      continue;
    }
    const earlier = seen.get(span.key);
    // "Root Causes" + "Trigger" or "Overview" + "What Happened" are one section written in two parts; only a heading
    // repeated under the same name is likely a copy-paste slip worth reporting
    if (earlier && normaliseHeading(earlier.heading) === normaliseHeading(heading)) {
      ctx.problem(
        "section-duplicate",
        `heading "${heading}" repeats the ${span.key} section already started at line ${earlier.position.line}; both are read`,
        ctx.nodePos(span.heading),
      );
    } else if (!earlier) {
      seen.set(span.key, section);
    }
    readSection(span, pm, ctx);
  }

  pm.evidence = collectEvidenceRefs(tree);
  const result: ParsedPostmortem = { path, source, postmortem: pm, tree, frontMatterPosition, problems };
  ORIGINALS.set(result, {
    sections: sections.map((s) => ({ ...s, position: { ...s.position } })),
    frontMatter: cloneData(frontMatter) as PostmortemFrontMatter,
    source,
    lines,
  });
  return result;
}

/**
 * What each parse result looked like when it was made, so the writer can tell which sections and front-matter keys a
 * caller changed without parsing the source a second time; and the line index it was made with, so lint need not
 * index the same text again.
 */
const ORIGINALS = new WeakMap<
  ParsedPostmortem,
  { sections: PostmortemSection[]; frontMatter: PostmortemFrontMatter; source: string; lines: LineIndex }
>();

/** The sections and front matter of a parse result as parsed (before any caller changes); undefined for copies. */
export function originalOf(
  parsed: ParsedPostmortem,
): { sections: PostmortemSection[]; frontMatter: PostmortemFrontMatter } | undefined {
  const original = ORIGINALS.get(parsed);
  return original && { sections: original.sections, frontMatter: original.frontMatter };
}

/** A line index of the parse result's source: the parser's own while the source is the one it parsed. */
export function lineIndexOf(parsed: ParsedPostmortem): LineIndex {
  const original = ORIGINALS.get(parsed);
  return original !== undefined && original.source === parsed.source ? original.lines : new LineIndex(parsed.source);
}

/**
 * A deep copy of parsed front matter, as `structuredClone` makes it (plain objects, arrays and primitives, own
 * enumerable keys, `__proto__` kept as a key) at a fraction of its cost; anything else goes to `structuredClone`.
 */
function cloneData(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(cloneData);
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = cloneData((value as Record<string, unknown>)[key]);
    if (key === "__proto__")
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Sections

const NESTABLE = new Set<SectionKey>(["whatWentWell", "whatWentWrong", "whereWeGotLucky"]);

function splitSections(tree: Root, source: string): SectionSpan[] {
  const headings = tree.children.filter((n): n is Heading => n.type === "heading");
  if (headings.length === 0) return [];
  // each heading's text and section, worked out once
  const texts = new Map<Heading, string>();
  const keys = new Map<Heading, SectionKey | null>();
  for (const h of headings) {
    const text = plainText(h);
    texts.set(h, text);
    keys.set(h, matchSectionHeading(text));
  }
  const recognised = headings.filter((h) => keys.get(h) !== null);
  let depth: number;
  if (recognised.length > 0) {
    // the level most standard headings use; a lone recognised H1 over many H2 sections is a title-like heading
    const counts = new Map<number, number>();
    for (const h of recognised) counts.set(h.depth, (counts.get(h.depth) ?? 0) + 1);
    depth = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 2;
  } else {
    const h1s = headings.filter((h) => h.depth === 1);
    const deeper = headings.filter((h) => h.depth > 1);
    depth =
      h1s.length === 1 && deeper.length > 0
        ? Math.min(...deeper.map((h) => h.depth))
        : Math.min(...headings.map((h) => h.depth));
  }
  const spans: SectionSpan[] = [];
  let current: SectionSpan | null = null;
  const close = (end: number) => {
    if (current) {
      current.end = end;
      spans.push(current);
      current = null;
    }
  };
  for (const node of tree.children) {
    const nestedKey = node.type === "heading" && node.depth > depth ? (keys.get(node) ?? null) : null;
    const cur = current as SectionSpan | null;
    if (
      node.type === "heading" &&
      nestedKey !== null &&
      NESTABLE.has(nestedKey) &&
      (cur === null || cur.key === "lessonsLearned" || NESTABLE.has(cur.key ?? "summary"))
    ) {
      // Google's template nests What went well / wrong / lucky under Lessons Learned
      close(startOf(node));
      current = {
        key: nestedKey,
        heading: node,
        headingText: texts.get(node) ?? "",
        start: startOf(node),
        bodyStart: afterLineEnd(source, endOf(node)),
        end: source.length,
        nodes: [],
      };
      continue;
    }
    if (node.type === "heading" && node.depth <= depth) {
      close(startOf(node));
      // higher-level headings are titles unless they name a standard section themselves
      const key = keys.get(node) ?? null;
      if (node.depth === depth || key !== null) {
        current = {
          key,
          heading: node,
          headingText: texts.get(node) ?? "",
          start: startOf(node),
          bodyStart: afterLineEnd(source, endOf(node)),
          end: source.length,
          nodes: [],
        };
      }
      continue;
    }
    current?.nodes.push(node);
  }
  close(source.length);
  return spans;
}

/** Offset just past the line terminator at or after `offset` (so a section body starts on its own line). */
function afterLineEnd(source: string, offset: number): number {
  if (source.startsWith("\r\n", offset)) return offset + 2;
  if (source[offset] === "\n" || source[offset] === "\r") return offset + 1;
  return offset;
}

function readSection(span: SectionSpan, pm: Postmortem, ctx: Ctx): void {
  switch (span.key) {
    case "summary":
      pm.summary = joinProse(pm.summary, proseOf(span, ctx));
      return;
    case "rootCause":
      pm.rootCause = joinProse(pm.rootCause, proseOf(span, ctx));
      return;
    case "impact":
      readImpact(span, pm, ctx);
      return;
    case "timeline":
      readTimeline(span, pm, ctx);
      return;
    case "contributingFactors":
      readFactors(span, pm, ctx);
      return;
    case "fiveWhys":
      readWhys(span, pm, ctx);
      return;
    case "whatWentWell":
      pm.whatWentWell.push(...listOrParagraphs(span));
      return;
    case "whatWentWrong":
      pm.whatWentWrong.push(...listOrParagraphs(span));
      return;
    case "lessonsLearned":
      pm.lessonsLearned.push(...listOrParagraphs(span));
      return;
    case "actionItems":
      readActionItems(span, pm, ctx);
      return;
    default:
      return;
  }
}

function joinProse(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return `${a}\n\n${b}`;
}

/** The section body as Markdown without template guidance or debrief markers; null when nothing human is left. */
function proseOf(span: SectionSpan, ctx: Ctx): string | null {
  const parts = span.nodes.filter((n) => !isComment(n)).map((n) => ctx.source.slice(startOf(n), endOf(n)).trim());
  const text = parts.filter((p) => p.length > 0).join("\n\n");
  return text.length > 0 ? text : null;
}

function contentNodes(span: SectionSpan): RootContent[] {
  return span.nodes.filter((n) => !isComment(n));
}

/** True when a section has something besides guidance comments and sub-headings (i.e. a person wrote in it). */
function hasProse(span: SectionSpan): boolean {
  return span.nodes.some((n) => !isComment(n) && n.type !== "heading");
}

function listOrParagraphs(span: SectionSpan): string[] {
  const out: string[] = [];
  for (const node of contentNodes(span)) {
    if (node.type === "list") {
      for (const item of node.children) {
        const t = plainText(item);
        if (t) out.push(t);
      }
    } else if (node.type === "paragraph") {
      const t = plainText(node);
      if (t) out.push(t);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Tables

type ColumnMap<K extends string> = Partial<Record<K, number>>;

function normaliseHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/\(.*?\)/g, " ")
    .replace(/[^a-z0-9#]+/g, " ")
    .trim();
}

function mapColumns<K extends string>(header: RawCell[], synonyms: Record<K, RegExp>): ColumnMap<K> {
  const map: ColumnMap<K> = {};
  header.forEach((cell, index) => {
    const h = normaliseHeader(cell.text);
    for (const [key, re] of Object.entries(synonyms) as [K, RegExp][]) {
      if (map[key] === undefined && re.test(h)) {
        map[key] = index;
        return;
      }
    }
  });
  return map;
}

function cell(cells: RawCell[], index: number | undefined): RawCell | undefined {
  return index === undefined ? undefined : cells[index];
}

function tablesIn(span: SectionSpan): Table[] {
  const out: Table[] = [];
  for (const node of span.nodes) collectTables(node, out);
  return out;
}

/**
 * Tables under a node in document order. A table is flow content, so it sits in the root, a list item or a block
 * quote, never under a paragraph, heading or another table: those are not searched.
 */
function collectTables(node: Nodes, out: Table[]): void {
  if (node.type === "table") {
    out.push(node);
    return;
  }
  if (node.type === "paragraph" || node.type === "heading" || !("children" in node)) return;
  for (const child of node.children as Nodes[]) collectTables(child, out);
}

// ---------------------------------------------------------------------------------------------------------------
// Impact

const IMPACT_KEYS: [RegExp, string][] = [
  [/^(total |impact |incident |outage )?(duration|length)|^time (of|in) impact/, "duration"],
  [
    /(users?|customers?|accounts?|tenants?|merchants?) (affected|impacted)|^affected (users|customers)/,
    "usersAffected",
  ],
  [
    /(requests?|queries|calls|transactions|orders|jobs) (failed|lost|dropped|errored)|^failed (requests|queries|calls|orders)|^errors$/,
    "requestsFailed",
  ],
  [/error.?rate|^peak error|error percentage/, "errorRatePeak"],
  [/revenue|financial|cost|money/, "revenue"],
  [/^sla|^slo|error budget|^credits?/, "sla"],
  [/endpoints?|routes?|paths?|apis?/, "endpoints"],
  [/hosts?|instances?|nodes?|pods?/, "hosts"],
  [/regions?|zones?|locations?/, "regions"],
  [/services?|components?|systems?/, "services"],
];

/** Canonical key for an impact label ("Users affected" -> usersAffected); unknown labels become camelCase. */
export function impactKey(label: string): string {
  const n = normaliseHeader(label);
  for (const [re, key] of IMPACT_KEYS) if (re.test(n)) return key;
  const words = n.split(" ").filter(Boolean);
  return words.map((w, i) => (i === 0 ? w : (w[0]?.toUpperCase() ?? "") + w.slice(1))).join("") || "value";
}

function readImpact(span: SectionSpan, pm: Postmortem, ctx: Ctx): void {
  let found = 0;
  for (const table of tablesIn(span)) {
    const rows = tableRows(table, ctx.source);
    const header = rows[0];
    if (!header) continue;
    const headerIsLabels = /^(metric|measure|what|item|dimension|category|field|name|impact|)$/.test(
      normaliseHeader(header.cells[0]?.text ?? ""),
    );
    for (const row of headerIsLabels ? rows.slice(1) : rows) {
      const label = row.cells[0]?.text ?? "";
      const value = row.cells
        .slice(1)
        .map((c) => c.raw)
        .filter(Boolean)
        .join(" | ");
      if (!label) continue;
      if (row.cells.length < 2) {
        ctx.problem("table-row-malformed", `impact row "${label}" has no value column`, ctx.pos(row.start, row.end));
        continue;
      }
      pm.impact[impactKey(label)] = value;
      found++;
    }
  }
  for (const node of contentNodes(span)) {
    if (node.type !== "list") continue;
    for (const item of node.children) {
      const m = /^([^:]{1,60}):\s*(.+)$/s.exec(plainText(item));
      if (m?.[1] && m[2]) {
        pm.impact[impactKey(m[1])] = m[2].trim();
        found++;
      }
    }
  }
  if (found === 0 && hasProse(span)) {
    ctx.problem(
      "impact-unstructured",
      "Impact is prose only; figures (duration, users affected, requests failed, error-rate peak) are easier to check in a table",
      ctx.nodePos(span.heading),
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Timeline

const TIMELINE_COLUMNS = {
  time: /^(time|when|timestamp|date|date time|time utc|utc|at)$|^time\b/,
  event: /^(event|events|what|what happened|description|action|details|activity|entry)$/,
  source: /^(source|evidence|ref|reference|origin|system|via|channel)$/,
  actor: /^(actor|who|by|person|owner|role|responder)$/,
};

const TIME_AT_START =
  /^\s*(\*\*)?(\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?Z?|\d{1,2}:\d{2}(:\d{2})?)\s*(Z|UTC)?(\*\*)?\s*[-–—:|]?\s*/i;

function readTimeline(span: SectionSpan, pm: Postmortem, ctx: Ctx): void {
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

// ---------------------------------------------------------------------------------------------------------------
// Contributing factors

const CATEGORY_WORDS: [RegExp, FactorCategory][] = [
  [/\b(deploy|deployed|deployment|release|rollout|rolled out|upgrade|migration|change|v\d+\.\d+)/i, "change"],
  [/\b(alert|alerting|monitor|monitoring|dashboard|paged?|observability|detect)/i, "monitoring"],
  [/\b(pool|capacity|saturat|exhaust|memory|cpu|disk|quota|limit|load|traffic|scal)/i, "capacity"],
  [/\b(config|configuration|flag|setting|parameter|timeout value)/i, "configuration"],
  [/\b(dependency|upstream|downstream|third.party|vendor|provider|dns|cdn)/i, "dependency"],
  [/\b(runbook|process|review|approval|handoff|escalation|on.call)/i, "process"],
  [/\b(training|onboarding|knowledge|familiar)/i, "people-and-training"],
  [/\b(tool|tooling|script|cli|automation)/i, "tooling"],
  [/\b(bug|code|regression|null pointer|exception|query)/i, "code"],
  [/\b(network|hardware|power|datacenter|region|zone|certificate|expir)/i, "environment"],
];

/** Best-effort fishbone category of a factor's text, used when the author did not tag one. */
export function guessCategory(text: string): FactorCategory {
  for (const [re, cat] of CATEGORY_WORDS) if (re.test(text)) return cat;
  return "other";
}

const SUGGESTED = /^\s*suggested\b\s*(?:\(([^)]*)\))?\s*:?\s*/i;
const LEVELS: FactorLevel[] = ["immediate", "contributing", "systemic"];
const CATEGORIES = new Set<string>([
  "change",
  "code",
  "configuration",
  "capacity",
  "dependency",
  "monitoring",
  "process",
  "people-and-training",
  "tooling",
  "environment",
  "other",
]);

function readFactors(span: SectionSpan, pm: Postmortem, ctx: Ctx): void {
  let level: FactorLevel = "contributing";
  let found = 0;
  for (const node of contentNodes(span)) {
    if (node.type === "heading") {
      level = matchFactorLevel(plainText(node)) ?? level;
      continue;
    }
    if (node.type === "paragraph" && node.children.length === 1 && node.children[0]?.type === "strong") {
      // "**Immediate cause**" on its own line works as a sub-heading in many documents
      level = matchFactorLevel(plainText(node)) ?? level;
      continue;
    }
    if (node.type !== "list") continue;
    for (const item of node.children) {
      const factor = readFactorItem(item, level, ctx);
      if (factor) {
        pm.factors.push(factor);
        found++;
      }
    }
  }
  if (found === 0 && hasProse(span)) {
    ctx.problem(
      "factors-unstructured",
      "Contributing Factors has no bullet lists; write one factor per bullet under Immediate Cause / Contributing Factors / Systemic Issues",
      ctx.nodePos(span.heading),
    );
  }
}

function readFactorItem(item: ListItem, level: FactorLevel, ctx: Ctx): ContributingFactor | null {
  let text = plainText(item);
  if (!text) return null;
  let suggested = false;
  let category: FactorCategory | null = null;
  const m = SUGGESTED.exec(text);
  if (m) {
    suggested = true;
    text = text.slice(m[0].length).trim();
    for (const tag of (m[1] ?? "").split(/[,;/]/).map((t) => t.trim().toLowerCase())) {
      if ((LEVELS as string[]).includes(tag)) level = tag as FactorLevel;
      else if (CATEGORIES.has(tag)) category = tag as FactorCategory;
    }
  }
  const evidence = collectEvidenceRefs(item);
  if (evidence.length > 0) text = text.replace(/[\s.;,—–-]*\bevidence\s*:\s*[^\s]+(?:[\s,]+[^\s]+:\d+)*\s*$/i, "");
  return {
    level,
    category: category ?? guessCategory(text),
    text,
    suggested,
    evidence,
    position: ctx.nodePos(item),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Five whys

const WHY_BECAUSE = /^\s*(?:\d+[.)]\s*)?(why\b[\s\S]*?\?)\s*[-–—:>→]*\s*(?:because\b[\s:,]*)?([\s\S]*)$/i;
const WHY_ONLY = /^\s*(?:\d+[.)]\s*)?(why\b[\s\S]*?)\s*$/i;
const BECAUSE_ONLY = /^\s*(?:[-–—:>→]\s*)?because\b[\s:,]*([\s\S]*)$/i;

function readWhys(span: SectionSpan, pm: Postmortem, ctx: Ctx): void {
  const nodes = contentNodes(span);
  for (const node of nodes) {
    if (node.type === "paragraph" && pm.whys.steps.length === 0) {
      const t = plainText(node).replace(/^problem( statement)?\s*:\s*/i, "");
      if (t && pm.whys.problem === undefined) pm.whys.problem = t;
      continue;
    }
    if (node.type !== "list") continue;
    readWhyList(node, pm.whys.steps, ctx);
  }
  if (pm.whys.steps.length === 0 && hasProse(span)) {
    ctx.problem(
      "whys-unstructured",
      "Five Whys has no numbered list of `**Why** ...? **Because** ...` steps",
      ctx.nodePos(span.heading),
    );
  }
}

function readWhyList(list: List, steps: WhyStep[], ctx: Ctx): void {
  for (const item of list.children) {
    const text = plainText(item);
    const m = WHY_BECAUSE.exec(text);
    if (m?.[1]) {
      const step: WhyStep = { why: m[1].trim(), because: (m[2] ?? "").trim(), position: ctx.nodePos(item) };
      if (!step.because) {
        ctx.problem("why-step-incomplete", `why step "${step.why}" has no "because" answer`, ctx.nodePos(item));
      }
      steps.push(step);
      continue;
    }
    const w = WHY_ONLY.exec(text);
    const b = BECAUSE_ONLY.exec(text);
    const prev = steps[steps.length - 1];
    if (b && prev && !prev.because) {
      // "1. Why ...?" followed by "- Because ..." as its own item
      prev.because = (b[1] ?? "").trim();
      continue;
    }
    if (w?.[1]) {
      steps.push({ why: w[1].trim(), because: "", position: ctx.nodePos(item) });
      ctx.problem("why-step-incomplete", `why step "${w[1].trim()}" has no "because" answer`, ctx.nodePos(item));
      continue;
    }
    ctx.problem(
      "why-step-unrecognised",
      `"${text.slice(0, 80)}" is not a why -> because step (expected "**Why** ...? **Because** ...")`,
      ctx.nodePos(item),
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Action items

const ACTION_COLUMNS = {
  id: /^(id|#|no|nr|number|ai|ai id|item id|key|ref)$/,
  action: /^(action|action item|action items|item|items|description|task|what|title|summary|remediation|follow up)$/,
  owner: /^(owner|owners|assignee|assignees|assigned to|responsible|who|dri|team)$/,
  deadline: /^(deadline|due|due date|due by|target|target date|date|by|eta|when)$/,
  priority: /^(priority|pri|prio|p|importance)$/,
  status: /^(status|state|progress|done)$/,
  tracker: /^(tracker|ticket|tickets|issue|issues|bug|bugs|link|jira|tracking|tracking ticket|url)$/,
};

const EMPTY_CELL = /^(|-|–|—|n\/a)$/i;

function cellValue(c: RawCell | undefined): string | null {
  if (!c) return null;
  return EMPTY_CELL.test(c.raw.trim()) ? null : c.raw;
}

function readActionItems(span: SectionSpan, pm: Postmortem, ctx: Ctx): void {
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

function actionFromListItem(item: ListItem, index: number, ctx: Ctx): ActionItem {
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

// ---------------------------------------------------------------------------------------------------------------
// Evidence references and front matter

const EVIDENCE_REF = /^((?:[\w.-]+\/)*[\w.-]+\.[\w.]+|(?:[\w.-]+\/)+[\w.-]+):(\d+)(?:-\d+)?$/;

/** `path:line` references written as inline code anywhere under a node, deduplicated, in document order. */
export function collectEvidenceRefs(node: Nodes): EvidenceRef[] {
  const out: EvidenceRef[] = [];
  const seen = new Set<string>();
  // pre-order over every node, as walk() visits them, without its callback and parent bookkeeping
  const stack: Nodes[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Nodes;
    if (n.type === "inlineCode") {
      const m = EVIDENCE_REF.exec(n.value.trim());
      if (!m?.[1] || !m[2]) continue;
      const key = `${m[1]}:${m[2]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ path: m[1], line: Number(m[2]) });
    } else if ("children" in n) {
      const children = n.children as Nodes[];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Nodes);
    }
  }
  return out;
}

function readFrontMatter(
  tree: Root,
  ctx: Ctx,
  path: string,
  h1: string | null,
): { frontMatter: PostmortemFrontMatter; frontMatterPosition: SourcePosition | undefined } {
  const fallbackId = basename(dirname(path)) || basename(path).replace(/\.md$/i, "") || "postmortem";
  const node = tree.children[0]?.type === "yaml" ? tree.children[0] : undefined;
  const fallback = (): PostmortemFrontMatter =>
    PostmortemFrontMatter.parse({ id: fallbackId, title: h1 ?? fallbackId, severity: "" });
  if (!node) {
    ctx.problem("front-matter-missing", "no YAML front matter (--- id, title, severity, status, window ... ---)");
    return { frontMatter: fallback(), frontMatterPosition: undefined };
  }
  const position = ctx.nodePos(node);
  const yamlLine = (offset: number | undefined) => {
    // the YAML text starts on the line after the opening ---
    const p = ctx.lines.point(startOf(node));
    const inner = offset === undefined ? 0 : node.value.slice(0, offset).split(/\r?\n|\r/).length - 1;
    const line = p.line + 1 + inner;
    return { line, column: 1, endLine: line, endColumn: 1 };
  };
  let raw: Record<string, unknown>;
  let lineOfKey: (key: string) => SourcePosition;
  // nearly all front matter is flat key: value lines, which the hand-written reader takes at a fraction of the
  // cost of building a YAML document; it declines everything else, which goes to the yaml package
  const simple = readSimpleYaml(node.value);
  if (simple) {
    raw = normaliseScalars(simple.value) as Record<string, unknown>;
    lineOfKey = (key) => {
      const offset = simple.keyOffsets.get(key);
      return offset === undefined ? position : yamlLine(offset);
    };
  } else {
    const doc = parseDocument(node.value, { prettyErrors: false, uniqueKeys: false });
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        ctx.problem(
          "front-matter-invalid",
          `front matter is not valid YAML: ${e.message.split("\n")[0]}`,
          yamlLine(e.pos[0]),
        );
      }
      return { frontMatter: fallback(), frontMatterPosition: position };
    }
    if (doc.contents !== null && !isMap(doc.contents)) {
      ctx.problem("front-matter-invalid", "front matter must be a YAML mapping of key: value pairs", position);
      return { frontMatter: fallback(), frontMatterPosition: position };
    }
    const value = yamlValue(doc);
    if (!value.ok) {
      ctx.problem("front-matter-invalid", `front matter is not valid YAML: ${value.message}`, position);
      return { frontMatter: fallback(), frontMatterPosition: position };
    }
    raw = normaliseScalars(value.value ?? {}) as Record<string, unknown>;
    lineOfKey = (key) => {
      if (!isMap(doc.contents)) return position;
      const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === key);
      return pair && isScalar(pair.key) ? yamlLine(pair.key.range?.[0]) : position;
    };
  }
  for (const key of ["id", "title", "severity"] as const) {
    if (raw[key] === undefined || raw[key] === null || raw[key] === "") {
      ctx.problem("front-matter-field-missing", `front matter has no ${key}`, position);
    }
  }
  const candidate = {
    ...raw,
    id: raw.id ?? fallbackId,
    title: raw.title ?? h1 ?? fallbackId,
    severity: raw.severity ?? "",
  };
  let result = PostmortemFrontMatter.safeParse(candidate);
  if (!result.success) {
    const bad = new Set<string>();
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? "");
      bad.add(key);
      ctx.problem(
        "front-matter-field-invalid",
        `front matter ${issue.path.join(".") || "(root)"}: ${issue.message}`,
        lineOfKey(key),
      );
    }
    const cleaned: Record<string, unknown> = { ...candidate };
    for (const key of bad) {
      if (key === "id") cleaned.id = fallbackId;
      else if (key === "title") cleaned.title = h1 ?? fallbackId;
      else if (key === "severity") cleaned.severity = "";
      else delete cleaned[key];
    }
    result = PostmortemFrontMatter.safeParse(cleaned);
  }
  return { frontMatter: result.success ? result.data : fallback(), frontMatterPosition: position };
}

/** YAML numbers/booleans where strings are expected (`id: 465`, `severity: 2`) are read as their text. */
function normaliseScalars(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value))
    return value.map((v) => (typeof v === "number" || typeof v === "boolean" ? String(v) : normaliseScalars(v)));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      (typeof v === "number" || typeof v === "boolean") && k !== "formatVersion" ? String(v) : normaliseScalars(v);
  }
  return out;
}
