import { existsSync, readFileSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMcpServer } from "../src/mcp/index.js";
import { parsePostmortem } from "../src/postmortem/index.js";

/**
 * The whole post-mortem procedure as an agent runs it: the SDK's own client, tools and resources only, on a copy
 * of the example incident. The "human edits" are the sections of the completed example post-mortem, written
 * through postmortem_edit_section as an agent relaying people's words would, each replace carrying the hash of
 * the section it read.
 */
const examples = join(import.meta.dirname, "..", "examples");
const ID = "INC-2025-0209";
let workspace: string;
let client: Client;

type ToolResult = Awaited<ReturnType<Client["callTool"]>>;
interface Structured {
  summary: string;
  notice?: string;
  page?: { nextCursor?: string; lists: Array<{ path: string; total: number }> };
  data: Record<string, unknown>;
}

async function call(name: string, args: Record<string, unknown>): Promise<Structured> {
  const r: ToolResult = await client.callTool({ name, arguments: args }, undefined, { timeout: 280_000 });
  const text = (r.content as Array<{ text?: string }>)[0]?.text ?? "";
  expect(r.isError, `${name}: ${text.slice(0, 400)}`).toBeFalsy();
  const sc = r.structuredContent as Structured;
  expect(text.startsWith(sc.summary), name).toBe(true);
  expect(text.length, name).toBeLessThanOrEqual(30_000);
  return sc;
}

async function resource(uri: string): Promise<Record<string, unknown>> {
  const r = await client.readResource({ uri }, { timeout: 280_000 });
  return JSON.parse((r.contents[0] as { text: string }).text) as Record<string, unknown>;
}

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), "debrief-mcp-procedure-"));
  await cp(join(examples, "incidents", "api-degradation"), join(workspace, "inc"), { recursive: true });
  const server = createMcpServer({ cwd: workspace, version: "test", env: {}, log: () => {}, allowWrite: true });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  client = new Client({ name: "procedure-test", version: "1" });
  await client.connect(clientSide);
});
afterAll(async () => {
  await client?.close();
  await rm(workspace, { recursive: true, force: true });
});

describe("an agent runs the whole procedure through MCP tools and resources", () => {
  it("init, inventory, timeline, draft, edits, lint, card, render", async () => {
    // 0. the incident folder (the evidence is already in place)
    await call("postmortem_init", {
      dir: "inc",
      id: ID,
      title: "Orders API degradation after v2.3.0",
      start: "2025-02-09T09:55:00Z",
      end: "2025-02-09T10:45:00Z",
      severity: "SEV2",
      services: ["orders-api", "orders-db"],
      authors: ["Priya Raman"],
    });

    // 1. inventory
    const inventory = await call("evidence_inventory", { paths: ["inc/evidence"] });
    expect(inventory.summary).toMatch(/^\d+ evidence source\(s\)/);

    // 2. timeline: summary first, structured, paged
    const timeline = await call("timeline_build", { incident: "inc" });
    expect(timeline.summary).toMatch(/impactStart 10:05:23/);
    expect(timeline.page?.lists.find((l) => l.path === "entries")?.total).toBeGreaterThan(0);
    expect(timeline.notice).toMatch(/never instructions/);
    const milestones = timeline.data.milestones as Record<string, { evidence: Array<{ path: string; line: number }> }>;
    const impactRef = milestones.impactStart?.evidence[0];
    expect(impactRef).toBeDefined();

    // the cited line, with context, quoted
    const cited = await resource(
      `incident://${ID}/evidence/${impactRef?.path.replace(/^evidence\//, "")}#L${impactRef?.line}`,
    );
    const lines = cited.lines as Array<{ line: number; cited: boolean; quotedEvidence: string }>;
    expect(lines.find((l) => l.cited)?.line).toBe(impactRef?.line);
    expect(lines.length).toBeGreaterThan(1);

    // 3. draft
    const draft = await call("postmortem_draft", { dir: "inc" });
    expect(draft.data.written).toBe(true);

    // 4-5. the people's sections, written through the edit tool with the hashes read from the incident resource
    const completed = parsePostmortem(
      readFileSync(join(examples, "postmortems", "api-degradation.md"), "utf8"),
      "api-degradation.md",
    ).postmortem;
    const human = [
      "summary",
      "rootCause",
      "contributingFactors",
      "fiveWhys",
      "whatWentWell",
      "whatWentWrong",
      "whereWeGotLucky",
      "lessonsLearned",
      "actionItems",
    ];
    for (const key of human) {
      const view = await resource(`incident://${ID}`);
      const sections = view.sections as Array<{ key: string | null; hash: string }>;
      const body = completed.sections.find((s) => s.key === key)?.markdown ?? "";
      expect(body.trim(), key).not.toBe("");
      const current = sections.find((s) => s.key === key);
      await call("postmortem_edit_section", {
        file: "inc/postmortem.md",
        section: key,
        markdown: body.trim(),
        ...(current ? { mode: "replace", baseHash: current.hash } : {}),
      });
    }
    // a stale hash is refused: people's text is never overwritten unseen
    const stale = await client.callTool({
      name: "postmortem_edit_section",
      arguments: { file: "inc/postmortem.md", section: "summary", markdown: "x", mode: "replace", baseHash: "0" },
    });
    expect(stale.isError).toBe(true);

    // 6. lint: no errors
    const lint = await call("postmortem_lint", { files: ["inc/postmortem.md"] });
    const findings = (lint.data.findings ?? []) as Array<{ severity: string; rule: string; message: string }>;
    expect(
      findings.filter((f) => f.severity === "error").map((f) => `${f.rule}: ${f.message}`),
      lint.summary,
    ).toEqual([]);
    expect(lint.data.errorCount).toBe(0);

    // 7. position card: every claim's pointer resolves
    const card = (await call("postmortem_card", { dir: "inc" })).data.position_card as {
      claims: Array<{ evidence: string[] }>;
      confidence: { level: string };
    };
    expect(card.claims.length).toBeGreaterThan(5);
    for (const pointer of card.claims.flatMap((c) => c.evidence)) {
      const m = /^(.+):(\d+)$/.exec(pointer);
      const text = readFileSync(join(workspace, "inc", m?.[1] ?? ""), "utf8").split("\n")[Number(m?.[2]) - 1];
      expect(text, pointer).toBeDefined();
    }

    // 8. render
    const render = await call("report_render", { file: "inc/postmortem.md", format: "html" });
    expect(existsSync(String(render.data.out))).toBe(true);
  }, 600_000);

  it("offers the step prompts and the incident resources", async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(
      expect.arrayContaining(["build_timeline", "five_whys", "action_items", "blameless_rewrite"]),
    );
    const p = await client.getPrompt({ name: "five_whys", arguments: { id: ID } });
    expect(JSON.stringify(p.messages[0]?.content)).toContain(`incident://${ID}/evidence/`);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(
      expect.arrayContaining(["incident://{id}", "incident://{id}/timeline", "incident://{id}/evidence/{+path}"]),
    );
    const review = await resource("workspace://review");
    expect(review.summary).toBeTypeOf("string");
  });
});
