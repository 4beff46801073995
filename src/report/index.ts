/**
 * Reports: self-contained HTML with SVG charts, PDF through headless Chromium, GitHub Markdown with Mermaid, and
 * the redaction every excerpt passes through.
 * @module
 */
export type { ChartMarker, ChartSeries, ChartSpec } from "./charts/chart-types.js";
export { niceNumber, renderLineChart } from "./charts/svg-charts.js";
export { markdownToHtml, type RenderedHtml, type RenderHtmlOptions, renderHtml } from "./html/render-html.js";
export {
  type RenderedMarkdown,
  type RenderMarkdownOptions,
  renderGithubMarkdown,
  renderMermaidTimeline,
} from "./markdown/render-github-markdown.js";
export { CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH, findChromium, launchChromium } from "./pdf/chromium.js";
export { countPdfPages, type RenderPdfOptions, renderPdf } from "./pdf/render-pdf.js";
export {
  formatRemovalDiff,
  type PublicSource,
  publicSource,
  type RemovedPart,
  redactionsOf,
} from "./public/public-rendition.js";
export * from "./redact/index.js";
export { type RenderPostmortemOptions, type RenderResult, renderPostmortem } from "./render-postmortem.js";
export { findRenderer, RENDERERS, type Renderer, type RenderOptions, type RenderOutput } from "./renderers.js";
export {
  type LoadReportInputOptions,
  loadReportInput,
  milestonesFromDocument,
  parseTimelineTime,
  type ReportInput,
  type ReportMilestone,
} from "./report-input.js";
export { formatClock, formatInstant, formatWindow, humanizeIsoTimes } from "./time-format.js";
