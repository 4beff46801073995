import { readFileSync, writeFileSync } from "node:fs";
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parsePostmortem } from "../src/postmortem/index.js";
import { publishPostmortem, readHistory } from "../src/publish/index.js";
import { startTracker, TEST_HTTP, TRACKER_KINDS, type TrackerFixture } from "./support/replay/trackers-harness.js";
import { runCli } from "./support/run-cli.js";

/**
 * `debrief review --sync` against each tracker's replay server: publish files the four action items of the example
 * post-mortem, then people change them "in the tracker" (done, in progress, won't do, reassigned with the due date
 * moved), and the sync brings exactly the Status, Owner and Deadline cells in line, records each change in the
 * post-mortem's history, and the weekly review shows the reassigned item overdue under its new owner.
 */

const root = join(import.meta.dirname, "..");
const example = join(root, "examples", "postmortems", "api-degradation.md");

async function workspaceFor(fx: TrackerFixture): Promise<{ ws: string; dir: string; file: string }> {
  const ws = await mkdtemp(join(tmpdir(), `debrief-sync-${fx.kind}-`));
  const dir = join(ws, "2025-02-09-orders");
  const evidence = join(root, "examples", "incidents", "api-degradation", "evidence");
  for (const name of ["metrics.json", "metrics-error-ratio.json"])
    await cp(join(evidence, name), join(dir, "evidence", name));
  await cp(example, join(dir, "postmortem.md"));
  const users = { "@dvolkov": fx.people[0], "@praman": fx.people[1] };
  // per incident: the tracker block of the incident's debrief.yaml
  writeFileSync(join(dir, "debrief.yaml"), stringify({ id: "INC-2025-0209", tracker: { ...fx.settings, users } }));
  return { ws, dir, file: join(dir, "postmortem.md") };
}

describe.each(TRACKER_KINDS)("review --sync reflects changes made in %s", (kind) => {
  let fx: TrackerFixture;
  beforeAll(async () => {
    fx = await startTracker(kind);
  });
  afterAll(async () => fx.server.close());

  it("updates only the Status, Owner and Deadline cells, records the history, and reviews from the tracker's data", async () => {
    const { ws, dir, file } = await workspaceFor(fx);
    const published = await publishPostmortem(dir, {
      pdf: false,
      env: fx.env,
      trackerHttp: TEST_HTTP,
      link: "https://wiki.example.com/pm/INC-2025-0209",
    });
    expect(published.failed).toBe(0);
    expect(fx.issueCount()).toBe(4);
    const before = readFileSync(file, "utf8");
    const cells = parsePostmortem(before, file).postmortem.actionItems.map((i) => i.tracker);
    expect(cells.every((c) => typeof c === "string" && /^https?:/.test(c))).toBe(true);
    const keys = cells.map((c) => c!.match(/(\d+|[A-Z]+-\d+)(?:\/[^/]*)?$/)?.[1] ?? "");
    const key = (n: number) => (kind === "linear" ? `ENG-${n}` : kind.startsWith("jira") ? `OPS-${n}` : String(n));
    expect(keys.length).toBe(4);

    // people work in the tracker
    fx.server.setState(key(1), "done");
    if (fx.hasInProgress) fx.server.setState(key(2), "in-progress");
    fx.server.setState(key(3), "wont-do");
    fx.server.setAssignee(key(4), fx.people[1]);
    if (fx.hasDueDate) fx.server.setDue(key(4), "2025-02-10");

    const env = { ...process.env, ...fx.env, NO_COLOR: "1" };
    const run = await runCli(["review", ws, "--sync", "--as-of", "2025-02-12", "--json"], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("AI-001: open -> done");
    expect(run.stderr).toContain("AI-003: open -> wont-do");
    expect(run.stderr).toContain("AI-004 owner: @tortega -> @praman");
    if (fx.hasInProgress) expect(run.stderr).toContain("AI-002: open -> in-progress");
    if (fx.hasDueDate) expect(run.stderr).toContain("AI-004 deadline: 2025-03-14 -> 2025-02-10");

    // only those cells changed: every other byte of the document is as it was
    const after = readFileSync(file, "utf8");
    const changed = after.split("\n").filter((l, i) => l !== before.split("\n")[i]);
    expect(changed.every((l) => /^\| AI-00[1-4] \|/.test(l))).toBe(true);
    const items = parsePostmortem(after, file).postmortem.actionItems;
    const byId = Object.fromEntries(items.map((i) => [i.id, i]));
    expect(byId["AI-001"]?.status).toBe("done");
    expect(byId["AI-003"]?.status).toBe("wont-do");
    expect(byId["AI-004"]?.owner).toBe("@praman");
    expect(byId["AI-004"]?.action).toBe(parsePostmortem(before, file).postmortem.actionItems[3]?.action);
    if (fx.hasDueDate) expect(byId["AI-004"]?.deadline).toBe("2025-02-10");

    // the history records each change with the issue it came from
    const history = readHistory(dir);
    expect(history.map((h) => `${h.item} ${h.field} ${h.to}`)).toEqual(
      expect.arrayContaining(["AI-001 status done", "AI-003 status wont-do", "AI-004 owner @praman"]),
    );
    expect(history.every((h) => h.by === "review --sync" && h.tracker === kind && /^https?:/.test(h.issue))).toBe(true);

    // the weekly review, from the tracker's data: AI-004 is now @praman's, and overdue where the tracker moved it
    const review = JSON.parse(run.stdout) as {
      byOwner: Array<{ owner: string; counts: { overdue: number }; items: Array<{ itemId: string; due: string }> }>;
    };
    const praman = review.byOwner.find((o) => o.owner === "@praman");
    expect(praman?.items.map((i) => i.itemId)).toEqual(expect.arrayContaining(["AI-002", "AI-004"]));
    if (fx.hasDueDate) expect(praman?.items.find((i) => i.itemId === "AI-004")?.due).toBe("overdue");
    expect(review.byOwner.some((o) => o.items.some((i) => i.itemId === "AI-001" || i.itemId === "AI-003"))).toBe(false);

    // a second sync has nothing left to change
    const again = await runCli(["review", ws, "--sync", "--as-of", "2025-02-12", "--json"], { env });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/checked 4 tracked item\(s\) in their trackers, 0 changed/);
    expect(readFileSync(file, "utf8")).toBe(after);
  }, 120_000);
});
