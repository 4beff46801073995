import { createHmac } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { tokenMatches } from "../security/api-token.js";
import { errorJson } from "../security/error-response.js";

/**
 * CSRF tokens for the pages' forms, on top of the Origin / `Sec-Fetch-Site` / Host checks every request already
 * passes: a state-changing request to a page route must carry the token of the session it runs in, as the form field
 * `_csrf`, a JSON body's `_csrf`, or the `X-CSRF-Token` header. A signed-in session's token is random and stored with
 * the session (a new one at every sign-in); without a session (the local single-user server, or a user signed in by
 * proxy headers) it is an HMAC of who is acting under the server's key, so a page on another site cannot know it.
 * `/api` and `/mcp` take JSON only (a cross-site page cannot send that without a CORS preflight, which is never
 * granted) and are not forms, so they are not asked for it.
 * @module
 */

/** The field and header names. */
export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "x-csrf-token";

/** The token for a request without a stored session: HMAC of who acts (`local` or a user id). */
export function derivedCsrfToken(key: string, actor: string): string {
  return createHmac("sha256", key).update(`csrf:${actor}`).digest("base64url");
}

/** The CSRF token of the request (set by the sign-in middleware on every request). */
export function csrfTokenOf(c: Context): string {
  return (c.var as { csrfToken?: string }).csrfToken ?? "";
}

/** The hidden input every form carries: `<input type="hidden" name="_csrf" value="…">`. */
export function csrfField(c: Context): HtmlEscapedString {
  // the token is base64url: nothing in it needs escaping
  return raw(`<input type="hidden" name="${CSRF_FIELD}" value="${csrfTokenOf(c)}">`) as HtmlEscapedString;
}

const SAFE = /^(GET|HEAD|OPTIONS)$/;

/** Routes that take JSON from programs, not forms from pages. */
function isApiPath(path: string): boolean {
  return path === "/mcp" || path.startsWith("/api/") || path === "/api";
}

async function presentedToken(c: Context): Promise<string | undefined> {
  const header = c.req.header(CSRF_HEADER);
  if (header) return header;
  const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "application/json") {
    const body = (await c.req.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    const value = body && typeof body === "object" ? body[CSRF_FIELD] : undefined;
    return typeof value === "string" ? value : undefined;
  }
  if (type === "application/x-www-form-urlencoded" || type === "multipart/form-data") {
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const value = body[CSRF_FIELD];
    return typeof value === "string" ? value : undefined;
  }
  return undefined;
}

/**
 * Refuse (403 `CSRF`) a state-changing request to a page route that does not carry the request's CSRF token.
 * Runs after the sign-in middleware, which sets the expected token.
 */
export function csrfGuard(): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE.test(c.req.method) || isApiPath(c.req.path)) return next();
    const expected = csrfTokenOf(c);
    const presented = await presentedToken(c);
    if (!expected || !presented || !tokenMatches(presented, expected)) {
      return errorJson(
        c,
        403,
        "CSRF",
        "this form is out of date or came from another site: reload the page and try again",
      );
    }
    await next();
  };
}
