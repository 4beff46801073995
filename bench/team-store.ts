/**
 * Team store benchmark: a generated workspace of 10,000 incidents (src/insights/workspace-generator; a fifth made
 * private with members, every one given tags and an owner) mirrored into the team store on SQLite and on PostgreSQL
 * in the same run, then the incident list (default and filtered), full-text search with snippets, the action-item
 * board and an incident page, each asked many times with varied parameters as a non-member viewer (the access filter
 * is always on). Reports p50/p95/max per query and dialect. Store level (no HTTP): the web benchmark adds the server.
 *
 * Run: `npm run bench:team-store [-- --count 10000 --queries 200]` (writes bench/results/team-store.{md,json}).
 * PostgreSQL: DEBRIEF_TEST_DATABASE_URL when set, else a throwaway cluster from scripts/start-postgres.sh.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { generateWorkspace } from "../src/insights/workspace-generator/index.js";
import { type AccessScope, type IncidentFilter, openTeamStore, type TeamStore } from "../src/store/index.js";
import { RESULTS, ROOT } from "./bench-helpers.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const COUNT = arg("count", 10_000);
const QUERIES = arg("queries", 200);
const log = (m: string) => process.stderr.write(`${m}\n`);

const PEOPLE = ["dana@example.com", "sam@example.com", "priya@example.com", "lee@example.com", "alex@example.com"];
const TAGS = ["database", "network", "deploy", "capacity", "security", "customer-facing", "config"];
const OWNERS = ["dana", "sam", "priya", "lee", "alex", "jo"];
const SEARCHES = [
  "connection pool",
  "certificate expired",
  "disk full",
  "dns",
  "memory leak",
  "timeout",
  "cache stampede",
  "replication lag",
  "rate limiter",
  "clock skew token",
  "schema migration lock",
  "feature flag",
  "garbage collection",
  "rebalance",
  '"connection pool"',
];

/** Give every generated post-mortem tags and an owner, and make every fifth private with two members. */
function addTeamFields(ws: string): { privateCount: number } {
  let privateCount = 0;
  const dirs = readdirSync(ws)
    .filter((d) => !d.startsWith(".") && !d.endsWith(".json"))
    .sort();
  dirs.forEach((dir, n) => {
    const path = join(ws, dir, "postmortem.md");
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      return;
    }
    const extra = [
      `tags: [${TAGS[n % TAGS.length]}, ${TAGS[(n * 3 + 1) % TAGS.length]}]`,
      `owner: ${OWNERS[n % OWNERS.length]}`,
    ];
    if (n % 5 === 0) {
      privateCount++;
      extra.push("private: true", `members: [${PEOPLE[n % PEOPLE.length]}, ${PEOPLE[(n + 2) % PEOPLE.length]}]`);
    }
    writeFileSync(path, text.replace(/^---\n/, `---\n${extra.join("\n")}\n`));
  });
  return { privateCount };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

interface Stat {
  query: string;
  n: number;
  p50: number;
  p95: number;
  max: number;
  rows: number;
}

async function measure(query: string, runs: number, fn: (i: number) => Promise<number>): Promise<Stat> {
  for (let i = 0; i < 5; i++) await fn(i); // warm-up: statement caches, buffer pool
  const ms: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    rows += await fn(i);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    query,
    n: runs,
    p50: r(percentile(ms, 50)),
    p95: r(percentile(ms, 95)),
    max: r(ms.at(-1) ?? 0),
    rows: Math.round(rows / runs),
  };
}

async function benchStore(
  store: TeamStore,
  dirs: string[],
): Promise<{ refreshMs: number; noopMs: number; stats: Stat[] }> {
  let t0 = performance.now();
  const first = await store.refresh();
  const refreshMs = performance.now() - t0;
  log(`  ${store.dialect}: mirrored ${first.added} incidents in ${Math.round(refreshMs)} ms`);
  // the first refresh after the import re-hashes files written within a second of it ("racy"); then steady state
  await store.refresh();
  const noops: number[] = [];
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    await store.refresh();
    noops.push(performance.now() - t0);
  }
  const noopMs = noops.sort((a, b) => a - b)[1] ?? 0;
  const viewer: AccessScope = {
    kind: "user",
    viewer: { userId: "u1", email: "dana@example.com", name: "Dana", role: "viewer" },
  };
  const services = [...new Set((await store.insightRecords({ kind: "local" })).flatMap((r) => r.services))].sort();
  const list = (f: (i: number) => IncidentFilter) => async (i: number) =>
    (await store.listIncidents(viewer, f(i))).rows.length;
  const year = Date.parse("2025-01-01T00:00:00Z");
  const month = 30 * 86_400_000;
  const stats: Stat[] = [];
  stats.push(
    await measure(
      "list, default (newest 50)",
      QUERIES,
      list(() => ({})),
    ),
  );
  stats.push(
    await measure(
      "list, page 20 (offset 1000)",
      QUERIES,
      list(() => ({ offset: 1000 })),
    ),
  );
  stats.push(
    await measure(
      "list, service + severity",
      QUERIES,
      list((i) => ({ service: services[i % services.length] as string, severity: `SEV${(i % 3) + 1}` })),
    ),
  );
  stats.push(
    await measure(
      "list, tag",
      QUERIES,
      list((i) => ({ tag: TAGS[i % TAGS.length] as string })),
    ),
  );
  stats.push(
    await measure(
      "list, owner + status",
      QUERIES,
      list((i) => ({ owner: OWNERS[i % OWNERS.length] as string, status: "published" })),
    ),
  );
  stats.push(
    await measure(
      "list, 3-month date range",
      QUERIES,
      list((i) => ({ from: year + (i % 15) * month, to: year + ((i % 15) + 3) * month })),
    ),
  );
  stats.push(
    await measure(
      "search, 50 hits with snippets",
      QUERIES,
      list((i) => ({ text: SEARCHES[i % SEARCHES.length] as string })),
    ),
  );
  stats.push(
    await measure(
      "search + service filter",
      QUERIES,
      list((i) => ({
        text: SEARCHES[i % SEARCHES.length] as string,
        service: services[i % services.length] as string,
      })),
    ),
  );
  // The web board asks for one page, most overdue first (what a page load pays); the unpaged listing is what an
  // export of every overdue item pays, kept to show why the board is paged.
  stats.push(
    await measure(
      "action items, overdue board (50 a page)",
      QUERIES,
      async (i) => (await store.actionItemPage(viewer, { overdue: true, limit: 50, offset: (i % 5) * 50 })).rows.length,
    ),
  );
  stats.push(
    await measure(
      "action items, every overdue item (unpaged)",
      Math.min(QUERIES, 50),
      async () => (await store.listActionItems(viewer, { overdue: true })).length,
    ),
  );
  stats.push(
    await measure("incident page (getIncident)", QUERIES, async (i) =>
      (await store.getIncident(viewer, dirs[(i * 37) % dirs.length] as string)) ? 1 : 0,
    ),
  );
  return { refreshMs, noopMs, stats };
}

async function postgresUrl(): Promise<{ url: string; stop: () => void }> {
  const existing = process.env.DEBRIEF_TEST_DATABASE_URL;
  const out = existing
    ? `DEBRIEF_TEST_DATABASE_URL=${existing}`
    : execFileSync("bash", [join(ROOT, "scripts", "start-postgres.sh"), "55433"], { encoding: "utf8" });
  const server = /DEBRIEF_TEST_DATABASE_URL=(\S+)/.exec(out)?.[1] as string;
  const pgdata = /DEBRIEF_TEST_PGDATA=(\S+)/.exec(out)?.[1];
  const pg = (await import("pg")).default;
  const name = `debrief_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    stop: () => {
      if (pgdata) execFileSync("bash", [join(ROOT, "scripts", "start-postgres.sh"), "stop", pgdata]);
    },
  };
}

async function main(): Promise<void> {
  const ws = mkdtempSync(join(tmpdir(), "debrief-team-bench-"));
  try {
    log(`generating ${COUNT} incidents in ${ws}...`);
    generateWorkspace({ count: COUNT, seed: 19, out: ws });
    const { privateCount } = addTeamFields(ws);
    const dirs = readdirSync(ws)
      .filter((d) => !d.startsWith(".") && !d.endsWith(".json"))
      .sort();
    const results: Record<string, Awaited<ReturnType<typeof benchStore>>> = {};
    const sqlite = await openTeamStore({ workspace: ws });
    results.sqlite = await benchStore(sqlite, dirs);
    await sqlite.close();
    const pg = await postgresUrl();
    try {
      const store = await openTeamStore({ workspace: ws, url: pg.url });
      results.postgres = await benchStore(store, dirs);
      await store.close();
    } finally {
      pg.stop();
    }
    const machine = `${cpus().length} cores (${cpus()[0]?.model ?? "?"}), load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} at start of write-up; Node ${process.version}`;
    const json = { date: new Date().toISOString(), count: COUNT, privateCount, queries: QUERIES, machine, results };
    writeFileSync(join(RESULTS, "team-store.json"), `${JSON.stringify(json, null, 2)}\n`);
    const s = results.sqlite;
    const p = results.postgres;
    const lines = [
      "# Team store benchmark (store level, no HTTP)",
      "",
      `${COUNT.toLocaleString("en")} generated incidents (${privateCount} private with two members each; tags and owner on all),`,
      `queried as a signed-in non-admin viewer (the access filter is on every query), ${QUERIES} runs per query with varied`,
      "parameters after 5 warm-up runs. Milliseconds. `npm run bench:team-store` regenerates this file.",
      `Machine: ${machine}. Run ${json.date}.`,
      "",
      "| query | SQLite p50 | SQLite p95 | SQLite max | PostgreSQL p50 | PostgreSQL p95 | PostgreSQL max | rows/query |",
      "|---|---:|---:|---:|---:|---:|---:|---:|",
      ...(s?.stats ?? []).map((st, i) => {
        const q = p?.stats[i];
        return `| ${st.query} | ${st.p50} | ${st.p95} | ${st.max} | ${q?.p50 ?? "–"} | ${q?.p95 ?? "–"} | ${q?.max ?? "–"} | ${st.rows} |`;
      }),
      "",
      `Mirroring the workspace (parse ${COUNT.toLocaleString("en")} post-mortems and write them): SQLite ${Math.round(s?.refreshMs ?? 0)} ms,`,
      `PostgreSQL ${Math.round(p?.refreshMs ?? 0)} ms; a refresh with nothing changed (median of 3): SQLite ${Math.round(s?.noopMs ?? 0)} ms,`,
      `PostgreSQL ${Math.round(p?.noopMs ?? 0)} ms (stat of every file; that is what a page load pays when the web app refreshes).`,
      "",
      "Target (issue 19): list and search p95 under 200 ms with 10,000 incidents; the HTTP figures are the web benchmark's.",
      "",
    ];
    writeFileSync(join(RESULTS, "team-store.md"), lines.join("\n"));
    log(lines.join("\n"));
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

await main();
