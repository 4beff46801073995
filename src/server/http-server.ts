import { readdir, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { Hono } from "hono";
import { z } from "zod";
import { isDebriefError } from "../model/debrief-error.js";
import {
  type AnyOperation,
  errorCode,
  errorMapping,
  findOperation,
  OPERATIONS,
  type OperationContext,
  parseOperationInput,
  resolveInWorkspace,
} from "../operations/index.js";
import { loadReportInput, renderHtml } from "../report/index.js";
import { loadOrCreateApiToken } from "./security/api-token.js";
import { bearerGuard } from "./security/request-guards.js";
import { applySecurity, type ServerSecurityOptions } from "./security/secure-app.js";

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
  mcp?: ((request: Request) => Promise<Response>) | undefined;
  /** Token, Host names, limits: see {@link applySecurity}. Required, so no app is ever built unlocked. */
  security: ServerSecurityOptions;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The HTTP status of any thrown value, from the one error table the CLI and the MCP server also use. */
function statusOf(error: unknown): 400 | 403 | 404 | 409 | 500 | 502 {
  return errorMapping(error).httpStatus;
}

async function listIncidents(workspace: string): Promise<string[]> {
  const entries = await readdir(workspace, { withFileTypes: true });
  const dirs: string[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith(".")) continue;
    try {
      if ((await stat(join(workspace, e.name, "postmortem.md"))).isFile()) dirs.push(e.name);
    } catch {
      // a folder without a post-mortem is not an incident folder
    }
  }
  return dirs.sort();
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
  applySecurity(app, ctx, options.security);

  const mcp = options.mcp;
  if (mcp) {
    // the MCP endpoint runs the same operations as /api/tools: the same token, on loopback too
    app.all("/mcp", bearerGuard(options.security.token), (c) => mcp(c.req.raw));
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
      return c.json(await operation.run(parseOperationInput(operation, body), ctx));
    } catch (error) {
      if (!isDebriefError(error)) ctx.log(`debrief serve: ${operation.name}: ${(error as Error)?.stack ?? error}`);
      const message = isDebriefError(error) ? error.toString() : "internal error (the server log has details)";
      return c.json({ error: { code: errorCode(error), message } }, statusOf(error));
    }
  });
  app.get("/", async (c) => {
    const incidents = await listIncidents(workspace);
    const rows = incidents
      .map((d) => `<li><a href="/incidents/${encodeURIComponent(d)}/report">${escapeHtml(d)}</a></li>`)
      .join("");
    return c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Debrief</title><style>body{font:15px system-ui,sans-serif;max-width:760px;margin:40px auto;padding:0 20px}</style></head><body><h1>Debrief</h1><p>${incidents.length} incident(s) in ${escapeHtml(basename(workspace))}</p><ul>${rows}</ul><p>API: <code>GET /api/tools</code>, <code>POST /api/tools/:name</code></p></body></html>`,
    );
  });
  app.get("/incidents/:dir/report", async (c) => {
    const dir = c.req.param("dir");
    if (dir.includes("/") || dir.startsWith(".")) return c.text("not found", 404);
    try {
      const input = await loadReportInput(resolveInWorkspace(ctx, join(dir, "postmortem.md")));
      return c.html(renderHtml(input).html);
    } catch (error) {
      return c.text(isDebriefError(error) ? error.toString() : "internal error", statusOf(error));
    }
  });
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
  const stored = options.security?.token ? undefined : await loadOrCreateApiToken(resolve(options.workspace));
  const token = options.security?.token ?? stored?.token ?? "";
  const app = createHttpApp({ ...options, security: { ...options.security, token, host } });
  return new Promise((done, fail) => {
    const server = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 4477 }, (info) =>
      done({
        server,
        port: info.port,
        token,
        tokenCreated: stored?.created ?? false,
        close: () => new Promise<void>((ok) => server.close(() => ok())),
      }),
    );
    server.on("error", fail);
  });
}
