import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../src/report/index.js";
import { startHttpServer } from "../src/server/index.js";
import { chromiumAvailable } from "./support/chromium.js";
import { canRun } from "./support/skip-reason.js";
import { makeWebWorkspace } from "./support/web-workspace.js";

/**
 * The team web app in a real headless Chromium, without sign-in configured (the local user, an admin): the main
 * journeys, a screenshot of every page at desktop and phone width, and axe-core on every page. Screenshots go to a
 * temporary folder; `DEBRIEF_UPDATE_SCREENSHOTS=1` writes them into docs/screenshots/web/ instead (as the report's).
 */
// like the report screenshots: refreshed in the repository only when asked, else written to a temporary folder,
// so a test run leaves a clean clone clean
const SHOTS =
  process.env.DEBRIEF_UPDATE_SCREENSHOTS === "1"
    ? join(import.meta.dirname, "..", "docs", "screenshots", "web")
    : mkdtempSync(join(tmpdir(), "debrief-web-shots-"));
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

let browser: Browser;
let base: string;
let workspace: string;
let close: () => Promise<void>;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core on the current page: the serious and critical violations. */
async function axe(page: Page): Promise<AxeViolation[]> {
  // the pages forbid inline script; the checking page is opened with bypassCSP so axe can be injected
  await page.addScriptTag({ content: AXE });
  const result = (await page.evaluate(
    "axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => ({ target: n.target })) })))",
  )) as AxeViolation[];
  return result.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** Screenshot `path` at both widths and check it with axe at both. */
async function shootAndCheck(name: string, path: string): Promise<void> {
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    const page = await browser.newPage({ viewport, bypassCSP: true });
    try {
      const response = await page.goto(`${base}${path}`);
      expect(response?.status(), `${path} at ${size}`).toBe(200);
      const shot = join(SHOTS, `${name}-${size}.png`);
      await page.screenshot({ path: shot, fullPage: size === "desktop" });
      // a PNG was written (signature bytes), wherever the run puts them
      expect(readFileSync(shot).subarray(1, 4).toString("latin1"), shot).toBe("PNG");
      expect(await axe(page), `${name} at ${size}`).toEqual([]);
      if (size === "phone") {
        // nothing wider than the phone: no sideways scrolling of the page itself
        const wide = await page.evaluate("document.documentElement.scrollWidth");
        expect(wide as number, `${name} page width at phone size`).toBeLessThanOrEqual(viewport.width + 1);
      }
    } finally {
      await page.close();
    }
  }
}

const postmortem = () => readFile(join(workspace, "api-degradation", "postmortem.md"), "utf8");

describe.runIf(canRun("the web app's browser tests", "Chromium", chromiumAvailable()))("web app in Chromium", () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    workspace = await makeWebWorkspace();
    const started = await startHttpServer({ workspace, version: "test", port: 0, log: () => {} });
    base = `http://127.0.0.1:${started.port}`;
    close = started.close;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await close?.();
  });

  it("opens an incident from the list and drills from a timeline row to its raw log line", async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    await page.goto(`${base}/`);
    await page.getByRole("link", { name: "Orders API degradation after v2.3.0", exact: true }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Orders API degradation after v2.3.0");
    expect(await page.locator("#milestones").count()).toBe(1);
    expect(await page.locator("figure svg").count()).toBeGreaterThan(0);
    await page.locator("table.timeline a.evref", { hasText: "evidence/nginx-access.log:13255" }).first().click();
    await page.waitForURL(/\/evidence\?/);
    const target = page.locator("tr.target");
    expect(await target.getAttribute("id")).toBe("L13255");
    const raw = readFileSync(join(workspace, "api-degradation", "evidence", "nginx-access.log"), "utf8").split(
      "\n",
    )[13254];
    expect(await target.locator("td.t").textContent()).toBe(raw);
    // the normalised event beside it, and the file's checksum
    expect(await target.locator(".event").count()).toBeGreaterThan(0);
    expect(await page.locator("dd code").first().textContent()).toMatch(/^[0-9a-f]{64}$/);
    // pin a neighbouring line, which then shows in the incident's timeline
    await page.goto(`${base}/incidents/api-degradation/evidence?path=evidence/nginx-access.log&line=13260`);
    await page.getByRole("button", { name: "Pin into the post-mortem timeline" }).click();
    await page.getByRole("button", { name: "Remove from the post-mortem timeline" }).waitFor();
    await page.goto(`${base}/incidents/api-degradation`);
    expect(await page.locator("table.timeline tr", { hasText: "nginx-access.log:13260" }).textContent()).toContain(
      "pinned",
    );
    await page.close();
  });

  it("edits the Summary with preview and inline lint, and the text lands in postmortem.md", async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    await page.goto(`${base}/incidents/api-degradation/edit?section=summary`);
    const text = "Checkout failed for 30 minutes because Bob forgot to add an index. See `evidence/alerts.json:1`.";
    await page.locator("#markdown").fill(text);
    await expect.poll(() => page.locator("#preview").textContent(), { timeout: 15_000 }).toContain("Bob forgot");
    await expect.poll(() => page.locator("#findings li").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.locator("#findings").textContent()).toMatch(/blame|person|individual/i);
    await page.getByRole("button", { name: "Save section" }).click();
    await page.waitForURL(/saved=/);
    expect(await postmortem()).toContain(text);
    await page.close();
  });

  it("moves the post-mortem through review to Approved, with a comment and a sign-off", async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    await page.goto(`${base}/incidents/api-degradation/review`);
    await page.getByLabel("Comment on Summary").fill("Please name the system, not the person.");
    await page.getByRole("button", { name: "Add comment" }).first().click();
    await page.waitForURL(/done=/);
    expect(await page.locator("ul.comments").first().textContent()).toContain("name the system");
    await page.getByRole("button", { name: "Submit for review" }).click();
    await page.getByRole("button", { name: "Approve and sign off" }).click();
    await page.getByRole("button", { name: "Mark published" }).waitFor();
    expect(await page.locator('[aria-current="step"]').textContent()).toBe("Approved");
    const doc = await postmortem();
    expect(doc).toMatch(/^status: approved$/m);
    expect(doc).toMatch(/signOff:/);
    await page.close();
  });

  it("marks an action item done from the board", async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    await page.goto(`${base}/actions`);
    await page.getByRole("button", { name: "Mark done (AI-001)" }).click();
    await page.getByRole("button", { name: "Mark done (AI-001)" }).waitFor({ state: "detached" });
    await expect.poll(() => page.locator('tr[data-item="AI-001"]').textContent()).toContain("done");
    expect(await postmortem()).toMatch(/\| AI-001 \|[^\n]*\| done \|/);
    await page.close();
  });

  it("renders every page at desktop and phone width without serious accessibility violations", async () => {
    const pages: Array<[string, string]> = [
      ["incidents", "/"],
      ["search", "/?q=pool"],
      ["incident", "/incidents/api-degradation"],
      ["evidence", "/incidents/api-degradation/evidence?path=evidence/nginx-access.log&line=13255"],
      ["edit", "/incidents/api-degradation/edit?section=summary"],
      ["review", "/incidents/api-degradation/review"],
      ["actions", "/actions"],
      ["weekly-review", "/actions/review"],
      ["insights", "/insights"],
    ];
    for (const [name, path] of pages) await shootAndCheck(name, path);
  }, 480_000);
});
