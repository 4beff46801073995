import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cp, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CHROMIUM_ARGS,
  countPdfPages,
  findChromium,
  loadReportInput,
  renderGithubMarkdown,
  renderHtml,
  renderPostmortem,
} from "../src/report/index.js";
import { chromiumAvailable } from "./support/chromium.js";
import { runCli } from "./support/run-cli.js";
import { canRun } from "./support/skip-reason.js";

const example = join(import.meta.dirname, "..", "examples", "incidents", "api-degradation");
let dir: string;
let file: string;

async function cli(args: string[]) {
  return runCli(args);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "debrief-render-"));
  await cp(join(example, "evidence"), join(dir, "evidence"), { recursive: true });
  await cp(join(example, "debrief.yaml"), join(dir, "debrief.yaml"));
  file = join(dir, "postmortem.md");
  const init = await cli([
    "init",
    dir,
    "--title",
    "Orders API degradation",
    "--start",
    "2025-02-09T09:55:00Z",
    "--end",
    "2025-02-09T10:45:00Z",
    "--severity",
    "SEV2",
    "--service",
    "orders-api",
  ]);
  expect(init.code).toBe(0);
  const draft = await cli(["draft", dir]);
  expect(draft.code).toBe(0);
  // a secret and an e-mail in human text, to prove redaction reaches the report
  const text = readFileSync(file, "utf8").replace(
    "## Summary\n",
    "## Summary\n\nThe checkout service used key AKIAIOSFODNN7EXAMPLE; ask oncall@example.com.\n",
  );
  writeFileSync(file, text);
}, 180_000);

describe("HTML report", () => {
  it("draws the metric charts with the milestones marked and masks secrets", async () => {
    const input = await loadReportInput(file);
    expect(input.charts.length).toBeGreaterThanOrEqual(3);
    expect(input.milestones.map((m) => m.name)).toEqual(
      expect.arrayContaining(["impactStart", "detected", "paged", "acknowledged", "mitigated", "resolved"]),
    );
    const impact = input.milestones.find((m) => m.name === "impactStart");
    expect(new Date(impact!.time).toISOString()).toBe("2025-02-09T10:05:23.000Z");
    const { html, redactions } = renderHtml(input, { generatedAt: new Date("2025-02-10T00:00:00Z") });
    expect(html).toContain("<svg");
    expect(html).toMatch(/data-milestone="Impact start"/);
    expect(html).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expect(redactions["aws-access-key"]).toBe(1);
    expect(html).toContain("oncall@example.com");
    const pii = renderHtml(input, { redactPii: true });
    expect(pii.html).not.toContain("oncall@example.com");
    // nothing in the page points outside it
    expect(html).not.toMatch(/\b(src|href)="https?:/);
    expect(html).not.toMatch(/<script/i);
  });

  it("refuses raw HTML and script from human text", async () => {
    const evil = readFileSync(file, "utf8").replace(
      "## Summary\n",
      '## Summary\n\n<script>alert(1)</script><img src="https://tracker.example/p.gif"> [x](javascript:alert(1))\n',
    );
    const evilDir = mkdtempSync(join(tmpdir(), "debrief-render-evil-"));
    writeFileSync(join(evilDir, "postmortem.md"), evil);
    const input = await loadReportInput(join(evilDir, "postmortem.md"));
    const { html } = renderHtml(input);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain("tracker.example");
    expect(html).not.toContain("javascript:");
  });
});

describe("GitHub Markdown", () => {
  it("adds a Mermaid timeline and strips generated-block markers", async () => {
    const input = await loadReportInput(file, { evidence: false });
    const { markdown } = renderGithubMarkdown(input.parsed, input.milestones);
    expect(markdown).toMatch(/```mermaid\ntimeline\n {4}title .+\n {4}10:05 UTC : Impact start\n/);
    expect(markdown).not.toContain("debrief:begin");
    expect(markdown).toContain("| Time | Event | Source | Actor |");
    expect(markdown).not.toContain("AKIAIOSFODNN7EXAMPLE");
  });
});

describe.runIf(canRun("the PDF tests in real headless Chromium", "Chromium", chromiumAvailable()))(
  "in real headless Chromium",
  () => {
    it("opens without console errors or network requests, and screenshots", async () => {
      const out = join(dir, "report.html");
      await renderPostmortem(file, { format: "html", out });
      const browser = await chromium.launch({ executablePath: findChromium()!, headless: true, args: CHROMIUM_ARGS });
      try {
        const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
        const errors: string[] = [];
        const requests: string[] = [];
        page.on("console", (m) => {
          if (m.type() === "error") errors.push(m.text());
        });
        page.on("pageerror", (e) => errors.push(e.message));
        page.on("request", (r) => requests.push(r.url()));
        await page.goto(`file://${out}`);
        await page.waitForLoadState("load");
        expect(errors).toEqual([]);
        expect(requests).toEqual([`file://${out}`]);
        expect(await page.locator("svg.chart").count()).toBeGreaterThanOrEqual(3);
        expect(await page.locator("svg.chart g.marker").count()).toBeGreaterThan(5);
        expect(await page.locator("section[data-section=timeline] table tbody tr").count()).toBeGreaterThan(10);
        const png = join(dir, "report.png");
        await page.screenshot({ path: png, fullPage: true });
        expect(statSync(png).size).toBeGreaterThan(50_000);
      } finally {
        await browser.close();
      }
    });

    it("prints a multi-page PDF through the CLI", async () => {
      const out = join(dir, "report.pdf");
      const r = await cli(["render", file, "--format", "pdf", "--out", out, "--json"]);
      expect(r.code).toBe(0);
      const result = JSON.parse(r.stdout) as { format: string; bytes: number };
      expect(result.format).toBe("pdf");
      const pdf = readFileSync(out);
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      expect(countPdfPages(pdf)).toBeGreaterThanOrEqual(3);
    });
  },
);

describe("render CLI errors", () => {
  it("exits 2 for a missing file and for an unknown format", async () => {
    const missing = await cli(["render", join(dir, "nope.md")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.md: no such file/);
    const bad = await cli(["render", file, "--format", "docx"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format must be one of html, pdf, md/);
  });

  it("exits 2 with a clear message when Chromium is missing for a PDF", async () => {
    const outDir = join(dir, "nochrome");
    await mkdir(outDir, { recursive: true });
    const result = renderPostmortem(file, {
      format: "pdf",
      out: join(outDir, "r.pdf"),
      evidence: false,
      env: { DEBRIEF_CHROMIUM: "/nonexistent/chromium", PATH: "" },
    });
    await expect(result).rejects.toThrow(/chromium not found at \/nonexistent\/chromium/);
    expect(statSync(outDir).isDirectory()).toBe(true);
    expect(() => statSync(join(outDir, "r.pdf"))).toThrow();
  });
});
