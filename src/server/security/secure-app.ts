import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { timeout } from "hono/timeout";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { OperationContext } from "../../operations/index.js";
import { concurrencyLimit } from "./concurrency-limit.js";
import { errorJson, scrubMessage } from "./error-response.js";
import { ifMatchGuard } from "./postmortem-etag.js";
import { bearerGuard, hostGuard, isLoopback, LOOPBACK_NAMES, sameOriginJson } from "./request-guards.js";

/** How `debrief serve` locks itself to its user. */
export interface ServerSecurityOptions {
  /** The workspace's API token (`.debrief/api-token`), required on every `/api` route. */
  token: string;
  /** The address the server is bound to (default 127.0.0.1). Not loopback: the token is required on every route. */
  host?: string;
  /** More names the server may be reached by (`Host` header), e.g. behind a reverse proxy. */
  allowedHosts?: readonly string[];
  /** Largest request body in bytes (default 10 MiB); larger ones get 413 without being read. */
  bodyLimit?: number;
  /** Longest a request may run, in ms (default 5 minutes); then 504. */
  timeoutMs?: number;
  /** Tool calls running at once (default 2) and waiting (default 64) before 503. */
  concurrency?: { running: number; queued: number };
  /**
   * Sign-in is configured (`src/server/auth`): its middleware then decides who may call what (the API token, a
   * session or trusted proxy headers), so the token-only guards here are not registered.
   */
  signIn?: boolean;
  /**
   * Page routes (outside `/api` and `/mcp`) accept HTML form posts; the sign-in middleware's CSRF guard must then be
   * mounted, which checks each one's token.
   */
  forms?: boolean;
  /**
   * The origin browsers use (`https://debrief.example.com`) when it differs from the one the server sees, as behind
   * a TLS-terminating proxy: state-changing requests from it count as same-origin.
   */
  publicOrigin?: string | undefined;
}

/** Default body limit: 10 MiB. */
export const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024;

/** The report pages render user text: no script at all, styles and images only inline. */
const REPORT_CSP = {
  defaultSrc: ["'none'"],
  styleSrc: ["'unsafe-inline'"],
  imgSrc: ["data:"],
  fontSrc: ["data:"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * Register the security middleware on `app`, before any route: Host check (421), security headers (CSP on every
 * HTML page), cross-site refusal and JSON-only bodies for state-changing requests (403/415, before any handler
 * runs), the bearer token on `/api` (401; on every route when bound beyond loopback), a body limit (413), a
 * timeout (504), a concurrency limit on tool calls (503), `If-Match` on post-mortem edits (412), and an error
 * handler that answers `{ error: { code, message } }` with no stack trace and no absolute path.
 */
export function applySecurity(app: Hono, ctx: OperationContext, options: ServerSecurityOptions): void {
  const host = options.host ?? "127.0.0.1";
  const workspace = ctx.workspace ?? ctx.cwd;
  // a wildcard bind (0.0.0.0, ::) listens on loopback too: health checks inside a container ask for localhost, and a
  // rebinding page never sends a loopback name as Host (it sends its own domain), so they are as safe to answer
  const wildcard = host === "0.0.0.0" || host === "::" || host === "[::]";
  const hosts = [
    ...new Set([host, ...(isLoopback(host) || wildcard ? LOOPBACK_NAMES : []), ...(options.allowedHosts ?? [])]),
  ];
  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      const status = error.status as ContentfulStatusCode;
      const code =
        status === 413 ? "PAYLOAD_TOO_LARGE" : status === 504 ? "TIMEOUT" : status === 403 ? "CROSS_SITE" : "HTTP";
      const message =
        status === 413
          ? `the request body is larger than ${options.bodyLimit ?? DEFAULT_BODY_LIMIT} bytes`
          : status === 403
            ? "cross-site requests are refused"
            : scrubMessage(error.message || "request failed", workspace);
      return errorJson(c, status, code, message);
    }
    ctx.log(`debrief serve: ${c.req.method} ${c.req.path}: ${(error as Error)?.stack ?? error}`);
    return errorJson(c, 500, "INTERNAL", "internal error (the server log has details)");
  });
  app.notFound((c) => errorJson(c, 404, "NOT_FOUND", "no such route"));

  app.use("*", hostGuard(hosts));
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: REPORT_CSP,
      referrerPolicy: "no-referrer",
      xContentTypeOptions: "nosniff",
      xFrameOptions: "DENY",
      crossOriginResourcePolicy: "same-origin",
    }),
  );
  const publicOrigin = options.publicOrigin;
  app.use(
    "*",
    csrf({ origin: (origin, c) => origin === new URL(c.req.url).origin || origin === publicOrigin }),
    sameOriginJson({ forms: options.forms ?? false, ...(publicOrigin ? { origin: publicOrigin } : {}) }),
  );
  if (!options.signIn) {
    app.use("/api/*", bearerGuard(options.token));
    if (!isLoopback(host)) app.use("*", bearerGuard(options.token));
  }
  app.use(
    "*",
    bodyLimit({
      maxSize: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
      onError: (c) =>
        errorJson(
          c,
          413,
          "PAYLOAD_TOO_LARGE",
          `the request body is larger than ${options.bodyLimit ?? DEFAULT_BODY_LIMIT} bytes`,
        ),
    }),
  );
  // the limit comes before the timeout: a request's time starts when it runs, not while it waits its turn (50
  // concurrent drafts of 12 s each on a busy 2-core machine otherwise timed out in the queue)
  app.use("/api/tools/:name", concurrencyLimit(options.concurrency ?? { running: 2, queued: 64 }));
  app.use("*", timeout(options.timeoutMs ?? 300_000));
  app.use("/api/tools/:name", ifMatchGuard(ctx));
  // error bodies written by routes go through the same scrubber: no absolute path leaves the server
  app.use("*", async (c, next) => {
    await next();
    if (c.res.status < 400 || !c.res.headers.get("content-type")?.includes("application/json")) return;
    const body = (await c.res
      .clone()
      .json()
      .catch(() => undefined)) as { error?: { code?: unknown; message?: unknown } } | undefined;
    if (typeof body?.error?.message !== "string") return;
    const message = scrubMessage(body.error.message, workspace);
    if (message === body.error.message) return;
    const headers = new Headers(c.res.headers);
    headers.delete("content-length");
    c.res = new Response(JSON.stringify({ ...body, error: { ...body.error, message } }), {
      status: c.res.status,
      headers,
    });
  });
}
