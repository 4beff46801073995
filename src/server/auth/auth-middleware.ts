import type { Context, MiddlewareHandler } from "hono";
import type { AccessScope, Role, SessionRecord, TeamStore } from "../../store/index.js";
import { tokenMatches } from "../security/api-token.js";
import { errorJson } from "../security/error-response.js";
import type { AuthConfig } from "./auth-config.js";
import { derivedCsrfToken } from "./csrf.js";
import { readSessionCookie, secureCookies } from "./session-cookie.js";
import { API_TOKEN_VIEWER, roleAtLeast, signInUser, viewerOf } from "./sign-in-user.js";
import { trustedProxyCheck } from "./trusted-proxy.js";

declare module "hono" {
  interface ContextVariableMap {
    /** Who the request acts for (set on every request the sign-in middleware lets through). */
    scope: AccessScope;
    /** The browser session, when the request came with a valid session cookie. */
    session: SessionRecord | null;
    /** The CSRF token forms of this request must send back (see `csrfField`). */
    csrfToken: string;
  }
}

/** Everything sign-in needs at run time. */
export interface AuthRuntime {
  config: AuthConfig;
  /** False: no sign-in configured, every request is the local user (the server is bound to loopback). */
  signIn: boolean;
  /** The team store (users, sessions, audit); opened lazily by the server. */
  store(): Promise<TeamStore>;
  /** The workspace's API token: an admin service account for API and MCP clients. */
  apiToken: string;
  /** Server key for signed sign-in cookies and derived CSRF tokens. */
  key: string;
}

/** Routes anyone may open without signing in: the sign-in pages themselves and the health check. */
export function isPublicPath(path: string): boolean {
  return path === "/api/health" || path === "/auth" || path.startsWith("/auth/");
}

function wantsHtml(c: Context): boolean {
  return c.req.method === "GET" && (c.req.header("accept") ?? "").includes("text/html");
}

/** How long a proxy-header user is cached before the store is asked again (role changes show within this). */
const PROXY_CACHE_MS = 30_000;

/**
 * The sign-in middleware: decides who each request acts for and sets `c.var.scope`, `c.var.session` and
 * `c.var.csrfToken`. In order: the API token as `Authorization: Bearer` (the admin service account; a wrong token is
 * 401), identity headers from a trusted proxy (refused with 403 from any other address), the session cookie.
 * Without sign-in configured every request is `{ kind: "local" }`. A request nobody vouches for is sent to the
 * sign-in page (HTML) or answered 401 (anything else), except on the sign-in routes and `/api/health`.
 */
export function authMiddleware(auth: AuthRuntime): MiddlewareHandler {
  const proxy = trustedProxyCheck(auth.config.trustedProxy);
  const proxyUsers = new Map<string, { scope: AccessScope; at: number }>();
  return async (c, next) => {
    const secure = secureCookies(c, auth.config.publicUrl);
    c.set("session", null);
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (c.req.header("authorization") !== undefined) {
      if (!bearer || !tokenMatches(bearer, auth.apiToken)) {
        c.header("WWW-Authenticate", 'Bearer realm="debrief"');
        return errorJson(c, 401, "UNAUTHORIZED", "the API token is wrong (see .debrief/api-token)");
      }
      c.set("scope", auth.signIn ? { kind: "user", viewer: API_TOKEN_VIEWER } : { kind: "local" });
      c.set("csrfToken", derivedCsrfToken(auth.key, API_TOKEN_VIEWER.userId));
      return next();
    }
    if (!auth.signIn) {
      c.set("scope", { kind: "local" });
      c.set("csrfToken", derivedCsrfToken(auth.key, "local"));
      return next();
    }
    const verdict = proxy(c);
    if (verdict.kind === "refused") return errorJson(c, 403, "UNTRUSTED_PROXY", verdict.reason);
    if (verdict.kind === "user") {
      const key = `${verdict.identity.subject}\n${verdict.identity.email ?? ""}\n${verdict.identity.name}`;
      let cached = proxyUsers.get(key);
      if (!cached || Date.now() - cached.at > PROXY_CACHE_MS) {
        const user = await signInUser(await auth.store(), verdict.identity, auth.config.adminEmails);
        cached = { scope: { kind: "user", viewer: viewerOf(user) }, at: Date.now() };
        proxyUsers.set(key, cached);
      }
      c.set("scope", cached.scope);
      c.set("csrfToken", derivedCsrfToken(auth.key, cached.scope.kind === "user" ? cached.scope.viewer.userId : ""));
      return next();
    }
    const sessionId = readSessionCookie(c, secure);
    if (sessionId) {
      const store = await auth.store();
      const session = await store.getSession(sessionId);
      const user = session ? await store.getUser(session.userId) : null;
      if (session && user) {
        c.set("session", session);
        c.set("scope", { kind: "user", viewer: viewerOf(user) });
        c.set("csrfToken", session.csrfToken);
        return next();
      }
    }
    // anonymous: only the sign-in pages; their forms are bound to nobody in particular
    c.set("csrfToken", derivedCsrfToken(auth.key, "anonymous"));
    if (isPublicPath(c.req.path)) return next();
    if (wantsHtml(c)) {
      const nextPath = c.req.path + (new URL(c.req.url).search || "");
      return c.redirect(`/auth/login?next=${encodeURIComponent(nextPath)}`, 302);
    }
    c.header("WWW-Authenticate", 'Bearer realm="debrief"');
    return errorJson(c, 401, "UNAUTHORIZED", "sign in first (/auth/login), or send the API token as a Bearer token");
  };
}

/** True when the scope holds at least `role` (the local user is an admin). */
export function scopeHasRole(scope: AccessScope | undefined, role: Role): boolean {
  if (!scope) return false;
  return scope.kind === "local" || roleAtLeast(scope.viewer.role, role);
}

/** Refuse (403 `FORBIDDEN`, as a page or JSON) a request whose scope is below `role`. */
export function requireRole(role: Role): MiddlewareHandler {
  return async (c, next) => {
    const scope = c.get("scope") as AccessScope | undefined;
    if (scopeHasRole(scope, role)) return next();
    if (wantsHtml(c)) {
      return c.html(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not allowed</title></head><body><main><h1>Not allowed</h1><p>This page needs the ${role} role. Ask an admin.</p><p><a href="/">Back</a></p></main></body></html>`,
        403,
      );
    }
    return errorJson(c, 403, "FORBIDDEN", `this needs the ${role} role`);
  };
}
