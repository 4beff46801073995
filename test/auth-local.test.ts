import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createHttpApp, loadAuthConfig, startHttpServer } from "../src/server/index.js";

/**
 * Without any sign-in configured: one local user (an admin who sees everything), loopback only, the API token
 * still required on /api, and CSRF tokens still required on page forms.
 */

const ws = mkdtempSync(join(tmpdir(), "debrief-auth-local-"));
mkdirSync(join(ws, "inc"), { recursive: true });
writeFileSync(
  join(ws, "inc", "postmortem.md"),
  "---\nid: INC-1\ntitle: T\nprivate: true\nmembers: [x@example.com]\n---\n\n# T\n",
);
afterAll(() => rmSync(ws, { recursive: true, force: true }));

const token = "k".repeat(43);
const app = createHttpApp({ workspace: ws, version: "test", env: {}, log: () => {}, security: { token } });
const host = { host: "127.0.0.1:4477" };

async function request(path: string, init: RequestInit = {}) {
  return Promise.resolve(
    app.request(path, { ...init, headers: { ...host, ...(init.headers as Record<string, string>) } }),
  );
}

describe("local mode", () => {
  it("acts for the local user, who sees private incidents", async () => {
    const me = await request("/auth/me");
    expect(await me.json()).toEqual({ signedIn: false, local: true, role: "admin" });
    const lint = await request("/api/tools/postmortem_lint", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ files: ["inc/postmortem.md"] }),
    });
    expect(lint.status).toBe(200);
  });

  it("still needs the API token on /api and refuses a wrong one anywhere", async () => {
    expect((await request("/api/tools")).status).toBe(401);
    expect((await request("/", { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
  });

  it("still checks the CSRF token of page forms", async () => {
    const form = { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" };
    const refused = await request("/auth/logout", { method: "POST", headers: form, body: "" });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("CSRF");
    const page = await (await request("/auth/logout")).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
    expect(csrf).not.toBe("");
    const ok = await request("/auth/logout", {
      method: "POST",
      headers: form,
      body: `_csrf=${encodeURIComponent(csrf)}`,
    });
    expect(ok.status).toBe(303);
  });

  it("behind a TLS-terminating proxy, takes form posts from the public URL's origin and no other", async () => {
    const proxied = createHttpApp({
      workspace: ws,
      version: "test",
      env: {},
      log: () => {},
      auth: loadAuthConfig(ws, { DEBRIEF_PUBLIC_URL: "https://debrief.example.com" }),
      security: { token, allowedHosts: ["debrief.example.com"] },
    });
    const ask = (path: string, init: RequestInit = {}) =>
      Promise.resolve(
        proxied.request(`http://debrief.example.com${path}`, {
          ...init,
          headers: { host: "debrief.example.com", ...(init.headers as Record<string, string>) },
        }),
      );
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await ask("/auth/logout")).text())?.[1] ?? "";
    const post = (origin: string) =>
      ask("/auth/logout", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin },
        body: `_csrf=${encodeURIComponent(csrf)}`,
      });
    expect((await post("https://debrief.example.com")).status).toBe(303);
    expect((await post("https://evil.example")).status).toBe(403);
  });

  it("refuses to listen beyond loopback, and says what to configure", async () => {
    await expect(
      startHttpServer({ workspace: ws, version: "test", env: {}, log: () => {}, host: "0.0.0.0", port: 0 }),
    ).rejects.toThrow(/no sign-in is configured.*DEBRIEF_OIDC_ISSUER/);
  });
});
