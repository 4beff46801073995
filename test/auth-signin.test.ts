import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer } from "../src/server/index.js";
import { CookieClient, type OidcProvider, signInWithOidc, startOidcProvider } from "./support/oidc-provider.js";
import { type ReplayServer, startReplayServer } from "./support/replay-server.js";

/**
 * Sign-in end to end over real HTTP: OIDC code flow with PKCE against a local provider, GitHub OAuth against a local
 * server speaking GitHub's documented OAuth contract, trusted proxy headers, session fixation, logout and expiry.
 */

const base = realpathSync(mkdtempSync(join(tmpdir(), "debrief-auth-signin-")));
const SECRET = "s3cret-for-tests";
let provider: OidcProvider;
let github: ReplayServer;
const servers: Array<() => Promise<void>> = [];

function workspace(name: string): string {
  const ws = join(base, name);
  mkdirSync(join(ws, "inc"), { recursive: true });
  writeFileSync(join(ws, "inc", "postmortem.md"), "---\nid: INC-1\ntitle: Checkout errors\n---\n\n# Checkout errors\n");
  return ws;
}

async function serve(ws: string, env: Record<string, string>): Promise<string> {
  const started = await startHttpServer({ workspace: ws, version: "test", env, log: () => {}, port: 0 });
  servers.push(started.close);
  return `http://127.0.0.1:${started.port}`;
}

const oidcEnv = () => ({
  DEBRIEF_OIDC_ISSUER: provider.issuer,
  DEBRIEF_OIDC_CLIENT_ID: provider.clientId,
  DEBRIEF_OIDC_CLIENT_SECRET: SECRET,
});

beforeAll(async () => {
  provider = await startOidcProvider({
    clientSecret: SECRET,
    users: [
      { sub: "alice", email: "alice@example.com", name: "Alice" },
      { sub: "bob", email: "bob@example.com", name: "Bob" },
      { sub: "mallory", email: "mallory@example.com", name: "Mallory" },
    ],
  });
  // GitHub's OAuth web flow (docs.github.com "Authorizing OAuth apps"): authorize redirects back with code and
  // state; POST /login/oauth/access_token (Accept: application/json) answers access_token; the REST API answers
  // GET /user and GET /user/emails for that token
  const codes = new Map<string, string>();
  github = await startReplayServer((req) => {
    if (req.method === "GET" && req.path === "/login/oauth/authorize") {
      const code = `code-${codes.size + 1}`;
      codes.set(code, req.query.get("client_id") ?? "");
      const back = new URL(req.query.get("redirect_uri") ?? "");
      back.searchParams.set("code", code);
      back.searchParams.set("state", req.query.get("state") ?? "");
      return { status: 302, headers: { location: back.href }, body: "" };
    }
    if (req.method === "POST" && req.path === "/login/oauth/access_token") {
      const form = new URLSearchParams(req.body);
      if (req.headers.accept !== "application/json") return { status: 200, raw: "access_token=wrong-format" };
      const ok = form.get("client_secret") === "gh-secret" && codes.get(form.get("code") ?? "") === "gh-client";
      codes.delete(form.get("code") ?? "");
      return ok
        ? { body: { access_token: "gho_testtoken", token_type: "bearer", scope: "read:user,user:email" } }
        : { body: { error: "bad_verification_code", error_description: "The code passed is incorrect or expired." } };
    }
    if (req.headers.authorization !== "Bearer gho_testtoken")
      return { status: 401, body: { message: "Bad credentials" } };
    if (req.path === "/api/v3/user") return { body: { id: 583231, login: "octocat", name: "The Octocat" } };
    if (req.path === "/api/v3/user/emails") {
      return {
        body: [
          { email: "octo@old.example", primary: false, verified: false },
          { email: "octocat@github.example", primary: true, verified: true },
        ],
      };
    }
    return { status: 404, body: { message: "Not Found" } };
  });
});

afterAll(async () => {
  for (const close of servers) await close();
  await provider?.close();
  await github?.close();
  rmSync(base, { recursive: true, force: true });
});

describe("OIDC sign-in (authorization code + PKCE)", () => {
  let server: string;
  beforeAll(async () => {
    server = await serve(workspace("oidc"), oidcEnv());
  });

  it("sends anonymous pages to the sign-in page and answers the API with 401", async () => {
    const client = new CookieClient();
    const page = await client.fetch(`${server}/incidents/inc`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(302);
    expect(page.location).toBe(`${server}/auth/login?next=%2Fincidents%2Finc`);
    const api = await client.fetch(`${server}/api/tools`);
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body).error.code).toBe("UNAUTHORIZED");
    expect((await client.fetch(`${server}/api/health`)).status).toBe(200);
    const login = await client.fetch(`${server}/auth/login`);
    expect(login.body).toContain('href="/auth/oidc/start"');
  });

  it("signs the first person in as admin, with PKCE S256, state, nonce and an HttpOnly SameSite=Lax cookie", async () => {
    const { client, steps } = await signInWithOidc(server, provider, "alice");
    const [start, authorize, callback] = steps;
    const to = new URL(start?.location ?? "");
    expect(to.origin).toBe(provider.issuer);
    expect(to.searchParams.get("code_challenge_method")).toBe("S256");
    expect(to.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(to.searchParams.get("state")).toBeTruthy();
    expect(to.searchParams.get("nonce")).toBeTruthy();
    expect(to.searchParams.get("redirect_uri")).toBe(`${server}/auth/oidc/callback`);
    expect(authorize?.location).toMatch(/\/auth\/oidc\/callback\?code=/);
    expect(callback?.status).toBe(302);
    const cookie = callback?.headers.getSetCookie().find((c) => c.startsWith("debrief_session=")) ?? "";
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/);
    const verifier = provider.tokenRequests.at(-1)?.code_verifier ?? "";
    expect(verifier.length).toBeGreaterThanOrEqual(43);
    const me = JSON.parse((await client.fetch(`${server}/auth/me`)).body);
    expect(me).toEqual({ signedIn: true, name: "Alice", email: "alice@example.com", role: "admin" });
  });

  it("signs later people in as viewers", async () => {
    const { client } = await signInWithOidc(server, provider, "bob");
    expect(JSON.parse((await client.fetch(`${server}/auth/me`)).body).role).toBe("viewer");
  });

  it("refuses session fixation: a planted session id is never promoted, and a stolen pre-sign-in id is useless", async () => {
    // the attacker signs in himself and plants his own session id in the victim's browser
    const { client: attacker } = await signInWithOidc(server, provider, "mallory");
    const planted = attacker.get(server, "debrief_session") ?? "";
    expect(planted).not.toBe("");
    const victim = new CookieClient();
    victim.set(server, "debrief_session", planted);
    await signInWithOidc(server, provider, "bob", victim);
    const after = victim.get(server, "debrief_session");
    expect(after).toBeTruthy();
    expect(after).not.toBe(planted);
    // the planted id does not carry the victim's identity (it was ended at the victim's sign-in)
    const replay = new CookieClient();
    replay.set(server, "debrief_session", planted);
    expect((await replay.fetch(`${server}/auth/me`)).status).toBe(401);
    // and an id the attacker made up is not a session at all
    const made = new CookieClient();
    made.set(server, "debrief_session", "A".repeat(43));
    expect((await made.fetch(`${server}/auth/me`)).status).toBe(401);
    expect(JSON.parse((await victim.fetch(`${server}/auth/me`)).body).name).toBe("Bob");
  });

  it("refuses a callback not started in this browser, and a replayed code", async () => {
    const client = new CookieClient();
    const stray = await client.fetch(`${server}/auth/oidc/callback?code=abc&state=xyz`);
    expect(stray.status).toBe(400);
    expect(stray.body).toContain("Sign-in failed");
    const { steps } = await signInWithOidc(server, provider, "bob");
    const callbackUrl = steps[1]?.location ?? "";
    // the same code again, from a browser that started its own attempt: the state differs and the code is used
    const other = new CookieClient();
    provider.login("bob");
    await other.fetch(`${server}/auth/oidc/start`);
    const replay = await other.fetch(callbackUrl);
    expect(replay.status).toBe(403);
    expect((await other.fetch(`${server}/auth/me`)).status).toBe(401);
  });

  it("logs out only with the CSRF token, deletes the session, and the old cookie no longer works", async () => {
    const { client } = await signInWithOidc(server, provider, "bob");
    const id = client.get(server, "debrief_session") ?? "";
    // a browser sends Origin with every form post
    const form = { "content-type": "application/x-www-form-urlencoded", origin: server };
    const noToken = await client.fetch(`${server}/auth/logout`, { method: "POST", headers: form, body: "" });
    expect(noToken.status).toBe(403);
    expect(JSON.parse(noToken.body).error.code).toBe("CSRF");
    const page = await client.fetch(`${server}/auth/logout`);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
    const out = await client.fetch(`${server}/auth/logout`, {
      method: "POST",
      headers: form,
      body: new URLSearchParams({ _csrf: token }).toString(),
    });
    expect(out.status).toBe(303);
    expect(client.get(server, "debrief_session")).toBeUndefined();
    const stale = new CookieClient();
    stale.set(server, "debrief_session", id);
    expect((await stale.fetch(`${server}/auth/me`)).status).toBe(401);
  });

  it("ends a session when it expires", async () => {
    const short = await serve(workspace("oidc-short"), { ...oidcEnv(), DEBRIEF_SESSION_TTL: "1s" });
    const { client } = await signInWithOidc(short, provider, "alice");
    expect((await client.fetch(`${short}/auth/me`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1300));
    expect((await client.fetch(`${short}/auth/me`)).status).toBe(401);
  });
});

describe("GitHub OAuth sign-in", () => {
  it("signs in through the authorize / access_token / user / user emails exchange, keeping the verified primary e-mail", async () => {
    const server = await serve(workspace("github"), {
      DEBRIEF_GITHUB_CLIENT_ID: "gh-client",
      DEBRIEF_GITHUB_CLIENT_SECRET: "gh-secret",
      DEBRIEF_GITHUB_URL: github.url,
      DEBRIEF_GITHUB_API_URL: `${github.url}/api/v3`,
    });
    const client = new CookieClient();
    const steps = await client.follow(`${server}/auth/github/start`);
    const authorize = new URL(steps[0]?.location ?? "");
    expect(authorize.pathname).toBe("/login/oauth/authorize");
    expect(authorize.searchParams.get("client_id")).toBe("gh-client");
    expect(authorize.searchParams.get("state")).toBeTruthy();
    expect(steps[2]?.status).toBe(302);
    const me = JSON.parse((await client.fetch(`${server}/auth/me`)).body);
    expect(me).toEqual({ signedIn: true, name: "The Octocat", email: "octocat@github.example", role: "admin" });
    const exchange = github.requests.find((r) => r.path === "/login/oauth/access_token");
    expect(exchange?.headers.accept).toBe("application/json");
    // a forged callback (state from nowhere) is refused
    const forged = await new CookieClient().fetch(`${server}/auth/github/callback?code=code-9&state=forged`);
    expect(forged.status).toBe(400);
  });
});

describe("trusted reverse-proxy headers", () => {
  const headers = { "x-forwarded-user": "u-42", "x-forwarded-email": "dana@example.com", "x-forwarded-name": "Dana" };
  const proxyEnv = (addresses: string) => ({
    DEBRIEF_TRUSTED_PROXY_USER_HEADER: "X-Forwarded-User",
    DEBRIEF_TRUSTED_PROXY_EMAIL_HEADER: "X-Forwarded-Email",
    DEBRIEF_TRUSTED_PROXY_NAME_HEADER: "X-Forwarded-Name",
    DEBRIEF_TRUSTED_PROXY_ADDRESSES: addresses,
  });

  it("accepts the identity headers from a configured proxy address", async () => {
    const server = await serve(workspace("proxy-ok"), proxyEnv("10.0.0.0/8, 127.0.0.1"));
    const r = await new CookieClient().fetch(`${server}/auth/me`, { headers });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ signedIn: true, name: "Dana", email: "dana@example.com", role: "admin" });
    // without the headers nobody is signed in
    expect((await new CookieClient().fetch(`${server}/auth/me`)).status).toBe(401);
  });

  it("refuses the same headers from any other address, before anything runs", async () => {
    const server = await serve(workspace("proxy-refused"), proxyEnv("10.1.2.3"));
    for (const path of ["/auth/me", "/api/tools", "/"]) {
      const r = await new CookieClient().fetch(`${server}${path}`, { headers });
      expect(r.status, path).toBe(403);
      expect(JSON.parse(r.body).error.code).toBe("UNTRUSTED_PROXY");
    }
  });
});
