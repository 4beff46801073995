import { readerOrder } from "../../report/html/render-html.js";
import { humanizeIsoTimes, markdownToHtml } from "../../report/index.js";
import { escapeXml } from "../../util/escape-xml.js";
import { redact } from "../../util/redact/index.js";
import type { PublishContext } from "../publish-types.js";

/**
 * The post-mortem in Confluence storage format (XHTML with `ac:`/`ri:` elements): a facts table, every section in
 * the report's reading order, and the report's charts as SVG attachments shown with `<ac:image>`.
 */

/** HTML void elements, which XHTML (and so the storage format) writes self-closed. */
const VOID = /<(area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)(\s[^<>]*?)?\s*\/?>/gi;

/** Sanitised report HTML as XHTML: void elements self-closed, named entities Confluence may not know as numbers. */
export function toXhtml(html: string): string {
  return html
    .replace(VOID, (_m, tag: string, attrs: string | undefined) => `<${tag}${attrs ?? ""} />`)
    .replace(/&nbsp;/g, "&#160;");
}

/** One chart of the report, ready to attach. */
export interface ChartAttachment {
  filename: string;
  svg: string;
  title: string;
}

/** The charts inside the rendered report HTML (`<svg class="chart" data-chart="…">`), as standalone SVG files. */
export function chartAttachments(html: string): ChartAttachment[] {
  const out: ChartAttachment[] = [];
  for (const m of html.matchAll(/<svg [^>]*class="chart"[^>]*data-chart="([^"]+)"[^>]*>[\s\S]*?<\/svg>/g)) {
    const id = m[1]!.replace(/[^a-z0-9-]+/gi, "-");
    const title = /<title[^>]*>([^<]*)<\/title>/.exec(m[0])?.[1] ?? id;
    // a standalone file has no report stylesheet: give the texts a font and the marker lines a colour
    const style =
      "<style>text{font:11px sans-serif;fill:#57606a}.marker text{font-weight:600;font-size:10px;fill:#1b1f24}.grid{stroke:#d0d7de}.axisline,.tick{stroke:#57606a}.impact{fill:rgba(213,94,0,.1)}.marker line{stroke:#57606a;stroke-dasharray:3 3}.marker.strong line{stroke:#D55E00;stroke-dasharray:none}</style>";
    const svg = m[0].replace(/^<svg ([^>]*)>/, (_s, attrs: string) => `<svg ${attrs}>${style}`);
    out.push({ filename: `chart-${id}.svg`, svg, title });
  }
  return out;
}

/** The page body in storage format. */
export function confluenceStorage(ctx: PublishContext, charts: ChartAttachment[]): string {
  const pii = ctx.options.redactPii !== false;
  const clean = (text: string) => redact(text, { pii }).text;
  const s = ctx.summary;
  const row = (k: string, v: string | null) =>
    v ? `<tr><th>${escapeXml(k)}</th><td>${escapeXml(clean(v))}</td></tr>` : "";
  const facts = `<table><tbody>${[
    row("Severity", s.severity),
    row("Status", s.status),
    row("Duration", s.duration),
    row("Impact", s.impact),
    row("Resolved", s.resolvedAt ? humanizeIsoTimes(s.resolvedAt) : null),
    row("Action items", String(s.actionItems)),
  ].join("")}</tbody></table>`;
  const info = `<ac:structured-macro ac:name="info"><ac:rich-text-body><p>Published by Debrief from ${escapeXml(ctx.file.split(/[\\/]/).pop() ?? "postmortem.md")} (${escapeXml(s.id)}). Edits made here are replaced at the next publish: change the post-mortem instead.${ctx.options.link ? ` Report: <a href="${escapeXml(ctx.options.link)}">${escapeXml(ctx.options.link)}</a>` : ""}</p></ac:rich-text-body></ac:structured-macro>`;
  const images = charts
    .map(
      (c) =>
        `<p><strong>${escapeXml(c.title)}</strong></p><ac:image ac:width="760" ac:alt="${escapeXml(c.title)}"><ri:attachment ri:filename="${escapeXml(c.filename)}" /></ac:image>`,
    )
    .join("");
  const sections = readerOrder(ctx.parsed.postmortem.sections).map((section) => {
    const body = toXhtml(markdownToHtml(clean(section.markdown)));
    return `<h2>${escapeXml(section.heading)}</h2>${body}${section.key === "impact" ? images : ""}`;
  });
  const hasImpact = ctx.parsed.postmortem.sections.some((x) => x.key === "impact");
  return `${info}${facts}${sections.join("")}${!hasImpact && images ? `<h2>Key metrics</h2>${images}` : ""}`;
}
