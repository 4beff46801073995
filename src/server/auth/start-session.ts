import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AuthRuntime } from "./auth-middleware.js";
import { authPage, escapeHtml } from "./auth-page.js";
import { clearSessionCookie, readSessionCookie, secureCookies, writeSessionCookie } from "./session-cookie.js";
import { type Identity, signInUser } from "./sign-in-user.js";

/**
 * Finish a sign-in: record the person, end any session the browser already had, and start a new one under a fresh
 * random id (a session id planted before sign-in is never promoted, so session fixation gets the attacker nothing),
 * then go where the person was going.
 */
export async function startSession(c: Context, auth: AuthRuntime, identity: Identity, next: string): Promise<Response> {
  const store = await auth.store();
  const secure = secureCookies(c, auth.config.publicUrl);
  const previous = readSessionCookie(c, secure);
  if (previous) await store.deleteSession(previous);
  const user = await signInUser(store, identity, auth.config.adminEmails);
  const session = await store.createSession(user.id, auth.config.sessionTtlMs);
  writeSessionCookie(c, secure, session.id, session.expiresAt);
  await store.audit({
    actorId: user.id,
    actorName: user.name,
    action: "sign-in",
    target: "",
    detail: { issuer: identity.issuer, role: user.role },
  });
  return c.redirect(next, 302);
}

/** End the browser's session (deleted from the store, cookie cleared). */
export async function endSession(c: Context, auth: AuthRuntime): Promise<void> {
  const secure = secureCookies(c, auth.config.publicUrl);
  const id = readSessionCookie(c, secure);
  if (id) {
    const store = await auth.store();
    const session = await store.getSession(id);
    await store.deleteSession(id);
    if (session) {
      const user = await store.getUser(session.userId);
      await store.audit({
        actorId: session.userId,
        actorName: user?.name ?? "",
        action: "sign-out",
        target: "",
        detail: {},
      });
    }
  }
  clearSessionCookie(c, secure);
}

/** A sign-in that did not work, as a page with a way back (never a stack trace). */
export function signInFailed(c: Context, message: string, status: ContentfulStatusCode): Response {
  return c.html(
    authPage(
      "Sign-in failed",
      `<h1>Sign-in failed</h1><p role="alert">${escapeHtml(message)}</p><p><a href="/auth/login">Try again</a></p>`,
    ),
    status,
  );
}
