import { appendFileSync, cpSync, mkdtempSync, readFileSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer } from "../src/server/index.js";
import { runCli } from "./support/run-cli.js";

/**
 * Secrets planted in an incident's evidence must appear in no output Debrief produces: the drafted post-mortem, the
 * HTML and Markdown reports, the timeline (CLI, API, MCP), mined templates, raw events, and publish payloads.
 */

const root = join(import.meta.dirname, "..");
const EXAMPLE = join(root, "examples", "incidents", "api-degradation");

/** The sensitive part of each planted credential (what must never be seen again). */
const SECRETS = {
  aws: "AKIAIOSFODNN7ZQXWVUT",
  bearer: "tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0",
  urlPassword: "S3cr3tPassw0rdXyz",
  jwt: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwicm9sZSI6ImFkbWluIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
  queryKey: "9b7c5d3e1f2a4b6c8d0e9f7a5b3c1d2e",
  github: "ghp_R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s12",
  privateKey: "MIIEpAIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0",
};

function planted(offsetMs: number): string {
  const lines = [
    `db connect failed: postgres://orders:${SECRETS.urlPassword}@db.internal:5432/orders refused`,
    `upstream 401 with Authorization: Bearer ${SECRETS.bearer}`,
    `aws client init failed for key ${SECRETS.aws}`,
    `session token rejected: ${SECRETS.jwt}`,
    `GET /internal/export?api_key=${SECRETS.queryKey} failed`,
    `git fetch denied for ${SECRETS.github}`,
    `loaded -----BEGIN RSA PRIVATE KEY-----${SECRETS.privateKey}`,
  ];
  return lines
    .map((msg, i) =>
      JSON.stringify({
        level: 50,
        time: 1739095523000 + offsetMs + i,
        hostname: "orders-api-7d9f-gh56j",
        res: { statusCode: 500 },
        msg,
      }),
    )
    .join("\n");
}

let workspace: string;
let inc: string;
const outputs: Array<{ name: string; text: string }> = [];
let api: { port: number; token: string; close(): Promise<void> };
let mcp: Client;

function expectClean(name: string, text: string): void {
  for (const [kind, value] of Object.entries(SECRETS)) {
    expect(text.includes(value), `${name} leaks the ${kind} secret`).toBe(false);
  }
}

async function post(tool: string, body: unknown): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${api.port}/api/tools/${tool}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${api.token}` },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  expect(r.status, `${tool}: ${text.slice(0, 300)}`).toBe(200);
  return text;
}

async function callMcp(tool: string, args: Record<string, unknown>): Promise<string> {
  const r = await mcp.callTool({ name: tool, arguments: args });
  const text = JSON.stringify(r);
  expect(r.isError, `${tool}: ${text.slice(0, 300)}`).toBeFalsy();
  return text;
}

beforeAll(async () => {
  workspace = realpathSync(mkdtempSync(join(tmpdir(), "debrief-secrets-")));
  inc = join(workspace, "inc");
  cpSync(join(EXAMPLE, "evidence"), join(inc, "evidence"), { recursive: true });
  cpSync(join(EXAMPLE, "debrief.yaml"), join(inc, "debrief.yaml"));
  // repeated so the lines form bursts and templates, not one-off rows a distiller might drop
  for (let k = 0; k < 5; k++) appendFileSync(join(inc, "evidence", "orders-api.jsonl"), `${planted(k * 1000)}\n`);
  const init = await runCli(
    ["init", "inc", "--title", "orders-api degradation", "--start", "2025-02-09T09:55:00Z", "--severity", "SEV2"],
    { cwd: workspace },
  );
  expect(init.code).toBe(0);
  const started = await startHttpServer({ workspace, version: "test", port: 0, log: () => {} });
  api = started;
  mcp = new Client({ name: "debrief-secrets-test", version: "1.0.0" });
  await mcp.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [join(root, "bin", "debrief.js"), "mcp", "--cwd", workspace],
      stderr: "pipe",
    }),
  );
}, 120_000);

afterAll(async () => {
  await api?.close();
  await mcp?.close();
});

describe("planted secrets appear in no output", () => {
  it("the planted lines are really read (the evidence holds them)", () => {
    expect(readFileSync(join(inc, "evidence", "orders-api.jsonl"), "utf8")).toContain(SECRETS.aws);
  });

  it("CLI: timeline (JSON and Markdown), templates, draft, HTML and Markdown reports, publish preview", async () => {
    const cli = async (name: string, ...args: string[]) => {
      const r = await runCli(args, { cwd: workspace });
      expect(r.code, `${name}: ${r.stderr}`).toBeLessThanOrEqual(1);
      outputs.push({ name, text: r.stdout + r.stderr });
      return r.stdout;
    };
    const timeline = await cli("timeline --json", "timeline", "inc/evidence", "--json");
    expect(timeline).toContain("[REDACTED:");
    await cli("timeline md", "timeline", "inc/evidence", "--detail");
    const templates = await cli("templates", "templates", "inc/evidence/orders-api.jsonl");
    expect(templates).toContain("[REDACTED:");
    await cli("templates --json", "templates", "inc/evidence/orders-api.jsonl", "--json");
    await cli("draft", "draft", "inc");
    outputs.push({ name: "postmortem.md", text: readFileSync(join(inc, "postmortem.md"), "utf8") });
    await cli("render html", "render", "inc/postmortem.md", "--out", "inc/report.html");
    outputs.push({ name: "report.html", text: readFileSync(join(inc, "report.html"), "utf8") });
    await cli("render md", "render", "inc/postmortem.md", "--format", "md", "--out", "inc/report.md");
    outputs.push({ name: "report.md", text: readFileSync(join(inc, "report.md"), "utf8") });
    await cli(
      "publish --dry-run",
      "publish",
      "inc",
      "--dry-run",
      "--force",
      "--json",
      "--no-pdf",
      "--webhook",
      "http://127.0.0.1:9/hook",
      "--slack-webhook",
      "http://127.0.0.1:9/slack",
    );
    for (const o of outputs) expectClean(o.name, o.text);
  }, 300_000);

  it("HTTP API: timeline_build, templates_mine, evidence_events, publish_preview", async () => {
    const texts = [
      await post("timeline_build", { paths: ["inc/evidence"], detail: true }),
      await post("templates_mine", { file: "inc/evidence/orders-api.jsonl" }),
      await post("evidence_events", { paths: ["inc/evidence/orders-api.jsonl"], limit: 10_000 }),
      await post("publish_preview", { dir: "inc", webhook: "http://127.0.0.1:9/hook" }),
    ];
    expect(texts[2]).toContain("[REDACTED:");
    for (const [i, t] of texts.entries()) expectClean(`api #${i}`, t);
  }, 300_000);

  it("MCP: timeline_build, templates_mine, evidence_events, publish_preview", async () => {
    const texts = [
      await callMcp("timeline_build", { paths: ["inc/evidence"], detail: true }),
      await callMcp("templates_mine", { file: "inc/evidence/orders-api.jsonl" }),
      await callMcp("evidence_events", { paths: ["inc/evidence/orders-api.jsonl"], limit: 10_000 }),
      await callMcp("publish_preview", { dir: "inc", webhook: "http://127.0.0.1:9/hook" }),
    ];
    for (const [i, t] of texts.entries()) expectClean(`mcp #${i}`, t);
  }, 300_000);
});
