import type { z } from "zod";
import type { Scrubber } from "./scrub.js";

/** Why a request failed, in words a manifest reader can act on. */
export type FetchFailureKind =
  | "unreachable"
  | "timeout"
  | "auth"
  | "rate-limited"
  | "http"
  | "malformed-json"
  | "invalid-response";

/** A request that failed after its retries; the message never contains credentials. */
export class FetchFailure extends Error {
  readonly kind: FetchFailureKind;
  readonly status: number | undefined;
  /** How long the server asked to wait (429 `Retry-After` / rate-limit reset headers), in ms. */
  readonly retryAfterMs: number | undefined;
  constructor(kind: FetchFailureKind, message: string, status?: number, retryAfter?: number) {
    super(message);
    this.name = "FetchFailure";
    this.kind = kind;
    this.status = status;
    this.retryAfterMs = retryAfter;
  }
}

/** Timeouts and retry policy shared by every HTTP source. */
export interface HttpPolicy {
  /** Per attempt, covering connect, headers and body. */
  timeoutMs: number;
  /** Extra attempts after the first for retryable failures (unreachable, timeout, 429, 5xx). */
  retries: number;
  /** First back-off; doubles per attempt, with full jitter in [delay/2, delay]. */
  baseDelayMs: number;
  /** Upper bound of one back-off. */
  maxDelayMs: number;
  /** A 429 asking to wait longer than this fails instead of waiting. */
  maxRetryAfterMs: number;
}

/** Defaults suited to production APIs: 30 s per attempt, 3 retries, 0.5 s → 10 s back-off, at most 60 s for 429. */
export const DEFAULT_HTTP_POLICY: HttpPolicy = {
  timeoutMs: 30_000,
  retries: 3,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

/** One HTTP request. */
export interface HttpRequest<T> {
  url: string;
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  headers?: Record<string, string>;
  /** JSON body. */
  body?: unknown;
  /** Multipart body instead of JSON (file uploads such as Confluence attachments); fetch sets the boundary. */
  form?: FormData;
  /** Every response is validated; a mismatch is an `invalid-response` failure naming the field. */
  schema: z.ZodType<T>;
  /** Statuses returned to the caller as data instead of failing (e.g. 404 for "no such PIT API"). */
  acceptStatus?: number[];
}

/** A validated response. */
export interface HttpResponse<T> {
  status: number;
  data: T;
  headers: Headers;
  attempts: number;
}

/** Called before each retry, for progress messages (already scrubbed). */
export type RetryListener = (info: { url: string; attempt: number; delayMs: number; reason: string }) => void;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Seconds or an HTTP date in `Retry-After`; also the `ratelimit-reset` / `x-ratelimit-reset` seconds headers. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ra = headers.get("retry-after");
  if (ra !== null) {
    const t = ra.trim();
    if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
    const at = Date.parse(t);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  for (const name of ["ratelimit-reset", "x-ratelimit-reset"]) {
    const v = headers.get(name);
    if (v === null || !/^\d+(\.\d+)?$/.test(v.trim())) continue;
    const n = Number(v.trim());
    // some APIs send an epoch second instead of a delta
    return n > 1e9 ? Math.max(0, n * 1000 - now) : Math.round(n * 1000);
  }
  return undefined;
}

/** Jittered exponential back-off for attempt `n` (0-based), bounded by the policy. */
export function backoffMs(policy: HttpPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function causeCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function zodWhere(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join(".") ?? "";
  return `${path ? `${path}: ` : ""}${issue?.message ?? "unexpected shape"}`;
}

/** A request whose answer is kept as text (webhooks answer `ok`, not JSON). */
export interface HttpTextRequest {
  url: string;
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  headers?: Record<string, string>;
  /** JSON body. */
  body?: unknown;
  /** Multipart body instead of JSON (file uploads such as Confluence attachments); fetch sets the boundary. */
  form?: FormData;
  /** How the URL appears in messages when the URL itself is a secret (webhooks); default: the scrubbed URL. */
  shownAs?: string;
}

/** A text response. */
export interface HttpTextResponse {
  status: number;
  text: string;
  headers: Headers;
  attempts: number;
}

/**
 * The one HTTP client of Debrief (collect and publish): per-attempt timeout, bounded jittered exponential back-off
 * on retryable failures (unreachable, timeout, 429, 5xx), `Retry-After` (seconds or HTTP date) honoured on 429 and
 * 503, JSON bodies validated with zod. Error messages are scrubbed of secrets.
 */
export class HttpClient {
  readonly policy: HttpPolicy;
  readonly #scrubber: Scrubber;
  readonly #onRetry: RetryListener | undefined;

  constructor(policy: HttpPolicy, scrubber: Scrubber, onRetry?: RetryListener) {
    this.policy = policy;
    this.#scrubber = scrubber;
    this.#onRetry = onRetry;
  }

  /** Send a request and validate its JSON answer, retrying what is worth retrying; throws {@link FetchFailure}. */
  async request<T>(req: HttpRequest<T>): Promise<HttpResponse<T>> {
    const shown = this.#scrubber.url(req.url);
    const res = await this.#retrying(shown, req.acceptStatus, (accept) =>
      this.#once({ ...req, accept: "application/json" }, shown, accept),
    );
    const { status, text, headers, attempts } = res;
    const accepted = req.acceptStatus?.includes(status) ?? false;
    let json: unknown;
    try {
      json = text.length === 0 && accepted ? null : JSON.parse(text);
    } catch (error) {
      throw new FetchFailure(
        "malformed-json",
        `${shown}: response is not valid JSON (${(error as Error).message}); starts with ${JSON.stringify(this.#scrubber.text(text.slice(0, 60)))}`,
        status,
      );
    }
    if (accepted && (status < 200 || status >= 300)) return { status, data: json as T, headers, attempts };
    const parsed = req.schema.safeParse(json);
    if (!parsed.success) {
      throw new FetchFailure(
        "invalid-response",
        `${shown}: unexpected response shape at ${zodWhere(parsed.error)}`,
        status,
      );
    }
    return { status, data: parsed.data, headers, attempts };
  }

  /** Send a request and keep its answer as text (a 2xx is success); throws {@link FetchFailure}. */
  async requestText(req: HttpTextRequest): Promise<HttpTextResponse> {
    const shown = req.shownAs ?? this.#scrubber.url(req.url);
    return this.#retrying(shown, undefined, (accept) => this.#once({ ...req, accept: "*/*" }, shown, accept));
  }

  async #retrying(
    shown: string,
    acceptStatus: number[] | undefined,
    once: (acceptStatus: number[] | undefined) => Promise<Omit<HttpTextResponse, "attempts">>,
  ): Promise<HttpTextResponse> {
    let last: FetchFailure | undefined;
    for (let attempt = 0; attempt <= this.policy.retries; attempt++) {
      let wait: number | undefined;
      try {
        return { ...(await once(acceptStatus)), attempts: attempt + 1 };
      } catch (error) {
        if (!(error instanceof FetchFailure)) throw error;
        last = error;
        const retryable =
          error.kind === "unreachable" ||
          error.kind === "timeout" ||
          error.kind === "rate-limited" ||
          (error.kind === "http" && error.status !== undefined && error.status >= 500);
        if (!retryable || attempt === this.policy.retries) break;
        wait = error.retryAfterMs;
        if (wait !== undefined && wait > this.policy.maxRetryAfterMs) {
          throw new FetchFailure(
            "rate-limited",
            `${shown}: rate limited; the server asks to wait ${Math.ceil(wait / 1000)} s, more than the ${Math.ceil(this.policy.maxRetryAfterMs / 1000)} s allowed`,
            429,
          );
        }
        wait ??= backoffMs(this.policy, attempt);
        this.#onRetry?.({ url: shown, attempt: attempt + 1, delayMs: wait, reason: error.message });
      }
      await sleep(wait);
    }
    throw last ?? new FetchFailure("unreachable", `${shown}: no attempt was made`);
  }

  /** One attempt: the answer's text, or a {@link FetchFailure} saying why not (status, timeout, unreachable). */
  async #once(
    req: HttpTextRequest & { accept: string },
    shown: string,
    acceptStatus: number[] | undefined,
  ): Promise<Omit<HttpTextResponse, "attempts">> {
    const signal = AbortSignal.timeout(this.policy.timeoutMs);
    const headers: Record<string, string> = { accept: req.accept, ...req.headers };
    if (req.body !== undefined && req.form === undefined) headers["content-type"] = "application/json";
    let res: Response;
    let text: string;
    try {
      res = await fetch(req.url, {
        method: req.method ?? "GET",
        headers,
        ...(req.form !== undefined
          ? { body: req.form }
          : req.body !== undefined
            ? { body: JSON.stringify(req.body) }
            : {}),
        signal,
        redirect: "follow",
      });
      text = await res.text();
    } catch (error) {
      const name = (error as Error).name;
      if (name === "TimeoutError" || name === "AbortError" || signal.aborted) {
        throw new FetchFailure("timeout", `${shown}: no answer within ${this.policy.timeoutMs} ms`);
      }
      const code = causeCode(error);
      const why = code ?? this.#scrubber.text((error as Error).message);
      throw new FetchFailure("unreachable", `${shown}: unreachable (${why})`);
    }
    const status = res.status;
    if (status === 401 || status === 403) {
      throw new FetchFailure("auth", `${shown}: HTTP ${status}: credentials missing or refused`, status);
    }
    if (status === 429) {
      throw new FetchFailure("rate-limited", `${shown}: HTTP 429: rate limited`, 429, retryAfterMs(res.headers));
    }
    const accepted = acceptStatus?.includes(status) ?? false;
    if ((status < 200 || status >= 300) && !accepted) {
      const excerpt = this.#scrubber.text(text.replace(/\s+/g, " ").slice(0, 200));
      // a 503 may say when to come back, like a 429
      const after = status === 503 ? retryAfterMs(res.headers) : undefined;
      throw new FetchFailure("http", `${shown}: HTTP ${status}${excerpt ? `: ${excerpt}` : ""}`, status, after);
    }
    return { status, text, headers: res.headers };
  }
}
