import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer } from "../src/server/index.js";
import { type FixtureIncident, writeFixtureWorkspace } from "../src/store/team/fixtures/fixture-workspace.js";

/**
 * The action-item board over real HTTP is paged on the server like the incident list: 50 a page with previous/next
 * links, the overdue board most overdue first, and every item on exactly one page.
 */
const INCIDENTS: FixtureIncident[] = Array.from({ length: 40 }, (_, n) => ({
  dir: `inc-${String(n).padStart(2, "0")}`,
  actions: [0, 1].map((k) => ({
    action: `Fix ${n}.${k}`,
    owner: "dana",
    // all overdue (2024), deadlines not in folder order
    deadline: `2024-${String(((n * 7 + k * 5) % 12) + 1).padStart(2, "0")}-${String(((n + k) % 27) + 1).padStart(2, "0")}`,
    status: "open",
  })),
}));

let workspace: string;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), "debrief-web-board-"));
  writeFixtureWorkspace(workspace, INCIDENTS);
  const started = await startHttpServer({ workspace, version: "test", port: 0, log: () => {} });
  base = `http://127.0.0.1:${started.port}`;
  close = started.close;
});

afterAll(async () => {
  await close?.();
  rmSync(workspace, { recursive: true, force: true });
});

/** The (incident, item, deadline) of each board row of a page, and its pager links. */
async function board(query: string) {
  const r = await fetch(`${base}/actions${query}`);
  expect(r.status).toBe(200);
  const html = await r.text();
  const rows = [
    ...html.matchAll(
      /<tr data-item="([^"]+)">[\s\S]*?href="\/incidents\/([^"]+)"[\s\S]*?data-label="Deadline">([^<]*)</g,
    ),
  ].map((m) => ({ item: m[1], dir: m[2], deadline: m[3] }));
  return {
    html,
    rows,
    next: /href="([^"]+)" rel="next"/.exec(html)?.[1]?.replaceAll("&amp;", "&"),
    prev: /href="([^"]+)" rel="prev"/.exec(html)?.[1]?.replaceAll("&amp;", "&"),
  };
}

describe("action-item board paging", () => {
  it("shows 50 overdue items a page, most overdue first, and pages through all 80 exactly once", async () => {
    const first = await board("?overdue=1");
    expect(first.html).toContain("80 action item(s), most overdue first");
    expect(first.html).toContain("1–50 of 80");
    expect(first.rows).toHaveLength(50);
    expect(first.prev).toBeUndefined();
    expect(first.next).toBe("/actions?overdue=1&offset=50");
    const second = await board((first.next as string).replace("/actions", ""));
    expect(second.html).toContain("51–80 of 80");
    expect(second.rows).toHaveLength(30);
    expect(second.next).toBeUndefined();
    expect(second.prev).toBe("/actions?overdue=1&offset=0");
    const all = [...first.rows, ...second.rows];
    const keys = all.map((r) => `${r.dir}/${r.item}`);
    expect(new Set(keys).size).toBe(80);
    const deadlines = all.map((r) => r.deadline);
    expect(deadlines).toEqual([...deadlines].sort());
  });

  it("keeps the filters in the pager links and treats a bad offset as the first page", async () => {
    const owner = await board("?owner=DANA&overdue=1");
    expect(owner.next).toBe("/actions?owner=DANA&overdue=1&offset=50");
    for (const bad of ["-5", "abc", "1e9", "2.5"]) {
      const page = await board(`?overdue=1&offset=${bad}`);
      expect(page.html, bad).toContain("1–50 of 80");
    }
    const past = await board("?overdue=1&offset=500");
    expect(past.rows).toHaveLength(0);
    expect(past.html).toContain("No action item matches these filters.");
  });
});
