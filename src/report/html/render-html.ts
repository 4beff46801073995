import type { Root } from "mdast";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import type { SectionKey } from "../../model/postmortem.js";
import { escapeXml } from "../../util/escape-xml.js";
import { addCounts, type RedactionCounts, redact } from "../../util/redact/index.js";
import type { ChartSpec } from "../charts/chart-types.js";
import { renderLineChart } from "../charts/svg-charts.js";
import type { ReportInput } from "../report-input.js";
import { formatClock, formatInstant, formatWindow, humanizeIsoTimes } from "../time-format.js";
import { REPORT_CSS } from "./report-css.js";

/** Options of {@link renderHtml}. */
export interface RenderHtmlOptions {
  /** Also mask e-mail and IP addresses. */
  redactPii?: boolean;
  /** Fixed "generated at" time for reproducible output (default now). */
  generatedAt?: Date;
}

/** The HTML and what redaction masked while producing it. */
export interface RenderedHtml {
  html: string;
  redactions: RedactionCounts;
}

// Human text may hold raw HTML; the report drops it (remark-rehype default) and sanitises what remains, so a
// post-mortem can never inject script or remote content into a report that is e-mailed around.
const schema = {
  ...defaultSchema,
  protocols: { ...defaultSchema.protocols, href: ["http", "https", "mailto"], src: [] },
  tagNames: (defaultSchema.tagNames ?? []).filter((t) => t !== "img"),
};

interface HastLike {
  type: string;
  value?: string;
  children?: HastLike[];
}

/** Every raw ISO instant in the report's text (prose, tables, excerpts) in the one readable style; links untouched. */
function rehypeReadableTimes() {
  const walk = (node: HastLike) => {
    if (node.type === "text" && typeof node.value === "string") node.value = humanizeIsoTimes(node.value);
    for (const child of node.children ?? []) walk(child);
  };
  return (tree: HastLike) => walk(tree);
}

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype)
  .use(rehypeSanitize, schema)
  .use(rehypeReadableTimes)
  .use(rehypeStringify);

/** Render a Markdown fragment to safe HTML. */
export function markdownToHtml(markdown: string): string {
  const tree = processor.parse(markdown) as Root;
  return processor.stringify(processor.runSync(tree) as never) as unknown as string;
}

/** Sections that start on a new page when printed: the appendix of excerpts follows everything else. */
const PAGE_BREAK_BEFORE = new Set<SectionKey>(["appendix"]);

/** What a reader needs first, on the first pages of the PDF and at the top of the page. */
const LEAD: readonly SectionKey[] = ["summary", "impact", "timeline", "actionItems"];

/**
 * The reading order of the report: summary, impact, timeline and action items first, then the analysis in the
 * document's order, the appendix last. The document itself keeps the order its authors chose.
 */
export function readerOrder<T extends { key: SectionKey | null }>(sections: readonly T[]): T[] {
  const rank = (s: T) => {
    const lead = s.key ? LEAD.indexOf(s.key) : -1;
    return lead >= 0 ? lead : s.key === "appendix" ? LEAD.length + 2 : LEAD.length + 1;
  };
  return sections
    .map((s, i) => ({ s, i }))
    .sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i)
    .map(({ s }) => s);
}

function slug(text: string, used: Set<string>): string {
  const base =
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "section";
  let id = base;
  for (let i = 2; used.has(id); i++) id = `${base}-${i}`;
  used.add(id);
  return id;
}

function fact(label: string, value: string | undefined | null): string {
  if (!value) return "";
  return `<div><dt>${escapeXml(label)}</dt><dd>${escapeXml(humanizeIsoTimes(value))}</dd></div>`;
}

/** `2025-02-09 09:55–10:45 UTC` rather than two full instants. */
function windowText(start: string, end: string | undefined): string {
  const s = Date.parse(start);
  if (Number.isNaN(s)) return `${start} → ${end ?? "open"}`;
  return formatWindow(s, end ? Date.parse(end) : undefined);
}

/** A front-matter instant in the report style; text that is not a time is shown as written. */
function instantText(value: unknown): string | undefined {
  if (typeof value !== "string" && !(value instanceof Date)) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? humanizeIsoTimes(String(value)) : formatInstant(ms);
}

function chartFigure(chart: ChartSpec): string {
  return `<figure class="chart"><h3>${escapeXml(chart.title)}</h3>${renderLineChart(chart)}<figcaption>Source: ${escapeXml(chart.caption)}</figcaption></figure>`;
}

function stripMarkdown(text: string): string {
  return text.replace(/[`*_]/g, "").replace(/\\([<>*_|])/g, "$1");
}

/**
 * Render a post-mortem as one self-contained HTML page: inline CSS, inline SVG charts of the key metrics with the
 * milestones marked, every section of the document, and a printable layout. Makes no network request when opened.
 * Every excerpt passes through redaction (secrets always, PII on request).
 */
export function renderHtml(input: ReportInput, options: RenderHtmlOptions = {}): RenderedHtml {
  const { parsed, milestones, charts } = input;
  const pm = parsed.postmortem;
  const fm = pm.frontMatter;
  const redactions: RedactionCounts = {};
  const clean = (text: string) => {
    const r = redact(text, { pii: Boolean(options.redactPii) });
    addCounts(redactions, r.counts);
    return r.text;
  };
  const used = new Set<string>();
  const sectionHtml: string[] = [];
  const toc: string[] = [];
  for (const section of readerOrder(pm.sections)) {
    const id = slug(section.heading, used);
    toc.push(`<li><a href="#${id}">${escapeXml(section.heading)}</a></li>`);
    const body = markdownToHtml(clean(section.markdown));
    const chartsHere = section.key === "impact" && charts.length > 0 ? charts.map(chartFigure).join("") : "";
    const breakClass = section.key && PAGE_BREAK_BEFORE.has(section.key) ? " break" : "";
    sectionHtml.push(
      `<section class="pm${breakClass}" id="${id}"${section.key ? ` data-section="${section.key}"` : ""}><h2>${escapeXml(section.heading)}</h2>${body}${chartsHere}</section>`,
    );
  }
  // the alerting rules adopted after the incident, unless the document already has its own Prevention section
  if (input.prevention && !pm.sections.some((x) => /^prevention\b/i.test(x.heading))) {
    const id = slug("Prevention", used);
    toc.push(`<li><a href="#${id}">Prevention</a></li>`);
    const body = markdownToHtml(clean(input.prevention.replace(/^## Prevention\n/, "")));
    sectionHtml.push(`<section class="pm" id="${id}" data-section="prevention"><h2>Prevention</h2>${body}</section>`);
  }
  // a document without an Impact section still deserves its charts
  const orphanCharts =
    charts.length > 0 && !pm.sections.some((s) => s.key === "impact")
      ? `<section class="pm" id="metrics"><h2>Key metrics</h2>${charts.map(chartFigure).join("")}</section>`
      : "";
  const impact = pm.impact;
  const duration = impact.duration ? stripMarkdown(impact.duration).replace(/\s*\(.*$/, "") : undefined;
  const facts = [
    fact(
      "Window",
      fm.window?.start
        ? windowText(String(fm.window.start), fm.window.end ? String(fm.window.end) : undefined)
        : undefined,
    ),
    fact("Impact duration", duration),
    fact("Requests failed", impact.requestsFailed ? stripMarkdown(impact.requestsFailed) : undefined),
    fact(
      "Error-rate peak",
      impact.errorRatePeak ? stripMarkdown(impact.errorRatePeak).replace(/\s*[(;].*$/, "") : undefined,
    ),
    fact("Services", fm.services.join(", ") || undefined),
    fact("Resolved", instantText(fm.resolvedAt)),
  ].join("");
  const strip =
    milestones.length > 0
      ? `<div class="strip" aria-label="Milestones">${milestones
          .map((m) => `<div data-milestone="${m.name}"><b>${escapeXml(m.label)}</b>${formatClock(m.time)}</div>`)
          .join("")}</div>`
      : "";
  const generated = formatInstant((options.generatedAt ?? new Date()).getTime());
  const title = clean(String(fm.title));
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="debrief">
<title>${escapeXml(`${fm.id}: ${title}`)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header class="report">
<div class="eyebrow">Post-mortem · ${escapeXml(String(fm.id))}</div>
<h1>${escapeXml(title)}</h1>
<div class="badges"><span class="badge sev ${escapeXml(String(fm.severity).toUpperCase())}">${escapeXml(String(fm.severity))}</span><span class="badge">Status: ${escapeXml(String(fm.status))}</span>${fm.authors.length ? `<span class="badge">Authors: ${escapeXml(fm.authors.join(", "))}</span>` : ""}</div>
<dl class="facts">${facts}</dl>
${strip}
</header>
<nav class="toc" aria-label="Contents"><b>Contents</b><ol>${toc.join("")}</ol></nav>
${sectionHtml.join("\n")}
${orphanCharts}
<footer>Generated by Debrief on ${escapeXml(generated)} from ${escapeXml(parsed.path.split(/[\\/]/).pop() ?? parsed.path)}. All times UTC.${input.chartSources.length ? ` Charts from ${escapeXml(input.chartSources.join(", "))}.` : ""}</footer>
</main>
</body>
</html>
`;
  return { html, redactions };
}
