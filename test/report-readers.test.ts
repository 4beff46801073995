import { mkdtempSync } from "node:fs";
import { cp, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadReportInput, renderGithubMarkdown, renderHtml } from "../src/report/index.js";
import { overlappingBoxes, svgTextBoxes } from "./support/svg-text-boxes.js";

/**
 * The bundled example's report as its readers see it (issue 20): chart labels that do not overlap, times in one
 * readable style with the zone, legends of label values, and the summary, impact, timeline and action items first.
 */
const root = join(import.meta.dirname, "..");
let html: string;
let markdown: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "debrief-readers-"));
  await mkdir(join(dir, "evidence"));
  await cp(join(root, "examples", "incidents", "api-degradation", "evidence"), join(dir, "evidence"), {
    recursive: true,
  });
  await cp(join(root, "examples", "postmortems", "api-degradation.md"), join(dir, "postmortem.md"));
  const input = await loadReportInput(join(dir, "postmortem.md"));
  html = renderHtml(input, { generatedAt: new Date("2025-02-20T09:00:00Z") }).html;
  markdown = renderGithubMarkdown(input.parsed, input.milestones).markdown;
}, 120_000);

describe("the example's report", () => {
  it("shows no raw ISO time anywhere in the HTML, the Resolved card included", () => {
    expect(html.match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/g) ?? []).toEqual([]);
    expect(html).toMatch(/<dt>Resolved<\/dt><dd>2025-02-09 10:40 UTC<\/dd>/);
    expect(html).toMatch(/<dt>Window<\/dt><dd>2025-02-09 09:55–10:45 UTC<\/dd>/);
  });

  it("shows no raw label set: legends carry label values under a readable series name", () => {
    expect(html).not.toMatch(/\{[A-Za-z_]\w*=(&quot;|")/);
    expect(html).toContain('<span class="legend-title">Status code</span>');
    expect(html).toContain('<span class="legend-title">Pod</span>');
    // eight status codes and a dozen pods are summarised: five lines and one for the others
    for (const legend of html.match(/<div class="legend">.*?<\/div>/g) ?? []) {
      expect((legend.match(/class="legend-item/g) ?? []).length).toBeLessThanOrEqual(6);
    }
    expect(html).toMatch(/\d+ others \((sum|max)\)/);
  });

  it("draws no two chart texts over each other (boxes from the SVG output)", () => {
    const charts = html.match(/<svg [^>]*class="chart".*?<\/svg>/gs) ?? [];
    expect(charts.length).toBe(4);
    for (const svg of charts) {
      const boxes = svgTextBoxes(svg);
      expect(boxes.some((b) => b.text === "Acknowledged")).toBe(true);
      expect(overlappingBoxes(boxes)).toEqual([]);
    }
  });

  it("puts summary, impact, timeline and action items first and the appendix last", () => {
    const order = [...html.matchAll(/<section class="pm[^"]*" id="[^"]+" data-section="(\w+)"/g)].map((m) => m[1]);
    expect(order.slice(0, 4)).toEqual(["summary", "impact", "timeline", "actionItems"]);
    expect(order.at(-1)).toBe("appendix");
  });

  it("the Markdown rendition carries the Mermaid timeline in UTC clock times", () => {
    expect(markdown).toMatch(/```mermaid\ntimeline/);
    expect(markdown).toMatch(/10:05 UTC : Impact start/);
  });
});
