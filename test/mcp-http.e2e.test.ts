import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMcpHttpHandler } from "../src/mcp/index.js";
import { startHttpServer } from "../src/server/index.js";

/** `debrief serve` also speaks MCP over streamable HTTP at /mcp, behind the API's token, Host and Origin checks. */
const token = "t".repeat(43);
let workspace: string;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), "debrief-mcp-http-"));
  await cp(join(import.meta.dirname, "..", "examples", "incidents", "api-degradation"), join(workspace, "inc"), {
    recursive: true,
  });
  await writeFile(
    join(workspace, "inc", "postmortem.md"),
    "---\nid: INC-7\ntitle: Checkout errors\nseverity: SEV2\n---\n\n# Checkout errors\n\n## Summary\n\nPeople wrote this.\n",
  );
  const started = await startHttpServer({
    workspace,
    version: "test",
    env: {},
    log: () => {},
    port: 0,
    security: { token },
    mcp: createMcpHttpHandler({ cwd: workspace, version: "test", env: {}, log: () => {}, allowWrite: true }),
  });
  base = `http://127.0.0.1:${started.port}`;
  close = started.close;
});
afterAll(async () => {
  await close?.();
  await rm(workspace, { recursive: true, force: true });
});

const initialize = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
});
const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };

describe("MCP over streamable HTTP in debrief serve", () => {
  it("refuses a call without the token, from another Host, or from another origin", async () => {
    expect((await fetch(`${base}/mcp`, { method: "POST", headers, body: initialize })).status).toBe(401);
    const auth = { ...headers, authorization: `Bearer ${token}` };
    // fetch will not send another Host header, so ask with node:http as a DNS-rebinding page effectively would
    const rebinding = await new Promise<{ status: number }>((done, fail) => {
      const req = request(`${base}/mcp`, { method: "POST", headers: { ...auth, host: "evil.example" } }, (res) => {
        res.resume();
        done({ status: res.statusCode ?? 0 });
      });
      req.on("error", fail);
      req.end(initialize);
    });
    expect(rebinding.status).toBe(421);
    const crossSite = await fetch(`${base}/mcp`, {
      method: "POST",
      headers: { ...auth, origin: "https://evil.example", "content-type": "text/plain" },
      body: initialize,
    });
    expect(crossSite.status).toBe(403);
  });

  it("runs tools and reads resources for the SDK client with the token", async () => {
    const client = new Client({ name: "http-test", version: "1" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(["postmortem_card", "timeline_build"]));
    const inventory = await client.callTool({ name: "evidence_inventory", arguments: { paths: ["inc/evidence"] } });
    expect(inventory.isError).toBeFalsy();
    expect((inventory.structuredContent as { summary: string }).summary).toMatch(/evidence source/);
    const outside = await client.callTool({ name: "evidence_inventory", arguments: { paths: ["../"] } });
    expect(outside.isError).toBe(true);
    const incident = await client.readResource({ uri: "incident://INC-7" });
    expect((incident.contents[0] as { text: string }).text).toContain('"id":"INC-7"');
    // publish needs a preview in the same session, which a stateless endpoint does not have
    const publish = await client.callTool({ name: "publish", arguments: { dir: "inc" } });
    expect(publish.isError).toBe(true);
    await client.close();
  });
});
