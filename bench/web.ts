/**
 * Web app benchmark over real HTTP: a generated workspace of 10,000 incidents (src/insights/workspace-generator;
 * every fifth private with two members, all with tags and an owner) mirrored into the team store, `debrief serve`'s
 * app listening on loopback, and a real HTTP client (undici's fetch, one connection, sequential requests) asking
 * for the incident list (default, a later page, filtered) and full-text search with snippets, as rendered HTML
 * pages, a bounded number of times each. Reports p50/p95/max per page and dialect: SQLite, and PostgreSQL when
 * DEBRIEF_TEST_DATABASE_URL is set (start one with `eval "$(bash scripts/start-postgres.sh)"`).
 *
 * The requests come from a signed-in non-admin viewer (identity headers from a trusted proxy on 127.0.0.1), so the
 * private-incident filter is on every query, as for a team.
 *
 * Run: `node --import tsx bench/web.ts [--count 10000] [--requests 100]` (writes bench/results/web.{md,json}).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { generateWorkspace } from "../src/insights/workspace-generator/index.js";
import { startHttpServer } from "../src/server/index.js";
import { teamStoreHandle } from "../src/server/web/web-context.js";
import { openTeamStore } from "../src/store/index.js";
import { RESULTS } from "./bench-helpers.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const COUNT = arg("count", 10_000);
const REQUESTS = arg("requests", 100);
const log = (m: string) => process.stderr.write(`${m}\n`);

const MEMBERS = ["dana@example.com", "sam@example.com"];
const TAGS = ["database", "network", "deploy", "capacity", "security"];
const OWNERS = ["dana", "sam", "priya", "lee"];
const SEARCHES = ["connection pool", "certificate expired", "disk full", "dns", "memory leak", "timeout", "cache"];

/** Tags and an owner on every post-mortem, every fifth private with two members. */
function addTeamFields(ws: string): number {
  let privateCount = 0;
  readdirSync(ws)
    .filter((d) => !d.startsWith(".") && !d.endsWith(".json"))
    .sort()
    .forEach((dir, n) => {
      const path = join(ws, dir, "postmortem.md");
      let text: string;
      try {
        text = readFileSync(path, "utf8");
      } catch {
        return;
      }
      const extra = [`tags: [${TAGS[n % TAGS.length]}, ${TAGS[(n + 2) % TAGS.length]}]`, `owner: ${OWNERS[n % 4]}`];
      if (n % 5 === 0) {
        extra.push("private: true", `members: [${MEMBERS.join(", ")}]`);
        privateCount++;
      }
      writeFileSync(path, text.replace(/^---\n/, `---\n${extra.join("\n")}\n`));
    });
  return privateCount;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

interface Row {
  page: string;
  dialect: string;
  p50: number;
  p95: number;
  max: number;
  bytes: number;
}

async function measure(dialect: "sqlite" | "postgres", ws: string, url: string | undefined): Promise<Row[]> {
  const store = await openTeamStore({ workspace: ws, url });
  let t = performance.now();
  await store.refresh(ws);
  log(`${dialect}: mirrored ${COUNT} incidents in ${Math.round(performance.now() - t)} ms`);
  const env = {
    DEBRIEF_TRUSTED_PROXY_USER_HEADER: "x-forwarded-user",
    DEBRIEF_TRUSTED_PROXY_EMAIL_HEADER: "x-forwarded-email",
    DEBRIEF_TRUSTED_PROXY_NAME_HEADER: "x-forwarded-name",
    DEBRIEF_TRUSTED_PROXY_ADDRESSES: "127.0.0.1",
    ...(url ? { DEBRIEF_DATABASE_URL: url } : {}),
  };
  const server = await startHttpServer({
    workspace: ws,
    version: "bench",
    env,
    port: 0,
    log: () => {},
    teamStore: teamStoreHandle({ workspace: ws, env, store }),
  });
  const base = `http://127.0.0.1:${server.port}`;
  const as = (user: string) => ({
    "x-forwarded-user": user,
    "x-forwarded-email": `${user}@example.com`,
    "x-forwarded-name": user,
  });
  // the first person is the admin; the measured user is a viewer who is a member of no private incident
  await fetch(`${base}/`, { headers: as("root") }).then((r) => r.text());
  const pages: Array<[string, (i: number) => string]> = [
    ["list, newest 50", () => "/"],
    ["list, page 20 (offset 950)", () => "/?offset=950"],
    ["list, service + severity", (i) => `/?service=${["api", "db", "auth", "web"][i % 4]}&severity=SEV${(i % 3) + 1}`],
    ["list, tag + review status", (i) => `/?tag=${TAGS[i % TAGS.length]}&review=draft`],
    ["search with snippets", (i) => `/?q=${encodeURIComponent(SEARCHES[i % SEARCHES.length] as string)}`],
  ];
  const rows: Row[] = [];
  for (const [page, path] of pages) {
    for (let i = 0; i < 5; i++) await (await fetch(base + path(i), { headers: as("viewer") })).text();
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < REQUESTS; i++) {
      t = performance.now();
      const r = await fetch(base + path(i), { headers: as("viewer") });
      const body = await r.text();
      times.push(performance.now() - t);
      if (r.status !== 200) throw new Error(`${path(i)}: HTTP ${r.status} ${body.slice(0, 200)}`);
      bytes += body.length;
    }
    times.sort((a, b) => a - b);
    const round = (x: number) => Math.round(x * 10) / 10;
    rows.push({
      page,
      dialect,
      p50: round(percentile(times, 50)),
      p95: round(percentile(times, 95)),
      max: round(times.at(-1) ?? 0),
      bytes: Math.round(bytes / REQUESTS),
    });
    log(`${dialect} ${page}: p50 ${rows.at(-1)?.p50} ms, p95 ${rows.at(-1)?.p95} ms`);
  }
  await server.close();
  return rows;
}

const ws = mkdtempSync(join(tmpdir(), "debrief-bench-web-"));
try {
  log(`generating ${COUNT} incidents in ${ws}`);
  generateWorkspace({ count: COUNT, seed: 19, out: ws });
  const privateCount = addTeamFields(ws);
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
  const rows = await measure("sqlite", ws, undefined);
  const pg = process.env.DEBRIEF_TEST_DATABASE_URL;
  if (pg) rows.push(...(await measure("postgres", ws, pg)));
  const byPage = [...new Set(rows.map((r) => r.page))];
  const cell = (page: string, dialect: string) => {
    const r = rows.find((x) => x.page === page && x.dialect === dialect);
    return r ? `${r.p50} | ${r.p95} | ${r.max}` : "— | — | —";
  };
  const md = `# Web app benchmark (HTTP, rendered pages)

${COUNT.toLocaleString("en")} generated incidents (${privateCount.toLocaleString("en")} private), \`debrief serve\`'s app on 127.0.0.1,
a real HTTP client (fetch, sequential, one connection), ${REQUESTS} requests per page after 5 warm-up requests, as a
signed-in non-admin viewer (trusted-proxy headers), so the private-incident filter is on every query. Full HTML
pages, milliseconds from request to last byte. \`node --import tsx bench/web.ts\` regenerates this file.
Machine: ${cpus().length} cores, load ${load} at start; Node ${process.version}. Run ${new Date().toISOString()}.

| page | SQLite p50 | SQLite p95 | SQLite max | PostgreSQL p50 | PostgreSQL p95 | PostgreSQL max |
|---|---:|---:|---:|---:|---:|---:|
${byPage.map((p) => `| ${p} | ${cell(p, "sqlite")} | ${cell(p, "postgres")} |`).join("\n")}

Target (issue 19): incident list and search p95 under 200 ms with 10,000 incidents.
${pg ? "" : "PostgreSQL was not measured in this run (DEBRIEF_TEST_DATABASE_URL unset).\n"}`;
  writeFileSync(join(RESULTS, "web.md"), md);
  writeFileSync(
    join(RESULTS, "web.json"),
    `${JSON.stringify({ count: COUNT, requests: REQUESTS, load, rows }, null, 2)}\n`,
  );
  process.stdout.write(md);
} finally {
  rmSync(ws, { recursive: true, force: true });
}
