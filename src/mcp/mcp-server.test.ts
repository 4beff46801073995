import { existsSync } from "node:fs";
import { cp, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPERATIONS } from "../operations/index.js";
import { createMcpServer, serveMcpStdio } from "./mcp-server.js";

const example = join(import.meta.dirname, "..", "..", "examples", "incidents", "api-degradation");
let workspace: string;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), "debrief-mcp-"));
  await cp(example, join(workspace, "inc"), { recursive: true });
  await symlink("/", join(workspace, "rootlink"));
  await writeFile(
    join(workspace, "inc", "postmortem.md"),
    "---\nid: INC-1\ntitle: Orders API degradation\nseverity: SEV2\nstatus: draft\n---\n\n# Orders API degradation\n\n## Impact\n\nSome requests failed.\n",
  );
});
afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

async function connect(flags: { allowWrite?: boolean; allowPublish?: boolean } = {}): Promise<Client> {
  const server = createMcpServer({ cwd: workspace, version: "test", env: {}, log: () => {}, ...flags });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "test", version: "1" });
  await client.connect(clientSide);
  return client;
}

function textOf(result: Awaited<ReturnType<Client["callTool"]>>): string {
  return (result.content as Array<{ text?: string }>).map((c) => c.text ?? "").join("");
}

describe("MCP tools come from the operations, with accurate annotations", () => {
  it("lists every operation once, with its four hints", async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(OPERATIONS.map((o) => o.name).sort());
    for (const op of OPERATIONS) {
      const tool = tools.find((t) => t.name === op.name);
      expect(tool?.annotations, op.name).toMatchObject({
        readOnlyHint: op.annotations.readOnly,
        destructiveHint: op.annotations.destructive,
        idempotentHint: op.annotations.idempotent,
        openWorldHint: op.annotations.openWorld,
      });
    }
    const hints = Object.fromEntries(tools.map((t) => [t.name, t.annotations]));
    expect(hints.evidence_inventory?.readOnlyHint).toBe(true);
    expect(hints.workspace_search?.readOnlyHint).toBe(false); // it refreshes .debrief/index.sqlite
    expect(hints.report_render?.destructiveHint).toBe(true);
    expect(hints.publish?.openWorldHint).toBe(true);
    expect(hints.publish_preview?.openWorldHint).toBe(false);
    await client.close();
  });
});

describe("MCP permissions", () => {
  it("is read-only by default: writes are refused and nothing is created", async () => {
    const client = await connect();
    const init = await client.callTool({
      name: "postmortem_init",
      arguments: { dir: "new-inc", title: "x", start: "2025-02-09T10:00:00Z", severity: "SEV2" },
    });
    expect(init.isError).toBe(true);
    expect(textOf(init)).toMatch(/^PERMISSION_DENIED: .*--allow-write/);
    expect(existsSync(join(workspace, "new-inc"))).toBe(false);
    const render = await client.callTool({ name: "report_render", arguments: { file: "inc/postmortem.md" } });
    expect(textOf(render)).toMatch(/^PERMISSION_DENIED/);
    const draft = await client.callTool({ name: "postmortem_draft", arguments: { dir: "inc" } });
    expect(textOf(draft)).toMatch(/^PERMISSION_DENIED/);
    // reading still works
    const lint = await client.callTool({ name: "postmortem_lint", arguments: { files: ["inc"] } });
    expect(lint.isError).toBeFalsy();
    await client.close();
  });

  it("with --allow-write, writes run, still confined to the workspace", async () => {
    const client = await connect({ allowWrite: true });
    const init = await client.callTool({
      name: "postmortem_init",
      arguments: { dir: "new-inc", title: "Checkout", start: "2025-02-09T10:00:00Z", severity: "SEV2" },
    });
    expect(init.isError).toBeFalsy();
    expect(existsSync(join(workspace, "new-inc", "postmortem.md"))).toBe(true);
    for (const dir of ["../escaped", "/tmp/debrief-escaped", "rootlink/tmp/debrief-escaped", "%2e%2e/escaped"]) {
      const r = await client.callTool({
        name: "postmortem_init",
        arguments: { dir, title: "x", start: "2025-02-09T10:00:00Z", severity: "SEV2" },
      });
      expect(textOf(r), dir).toMatch(/^PATH_OUTSIDE_WORKSPACE: /);
    }
    expect(existsSync("/tmp/debrief-escaped")).toBe(false);
    await client.close();
  });

  it("publishes only with --allow-publish and only after a preview of the same input in the same session", async () => {
    const denied = await connect({ allowWrite: true });
    const noFlag = await denied.callTool({ name: "publish", arguments: { dir: "inc" } });
    expect(textOf(noFlag)).toMatch(/^PERMISSION_DENIED: .*--allow-publish/);
    await denied.close();

    const client = await connect({ allowPublish: true });
    const early = await client.callTool({ name: "publish", arguments: { dir: "inc", pdf: false } });
    expect(textOf(early)).toMatch(/^PERMISSION_DENIED: .*publish_preview/);
    const preview = await client.callTool({ name: "publish_preview", arguments: { dir: "inc", pdf: false } });
    expect(preview.isError, textOf(preview)).toBeFalsy();
    const other = await client.callTool({
      name: "publish",
      arguments: { dir: "inc", pdf: false, link: "https://x.example/r" },
    });
    expect(textOf(other)).toMatch(/^PERMISSION_DENIED: .*publish_preview/);
    const after = await client.callTool({ name: "publish", arguments: { dir: "inc", pdf: false } });
    expect(textOf(after)).not.toMatch(/PERMISSION_DENIED/);
    await client.close();

    // a new session starts without previews
    const fresh = await connect({ allowPublish: true });
    const again = await fresh.callTool({ name: "publish", arguments: { dir: "inc", pdf: false } });
    expect(textOf(again)).toMatch(/^PERMISSION_DENIED: .*publish_preview/);
    await fresh.close();
  });

  it("parses input like the CLI: a time without a zone is refused", async () => {
    const client = await connect();
    const r = await client.callTool({
      name: "timeline_build",
      arguments: { paths: ["inc/evidence"], from: "2025-02-09T10:00:00" },
    });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/zone/);
    await client.close();
  });

  it("reads resources only inside the workspace, symlinks followed", async () => {
    const client = await connect();
    const ok = await client.readResource({ uri: "debrief://file/inc/debrief.yaml" });
    expect((ok.contents[0] as { text: string }).text).toMatch(/window/);
    await expect(client.readResource({ uri: "debrief://file/rootlink/etc/hostname" })).rejects.toThrow();
    await expect(client.readResource({ uri: "debrief://file/../../etc/hostname" })).rejects.toThrow();
    await client.close();
  });
});

describe("MCP over stdio (line transport)", () => {
  async function session(lines: string[]): Promise<{ replies: unknown[]; ended: boolean }> {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = "";
    output.on("data", (c: Buffer) => {
      text += c.toString("utf8");
    });
    const done = serveMcpStdio({ cwd: workspace, version: "test", env: {}, log: () => {}, input, output });
    for (const line of lines) input.write(`${line}\n`);
    input.end();
    await done;
    return {
      replies: text
        .split("\n")
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l)),
      ended: true,
    };
  }

  it("ends cleanly at end of input", async () => {
    expect((await session([])).ended).toBe(true);
  });

  it("answers malformed JSON with -32700 and a non-JSON-RPC object with -32600, then keeps serving", async () => {
    const init = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    };
    const { replies } = await session([
      "{not json",
      JSON.stringify({ hello: "world", id: 7 }),
      "",
      JSON.stringify(init),
      JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
      JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
    ]);
    expect(replies[0]).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32700, message: expect.any(String) } });
    expect(replies[1]).toMatchObject({ jsonrpc: "2.0", id: 7, error: { code: -32600 } });
    expect(replies[2]).toMatchObject({ id: 1, result: { serverInfo: { name: "debrief" } } });
    expect((replies[3] as { result: { tools: unknown[] } }).result.tools.length).toBe(OPERATIONS.length);
  });

  it("answers a request still running when the input ends before closing", async () => {
    const init = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    };
    const call = {
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "evidence_inventory", arguments: { paths: ["inc/evidence/alerts.json"] } },
    };
    const { replies } = await session([
      JSON.stringify(init),
      JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
      JSON.stringify(call),
    ]);
    const answer = replies.find((r) => (r as { id?: number }).id === 2) as {
      result: { content: Array<{ text: string }> };
    };
    expect(answer.result.content[0]?.text).toContain("alertmanager-json");
  });
});
