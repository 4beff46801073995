import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const example = join(root, "examples", "incidents", "api-degradation");
let client: Client;

beforeAll(async () => {
  client = new Client({ name: "debrief-test", version: "1.0.0" });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(root, "bin", "debrief.js"), "mcp", "--cwd", example],
    stderr: "pipe",
  });
  await client.connect(transport);
}, 60_000);

afterAll(async () => {
  await client?.close();
});

function textOf(result: Awaited<ReturnType<Client["callTool"]>>): string {
  const content = result.content as Array<{ type: string; text?: string }>;
  return content.map((c) => c.text ?? "").join("");
}

describe("MCP server over stdio (built binary)", () => {
  it("lists the procedure's tools with JSON schemas", async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "evidence_inventory",
        "timeline_build",
        "postmortem_lint",
        "report_render",
        "workspace_search",
      ]),
    );
    const timeline = tools.find((t) => t.name === "timeline_build");
    expect(timeline?.inputSchema.properties).toHaveProperty("paths");
  });

  it("inventories the example's evidence", async () => {
    const result = await client.callTool({ name: "evidence_inventory", arguments: { paths: ["evidence"] } });
    expect(result.isError).toBeFalsy();
    const { sources } = (result.structuredContent as { data: unknown }).data as {
      sources: Array<{ path: string; format: string }>;
    };
    const formats = Object.fromEntries(sources.map((s) => [s.path.split("/").pop(), s.format]));
    expect(formats["nginx-access.log"]).toBe("nginx-combined");
    expect(formats["alerts.json"]).toBe("alertmanager-json");
  });

  it("builds the example's timeline with its milestones", async () => {
    const result = await client.callTool({ name: "timeline_build", arguments: { paths: ["evidence"] } });
    expect(result.isError).toBeFalsy();
    const timeline = (result.structuredContent as { data: unknown }).data as {
      milestones: Record<string, { time: string }>;
    };
    expect(timeline.milestones.impactStart?.time).toBe("2025-02-09T10:05:23.000Z");
    expect(timeline.milestones.detected?.time).toBe("2025-02-09T10:06:45.000Z");
    expect(timeline.milestones.acknowledged?.time).toBe("2025-02-09T10:12:00.000Z");
  }, 120_000);

  it("answers a bad call with a tool error, not a crash", async () => {
    const result = await client.callTool({ name: "evidence_inventory", arguments: { paths: ["no-such-dir"] } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/INPUT_NOT_FOUND|no such file/);
    // and the server is still there
    const again = await client.listTools();
    expect(again.tools.length).toBeGreaterThan(3);
  });

  it("offers the procedure as a prompt and a resource, and refuses files outside its folder", async () => {
    const prompt = await client.getPrompt({ name: "run_postmortem", arguments: { dir: "incidents/x" } });
    const first = prompt.messages[0];
    expect(first).toBeDefined();
    const text = (first!.content as { text: string }).text;
    expect(text).toContain("incidents/x/evidence");
    expect(text).toMatch(/Five Whys/);
    const res = await client.readResource({ uri: "debrief://procedure" });
    expect((res.contents[0] as { text: string }).text).toContain("timeline_build");
    const file = await client.readResource({ uri: "debrief://file/debrief.yaml" });
    expect((file.contents[0] as { text: string }).text).toMatch(/window/);
    await expect(client.readResource({ uri: "debrief://file/../../package.json" })).rejects.toThrow();
  });
});

describe("debrief mcp process lifecycle (built binary)", () => {
  const bin = join(root, "bin", "debrief.js");

  it("exits 0 at end of input (`debrief mcp < /dev/null`)", () => {
    const r = spawnSync(process.execPath, [bin, "mcp", "--cwd", example], {
      input: "",
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
  });

  it("answers malformed JSON-RPC with -32700 and exits 0, without a stack trace", () => {
    const r = spawnSync(process.execPath, [bin, "mcp", "--cwd", example], {
      input: 'this is not json\n{"jsonrpc":"2.0"\n',
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.status).toBe(0);
    const replies = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { error: { code: number } });
    expect(replies.map((x) => x.error.code)).toEqual([-32700, -32700]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
