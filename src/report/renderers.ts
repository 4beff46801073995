import { addCounts, type RedactionCounts, redact } from "../util/redact/index.js";
import { renderHtml } from "./html/render-html.js";
import { renderGithubMarkdown } from "./markdown/render-github-markdown.js";
import { renderPdf } from "./pdf/render-pdf.js";
import type { ReportInput } from "./report-input.js";

/** Options every renderer accepts. */
export interface RenderOptions {
  redactPii?: boolean;
  generatedAt?: Date;
  env?: Record<string, string | undefined>;
}

/** What a renderer produced. */
export interface RenderOutput {
  content: string | Buffer;
  redactions: RedactionCounts;
}

/** One output format of `debrief render`. */
export interface Renderer {
  id: string;
  extension: string;
  description: string;
  render(input: ReportInput, options: RenderOptions): Promise<RenderOutput>;
}

/** A public rendition always masks personal data as well as secrets: it leaves the company. */
function publicAware(input: ReportInput, options: RenderOptions): RenderOptions {
  return input.publicRemovals ? { ...options, redactPii: true } : options;
}

/** Every renderer, the default registry `renderPostmortem` is given; add one by listing it here. */
export const RENDERERS: readonly Renderer[] = Object.freeze([
  {
    id: "html",
    extension: ".html",
    description: "self-contained HTML report with inline CSS and SVG charts",
    async render(input, options) {
      const r = renderHtml(input, publicAware(input, options));
      return { content: r.html, redactions: r.redactions };
    },
  },
  {
    id: "pdf",
    extension: ".pdf",
    description: "PDF printed by headless Chromium",
    async render(input, options) {
      const r = renderHtml(input, publicAware(input, options));
      return { content: await renderPdf(r.html, options.env ? { env: options.env } : {}), redactions: r.redactions };
    },
  },
  {
    id: "md",
    extension: ".md",
    description: "GitHub-flavoured Markdown with a Mermaid timeline",
    async render(input, options) {
      const pii = publicAware(input, options).redactPii;
      const r = renderGithubMarkdown(input.parsed, input.milestones, pii ? { redactPii: true } : {});
      const own = input.parsed.postmortem.sections.some((x) => /^prevention\b/i.test(x.heading));
      if (!input.prevention || own) return { content: r.markdown, redactions: r.redactions };
      const extra = redact(input.prevention, { pii: Boolean(pii) });
      addCounts(r.redactions, extra.counts);
      return { content: `${r.markdown.trimEnd()}\n\n${extra.text}`, redactions: r.redactions };
    },
  },
]);

/** Look a renderer up by id in a registry (default {@link RENDERERS}). */
export function findRenderer(id: string, renderers: readonly Renderer[] = RENDERERS): Renderer | undefined {
  return renderers.find((r) => r.id === id);
}
