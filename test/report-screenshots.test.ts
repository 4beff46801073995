import { mkdirSync, mkdtempSync } from "node:fs";
import { cp, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CHROMIUM_ARGS,
  countPdfPages,
  findChromium,
  loadReportInput,
  renderHtml,
  renderPdf,
} from "../src/report/index.js";
import { chromiumAvailable } from "./support/chromium.js";
import { canRun } from "./support/skip-reason.js";

/**
 * The example's report in a real browser, at desktop and print sizes: chart texts measured by Chromium never
 * overlap, and the screenshots readers see in docs/screenshots/report/ are written (refreshed in the repository when
 * DEBRIEF_UPDATE_SCREENSHOTS=1, else into a temporary folder).
 */
const root = join(import.meta.dirname, "..");
const available = canRun("the report screenshot tests", "Chromium (/usr/bin/chromium)", chromiumAvailable());
const shots =
  process.env.DEBRIEF_UPDATE_SCREENSHOTS === "1"
    ? join(root, "docs", "screenshots", "report")
    : mkdtempSync(join(tmpdir(), "debrief-shots-"));
let html: string;
let browser: Browser;

describe.runIf(available)("report in Chromium", () => {
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "debrief-shots-src-"));
    await mkdir(join(dir, "evidence"));
    await cp(join(root, "examples", "incidents", "api-degradation", "evidence"), join(dir, "evidence"), {
      recursive: true,
    });
    await cp(join(root, "examples", "postmortems", "api-degradation.md"), join(dir, "postmortem.md"));
    html = renderHtml(await loadReportInput(join(dir, "postmortem.md")), {
      generatedAt: new Date("2025-02-20T09:00:00Z"),
    }).html;
    mkdirSync(shots, { recursive: true });
    browser = await chromium.launch({ executablePath: findChromium()!, headless: true, args: CHROMIUM_ARGS });
  }, 120_000);
  afterAll(async () => browser?.close());

  for (const size of [
    { name: "desktop", width: 1280, height: 900, media: "screen" as const },
    { name: "print", width: 794, height: 1123, media: "print" as const },
  ]) {
    it(`${size.name}: no two chart texts overlap (boxes measured by Chromium), screenshots written`, async () => {
      const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
      await page.setContent(html, { waitUntil: "load" });
      await page.emulateMedia({ media: size.media });
      // a script string: the test's TypeScript has no DOM types, the page has
      const overlaps = await page.evaluate<string[]>(`(() => {
        const found = [];
        for (const svg of document.querySelectorAll("svg.chart")) {
          const boxes = [...svg.querySelectorAll("text")].map((t) => ({ t: t.textContent, r: t.getBoundingClientRect() }));
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++) {
              const a = boxes[i].r, b = boxes[j].r;
              if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
                found.push(svg.getAttribute("data-chart") + ": " + boxes[i].t + " / " + boxes[j].t);
            }
        }
        return found;
      })()`);
      expect(overlaps).toEqual([]);
      const labels = await page.locator("svg.chart g.marker text").count();
      expect(labels).toBe(4 * 7);
      await page.screenshot({ path: join(shots, `${size.name}-top.png`) });
      await page
        .locator("figure.chart")
        .first()
        .screenshot({ path: join(shots, `${size.name}-chart.png`) });
      await page.close();
    }, 60_000);
  }

  it("the PDF opens with summary, impact, timeline and action items; the appendix comes last", async () => {
    const pdf = await renderPdf(html);
    const pages = countPdfPages(pdf);
    expect(pages).toBeGreaterThan(1);
    const page = await browser.newPage({ viewport: { width: 794, height: 1123 } });
    await page.setContent(html, { waitUntil: "load" });
    await page.emulateMedia({ media: "print" });
    const tops = await page.evaluate<Record<string, number>>(
      `Object.fromEntries([...document.querySelectorAll("section.pm[data-section]")].map((s) => [s.getAttribute("data-section"), s.getBoundingClientRect().top]))`,
    );
    expect(tops.actionItems!).toBeLessThan(tops.rootCause!);
    expect(tops.appendix!).toBeGreaterThan(Math.max(...Object.values(tops).filter((t) => t !== tops.appendix)));
    await page.close();
  }, 90_000);
});
