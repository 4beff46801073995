import type { Context } from "hono";
import { deleteCookie, getCookie, getSignedCookie, setCookie, setSignedCookie } from "hono/cookie";
import { hostName, isLoopback } from "../security/request-guards.js";

/**
 * The cookies of sign-in: the session cookie (an opaque random id; the session itself lives in the team store) and
 * the short-lived, HMAC-signed cookie that carries one sign-in attempt (state, PKCE verifier, nonce, where to go
 * after) across the identity provider's redirect. Both are HttpOnly and SameSite=Lax (sent on the provider's
 * top-level redirect back, never on a cross-site POST). They are `Secure` and `__Host-`-prefixed (no Domain, Path=/,
 * so no sibling sub-domain can set or read them) whenever the server is not reached over loopback, since a browser
 * only sends Secure cookies over HTTPS and a non-loopback Debrief belongs behind HTTPS.
 * @module
 */

/** True when cookies must be Secure: the public URL is HTTPS, or the request did not come to a loopback name. */
export function secureCookies(c: Context, publicUrl: URL | undefined): boolean {
  if (publicUrl) return publicUrl.protocol === "https:" || !isLoopback(publicUrl.hostname.replace(/^\[|\]$/g, ""));
  const host = hostName(c.req.header("host") ?? "");
  return !isLoopback(host) && !isLoopback(host.replace(/^\[|\]$/g, ""));
}

function names(secure: boolean): { session: string; flow: string } {
  return secure
    ? { session: "__Host-debrief_session", flow: "__Host-debrief_signin" }
    : { session: "debrief_session", flow: "debrief_signin" };
}

/** The session id the browser sent, if any. */
export function readSessionCookie(c: Context, secure: boolean): string | undefined {
  const value = getCookie(c, names(secure).session);
  return value && /^[A-Za-z0-9_-]{16,200}$/.test(value) ? value : undefined;
}

/** Send the session cookie; it expires with the session. */
export function writeSessionCookie(c: Context, secure: boolean, id: string, expiresAt: number): void {
  setCookie(c, names(secure).session, id, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure,
    expires: new Date(expiresAt),
  });
}

/** Tell the browser to drop the session cookie. */
export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, names(secure).session, { path: "/", secure, httpOnly: true, sameSite: "Lax" });
}

/** One sign-in attempt, kept in the browser between the redirect to the provider and the callback. */
export interface SignInFlow {
  provider: "oidc" | "github";
  state: string;
  /** PKCE code verifier (OIDC) — the browser holds it, HttpOnly, for ten minutes. */
  verifier?: string;
  nonce?: string;
  /** A same-site path to return to after sign-in. */
  next: string;
  /** Epoch ms after which the attempt is refused. */
  expires: number;
}

const FLOW_TTL_MS = 10 * 60_000;

/** Start a sign-in attempt: the signed flow cookie, valid ten minutes. */
export async function writeFlowCookie(
  c: Context,
  secure: boolean,
  key: string,
  flow: Omit<SignInFlow, "expires">,
): Promise<void> {
  const value = Buffer.from(JSON.stringify({ ...flow, expires: Date.now() + FLOW_TTL_MS })).toString("base64url");
  await setSignedCookie(c, names(secure).flow, value, key, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure,
    maxAge: FLOW_TTL_MS / 1000,
  });
}

/** The attempt this browser started (signature checked, not expired), removed so it is used once. */
export async function takeFlowCookie(c: Context, secure: boolean, key: string): Promise<SignInFlow | undefined> {
  const name = names(secure).flow;
  const value = await getSignedCookie(c, key, name);
  deleteCookie(c, name, { path: "/", secure, httpOnly: true, sameSite: "Lax" });
  if (typeof value !== "string") return undefined;
  try {
    const flow = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as SignInFlow;
    return typeof flow.state === "string" && flow.expires > Date.now() ? flow : undefined;
  } catch {
    return undefined;
  }
}

/** A path to return to after sign-in: only a local absolute path (never `//host` or a URL), else `/`. */
export function safeNext(next: string | undefined): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return /^[\x21-\x7e]*$/.test(next) ? next : "/";
}
