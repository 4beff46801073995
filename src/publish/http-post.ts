import { DebriefError } from "../model/debrief-error.js";

/** Strip credentials and query strings from a URL before it appears in a message (webhook URLs are secrets). */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/[^/]{12,}$/, "/…")}`;
  } catch {
    return "(invalid URL)";
  }
}

/**
 * POST JSON with a timeout and bounded retries on 429/5xx (honouring Retry-After), returning the response text.
 * @throws DebriefError NETWORK with the status and a short body, never the URL's secret parts
 */
export async function postJson(
  url: string,
  body: unknown,
  options: { headers?: Record<string, string>; timeoutMs?: number; retries?: number } = {},
): Promise<{ status: number; text: string }> {
  const retries = options.retries ?? 3;
  let lastError = "";
  for (let attempt = 0; attempt <= retries; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(options.headers ?? {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      lastError = `${safeUrl(url)} unreachable: ${(error as Error).message}`;
      if (attempt < retries) await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
      continue;
    }
    const text = await response.text();
    if (response.ok) return { status: response.status, text };
    lastError = `${safeUrl(url)} answered ${response.status}: ${text.slice(0, 200)}`;
    if (response.status === 429 || response.status >= 500) {
      const retryAfter = Number(response.headers.get("retry-after"));
      const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 60) * 1000 : 500 * 2 ** attempt;
      if (attempt < retries) await new Promise((r) => setTimeout(r, wait));
      continue;
    }
    break;
  }
  throw new DebriefError("NETWORK", lastError);
}
