import type { MiddlewareHandler } from "hono";
import { tokenMatches } from "./api-token.js";
import { errorJson } from "./error-response.js";

/** Names a loopback server answers to: DNS rebinding sends another name in `Host`, so anything else is refused. */
export const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1", "[::1]"];

/** True for an address only this machine can reach. */
export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.includes(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The host part of a `Host` header (`name:port`, `[v6]:port`), lower-cased. */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  const colon = h.lastIndexOf(":");
  return colon === -1 ? h : h.slice(0, colon);
}

/**
 * `Host` must name the bound address, a loopback name or a configured name: 421 Misdirected Request otherwise,
 * which is what a DNS-rebinding page gets when its own domain suddenly resolves to 127.0.0.1.
 */
export function hostGuard(allowed: readonly string[]): MiddlewareHandler {
  const names = new Set(allowed.map((n) => n.toLowerCase()));
  return async (c, next) => {
    const host = c.req.header("host");
    if (host === undefined || !names.has(hostName(host))) {
      return errorJson(c, 421, "MISDIRECTED", "this server does not answer to that Host name");
    }
    await next();
  };
}

/** `Authorization: Bearer <token>` with the workspace's token, else 401. */
export function bearerGuard(token: string): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1] || !tokenMatches(match[1], token)) {
      c.header("WWW-Authenticate", 'Bearer realm="debrief"');
      return errorJson(
        c,
        401,
        "UNAUTHORIZED",
        "send the workspace's API token (printed by `debrief serve`, stored in .debrief/api-token) as Authorization: Bearer <token>",
      );
    }
    await next();
  };
}

const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/;

/**
 * State-changing requests must come from this origin and carry JSON. A browser sends a cross-site form or
 * `text/plain` POST without a preflight, so this check (after hono's `csrf`, which refuses those by `Origin` /
 * `Sec-Fetch-Site`) also refuses any cross-site request a browser labelled as such, and every non-JSON body, before
 * a handler runs. With `forms`, page routes (not `/api`, not `/mcp`) also take same-origin HTML form posts, whose
 * CSRF tokens the sign-in layer checks.
 */
export function sameOriginJson(options: { forms?: boolean; origin?: string } = {}): MiddlewareHandler {
  const forms = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);
  return async (c, next) => {
    if (SAFE_METHOD.test(c.req.method)) return next();
    const site = c.req.header("sec-fetch-site");
    if (site !== undefined && site !== "same-origin" && site !== "none") {
      return errorJson(c, 403, "CROSS_SITE", "cross-site requests are refused");
    }
    const origin = c.req.header("origin");
    if (origin !== undefined && origin !== new URL(c.req.url).origin && origin !== options.origin) {
      return errorJson(c, 403, "CROSS_SITE", "cross-origin requests are refused");
    }
    const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
    // HTML forms of the pages (never the API): the caller has mounted the CSRF-token guard that checks them
    const isPage = c.req.path !== "/mcp" && c.req.path !== "/api" && !c.req.path.startsWith("/api/");
    if (options.forms && isPage && type !== undefined && forms.has(type)) return next();
    if (type !== "application/json") {
      return errorJson(c, 415, "UNSUPPORTED_MEDIA_TYPE", "send the request body as application/json");
    }
    await next();
  };
}
