import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { COMMANDS } from "../src/cli/commands/index.js";
import { main } from "../src/cli/main.js";
import { SKILL_AGENTS, SKILL_FOLDERS, SKILL_NAME } from "../src/cli/skill-install.js";
import { createMcpServer } from "../src/mcp/index.js";

/**
 * The shipped skill names only things that exist: every `debrief <command>` is a CLI command, every tool, prompt
 * and resource is offered by the MCP server. And `debrief skill install` writes it where each agent looks.
 */
const skillDir = join(import.meta.dirname, "..", "skills", SKILL_NAME);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const full = join(dir, n);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

const texts = files(skillDir).map((f) => ({ file: relative(skillDir, f), text: readFileSync(f, "utf8") }));
const skill = readFileSync(join(skillDir, "SKILL.md"), "utf8");

let tools: string[] = [];
let prompts: string[] = [];
let templates: string[] = [];
let staticResources: string[] = [];

beforeAll(async () => {
  const server = createMcpServer({ cwd: tmpdir(), version: "test", env: {}, log: () => {} });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(b);
  const client = new Client({ name: "skill-test", version: "1" });
  await client.connect(a);
  tools = (await client.listTools()).tools.map((t) => t.name);
  prompts = (await client.listPrompts()).prompts.map((p) => p.name);
  templates = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
  staticResources = (await client.listResources()).resources.map((r) => r.uri);
  await client.close();
});

describe("the shipped skill", () => {
  it("is in the agent-skill format: front matter name and description, and the sections agents expect", () => {
    const fm = /^---\n([\s\S]*?)\n---\n/.exec(skill);
    const meta = parse(fm?.[1] ?? "") as { name?: string; description?: string };
    expect(meta.name).toBe(SKILL_NAME);
    expect(meta.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(meta.description?.length).toBeGreaterThan(50);
    expect(meta.description?.length).toBeLessThanOrEqual(1024);
    for (const heading of ["When to use", "Inputs", "Rules", "Procedure", "Validation", "Pitfalls"]) {
      expect(skill, heading).toMatch(new RegExp(`^## ${heading}`, "m"));
    }
    // every file SKILL.md refers to is shipped
    for (const m of skill.matchAll(/`(reference\/[\w.-]+)`/g))
      expect(existsSync(join(skillDir, m[1] ?? ""))).toBe(true);
  });

  it("every `debrief <command>` it names is a CLI command", () => {
    const commands = new Set(COMMANDS.map((c) => c.name));
    const named = texts.flatMap(({ file, text }) =>
      [...text.matchAll(/\bdebrief ([a-z][a-z-]*)/g)].map((m) => ({ file, name: m[1] ?? "" })),
    );
    expect(named.length).toBeGreaterThan(10);
    // "debrief mcp", "debrief serve" and the rest are commands too; nothing else may follow "debrief "
    expect(named.filter((n) => !commands.has(n.name))).toEqual([]);
  });

  it("every tool, prompt and resource it names exists on the MCP server", () => {
    // snake_case names in code spans are tools or prompts, except the position card's own field names
    const cardFields = new Set(["position_card", "evidence_pointers"]);
    const known = new Set([...tools, ...prompts, ...cardFields]);
    const named = texts.flatMap(({ file, text }) =>
      [...text.matchAll(/`([a-z]+(?:_[a-z]+)+)`/g)].map((m) => ({ file, name: m[1] ?? "" })),
    );
    expect(named.filter((n) => !known.has(n.name))).toEqual([]);
    for (const step of [
      "evidence_inventory",
      "timeline_build",
      "postmortem_draft",
      "postmortem_lint",
      "postmortem_card",
      "report_render",
      "postmortem_edit_section",
    ]) {
      expect(skill, step).toContain(`\`${step}\``);
    }
    // resource URIs: each matches a template or a static resource
    const uris = texts.flatMap(({ text }) =>
      [...text.matchAll(/`((?:incident|workspace|debrief):\/\/[^`]*)`/g)].map((m) => m[1] ?? ""),
    );
    expect(uris.length).toBeGreaterThan(3);
    const patterns = [
      ...staticResources.map((u) => new RegExp(`^${u.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`)),
      ...templates.map((t) => new RegExp(`^${t.replace(/[.*?^$()|[\]\\]/g, "\\$&").replace(/\{\+?[a-z]+\}/g, ".+")}$`)),
    ];
    for (const uri of uris)
      expect(
        patterns.some((p) => p.test(uri)),
        uri,
      ).toBe(true);
  });
});

describe("debrief skill install", () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "debrief-skill-home-"));
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(["node", "debrief", ...args], {
      env: { HOME: home },
      cwd: home,
      stdout: (t) => {
        out += t;
      },
      stderr: (t) => {
        err += t;
      },
    });
    return { code, out, err };
  }

  it("writes the skill to each agent's documented folder, and keeps a file someone edited", async () => {
    const first = await run("skill", "install");
    expect(first.code, first.err).toBe(0);
    for (const agent of SKILL_AGENTS) {
      const dir = join(home, SKILL_FOLDERS[agent].user, SKILL_NAME);
      expect(readFileSync(join(dir, "SKILL.md"), "utf8"), agent).toBe(skill);
      expect(existsSync(join(dir, "reference", "tools.md")), agent).toBe(true);
    }
    expect(existsSync(join(home, ".claude", "skills", SKILL_NAME, "SKILL.md"))).toBe(true);
    expect(existsSync(join(home, ".config", "opencode", "skills", SKILL_NAME, "SKILL.md"))).toBe(true);

    const edited = join(home, ".claude", "skills", SKILL_NAME, "SKILL.md");
    await writeFile(edited, `${skill}\nOur team's note.\n`);
    const again = await run("skill", "install", "--agent", "claude", "--json");
    const entries = (JSON.parse(again.out) as { entries: Array<{ path: string; outcome: string }> }).entries;
    expect(entries.find((e) => e.path === edited)?.outcome).toBe("kept");
    expect(readFileSync(edited, "utf8")).toContain("Our team's note.");
    expect(entries.filter((e) => e.path !== edited).every((e) => e.outcome === "unchanged")).toBe(true);
  });

  it("installs into a project's folders or a given folder", async () => {
    const project = join(home, "repo");
    expect((await run("skill", "install", "--project", project, "--agent", "copilot")).code).toBe(0);
    expect(existsSync(join(project, ".github", "skills", SKILL_NAME, "SKILL.md"))).toBe(true);
    expect((await run("skill", "install", "--dir", join(home, "custom"))).code).toBe(0);
    expect(existsSync(join(home, "custom", SKILL_NAME, "SKILL.md"))).toBe(true);
  });

  it("refuses an agent it does not know, writing nothing", async () => {
    const r = await run("skill", "install", "--agent", "cursor", "--dir", join(home, "never"));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--agent must be one of claude, codex, copilot, gemini, opencode/);
    expect(existsSync(join(home, "never"))).toBe(false);
  });
});
