import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cp, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishPostmortem } from "../src/publish/index.js";
import type { PublishOptions } from "../src/publish/publish-types.js";
import { type ConfluenceReplay, startConfluenceReplay } from "./support/replay/confluence.js";

/**
 * The Confluence export against a replay of the published REST contract: create under a parent, charts attached,
 * idempotent by the stored page id or the title (no second page after a crash or a lost ledger), version conflicts
 * and rate limits survived, credentials only from the environment and never in messages.
 */
const root = join(import.meta.dirname, "..");
let server: ConfluenceReplay;
let dir: string;
const CLOUD = { CONFLUENCE_EMAIL: "sre@example.com", CONFLUENCE_API_TOKEN: "api-token-123" };

async function incident(): Promise<string> {
  const d = mkdtempSync(join(tmpdir(), "debrief-confluence-"));
  await mkdir(join(d, "evidence"));
  for (const f of ["metrics.json", "metrics-latency-p99.json"]) {
    await cp(join(root, "examples", "incidents", "api-degradation", "evidence", f), join(d, "evidence", f));
  }
  await cp(join(root, "examples", "postmortems", "api-degradation.md"), join(d, "postmortem.md"));
  return d;
}

function options(env: Record<string, string>, extra: Partial<PublishOptions> = {}): PublishOptions {
  return {
    confluence: { url: server.url, space: "OPS", parentId: "900" },
    tracker: null,
    pdf: false,
    force: true,
    env,
    trackerHttp: { baseDelayMs: 10, maxDelayMs: 40 },
    now: new Date("2025-02-20T09:00:00Z"),
    ...extra,
  };
}

const TITLE = "INC-2025-0209: Orders API degradation after v2.3.0";
const titled = () => [...server.pages.values()].filter((p) => p.title === TITLE);

beforeAll(async () => {
  server = await startConfluenceReplay();
  dir = await incident();
}, 60_000);
afterAll(() => server.close());

describe("Confluence export", () => {
  it("creates the page under the parent with the charts attached, then skips, updates and never duplicates", async () => {
    const first = await publishPostmortem(dir, options(CLOUD));
    const step = first.steps.find((s) => s.channel === "confluence");
    expect(step?.outcome, step?.error).toBe("done");
    expect(titled()).toHaveLength(1);
    const page = titled()[0]!;
    expect(page.parentId).toBe("900");
    expect(page.storage).toContain("<h2>Summary</h2>");
    expect(page.storage).toContain('<ri:attachment ri:filename="chart-metrics-json.svg" />');
    expect([...page.attachments.keys()].sort()).toEqual([
      "chart-metrics-json.svg",
      "chart-metrics-latency-p99-json.svg",
    ]);
    expect(page.attachments.get("chart-metrics-json.svg")?.body).toMatch(/^<svg /);
    expect(step?.result).toMatchObject({ pageId: page.id, version: 1, created: true });
    // the summary, impact, timeline and action items come first
    const order = [...page.storage.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(order.slice(0, 4)).toEqual(["Summary", "Impact", "Timeline", "Action Items"]);
    expect(page.storage).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);

    // the same content again: nothing to do
    const again = await publishPostmortem(dir, options(CLOUD));
    expect(again.steps.filter((s) => s.channel === "confluence").map((s) => s.outcome)).toEqual([
      "skipped-already-done",
    ]);

    // an edited post-mortem: the same page, next version
    const file = join(dir, "postmortem.md");
    writeFileSync(file, readFileSync(file, "utf8").replace("## Summary\n", "## Summary\n\nUpdated after review.\n"));
    const edited = await publishPostmortem(dir, options(CLOUD));
    const update = edited.steps.find((s) => s.channel === "confluence");
    expect(update?.outcome, update?.error).toBe("done");
    expect(update?.id).toMatch(/^confluence:[0-9a-f]{12}$/);
    expect(titled()).toHaveLength(1);
    expect(titled()[0]?.version).toBe(2);
    expect(titled()[0]?.storage).toContain("Updated after review.");
    expect(titled()[0]?.attachments.get("chart-metrics-json.svg")?.version).toBe(2);
  }, 120_000);

  it("a crash after creating the page (ledger lost) finds it by title on the rerun: still one page", async () => {
    rmSync(join(dir, ".debrief"), { recursive: true, force: true });
    const before = titled()[0]!.version;
    const rerun = await publishPostmortem(dir, options(CLOUD));
    expect(rerun.steps.find((s) => s.channel === "confluence")?.outcome).toBe("done");
    expect(titled()).toHaveLength(1);
    expect(titled()[0]?.version).toBe(before + 1);
  }, 60_000);

  it("survives a version conflict (409), a 429 with Retry-After and a 503", async () => {
    rmSync(join(dir, ".debrief"), { recursive: true, force: true });
    const id = titled()[0]!.id;
    server.inject({
      status: 409,
      match: /^PUT \/rest\/api\/content\/\d+$/,
      body: { statusCode: 409, message: "Version must be incremented on update." },
    });
    server.inject({ status: 429, headers: { "retry-after": "1" }, match: /^GET / });
    server.inject({ status: 503, match: /child\/attachment/ });
    server.editElsewhere(id);
    const r = await publishPostmortem(dir, options(CLOUD));
    const step = r.steps.find((s) => s.channel === "confluence");
    expect(step?.outcome, step?.error).toBe("done");
    expect(titled()).toHaveLength(1);
  }, 60_000);

  it("takes a Data Center personal access token; refuses bad or missing credentials without echoing them", async () => {
    const dc = await publishPostmortem(
      await incident(),
      options({ CONFLUENCE_PAT: "pat-456" }, { confluence: { url: server.url, space: "OPS", title: "DC copy" } }),
    );
    expect(dc.steps.find((s) => s.channel === "confluence")?.outcome).toBe("done");
    const bad = await publishPostmortem(
      await incident(),
      options({ CONFLUENCE_EMAIL: "sre@example.com", CONFLUENCE_API_TOKEN: "wrong-token-999" }),
    );
    const failed = bad.steps.find((s) => s.channel === "confluence");
    expect(failed?.outcome).toBe("failed");
    expect(failed?.error).toMatch(/401.*CONFLUENCE_EMAIL/);
    expect(failed?.error).not.toContain("wrong-token-999");
    const none = await publishPostmortem(await incident(), options({}));
    expect(none.steps.find((s) => s.channel === "confluence")?.error).toMatch(/no credentials/);
  }, 90_000);

  it("a missing parent page (404) and an unknown space (400) fail with the API's reason", async () => {
    const parent = await publishPostmortem(
      await incident(),
      options(CLOUD, { confluence: { url: server.url, space: "OPS", parentId: "12345", title: "orphan" } }),
    );
    expect(parent.steps.find((s) => s.channel === "confluence")?.error).toMatch(/404.*No content found with id: 12345/);
    const space = await publishPostmortem(
      await incident(),
      options(CLOUD, { confluence: { url: server.url, space: "NOPE", title: "x" } }),
    );
    expect(space.steps.find((s) => s.channel === "confluence")?.error).toMatch(/400.*No space with key/);
  }, 90_000);

  it("a dry run shows the storage body and sends nothing", async () => {
    const count = server.requests.length;
    const r = await publishPostmortem(await incident(), options(CLOUD, { dryRun: true }));
    const step = r.steps.find((s) => s.channel === "confluence");
    expect(step?.outcome).toBe("would-run");
    expect(JSON.stringify(step?.preview)).toContain("ac:image");
    expect(server.requests.length).toBe(count);
  }, 60_000);
});
