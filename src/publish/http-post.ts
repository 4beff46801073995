import { DebriefError } from "../model/debrief-error.js";
import { DEFAULT_HTTP_POLICY, FetchFailure, HttpClient } from "../util/http-client.js";
import { Scrubber, scrubUrl } from "../util/scrub.js";

/** Strip credentials and query strings from a URL before it appears in a message (webhook URLs are secrets). */
export function safeUrl(url: string): string {
  return scrubUrl(url, { secretPath: true });
}

/**
 * POST JSON through the shared {@link HttpClient} (timeout, bounded jittered back-off on 429/5xx and unreachable
 * servers, Retry-After honoured), returning the response text.
 * @throws DebriefError AUTH on 401/403, NETWORK otherwise, with the status and a short body, never the URL's
 * secret parts
 */
export async function postJson(
  url: string,
  body: unknown,
  options: { headers?: Record<string, string>; timeoutMs?: number; retries?: number; shownAs?: string } = {},
): Promise<{ status: number; text: string }> {
  const client = new HttpClient(
    {
      ...DEFAULT_HTTP_POLICY,
      timeoutMs: options.timeoutMs ?? 15_000,
      retries: options.retries ?? 3,
      baseDelayMs: 250,
    },
    new Scrubber(),
  );
  try {
    const r = await client.requestText({
      url,
      method: "POST",
      body,
      shownAs: options.shownAs ?? safeUrl(url),
      ...(options.headers ? { headers: options.headers } : {}),
    });
    return { status: r.status, text: r.text };
  } catch (error) {
    if (!(error instanceof FetchFailure)) throw error;
    throw new DebriefError(error.kind === "auth" ? "AUTH" : "NETWORK", error.message, { cause: error });
  }
}
