/** True for query-string parameter names that carry credentials. */
export function isSecretParam(name: string): boolean {
  return SECRET_PARAMS.test(name);
}

/** Query-string parameters that carry credentials in the wild (Slack `token`, Grafana `api_key`, signed URLs). */
const SECRET_PARAMS =
  /^(token|access_token|api[_-]?key|apikey|key|secret|password|passwd|auth|authorization|signature|sig|x-amz-signature)$/i;

/** What replaces a secret in anything Debrief writes. */
export const REDACTED = "***";

/** How much of a URL {@link scrubUrl} keeps. */
export interface ScrubUrlOptions {
  /**
   * The URL itself is a credential (Slack and generic webhooks, whose last path segment is the secret): keep only
   * scheme, host and path, drop query and fragment, and hide a long last path segment. An unparsable URL becomes
   * `(invalid URL)` instead of being echoed.
   */
  secretPath?: boolean;
}

/**
 * The one URL scrubber: a URL with its credentials removed (`user:pass@` and secret-looking query parameters are
 * replaced; with `secretPath`, see {@link ScrubUrlOptions}), so the endpoint can go into the manifest, progress
 * messages, publish plans and errors.
 */
export function scrubUrl(raw: string, options: ScrubUrlOptions = {}): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    if (options.secretPath) return "(invalid URL)";
    // not a URL: still strip anything shaped like userinfo
    return raw.replace(/\/\/[^/@\s]*@/g, "//");
  }
  if (options.secretPath) {
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/[^/]{12,}$/, "/…")}`;
  }
  url.username = "";
  url.password = "";
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_PARAMS.test(name)) url.searchParams.set(name, REDACTED);
  }
  return url.toString();
}

/**
 * Removes every known secret value (and URL userinfo) from a text. Secrets shorter than 4 characters are ignored:
 * replacing "a" everywhere would destroy the text and protect nothing.
 */
export class Scrubber {
  readonly #secrets = new Set<string>();

  /** Remember a secret value to hide; also hides its URL-encoded and base64 (basic auth) spellings. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 4) return;
    this.#secrets.add(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) this.#secrets.add(encoded);
  }

  /** Remember `user:password` as sent in a Basic header. */
  addBasic(user: string, password: string): void {
    this.add(password);
    this.add(Buffer.from(`${user}:${password}`).toString("base64"));
  }

  /** The text without secrets or URL userinfo. */
  text(value: string): string {
    let out = value.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, "$1");
    // longest first so a secret containing another is hidden whole
    for (const s of [...this.#secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join(REDACTED);
    return out;
  }

  /** A URL ready for the manifest: userinfo and secret parameters gone, then known secrets hidden. */
  url(value: string): string {
    return this.text(scrubUrl(value));
  }
}
