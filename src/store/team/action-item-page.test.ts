import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canRunPostgres, startTestPostgres, type TestPostgres } from "../../../test/support/postgres.js";
import { type FixtureIncident, writeFixtureWorkspace } from "./fixtures/fixture-workspace.js";
import { openTeamStore } from "./open-team-store.js";
import type { AccessScope, ActionItemPageFilter, TeamStore } from "./team-store.js";

/**
 * 12 incidents with 3 action items each; every third incident private (member: ann). Deadlines spread over 2024
 * (overdue), statuses rotate, so the overdue board, its order and its paging have something to get wrong.
 */
const STATUSES = ["open", "in-progress", "done", "open", "wont-do", "open"];
const INCIDENTS: FixtureIncident[] = Array.from({ length: 12 }, (_, n) => ({
  dir: `inc-${String(n).padStart(2, "0")}`,
  services: [n % 2 === 0 ? "api" : "db"],
  ...(n % 3 === 0 ? { private: true, members: ["ann@example.com"] } : {}),
  start: `2025-0${(n % 9) + 1}-01T10:00:00Z`,
  actions: [0, 1, 2].map((k) => ({
    action: `Fix ${n}.${k}`,
    owner: k === 0 ? "dana" : "sam",
    // deadlines out of folder order, so "most overdue first" differs from "by incident"
    deadline: `2024-${String(((n * 5 + k * 7) % 12) + 1).padStart(2, "0")}-${String(10 + k).padStart(2, "0")}`,
    status: STATUSES[(n + k) % STATUSES.length] as string,
  })),
}));

const LOCAL: AccessScope = { kind: "local" };
const OUTSIDER: AccessScope = {
  kind: "user",
  viewer: { userId: "u-carol", email: "carol@example.com", name: "carol", role: "viewer" },
};
const MEMBER: AccessScope = {
  kind: "user",
  viewer: { userId: "u-ann", email: "ann@example.com", name: "ann", role: "viewer" },
};

const postgresOk = canRunPostgres("the action-item board tests on PostgreSQL");

describe.each(["sqlite", "postgres"] as const)("action-item board pages on %s", (dialect) => {
  const runs = dialect === "sqlite" || postgresOk;
  let pg: TestPostgres | undefined;
  let store: TeamStore | undefined;
  let ws: string | undefined;

  beforeAll(async () => {
    if (!runs) return;
    if (dialect === "postgres") pg = await startTestPostgres();
    ws = mkdtempSync(join(tmpdir(), "debrief-board-"));
    writeFixtureWorkspace(ws, INCIDENTS);
    store = await openTeamStore({ workspace: ws, url: pg ? await pg.freshDatabase() : undefined });
    await store.refresh();
  });
  afterAll(async () => {
    await store?.close();
    await pg?.stop();
    if (ws) rmSync(ws, { recursive: true, force: true });
  });

  const key = (i: { incidentDir: string; itemId: string }) => `${i.incidentDir}/${i.itemId}`;

  /** Every page of a filter, concatenated, and the totals each page reported. */
  async function allPages(scope: AccessScope, filter: ActionItemPageFilter, limit: number) {
    const s = store as TeamStore;
    const seen: string[] = [];
    const totals = new Set<number>();
    for (let offset = 0; offset < 200; offset += limit) {
      const page = await s.actionItemPage(scope, { ...filter, limit, offset });
      totals.add(page.total);
      expect(page.rows.length).toBeLessThanOrEqual(limit);
      if (page.rows.length === 0) break;
      seen.push(...page.rows.map(key));
    }
    return { seen, totals };
  }

  it.runIf(runs)("pages the overdue board most overdue first, same items as the unpaged list", async () => {
    const s = store as TeamStore;
    const all = await s.listActionItems(LOCAL, { overdue: true });
    const first = await s.actionItemPage(LOCAL, { overdue: true, limit: 5 });
    expect(first.total).toBe(all.length);
    expect(first.rows).toHaveLength(5);
    const deadlines = first.rows.map((r) => r.deadline ?? "");
    expect(deadlines).toEqual([...deadlines].sort());
    // the five with the earliest deadlines of all overdue items
    const earliest = [...all].map((i) => i.deadline ?? "").sort();
    expect(deadlines).toEqual(earliest.slice(0, 5));
    expect(first.rows[0]).toMatchObject({ incidentTitle: expect.stringMatching(/^Incident inc-/) });
    for (const r of first.rows) expect(["open", "in-progress"]).toContain(r.status);
  });

  it.runIf(runs)("hides private incidents' items from non-members in the rows and the total", async () => {
    const s = store as TeamStore;
    const outsider = await allPages(OUTSIDER, { overdue: true }, 4);
    const member = await allPages(MEMBER, { overdue: true }, 4);
    const privateDirs = INCIDENTS.filter((i) => i.private).map((i) => i.dir);
    expect(outsider.seen.some((k) => privateDirs.some((d) => k.startsWith(`${d}/`)))).toBe(false);
    expect(member.seen.some((k) => privateDirs.some((d) => k.startsWith(`${d}/`)))).toBe(true);
    expect([...outsider.totals]).toEqual([outsider.seen.length]);
    expect((await s.actionItemPage(OUTSIDER, { incident: "inc-00" })).total).toBe(0);
  });

  it.runIf(runs)("refuses nonsense paging quietly: NaN, negative and huge values fall back to bounds", async () => {
    const s = store as TeamStore;
    const total = (await s.listActionItems(LOCAL, {})).length;
    const bad = await s.actionItemPage(LOCAL, { limit: Number.NaN, offset: -3 });
    expect(bad.total).toBe(total);
    expect(bad.rows).toHaveLength(Math.min(50, total));
    const past = await s.actionItemPage(LOCAL, { offset: 10_000 });
    expect(past).toEqual({ rows: [], total });
    expect((await s.actionItemPage(LOCAL, { limit: 1e9 })).rows).toHaveLength(total);
  });

  it.runIf(runs)("for any filter and page size, the pages partition exactly the unpaged list", async () => {
    const s = store as TeamStore;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          scope: fc.constantFrom(LOCAL, OUTSIDER, MEMBER),
          overdue: fc.boolean(),
          owner: fc.constantFrom(undefined, "dana", "SAM"),
          team: fc.constantFrom(undefined, "api", "db"),
          status: fc.constantFrom(undefined, "open", "done"),
          limit: fc.integer({ min: 1, max: 9 }),
        }),
        async ({ scope, limit, ...f }) => {
          const filter: ActionItemPageFilter = {};
          if (f.overdue) filter.overdue = true;
          if (f.owner) filter.owner = f.owner;
          if (f.team) filter.team = f.team;
          if (f.status) filter.status = f.status;
          const expected = (await s.listActionItems(scope, filter)).map(key);
          const { seen, totals } = await allPages(scope, filter, limit);
          expect([...seen].sort()).toEqual([...expected].sort());
          expect(new Set(seen).size).toBe(seen.length);
          expect([...totals]).toEqual([expected.length]);
          // outside the overdue board the order is the unpaged list's (incident, then table order)
          if (!f.overdue) expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 25 },
    );
  });
});
