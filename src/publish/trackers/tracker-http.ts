import type { z } from "zod";
import { DebriefError } from "../../model/debrief-error.js";
import { DEFAULT_HTTP_POLICY, FetchFailure, HttpClient, type HttpPolicy } from "../../util/http-client.js";
import { Scrubber } from "../../util/scrub.js";
import type { TrackerContext } from "./tracker-types.js";

/** Statuses whose body the vendor fills with a reason worth showing; the rest are mapped by status alone. */
const WITH_REASON = [400, 404, 409, 410, 412, 422];

/** One request to a tracker's API. */
export interface VendorRequest<T> {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  schema: z.ZodType<T>;
  /** What the request does, for messages: `creating an issue`. */
  what: string;
  /** Statuses that are an answer, not a failure (e.g. 404 for "no such issue" while searching). */
  accept?: number[];
  /**
   * A vendor that signals rate limits in the body (Linear: HTTP 400 with `RATELIMITED`): the wait it asks for, in
   * ms, or undefined when the answer is not a rate limit. Waited out like a 429, within the same bounds.
   */
  rateLimitedFor?: (status: number, body: unknown, headers: Headers) => number | undefined;
}

/**
 * The HTTP side of a tracker plugin: every request goes through Debrief's one {@link HttpClient} (timeout, bounded
 * jittered back-off on 429/5xx, Retry-After honoured), and every failure becomes a one-line {@link DebriefError}
 * naming the tracker, what was being done and the vendor's own reason, with credentials scrubbed:
 * 401/403 → AUTH, 404/410 → INPUT_NOT_FOUND, 400/412/422 → INPUT_INVALID, 409 → CONFLICT, anything else → NETWORK.
 */
export class VendorHttp {
  readonly baseUrl: string;
  readonly #client: HttpClient;
  readonly #scrubber: Scrubber;
  readonly #headers: Record<string, string>;
  readonly #title: string;
  readonly #reason: (body: unknown) => string;
  readonly #authHint: string;
  readonly #onRetry: ((message: string) => void) | undefined;

  constructor(options: {
    title: string;
    baseUrl: string;
    headers: Record<string, string>;
    secrets: Array<string | undefined>;
    /** The vendor's error text from an error body. */
    reason: (body: unknown) => string;
    /** What to check after a 401/403, e.g. `check JIRA_EMAIL and JIRA_API_TOKEN`. */
    authHint: string;
    ctx: TrackerContext;
  }) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#scrubber = new Scrubber();
    for (const s of options.secrets) this.#scrubber.add(s);
    const policy: HttpPolicy = { ...DEFAULT_HTTP_POLICY, timeoutMs: 20_000, ...options.ctx.http };
    const onRetry = options.ctx.onRetry;
    this.#client = new HttpClient(
      policy,
      this.#scrubber,
      onRetry ? (i) => onRetry(`${options.title}: retrying in ${i.delayMs} ms: ${i.reason}`) : undefined,
    );
    this.#headers = { "user-agent": "debrief", ...options.headers };
    this.#title = options.title;
    this.#reason = options.reason;
    this.#authHint = options.authHint;
    this.#onRetry = onRetry;
  }

  /** Send a request; the status and validated body of a success (or of an `accept`ed status). */
  async send<T>(req: VendorRequest<T>): Promise<{ status: number; data: T; headers: Headers }> {
    for (let attempt = 0; ; attempt++) {
      const res = await this.#sendOnce(req);
      const wait = req.rateLimitedFor?.(res.status, res.data, res.headers);
      if (wait === undefined) return this.#answer(req, res);
      const policy = this.#client.policy;
      if (attempt >= policy.retries || wait > policy.maxRetryAfterMs) {
        throw new DebriefError(
          "NETWORK",
          `${this.#title}: ${req.what} failed: rate limited${attempt >= policy.retries ? ` after ${attempt + 1} attempts` : `; the server asks to wait ${Math.ceil(wait / 1000)} s`}`,
          { details: { status: res.status, kind: "rate-limited" } },
        );
      }
      this.#onRetry?.(`${this.#title}: rate limited; retrying in ${wait} ms`);
      await new Promise((r) => setTimeout(r, Math.max(wait, 0)));
    }
  }

  async #sendOnce<T>(req: VendorRequest<T>): Promise<{ status: number; data: unknown; headers: Headers }> {
    const url = new URL(`${this.baseUrl}${req.path}`);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const accept = [...WITH_REASON, ...(req.accept ?? []), 204];
    let res: Awaited<ReturnType<HttpClient["request"]>>;
    try {
      res = await this.#client.request({
        url: url.toString(),
        method: req.method ?? "GET",
        headers: this.#headers,
        ...(req.body !== undefined ? { body: req.body } : {}),
        schema: req.schema as z.ZodType<unknown>,
        acceptStatus: accept,
      });
    } catch (error) {
      throw this.failure(req.what, error);
    }
    return res;
  }

  #answer<T>(
    req: VendorRequest<T>,
    res: { status: number; data: unknown; headers: Headers },
  ): { status: number; data: T; headers: Headers } {
    if ((req.accept ?? []).includes(res.status) || res.status === 204) {
      return { status: res.status, data: res.data as T, headers: res.headers };
    }
    if (res.status >= 400) {
      const reason = this.#scrubber.text(this.#reason(res.data)).replace(/\s+/g, " ").trim().slice(0, 300);
      throw this.statusError(req.what, res.status, reason);
    }
    return { status: res.status, data: res.data as T, headers: res.headers };
  }

  /** The DebriefError for an HTTP status the vendor answered with. */
  statusError(what: string, status: number, reason: string): DebriefError {
    const code =
      status === 401 || status === 403
        ? "AUTH"
        : status === 404 || status === 410
          ? "INPUT_NOT_FOUND"
          : status === 409
            ? "CONFLICT"
            : status === 400 || status === 412 || status === 422
              ? "INPUT_INVALID"
              : "NETWORK";
    const hint = code === "AUTH" ? `; ${this.#authHint}` : "";
    return new DebriefError(
      code,
      `${this.#title}: ${what} failed (HTTP ${status})${reason ? `: ${reason}` : ""}${hint}`,
      { details: { status } },
    );
  }

  /** A failure of the HTTP client (after its retries) as a DebriefError without secrets or stack. */
  failure(what: string, error: unknown): DebriefError {
    if (error instanceof DebriefError) return error;
    if (error instanceof FetchFailure) {
      if (error.kind === "auth") return this.statusError(what, error.status ?? 401, "credentials refused");
      const why = error.message.replace(/^\S+: /, "");
      return new DebriefError("NETWORK", `${this.#title}: ${what} failed: ${this.#scrubber.text(why)}`, {
        details: { ...(error.status ? { status: error.status } : {}), kind: error.kind },
      });
    }
    return new DebriefError("NETWORK", `${this.#title}: ${what} failed: ${this.#scrubber.text(String(error))}`);
  }
}

/** A required credential, or an AUTH error naming it (never its value). */
export function requireCredential(ctx: TrackerContext, name: string, title: string): string {
  const value = ctx.credentials[name];
  if (!value) {
    throw new DebriefError(
      "AUTH",
      `${name} is not set: ${title} needs it (environment, or the credentials file named by credentialsFile)`,
    );
  }
  return value;
}

/** An owner cell mapped through a `users:` table (`@dvolkov` → `dvolkov@example.com`), else the cell itself. */
export function mapUser(owner: string | null, users: Record<string, string> | undefined): string | null {
  if (!owner?.trim()) return null;
  const trimmed = owner.trim();
  return users?.[trimmed] ?? users?.[trimmed.replace(/^@/, "")] ?? trimmed;
}
