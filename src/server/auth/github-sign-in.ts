import { randomBytes } from "node:crypto";
import type { Hono } from "hono";
import type { AuthRuntime } from "./auth-middleware.js";
import { baseUrl } from "./oidc-sign-in.js";
import { safeNext, secureCookies, takeFlowCookie, writeFlowCookie } from "./session-cookie.js";
import type { Identity } from "./sign-in-user.js";
import { signInFailed, startSession } from "./start-session.js";

/**
 * Sign-in with GitHub (an OAuth app, web application flow as GitHub documents it): redirect to
 * `<github>/login/oauth/authorize` with `state`, exchange the code at `<github>/login/oauth/access_token`
 * (`Accept: application/json`), then read `GET <api>/user` and `GET <api>/user/emails` with the token. Only a
 * verified e-mail is kept (members of private incidents are matched by e-mail). Both base URLs are settings, for
 * GitHub Enterprise Server and for tests against a local server.
 * @module
 */

const TIMEOUT_MS = 10_000;

async function getJson(url: URL, init: RequestInit): Promise<unknown> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "error" });
  if (!response.ok) throw new Error(`${url.pathname} answered ${response.status}`);
  return response.json();
}

/** Exchange the code and read who signed in. */
export async function githubIdentity(
  github: NonNullable<AuthRuntime["config"]["github"]>,
  code: string,
  redirectUri: string,
): Promise<Identity> {
  const tokenUrl = new URL("login/oauth/access_token", `${github.url.href.replace(/\/$/, "")}/`);
  const token = (await getJson(tokenUrl, {
    method: "POST",
    headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      client_id: github.clientId,
      client_secret: github.clientSecret,
      code,
      redirect_uri: redirectUri,
    }).toString(),
  })) as { access_token?: unknown; error?: unknown; error_description?: unknown };
  if (typeof token.access_token !== "string") {
    throw new Error(String(token.error_description ?? token.error ?? "no access token"));
  }
  const api = `${github.apiUrl.href.replace(/\/$/, "")}/`;
  const headers = {
    accept: "application/vnd.github+json",
    authorization: `Bearer ${token.access_token}`,
    "x-github-api-version": "2022-11-28",
    "user-agent": "debrief",
  };
  const user = (await getJson(new URL("user", api), { headers })) as {
    id?: unknown;
    login?: unknown;
    name?: unknown;
  };
  if ((typeof user.id !== "number" && typeof user.id !== "string") || typeof user.login !== "string") {
    throw new Error("GitHub sent no user id");
  }
  let email: string | null = null;
  const emails = (await getJson(new URL("user/emails", api), { headers }).catch(() => [])) as unknown;
  if (Array.isArray(emails)) {
    const verified = emails.filter(
      (e): e is { email: string; primary?: boolean; verified: true } =>
        typeof e?.email === "string" && e?.verified === true,
    );
    email = (verified.find((e) => e.primary) ?? verified[0])?.email.toLowerCase() ?? null;
  }
  return {
    issuer: `github:${github.url.origin}`,
    subject: String(user.id),
    email,
    name: (typeof user.name === "string" && user.name ? user.name : user.login).slice(0, 200),
  };
}

/** Register `/auth/github/start` and `/auth/github/callback` when GitHub sign-in is configured. */
export function registerGithubRoutes(app: Hono, auth: AuthRuntime): void {
  const github = auth.config.github;
  if (!github) return;
  app.get("/auth/github/start", async (c) => {
    const state = randomBytes(24).toString("base64url");
    await writeFlowCookie(c, secureCookies(c, auth.config.publicUrl), auth.key, {
      provider: "github",
      state,
      next: safeNext(c.req.query("next")),
    });
    const url = new URL("login/oauth/authorize", `${github.url.href.replace(/\/$/, "")}/`);
    url.search = new URLSearchParams({
      client_id: github.clientId,
      redirect_uri: `${baseUrl(c, auth.config)}/auth/github/callback`,
      scope: "read:user user:email",
      state,
      allow_signup: "false",
    }).toString();
    return c.redirect(url.href, 302);
  });
  app.get("/auth/github/callback", async (c) => {
    const flow = await takeFlowCookie(c, secureCookies(c, auth.config.publicUrl), auth.key);
    const state = c.req.query("state");
    if (flow?.provider !== "github" || !state || state !== flow.state) {
      return signInFailed(c, "this sign-in attempt expired or was not started in this browser", 400);
    }
    const code = c.req.query("code");
    if (!code) return signInFailed(c, `GitHub refused: ${c.req.query("error") ?? "no code"}`, 403);
    let identity: Identity;
    try {
      identity = await githubIdentity(github, code, `${baseUrl(c, auth.config)}/auth/github/callback`);
    } catch (error) {
      return signInFailed(c, `GitHub sign-in was not accepted (${(error as Error).message})`, 403);
    }
    return startSession(c, auth, identity, flow.next);
  });
}
