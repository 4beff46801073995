import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../src/report/index.js";
import { startHttpServer } from "../src/server/index.js";
import { chromiumAvailable } from "./support/chromium.js";
import { type OidcProvider, signInWithOidc, startOidcProvider } from "./support/oidc-provider.js";
import { canRun } from "./support/skip-reason.js";
import { makeWebWorkspace, PRIVATE_MEMBER, PRIVATE_WORD } from "./support/web-workspace.js";

/**
 * The web app with sign-in through a local OIDC provider, in headless Chromium: a private incident is invisible to
 * a signed-in user who is not a member — in the pages, the API, search and insights — and visible to its member.
 */
const PRIVATE_TITLE = "Payroll export exposed";

let browser: Browser;
let provider: OidcProvider;
let base: string;
let close: () => Promise<void>;

/** Sign `sub` in through the browser: the app's sign-in page, the provider's page, back to the app. */
async function signIn(sub: string, name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.waitForURL(/\/auth\/login/);
  await page.getByRole("link", { name: /^Sign in with/ }).click();
  await page.getByRole("button", { name: `Sign in as ${name}` }).click();
  await page.waitForURL((url) => url.origin === base && !url.pathname.startsWith("/auth"));
  expect(await page.locator("header .who").textContent()).toContain(name);
  expect(sub).toBeTruthy();
  return { context, page };
}

/** GET `path` with the page's session cookie: status and body. */
async function get(page: Page, path: string): Promise<{ status: number; text: string }> {
  const r = await page.request.get(`${base}${path}`);
  return { status: r.status(), text: await r.text() };
}

describe.runIf(canRun("the web app's sign-in browser tests", "Chromium", chromiumAvailable()))(
  "web app with OIDC sign-in in Chromium",
  () => {
    beforeAll(async () => {
      const workspace = await makeWebWorkspace();
      provider = await startOidcProvider({
        users: [
          { sub: "root", email: "root@example.com", name: "Root" },
          { sub: "alice", email: PRIVATE_MEMBER, name: "Alice" },
          { sub: "carol", email: "carol@example.com", name: "Carol" },
        ],
      });
      const env = { DEBRIEF_OIDC_ISSUER: provider.issuer, DEBRIEF_OIDC_CLIENT_ID: provider.clientId };
      const started = await startHttpServer({ workspace, version: "test", env, port: 0, log: () => {} });
      base = `http://127.0.0.1:${started.port}`;
      close = started.close;
      // the first person to sign in becomes the admin; admins see every incident, so the checks use the others
      await signInWithOidc(base, provider, "root");
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await close?.();
      await provider?.close();
    });

    it("hides a private incident from a non-member in pages, API, search and insights", async () => {
      const { context, page } = await signIn("carol", "Carol");
      try {
        expect(await page.locator("main").textContent()).toContain("Orders API degradation after v2.3.0");
        expect(await page.locator("main").textContent()).not.toContain(PRIVATE_TITLE);
        // the incident page, its evidence, editor, review and report: the same 404 as a folder that does not exist
        for (const path of [
          "/incidents/payroll-leak",
          "/incidents/payroll-leak/evidence?path=evidence/alerts.json&line=1",
          "/incidents/payroll-leak/edit",
          "/incidents/payroll-leak/review",
          "/incidents/payroll-leak/report",
        ]) {
          const r = await get(page, path);
          expect(r.status, path).toBe(404);
          expect(r.text, path).not.toContain(PRIVATE_TITLE);
          expect(r.text).toBe((await get(page, path.replace("payroll-leak", "no-such-incident"))).text);
        }
        // search: the word only the private incident holds finds nothing
        await page.goto(`${base}/?q=${PRIVATE_WORD}`);
        expect(await page.locator("main [role=status]").first().textContent()).toContain("0 incident(s)");
        // action items and insights count only what carol may see
        expect((await get(page, "/actions")).text).not.toContain(PRIVATE_WORD);
        const insights = (await get(page, "/insights")).text;
        expect(insights).not.toContain("payroll");
        expect(insights).toMatch(/1 of 1 incidents/);
        // the API with her session: no post-mortem, no search hit
        expect((await get(page, "/api/incidents/payroll-leak/postmortem")).status).toBe(404);
        const search = await page.request.post(`${base}/api/tools/workspace_search`, {
          headers: { "content-type": "application/json", origin: base },
          data: { query: PRIVATE_WORD },
        });
        expect(await search.text()).not.toContain("payroll-leak");
      } finally {
        await context.close();
      }
    });

    it("shows the private incident to its member", async () => {
      const { context, page } = await signIn("alice", "Alice");
      try {
        expect(await page.locator("main").textContent()).toContain(PRIVATE_TITLE);
        await page.goto(`${base}/?q=${PRIVATE_WORD}`);
        expect(await page.locator("main .snippet mark").first().textContent()).toMatch(new RegExp(PRIVATE_WORD, "i"));
        expect((await get(page, "/incidents/payroll-leak")).status).toBe(200);
        expect((await get(page, "/insights")).text).toMatch(/2 of 2 incidents/);
      } finally {
        await context.close();
      }
    });
  },
);
