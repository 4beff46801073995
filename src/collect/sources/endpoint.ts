import { isSecretParam, type Scrubber } from "../../util/scrub.js";

/** A base URL with its userinfo moved into an Authorization header (URLs get logged; headers do not). */
export interface Endpoint {
  /** Base URL without userinfo, query string or trailing slash. */
  base: string;
  headers: Record<string, string>;
  /** Query parameters of the configured URL (an auth proxy's `?api_key=`), sent with every request. */
  params: Array<[string, string]>;
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
  // a token in the configured URL's query string (`?api_key=...`) is a secret too: hide it wherever it is echoed
  for (const [name, value] of url.searchParams) if (isSecretParam(name)) scrubber.add(value);
  if (auth.bearer) {
    scrubber.add(auth.bearer);
    headers.authorization = `Bearer ${auth.bearer}`;
  } else if (basic) {
    scrubber.addBasic(basic.user, basic.password);
    headers.authorization = `Basic ${Buffer.from(`${basic.user}:${basic.password}`).toString("base64")}`;
  }
  const params = [...url.searchParams.entries()];
  url.search = "";
  url.hash = "";
  return { base: url.toString().replace(/\/+$/, ""), headers, params };
}

/** `base` + `path` + query string built from the endpoint's own and the defined parameters. */
export function urlOf(
  base: string | Endpoint,
  path: string,
  params: Record<string, string | number | undefined> = {},
): string {
  const u = new URL((typeof base === "string" ? base : base.base) + path);
  if (typeof base !== "string") for (const [k, v] of base.params) u.searchParams.append(k, v);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, String(v));
  return u.toString();
}
