import type { Scrubber } from "../scrub.js";

/** A base URL with its userinfo moved into an Authorization header (URLs get logged; headers do not). */
export interface Endpoint {
  /** Base URL without userinfo or trailing slash. */
  base: string;
  headers: Record<string, string>;
}

/**
 * Prepare a configured base URL: `https://user:pass@host` becomes Basic auth, a bearer token (from credentials)
 * becomes `Authorization: Bearer`, and every secret is registered with the scrubber.
 */
export function endpointOf(
  raw: string,
  scrubber: Scrubber,
  auth: { bearer?: string | undefined; basic?: { user: string; password: string } | undefined } = {},
): Endpoint {
  const url = new URL(raw);
  const headers: Record<string, string> = {};
  let basic = auth.basic;
  if (url.username || url.password) {
    basic ??= { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
    scrubber.add(decodeURIComponent(url.password));
    url.username = "";
    url.password = "";
  }
  if (auth.bearer) {
    scrubber.add(auth.bearer);
    headers.authorization = `Bearer ${auth.bearer}`;
  } else if (basic) {
    scrubber.addBasic(basic.user, basic.password);
    headers.authorization = `Basic ${Buffer.from(`${basic.user}:${basic.password}`).toString("base64")}`;
  }
  return { base: url.toString().replace(/\/+$/, ""), headers };
}

/** `base` + `path` + query string built from defined parameters. */
export function urlOf(base: string, path: string, params: Record<string, string | number | undefined> = {}): string {
  const u = new URL(base + path);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, String(v));
  return u.toString();
}
