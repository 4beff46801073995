import { mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canRunPostgres, startTestPostgres, type TestPostgres } from "../../../test/support/postgres.js";
import { DebriefError } from "../../model/debrief-error.js";
import { type FixtureIncident, fixturePostmortem, writeFixtureWorkspace } from "./fixtures/fixture-workspace.js";
import { openTeamStore } from "./open-team-store.js";
import type { AccessScope, Role, TeamStore } from "./team-store.js";

const INCIDENTS: FixtureIncident[] = [
  {
    dir: "a-pool",
    severity: "SEV1",
    status: "in-review",
    services: ["checkout-api"],
    tags: ["database", "Pool"],
    owner: "Dana",
    start: "2025-03-01T10:00:00Z",
    summary: "The checkout database connection pool was exhausted by slow report queries <script>alert(1)</script>.",
    rootCause: "Report queries held every connection.",
    actions: [
      { action: "Cap report queries", owner: "dana", deadline: "2025-04-01", status: "open" },
      { action: "Add a pool alert", owner: "sam", deadline: "2099-01-01", status: "done" },
    ],
    signOff: [{ by: "lee@example.com", at: "2025-03-05T09:00:00Z" }],
  },
  {
    dir: "b-secret",
    severity: "SEV2",
    status: "draft",
    services: ["auth"],
    tags: ["security"],
    owner: "alice",
    private: true,
    members: ["Alice@Example.com", "bob@example.com"],
    start: "2025-04-01T10:00:00Z",
    summary: "A credential leak through the connection pool logs.",
    actions: [{ action: "Rotate the leaked credential", owner: "bob", deadline: "2025-01-01", status: "open" }],
  },
  {
    dir: "c-cache",
    severity: "SEV3",
    status: "published",
    services: ["cache", "checkout-api"],
    tags: ["cache"],
    owner: "sam",
    start: "2025-05-01T10:00:00Z",
    summary: "Cache stampede after a deploy.",
  },
  {
    dir: "d-approved",
    status: "closed",
    services: ["search"],
    start: "2025-06-01T10:00:00Z",
    summary: "Search index lag.",
  },
];

const LOCAL: AccessScope = { kind: "local" };
const user = (email: string | null, role: Role = "viewer"): AccessScope => ({
  kind: "user",
  viewer: { userId: `u-${email}`, email, name: email ?? "anon", role },
});
const OUTSIDER = user("carol@example.com");
const MEMBER = user("ALICE@example.com");

type Dialect = "sqlite" | "postgres";
const DIALECTS: Dialect[] = ["sqlite", "postgres"];
const postgresOk = canRunPostgres("the team-store tests on PostgreSQL");

describe.each(DIALECTS)("team store on %s", (dialect) => {
  const runs = dialect === "sqlite" || postgresOk;
  let pg: TestPostgres | undefined;
  const temps: string[] = [];
  const stores: TeamStore[] = [];

  /** A fresh workspace holding `incidents` and a store on a fresh database of this dialect. */
  async function fresh(
    incidents: FixtureIncident[] = INCIDENTS,
  ): Promise<{ ws: string; store: TeamStore; url?: string }> {
    const ws = mkdtempSync(join(tmpdir(), "debrief-team-"));
    temps.push(ws);
    writeFixtureWorkspace(ws, incidents);
    const url = pg ? await pg.freshDatabase() : undefined;
    const store = await openTeamStore({ workspace: ws, url });
    stores.push(store);
    return url ? { ws, store, url } : { ws, store };
  }

  beforeAll(async () => {
    if (runs && dialect === "postgres") pg = await startTestPostgres();
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await pg?.stop();
    for (const t of temps) rmSync(t, { recursive: true, force: true });
  });

  /** One store shared by a group's tests, made on first use (biome refuses a beforeAll per nested describe). */
  function shared(make: () => Promise<TeamStore>): () => Promise<TeamStore> {
    let made: Promise<TeamStore> | undefined;
    return () => {
      made ??= make();
      return made;
    };
  }

  describe.runIf(runs)("incidents", () => {
    const open = shared(async () => {
      const { store } = await fresh();
      expect(await store.refresh()).toEqual({ added: 4, updated: 0, removed: 0 });
      return store;
    });

    it("mirrors the front matter and reports the dialect", async () => {
      const store = await open();
      expect(store.dialect).toBe(dialect);
      const a = await store.getIncident(LOCAL, "a-pool");
      expect(a).toMatchObject({
        id: "A-POOL",
        severity: "SEV1",
        status: "in-review",
        reviewStatus: "in-review",
        services: ["checkout-api"],
        tags: ["database", "Pool"],
        owner: "Dana",
        private: false,
        openActionItems: 1,
        impactStart: Date.parse("2025-03-01T10:00:00Z"),
        signOff: [{ by: "lee@example.com", at: "2025-03-05T09:00:00Z", role: null }],
      });
      expect(a?.actionItems.map((x) => [x.itemId, x.status, x.deadline])).toEqual([
        ["AI-001", "open", "2025-04-01"],
        ["AI-002", "done", "2099-01-01"],
      ]);
      const b = await store.getIncident(LOCAL, "b-secret");
      expect(b?.private).toBe(true);
      expect(b?.members).toEqual(["alice@example.com", "bob@example.com"]);
      expect((await store.getIncident(LOCAL, "d-approved"))?.reviewStatus).toBe("published");
    });

    it("lists newest first with a total, and pages", async () => {
      const store = await open();
      const all = await store.listIncidents(LOCAL, {});
      expect(all.total).toBe(4);
      expect(all.rows.map((r) => r.dir)).toEqual(["d-approved", "c-cache", "b-secret", "a-pool"]);
      const page = await store.listIncidents(LOCAL, { limit: 2, offset: 1 });
      expect(page).toEqual({ total: 4, rows: all.rows.slice(1, 3) });
      expect((await store.listIncidents(LOCAL, { offset: 10 })).rows).toEqual([]);
    });

    it("filters by service, severity, status, review status, owner, tag and date", async () => {
      const store = await open();
      const dirs = async (f: Parameters<TeamStore["listIncidents"]>[1]) =>
        (await store.listIncidents(LOCAL, f)).rows.map((r) => r.dir).sort();
      expect(await dirs({ service: "checkout-api" })).toEqual(["a-pool", "c-cache"]);
      expect(await dirs({ severity: "SEV1" })).toEqual(["a-pool"]);
      expect(await dirs({ status: "published" })).toEqual(["c-cache"]);
      expect(await dirs({ reviewStatus: "published" })).toEqual(["c-cache", "d-approved"]);
      expect(await dirs({ owner: "dana" })).toEqual(["a-pool"]);
      expect(await dirs({ tag: "pool" })).toEqual(["a-pool"]);
      expect(await dirs({ from: Date.parse("2025-04-01T10:00:00Z"), to: Date.parse("2025-05-01T10:00:00Z") })).toEqual([
        "b-secret",
        "c-cache",
      ]);
      expect(await dirs({ service: "checkout-api", severity: "SEV3" })).toEqual(["c-cache"]);
      expect(await dirs({ service: "nope" })).toEqual([]);
      // NaN from a bad query string means "no bound" / the default page, never an SQL error
      expect(await dirs({ from: Number.NaN, to: Number.NaN, limit: Number.NaN, offset: Number.NaN })).toHaveLength(4);
      expect((await store.listIncidents(LOCAL, { limit: 100_000 })).rows).toHaveLength(4);
    });

    it("searches the text with ranked hits and HTML-safe snippets", async () => {
      const store = await open();
      const hits = await store.listIncidents(LOCAL, { text: "connection pool" });
      expect(hits.rows.map((r) => r.dir).sort()).toEqual(["a-pool", "b-secret"]);
      expect(hits.total).toBe(2);
      const a = hits.rows.find((r) => r.dir === "a-pool");
      expect(a?.snippet).toMatch(/<mark>connection<\/mark> <mark>pool<\/mark>/);
      // the indexed text keeps "<script" (markdown punctuation such as ">" is dropped); it comes back escaped
      expect(a?.snippet).toContain("&#60;script");
      expect(a?.snippet).not.toContain("<script");
      // stemming: "stampeding" finds "stampede"; every word must match
      expect((await store.listIncidents(LOCAL, { text: "stampedes" })).rows.map((r) => r.dir)).toEqual(["c-cache"]);
      expect((await store.listIncidents(LOCAL, { text: "cache credential" })).total).toBe(0);
      // punctuation and operators are words, never a syntax error
      expect((await store.listIncidents(LOCAL, { text: 'pool" OR (NEAR' })).total).toBeGreaterThanOrEqual(0);
      expect(await store.listIncidents(LOCAL, { text: "!!!" })).toEqual({ rows: [], total: 0 });
      expect((await store.listIncidents(LOCAL, { text: "pool", service: "auth" })).rows.map((r) => r.dir)).toEqual([
        "b-secret",
      ]);
    });

    it("hides private incidents from non-members everywhere, the same way as missing ones", async () => {
      const store = await open();
      for (const scope of [OUTSIDER, user(null), user("bob@example.org", "editor")]) {
        expect((await store.listIncidents(scope, {})).rows.map((r) => r.dir)).not.toContain("b-secret");
        expect((await store.listIncidents(scope, {})).total).toBe(3);
        expect(await store.getIncident(scope, "b-secret")).toBeNull();
        expect(await store.getIncident(scope, "no-such-incident")).toBeNull();
        expect(await store.canView(scope, "b-secret")).toBe(false);
        expect((await store.listIncidents(scope, { text: "credential" })).total).toBe(0);
        expect((await store.listIncidents(scope, { tag: "security" })).total).toBe(0);
        expect((await store.listActionItems(scope, {})).map((x) => x.incidentDir)).not.toContain("b-secret");
        expect((await store.listActionItems(scope, { incident: "b-secret" })).length).toBe(0);
        expect((await store.insightRecords(scope)).map((x) => x.dir)).not.toContain("b-secret");
      }
      for (const scope of [MEMBER, user("bob@example.com"), user("root@example.com", "admin"), LOCAL]) {
        expect(await store.canView(scope, "b-secret")).toBe(true);
        expect((await store.getIncident(scope, "b-secret"))?.dir).toBe("b-secret");
        expect((await store.listIncidents(scope, { text: "credential" })).rows.map((r) => r.dir)).toEqual(["b-secret"]);
        expect((await store.insightRecords(scope)).length).toBe(4);
      }
    });

    it("lists action items by owner, status, overdue, incident and team", async () => {
      const store = await open();
      const ids = async (scope: AccessScope, f: Parameters<TeamStore["listActionItems"]>[1]) =>
        (await store.listActionItems(scope, f)).map((x) => `${x.incidentDir}/${x.itemId}`);
      expect(await ids(LOCAL, {})).toEqual(["a-pool/AI-001", "a-pool/AI-002", "b-secret/AI-001"]);
      expect(await ids(LOCAL, { owner: "DANA" })).toEqual(["a-pool/AI-001"]);
      expect(await ids(LOCAL, { status: "done" })).toEqual(["a-pool/AI-002"]);
      expect(await ids(LOCAL, { overdue: true })).toEqual(["a-pool/AI-001", "b-secret/AI-001"]);
      expect(await ids(OUTSIDER, { overdue: true })).toEqual(["a-pool/AI-001"]);
      expect(await ids(LOCAL, { team: "auth" })).toEqual(["b-secret/AI-001"]);
      const [first] = await store.listActionItems(LOCAL, { incident: "a-pool" });
      expect(first).toMatchObject({ incidentTitle: "Incident a-pool", path: "a-pool/postmortem.md", owner: "dana" });
    });

    it("returns insight records in the CLI index's shape, oldest first", async () => {
      const store = await open();
      const records = await store.insightRecords(LOCAL);
      expect(records.map((r) => r.dir)).toEqual(["a-pool", "b-secret", "c-cache", "d-approved"]);
      expect(records[0]).toMatchObject({ severity: "SEV1", hasPostmortem: true, services: ["checkout-api"] });
      expect(records[0]?.milestones.impactStart).toBe(Date.parse("2025-03-01T10:00:00Z"));
    });
  });

  describe.runIf(runs)("refresh", () => {
    it("adds, updates and removes incrementally", async () => {
      const { ws, store } = await fresh(INCIDENTS.slice(0, 2));
      expect(await store.refresh()).toEqual({ added: 2, updated: 0, removed: 0 });
      expect(await store.refresh()).toEqual({ added: 0, updated: 0, removed: 0 });
      writeFileSync(
        join(ws, "a-pool", "postmortem.md"),
        fixturePostmortem({ ...(INCIDENTS[0] as FixtureIncident), private: true, members: ["x@example.com"] }),
      );
      writeFixtureWorkspace(ws, [INCIDENTS[2] as FixtureIncident]);
      expect(await store.refresh()).toEqual({ added: 1, updated: 1, removed: 0 });
      expect(await store.canView(OUTSIDER, "a-pool")).toBe(false);
      expect(await store.canView(user("x@example.com"), "a-pool")).toBe(true);
      unlinkSync(join(ws, "b-secret", "postmortem.md"));
      expect(await store.refresh()).toEqual({ added: 0, updated: 0, removed: 1 });
      expect((await store.listIncidents(LOCAL, {})).total).toBe(2);
      // the same text rewritten (mtime moves, content does not) is not counted as a change
      writeFixtureWorkspace(ws, [INCIDENTS[2] as FixtureIncident]);
      expect(await store.refresh()).toEqual({ added: 0, updated: 0, removed: 0 });
      expect((await store.listIncidents(LOCAL, { text: "stampede" })).total).toBe(1);
      // the review workflow's "approved" is a status the front matter accepts and the store mirrors
      writeFixtureWorkspace(ws, [{ ...(INCIDENTS[2] as FixtureIncident), status: "approved" }]);
      expect(await store.refresh()).toEqual({ added: 0, updated: 1, removed: 0 });
      expect((await store.getIncident(LOCAL, "c-cache"))?.reviewStatus).toBe("approved");
      expect((await store.getIncident(LOCAL, "c-cache"))?.problems).toEqual([]);
    });
  });

  describe.runIf(runs)("users, sessions, reviewers, comments, pins, audit", () => {
    const open = shared(async () => (await fresh([])).store);

    it("upserts users by issuer and subject, and sets roles", async () => {
      const store = await open();
      const u = await store.upsertUser({ issuer: "https://idp", subject: "1", email: "Ann@Example.com", name: "Ann" });
      expect(u).toMatchObject({ email: "ann@example.com", name: "Ann", role: "viewer" });
      const again = await store.upsertUser({
        issuer: "https://idp",
        subject: "1",
        email: "ann@example.com",
        name: "Ann B",
      });
      expect(again.id).toBe(u.id);
      expect(again.name).toBe("Ann B");
      await store.setRole(u.id, "editor");
      expect((await store.getUser(u.id))?.role).toBe("editor");
      expect(await store.getUser("nobody")).toBeNull();
      await store.upsertUser({ issuer: "github", subject: "1", email: null, name: "Zed" });
      expect((await store.listUsers()).map((x) => x.name)).toEqual(["Ann B", "Zed"]);
      await expect(store.setRole("nobody", "admin")).rejects.toBeInstanceOf(DebriefError);
      await expect(store.setRole(u.id, "owner" as Role)).rejects.toThrow(/not one of viewer, editor, admin/);
    });

    it("creates random sessions that expire and can be deleted", async () => {
      const store = await open();
      const u = await store.upsertUser({ issuer: "i", subject: "s", email: null, name: "S" });
      const a = await store.createSession(u.id, 60_000);
      const b = await store.createSession(u.id, 60_000);
      expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
      expect(a.id).not.toBe(b.id);
      expect(a.csrfToken).not.toBe(b.csrfToken);
      expect(await store.getSession(a.id)).toEqual(a);
      const short = await store.createSession(u.id, 1);
      await new Promise((r) => setTimeout(r, 10));
      expect(await store.getSession(short.id)).toBeNull();
      await store.deleteSession(a.id);
      expect(await store.getSession(a.id)).toBeNull();
      expect(await store.getSession(b.id)).toEqual(b);
      expect(await store.getSession("")).toBeNull();
      expect(await store.getSession("forged")).toBeNull();
    });

    it("keeps reviewers, comments and pins per post-mortem", async () => {
      const store = await open();
      const u = await store.upsertUser({ issuer: "i", subject: "rev", email: "r@example.com", name: "Rev" });
      await store.setReviewers("a-pool", [u.id, "other", u.id]);
      expect(await store.reviewers("a-pool")).toEqual(["other", u.id].sort());
      await store.setReviewers("a-pool", []);
      expect(await store.reviewers("a-pool")).toEqual([]);
      const c = await store.addComment({ dir: "a-pool", section: "summary", body: "Say which pool.", authorId: u.id });
      expect(c).toMatchObject({ authorName: "Rev", resolved: false, section: "summary" });
      await store.resolveComment(c.id);
      expect(await store.listComments("a-pool")).toEqual([{ ...c, resolved: true }]);
      expect(await store.listComments("c-cache")).toEqual([]);
      await expect(store.addComment({ dir: "a-pool", section: "s", body: "  ", authorId: u.id })).rejects.toThrow(
        /needs some text/,
      );
      await expect(store.resolveComment("missing")).rejects.toBeInstanceOf(DebriefError);
      await store.setPin({ dir: "a-pool", ref: "evidence/app.log:12", state: "pinned", by: u.id });
      await store.setPin({ dir: "a-pool", ref: "evidence/app.log:12", state: "removed", by: u.id });
      await store.setPin({ dir: "a-pool", ref: "evidence/app.log:3", state: "pinned", by: u.id });
      expect((await store.listPins("a-pool")).map((p) => [p.ref, p.state])).toEqual([
        ["evidence/app.log:12", "removed"],
        ["evidence/app.log:3", "pinned"],
      ]);
    });

    it("records the audit log newest first, filtered by target and actor", async () => {
      const store = await open();
      await store.audit({ actorId: "u1", actorName: "Ann", action: "view", target: "a-pool", detail: {} });
      await store.audit({
        actorId: "u2",
        actorName: "Bo",
        action: "approve",
        target: "a-pool",
        detail: { from: "in-review" },
      });
      await store.audit({ actorId: null, actorName: "local user", action: "edit", target: "c-cache", detail: {} });
      expect((await store.listAudit({})).map((e) => e.action)).toEqual(["edit", "approve", "view"]);
      expect(await store.listAudit({ target: "a-pool", actorId: "u2" })).toEqual([
        expect.objectContaining({ actorName: "Bo", action: "approve", detail: { from: "in-review" } }),
      ]);
      expect((await store.listAudit({ limit: 1 })).length).toBe(1);
    });
  });

  describe.runIf(runs)("access property", () => {
    const PEOPLE = ["ann@example.com", "bo@example.com", "cy@example.com", "di@example.com"];
    it("for any membership sets, a non-member never sees a private incident in any query", async () => {
      const { ws, store } = await fresh([]);
      const incident = fc.record({
        private: fc.boolean(),
        members: fc.subarray(PEOPLE),
        memberCase: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.array(incident, { minLength: 1, maxLength: 6 }),
          fc.option(fc.constantFrom(...PEOPLE, "eve@example.com"), { nil: null }),
          async (incidents, email) => {
            // a new set of incident folders each run; the store (SQLite in .debrief/) stays
            for (const d of readdirSync(ws)) if (!d.startsWith(".")) rmSync(join(ws, d), { recursive: true });
            writeFixtureWorkspace(
              ws,
              incidents.map((i, n) => ({
                dir: `inc-${n}`,
                private: i.private,
                members: i.members.map((m) => (i.memberCase ? m.toUpperCase() : m)),
                summary: "Shared words everyone searches for.",
                actions: [{ action: "Fix it", owner: "ann", deadline: "2025-01-01", status: "open" }],
              })),
            );
            await store.refresh();
            const scope = user(email);
            const allowed = new Set(
              incidents.flatMap((i, n) =>
                !i.private || (email !== null && i.members.includes(email)) ? [`inc-${n}`] : [],
              ),
            );
            const listed = (await store.listIncidents(scope, { limit: 500 })).rows.map((r) => r.dir);
            const searched = (await store.listIncidents(scope, { text: "shared words" })).rows.map((r) => r.dir);
            const items = (await store.listActionItems(scope, {})).map((x) => x.incidentDir);
            const insights = (await store.insightRecords(scope)).map((x) => x.dir);
            for (const seen of [listed, searched, items, insights]) expect(new Set(seen)).toEqual(allowed);
            for (let n = 0; n < incidents.length; n++) {
              const dir = `inc-${n}`;
              expect(await store.canView(scope, dir)).toBe(allowed.has(dir));
              expect((await store.getIncident(scope, dir))?.dir ?? null).toBe(allowed.has(dir) ? dir : null);
            }
          },
        ),
        { numRuns: 20 },
      );
    });
  });

  describe.runIf(runs)("schema and connection", () => {
    it("migrates idempotently: reopening keeps the data", async () => {
      const { ws, store, url } = await fresh(INCIDENTS.slice(0, 1));
      await store.refresh();
      await store.audit({ actorId: null, actorName: "x", action: "view", target: "a-pool", detail: {} });
      await store.close();
      await store.close();
      await expect(store.listIncidents(LOCAL, {})).rejects.toThrow(/closed/);
      for (let n = 0; n < 2; n++) {
        const again = await openTeamStore({ workspace: ws, url });
        stores.push(again);
        expect(await again.refresh()).toEqual({ added: 0, updated: 0, removed: 0 });
        expect((await again.listIncidents(LOCAL, {})).total).toBe(1);
        expect((await again.listAudit({})).length).toBe(1);
        await again.close();
      }
    });
  });
});

describe("team store schema versions", () => {
  it("refuses a database migrated by a newer Debrief, naming the cause", async () => {
    const ws = mkdtempSync(join(tmpdir(), "debrief-team-newer-"));
    try {
      const store = await openTeamStore({ workspace: ws });
      await store.close();
      const db = new Database(join(ws, ".debrief", "team.sqlite"));
      db.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES ('9999_future', '2099-01-01')").run();
      db.close();
      const error = await openTeamStore({ workspace: ws }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DebriefError);
      expect(error).toMatchObject({ code: "STATE" });
      expect((error as Error).message).toMatch(/migrated by a newer Debrief.*9999_future/);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});

describe("team store configuration errors", () => {
  const ws = mkdtempSync(join(tmpdir(), "debrief-team-bad-"));
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  it.each([
    ["mysql://u:pw@localhost/db", /scheme "mysql:".*expected postgres:\/\//],
    ["not a url", /is not a URL.*expected postgres:\/\//],
    ["postgres://", /not a valid URL|names no host/],
  ])("refuses DEBRIEF_DATABASE_URL=%s with a one-line DebriefError", async (url, message) => {
    const error = await openTeamStore({ workspace: ws, url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DebriefError);
    expect((error as DebriefError).code).toBe("CONFIG_INVALID");
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toMatch(/\n|pw@/);
  });

  it("names an unreachable server without its password", async () => {
    const error = await openTeamStore({ workspace: ws, url: "postgres://u:s3cret@127.0.0.1:1/db" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DebriefError);
    expect((error as DebriefError).code).toBe("NETWORK");
    expect((error as Error).message).toMatch(
      /cannot connect to PostgreSQL at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/db/,
    );
    expect((error as Error).message).not.toContain("s3cret");
  });

  it("refuses a workspace that does not exist", async () => {
    await expect(openTeamStore({ workspace: join(ws, "missing") })).rejects.toMatchObject({ code: "INPUT_NOT_FOUND" });
  });
});
