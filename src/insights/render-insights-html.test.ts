import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { barChart, computeInsights, lineChart, renderInsightsHtml } from "./index.js";

describe("renderInsightsHtml", () => {
  it("is self-contained: inline SVG charts, no scripts, no external requests, escaped text", () => {
    const ws = mkdtempSync(join(tmpdir(), "debrief-html-"));
    cpSync(join(import.meta.dirname, "fixtures/small-workspace"), ws, { recursive: true });
    const src = join(import.meta.dirname, "fixtures/small-workspace/2025-03-01-search-disk/postmortem.md");
    mkdirSync(join(ws, "evil"));
    writeFileSync(
      join(ws, "evil/postmortem.md"),
      readFileSync(src, "utf8")
        .replace("id: INC-C", "id: INC-X")
        .replace("services: [search]", 'services: ["<script>alert(1)</script>"]'),
    );
    const html = renderInsightsHtml(computeInsights(ws, { asOf: "2025-06-01" }));
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect((html.match(/<svg /g) ?? []).length).toBe(4);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toMatch(/\b(src|href)=/);
    const urls = (html.match(/https?:\/\/[^\s"'<)]+/g) ?? []).filter((u) => u !== "http://www.w3.org/2000/svg");
    expect(urls).toEqual([]);
    expect(html).toContain("Content-Security-Policy");
    expect(html).toContain("acknowledged − paged");
    expect(html).toMatch(/2nd .* in \d+ months? \(INC-C, INC-X\)/);
  });

  it("draws bars and lines proportional to the data, with gaps for missing values", () => {
    const bars = barChart(
      [
        { label: "a", values: [5] },
        { label: "b", values: [10] },
      ],
      ["n"],
      { title: "t", height: 228 },
    );
    const heights = [...bars.matchAll(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(heights).toHaveLength(2);
    expect((heights[1] ?? 0) / (heights[0] ?? 1)).toBeCloseTo(2, 5);
    const line = lineChart(["a", "b", "c", "d"], [{ name: "s", values: [1, null, 3, 4] }], { title: "t" });
    expect((line.match(/<circle /g) ?? []).length).toBe(3);
    expect(line).toMatch(/d="M[\d.,]+ M[\d.,]+ L[\d.,]+"/);
    expect(barChart([], ["n"], { title: "<b>" })).toContain("&lt;b&gt;");
  });
});
