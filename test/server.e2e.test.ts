import { cp, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer } from "../src/server/index.js";

const example = join(import.meta.dirname, "..", "examples", "incidents", "api-degradation");
let base: string;
let close: () => Promise<void>;
let auth: Record<string, string>;

beforeAll(async () => {
  const workspace = await mkdtemp(join(tmpdir(), "debrief-serve-"));
  await cp(example, join(workspace, "api-degradation"), { recursive: true });
  await writeFile(
    join(workspace, "api-degradation", "postmortem.md"),
    [
      "---",
      "id: INC-2025-0209",
      "title: Orders API degradation",
      "severity: SEV2",
      "status: draft",
      "window: {start: 2025-02-09T09:55:00Z, end: 2025-02-09T10:45:00Z}",
      "---",
      "",
      "# Orders API degradation",
      "",
      "## Impact",
      "",
      "About 40% of requests failed at the peak.",
      "",
      "## Timeline",
      "",
      "| Time | Event | Source | Actor |",
      "|---|---|---|---|",
      "| 2025-02-09 10:05:23 | **Impact start** — first 5xx | `evidence/nginx-access.log:1` | |",
      "| 2025-02-09 10:40:00 | **Resolved** | `evidence/pagerduty-log-entries.json:3` | |",
      "",
    ].join("\n"),
  );
  const started = await startHttpServer({ workspace, version: "test", port: 0, log: () => {} });
  base = `http://127.0.0.1:${started.port}`;
  auth = { authorization: `Bearer ${started.token}` };
  close = started.close;
});

afterAll(async () => {
  await close?.();
});

describe("HTTP API", () => {
  it("reports health and lists tools with JSON schemas", async () => {
    expect(await (await fetch(`${base}/api/health`, { headers: auth })).json()).toEqual({
      status: "ok",
      version: "test",
    });
    const tools = (await (await fetch(`${base}/api/tools`, { headers: auth })).json()) as Array<{
      name: string;
      input: { type: string };
    }>;
    expect(tools.map((t) => t.name)).toContain("evidence_inventory");
    expect(tools[0]?.input.type).toBe("object");
  });

  it("runs a tool on workspace paths", async () => {
    const r = await fetch(`${base}/api/tools/evidence_inventory`, {
      method: "POST",
      headers: { "content-type": "application/json", ...auth },
      body: JSON.stringify({ paths: ["api-degradation/evidence/alerts.json"] }),
    });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { sources: Array<{ format: string; events: number }> };
    expect(body.sources[0]?.format).toBe("alertmanager-json");
    expect(body.sources[0]?.events).toBeGreaterThan(0);
  });

  it("rejects bad bodies, unknown tools and paths outside the workspace", async () => {
    const post = (name: string, body: string) =>
      fetch(`${base}/api/tools/${name}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...auth },
        body,
      });
    expect((await post("evidence_inventory", "{not json")).status).toBe(400);
    const invalid = await post("evidence_inventory", JSON.stringify({ paths: [] }));
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { message: string } }).error.message).toMatch(/^paths/);
    expect((await post("no_such_tool", "{}")).status).toBe(404);
    const outside = await post("evidence_inventory", JSON.stringify({ paths: ["../../etc/passwd"] }));
    expect(outside.status).toBe(400);
    const missing = await post("evidence_inventory", JSON.stringify({ paths: ["nope"] }));
    expect(missing.status).toBe(404);
  });

  it("lists incidents and serves a rendered report", async () => {
    const index = await (await fetch(`${base}/`)).text();
    expect(index).toContain("/incidents/api-degradation/report");
    const report = await fetch(`${base}/incidents/api-degradation/report`);
    expect(report.status).toBe(200);
    const html = await report.text();
    expect(html).toContain("<h1>Orders API degradation</h1>");
    expect(html).toMatch(/<svg[^>]+class="chart"/);
    expect(html).toContain('data-milestone="Impact start"');
    expect((await fetch(`${base}/incidents/..%2F..%2Fetc/report`)).status).toBe(404);
  });
});
