import { resolve } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { DebriefError, isDebriefError } from "../model/debrief-error.js";
import {
  type AnyOperation,
  errorCode,
  errorMapping,
  findOperation,
  OPERATIONS,
  type OperationContext,
  parseOperationInput,
} from "../operations/index.js";
import { type AuthConfig, loadAuthConfig, signInConfigured } from "./auth/auth-config.js";
import { mountAuth } from "./auth/mount-auth.js";
import { loadOrCreateApiToken } from "./security/api-token.js";
import { registerPostmortemEtags } from "./security/postmortem-etag.js";
import { bearerGuard, isLoopback } from "./security/request-guards.js";
import { applySecurity, type ServerSecurityOptions } from "./security/secure-app.js";
import { mountWebPages, webPagePolicy } from "./web/web-app.js";
import { type TeamStoreHandle, teamStoreHandle } from "./web/web-context.js";

/** Options of {@link createHttpApp}. */
export interface HttpServerOptions {
  /** The workspace (folder of incident folders) the server exposes; nothing outside it is readable. */
  workspace: string;
  version: string;
  env?: Record<string, string | undefined>;
  log?: (message: string) => void;
  /** The operations the API offers (default: all of them). */
  operations?: readonly AnyOperation[];
  /**
   * The MCP server over streamable HTTP, mounted at `/mcp` behind the same security as the API (token always
   * required). Passed in by the caller so this adapter does not import the MCP one.
   */
  mcp?: ((request: Request, access?: Pick<OperationContext, "scope" | "team">) => Promise<Response>) | undefined;
  /** Token, Host names, limits: see {@link applySecurity}. Required, so no app is ever built unlocked. */
  security: ServerSecurityOptions;
  /**
   * The team store the web pages (and sign-in) use; default: opened on first use for the workspace
   * (`DEBRIEF_DATABASE_URL` when set, else `.debrief/team.sqlite`).
   */
  teamStore?: TeamStoreHandle | undefined;
  /**
   * Sign-in settings (OIDC, GitHub, trusted proxy headers; see `src/server/auth`); default: read from the
   * workspace's `.debriefrc.yaml` and the environment. None configured: every request is the local user.
   */
  auth?: AuthConfig | undefined;
}

/** The HTTP status of any thrown value, from the one error table the CLI and the MCP server also use. */
function statusOf(error: unknown): 400 | 403 | 404 | 409 | 500 | 502 {
  return errorMapping(error).httpStatus;
}

/**
 * The HTTP API: Debrief's operations (the same ones the MCP server and the CLI run) under `POST /api/tools/:name`
 * (JSON body validated by the operation's zod schema), a tool list, health, and a small browsable index of the
 * workspace's incidents with their rendered reports. Every path argument is resolved inside the workspace
 * (symlinks followed) and refused outside it; errors map to statuses through the one error table.
 */
export function createHttpApp(options: HttpServerOptions): Hono {
  const app = new Hono();
  const workspace = resolve(options.workspace);
  const ctx: OperationContext = {
    cwd: workspace,
    workspace,
    env: options.env ?? process.env,
    log: options.log ?? ((m) => process.stderr.write(`${m}\n`)),
  };
  const operations = options.operations ?? OPERATIONS;
  const stores = options.teamStore ?? teamStoreHandle({ workspace, env: ctx.env });
  // web pages: registered before the security layer so their script-allowing policy replaces the reports' one
  app.use("*", webPagePolicy());
  const authConfig = options.auth ?? loadAuthConfig(workspace, ctx.env);
  const signIn = signInConfigured(authConfig);
  applySecurity(app, ctx, {
    ...options.security,
    signIn,
    forms: true,
    ...(authConfig.publicUrl ? { publicOrigin: authConfig.publicUrl.origin } : {}),
  });
  // who each request acts for (c.var.scope), CSRF tokens on forms, sign-in and admin routes, audit of page views
  mountAuth(app, {
    ctx,
    config: authConfig,
    apiToken: options.security.token,
    store: () => stores.get(),
    fresh: (force) => stores.fresh(force),
    operations,
  });
  // after the sign-in middleware, so the route reads the post-mortem as the request's user (a private incident is
  // 404 for a non-member); registered inside applySecurity it ran before sign-in and served any post-mortem
  registerPostmortemEtags(app, ctx);
  // operations run as the request's user: roles, private incidents and the audit log apply (operations/)
  const runAs = (c: Context): OperationContext => ({ ...ctx, scope: c.get("scope"), team: () => stores.get() });

  const mcp = options.mcp;
  if (mcp) {
    // the MCP endpoint runs the same operations as /api/tools: the token (on loopback too), or with sign-in
    // configured, whatever the sign-in middleware accepted (token, session, trusted proxy)
    if (signIn) app.all("/mcp", (c) => mcp(c.req.raw, { scope: c.get("scope"), team: () => stores.get() }));
    else app.all("/mcp", bearerGuard(options.security.token), (c) => mcp(c.req.raw, runAs(c)));
  }
  app.get("/api/health", (c) => c.json({ status: "ok", version: options.version }));
  app.get("/api/tools", (c) =>
    c.json(
      operations.map((o) => ({
        name: o.name,
        title: o.title,
        description: o.description,
        readOnly: o.annotations.readOnly,
        annotations: o.annotations,
        input: z.toJSONSchema(o.input, { io: "input" }),
      })),
    ),
  );
  app.post("/api/tools/:name", async (c) => {
    const operation = findOperation(c.req.param("name"), operations);
    if (!operation) return c.json({ error: { code: "NOT_FOUND", message: `no tool ${c.req.param("name")}` } }, 404);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: { code: "USAGE", message: "the request body must be a JSON object" } }, 400);
    }
    try {
      // every path argument goes through resolveInWorkspace inside the operation: the API is a window onto the
      // workspace, not onto the disk
      return c.json(await operation.run(parseOperationInput(operation, body), runAs(c)));
    } catch (error) {
      if (!isDebriefError(error)) ctx.log(`debrief serve: ${operation.name}: ${(error as Error)?.stack ?? error}`);
      const message = isDebriefError(error) ? error.toString() : "internal error (the server log has details)";
      return c.json({ error: { code: errorCode(error), message } }, statusOf(error));
    }
  });
  mountWebPages(app, { ctx, workspace, stores });
  return app;
}

/**
 * Start the HTTP server; resolves with the server, the port it listens on and the API token (the workspace's
 * `.debrief/api-token`, created on first start, unless `security.token` is given).
 */
export async function startHttpServer(
  options: Omit<HttpServerOptions, "security"> & {
    host?: string;
    port?: number;
    security?: Partial<ServerSecurityOptions>;
  },
): Promise<{ server: ServerType; port: number; token: string; tokenCreated: boolean; close(): Promise<void> }> {
  const host = options.host ?? "127.0.0.1";
  const env = options.env ?? process.env;
  const authConfig = options.auth ?? loadAuthConfig(resolve(options.workspace), env);
  if (!isLoopback(host) && !signInConfigured(authConfig)) {
    throw new DebriefError(
      "USAGE",
      `no sign-in is configured, so Debrief serves this machine only (127.0.0.1) and refuses --host ${host}: configure OIDC (DEBRIEF_OIDC_ISSUER, DEBRIEF_OIDC_CLIENT_ID), GitHub (DEBRIEF_GITHUB_CLIENT_ID/SECRET) or a trusted proxy (DEBRIEF_TRUSTED_PROXY_USER_HEADER, DEBRIEF_TRUSTED_PROXY_ADDRESSES) to serve a team; see debrief serve --help`,
    );
  }
  const stored = options.security?.token ? undefined : await loadOrCreateApiToken(resolve(options.workspace));
  const token = options.security?.token ?? stored?.token ?? "";
  // the database URL may come from .debriefrc.yaml as well as from DEBRIEF_DATABASE_URL
  const storeEnv = authConfig.databaseUrl ? { ...env, DEBRIEF_DATABASE_URL: authConfig.databaseUrl } : env;
  const teamStore = options.teamStore ?? teamStoreHandle({ workspace: resolve(options.workspace), env: storeEnv });
  const allowedHosts = [
    ...(options.security?.allowedHosts ?? []),
    ...(authConfig.publicUrl ? [authConfig.publicUrl.hostname] : []),
  ];
  const app = createHttpApp({
    ...options,
    auth: authConfig,
    teamStore,
    security: { ...options.security, token, host, allowedHosts },
  });
  return new Promise((done, fail) => {
    const server = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 4477 }, (info) =>
      done({
        server,
        port: info.port,
        token,
        tokenCreated: stored?.created ?? false,
        close: () => new Promise<void>((ok) => server.close(() => ok())).then(() => teamStore.close()),
      }),
    );
    server.on("error", fail);
  });
}
