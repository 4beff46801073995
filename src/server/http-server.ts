import { readdir, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { Hono } from "hono";
import { z } from "zod";
import type { McpToolContext } from "../mcp/mcp-tool.js";
import { MCP_TOOLS } from "../mcp/tools/index.js";
import { isDebriefError } from "../model/debrief-error.js";
import { loadReportInput, renderHtml } from "../report/index.js";

/** Options of {@link createHttpApp}. */
export interface HttpServerOptions {
  /** The workspace (folder of incident folders) the server exposes; nothing outside it is readable. */
  workspace: string;
  version: string;
  env?: Record<string, string | undefined>;
  log?: (message: string) => void;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Map Debrief error codes to HTTP statuses: the caller's mistakes are 4xx, everything else 5xx. */
function statusOf(error: unknown): 400 | 404 | 409 | 502 | 500 {
  if (!isDebriefError(error)) return 500;
  switch (error.code) {
    case "INPUT_NOT_FOUND":
      return 404;
    case "USAGE":
    case "INPUT_INVALID":
    case "INPUT_UNREADABLE":
    case "CONFIG_INVALID":
      return 400;
    case "CONFLICT":
      return 409;
    case "NETWORK":
    case "EXTERNAL_TOOL":
      return 502;
    default:
      return 500;
  }
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
 * The HTTP API: the same tools as the MCP server under `POST /api/tools/:name` (JSON body validated by the tool's
 * zod schema), a tool list, health, and a small browsable index of the workspace's incidents with their rendered
 * reports. Paths in requests are resolved inside the workspace and refused outside it.
 */
export function createHttpApp(options: HttpServerOptions): Hono {
  const app = new Hono();
  const workspace = resolve(options.workspace);
  const ctx: McpToolContext = {
    cwd: workspace,
    env: options.env ?? process.env,
    log: options.log ?? ((m) => process.stderr.write(`${m}\n`)),
  };
  const inside = (p: string) => {
    const rel = relative(workspace, resolve(workspace, p));
    return !(rel.startsWith("..") || isAbsolute(rel));
  };

  app.get("/api/health", (c) => c.json({ status: "ok", version: options.version }));
  app.get("/api/tools", (c) =>
    c.json(
      MCP_TOOLS.map((t) => ({
        name: t.name,
        title: t.title,
        description: t.description,
        readOnly: t.readOnly,
        input: z.toJSONSchema(z.object(t.input)),
      })),
    ),
  );
  app.post("/api/tools/:name", async (c) => {
    const tool = MCP_TOOLS.find((t) => t.name === c.req.param("name"));
    if (!tool) return c.json({ error: { code: "NOT_FOUND", message: `no tool ${c.req.param("name")}` } }, 404);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: { code: "USAGE", message: "the request body must be a JSON object" } }, 400);
    }
    const parsed = z.object(tool.input).safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return c.json(
        { error: { code: "USAGE", message: `${issue?.path.join(".") || "(body)"}: ${issue?.message ?? "invalid"}` } },
        400,
      );
    }
    const args = parsed.data as Record<string, unknown>;
    // every path-like argument must stay in the workspace: the API is a window onto it, not onto the disk
    for (const key of ["paths", "files", "file", "dir", "out", "workspace"]) {
      const v = args[key];
      const values = Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
      for (const p of values) {
        if (typeof p === "string" && !inside(p)) {
          return c.json({ error: { code: "USAGE", message: `${key}: ${p} is outside the workspace` } }, 400);
        }
      }
    }
    try {
      return c.json(await tool.run(args, ctx));
    } catch (error) {
      const message = isDebriefError(error) ? error.toString() : (error as Error).message;
      const code = isDebriefError(error) ? error.code : "INTERNAL";
      return c.json({ error: { code, message } }, statusOf(error));
    }
  });
  app.get("/", async (c) => {
    const incidents = await listIncidents(workspace);
    const rows = incidents
      .map((d) => `<li><a href="/incidents/${encodeURIComponent(d)}/report">${escapeHtml(d)}</a></li>`)
      .join("");
    return c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Debrief</title><style>body{font:15px system-ui,sans-serif;max-width:760px;margin:40px auto;padding:0 20px}</style></head><body><h1>Debrief</h1><p>${incidents.length} incident(s) in ${escapeHtml(workspace)}</p><ul>${rows}</ul><p>API: <code>GET /api/tools</code>, <code>POST /api/tools/:name</code></p></body></html>`,
    );
  });
  app.get("/incidents/:dir/report", async (c) => {
    const dir = c.req.param("dir");
    if (!inside(dir) || dir.includes("/") || dir.startsWith(".")) return c.text("not found", 404);
    try {
      const input = await loadReportInput(join(workspace, dir, "postmortem.md"));
      return c.html(renderHtml(input).html);
    } catch (error) {
      return c.text(isDebriefError(error) ? error.toString() : "internal error", statusOf(error));
    }
  });
  return app;
}

/** Start the HTTP server; resolves with the server and the port it listens on. */
export async function startHttpServer(
  options: HttpServerOptions & { host?: string; port?: number },
): Promise<{ server: ServerType; port: number; close(): Promise<void> }> {
  const app = createHttpApp(options);
  return new Promise((done, fail) => {
    const server = serve(
      { fetch: app.fetch, hostname: options.host ?? "127.0.0.1", port: options.port ?? 4477 },
      (info) =>
        done({
          server,
          port: info.port,
          close: () => new Promise<void>((ok) => server.close(() => ok())),
        }),
    );
    server.on("error", fail);
  });
}
