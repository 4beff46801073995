import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "./free-port.js";
import { canRun } from "./skip-reason.js";

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, "..", "..", "scripts", "start-postgres.sh");

/** Where PostgreSQL's initdb/pg_ctl are, or undefined (same search as scripts/start-postgres.sh). */
export function postgresBinDir(): string | undefined {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  try {
    const versions = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(`/usr/lib/postgresql/${v}/bin`);
  } catch {
    // no Debian layout
  }
  for (const dir of (process.env.PATH ?? "").split(":")) if (dir) candidates.push(dir);
  return candidates.find((d) => existsSync(join(d, "initdb")) && existsSync(join(d, "pg_ctl")));
}

/**
 * Whether the PostgreSQL half of a suite can run: `DEBRIEF_TEST_DATABASE_URL` names a server (CI starts one), or
 * the binaries are here to start a throwaway cluster. Otherwise (or with `DEBRIEF_TEST_POSTGRES=off`) the reason is
 * printed once and the suite skipped.
 */
export function canRunPostgres(tests: string): boolean {
  if (process.env.DEBRIEF_TEST_POSTGRES === "off") {
    return canRun(tests, "PostgreSQL", false, "DEBRIEF_TEST_POSTGRES=off turned it off");
  }
  return canRun(
    tests,
    "PostgreSQL",
    Boolean(process.env.DEBRIEF_TEST_DATABASE_URL) || postgresBinDir() !== undefined,
    "install Debian's postgresql package, or set DEBRIEF_TEST_DATABASE_URL=postgres://… (see scripts/start-postgres.sh)",
  );
}

/** A PostgreSQL server for one test file. */
export interface TestPostgres {
  /** URL of the maintenance database (`postgres`). */
  url: string;
  /** Create an empty database and return its URL; it is dropped by `stop()`. */
  freshDatabase(): Promise<string>;
  /** Drop the databases made here and stop the cluster if this file started it. */
  stop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(url: string, fn: (query: (text: string) => Promise<unknown>) => Promise<T>): Promise<T> {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn((text) => client.query(text));
  } finally {
    await client.end();
  }
}

/**
 * The server named by `DEBRIEF_TEST_DATABASE_URL`, or a throwaway cluster started with scripts/start-postgres.sh
 * on a free port (about 3–10 s). Each `freshDatabase()` is a new database, so files running in parallel never meet.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  let url = process.env.DEBRIEF_TEST_DATABASE_URL;
  let pgdata: string | undefined;
  if (!url) {
    const port = await freePort();
    const { stdout } = await run("bash", [SCRIPT, String(port)], { timeout: 120_000 });
    url = /DEBRIEF_TEST_DATABASE_URL=(\S+)/.exec(stdout)?.[1];
    pgdata = /DEBRIEF_TEST_PGDATA=(\S+)/.exec(stdout)?.[1];
    if (!url) throw new Error(`start-postgres.sh printed no URL:\n${stdout}`);
  }
  const server = url;
  const made: string[] = [];
  return {
    url: server,
    async freshDatabase() {
      const name = `debrief_test_${randomBytes(6).toString("hex")}`;
      await admin(server, (q) => q(`CREATE DATABASE ${name}`));
      made.push(name);
      return withDatabase(server, name);
    },
    async stop() {
      if (pgdata) {
        await run("bash", [SCRIPT, "stop", pgdata], { timeout: 60_000 }).catch(() => {});
        return;
      }
      await admin(server, async (q) => {
        for (const name of made) await q(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }).catch(() => {});
    },
  };
}
