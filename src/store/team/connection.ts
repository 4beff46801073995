import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import { DebriefError } from "../../model/debrief-error.js";
import { STATE_DIR } from "../index-database.js";
import type { TeamDatabase, TeamDialect } from "./database.js";

/** File name of the SQLite team store inside the workspace's `.debrief/`. */
export const TEAM_DB_FILE = "team.sqlite";

/** An open connection: the Kysely instance, its dialect and where it points (password never included). */
export interface TeamConnection {
  db: Kysely<TeamDatabase>;
  dialect: TeamDialect;
  /** The SQLite file, or the PostgreSQL URL with any password replaced by `***`. */
  location: string;
}

/** A database URL safe to print: the password (if any) replaced by `***`. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, "$1***@");
}

function checkWorkspace(dir: string): void {
  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(dir, { throwIfNoEntry: false });
  } catch {
    st = undefined;
  }
  if (!st) throw new DebriefError("INPUT_NOT_FOUND", `workspace ${dir} does not exist`, { location: { path: dir } });
  if (!st.isDirectory()) {
    throw new DebriefError("INPUT_INVALID", `workspace ${dir} is not a directory (expected a folder of incidents)`, {
      location: { path: dir },
    });
  }
}

function openSqlite(workspace: string): TeamConnection {
  checkWorkspace(workspace);
  const dir = join(workspace, STATE_DIR);
  const path = join(dir, TEAM_DB_FILE);
  let database: Database.Database;
  try {
    mkdirSync(dir, { recursive: true });
    database = new Database(path);
    database.pragma("journal_mode = WAL");
    database.pragma("synchronous = NORMAL");
    database.pragma("busy_timeout = 10000");
    database.pragma("foreign_keys = ON");
  } catch (error) {
    throw new DebriefError("STATE", `cannot open the team store ${path}: ${(error as Error).message}`, {
      location: { path },
    });
  }
  return {
    db: new Kysely<TeamDatabase>({ dialect: new SqliteDialect({ database }) }),
    dialect: "sqlite",
    location: path,
  };
}

/** Parse a `postgres://` URL up front so a typo is reported as such, not as a connection failure. */
function checkPostgresUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DebriefError(
      "CONFIG_INVALID",
      `DEBRIEF_DATABASE_URL ${redactUrl(url)} is not a valid URL (expected postgres://user:password@host:5432/database)`,
    );
  }
  if (!parsed.hostname && !parsed.searchParams.get("host")) {
    throw new DebriefError(
      "CONFIG_INVALID",
      `DEBRIEF_DATABASE_URL ${redactUrl(url)} names no host (expected postgres://user:password@host:5432/database)`,
    );
  }
  return parsed;
}

async function openPostgres(url: string): Promise<TeamConnection> {
  checkPostgresUrl(url);
  const location = redactUrl(url);
  // loaded on demand: the CLI and SQLite users never pay for the PostgreSQL driver
  const pg = (await import("pg")).default;
  // BIGINT (epoch ms, count(*)) as numbers: every value the store keeps is far below 2^53
  const types = {
    getTypeParser: ((oid: number, format?: "text" | "binary") =>
      oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as never,
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: 8,
    connectionTimeoutMillis: 10_000,
    types,
    // The store's queries touch a few thousand rows at most; PostgreSQL still plans parallel workers for a search
    // ranking ~1,500 matches, and starting them cost 170 ms of a 240 ms query on a busy 2-core machine (the work
    // itself 40 ms). Off for the store's own connections only; an `options` parameter in the URL takes precedence.
    options: "-c max_parallel_workers_per_gather=0",
  });
  // an idle client losing its connection must not crash the process; the next query reports the failure
  pool.on("error", () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    const e = error as { code?: string; message?: string };
    throw new DebriefError(
      "NETWORK",
      `cannot connect to PostgreSQL at ${location}: ${e.message ?? String(error)}${e.code ? ` (${e.code})` : ""}`,
      { details: { url: location } },
    );
  }
  return { db: new Kysely<TeamDatabase>({ dialect: new PostgresDialect({ pool }) }), dialect: "postgres", location };
}

/**
 * Connect to the team database: PostgreSQL for a `postgres://` or `postgresql://` URL, else SQLite in the
 * workspace's `.debrief/`. Any other URL is a configuration error naming the expected form.
 */
export async function connectTeamDatabase(options: {
  workspace: string;
  url?: string | undefined;
}): Promise<TeamConnection> {
  const url = options.url?.trim();
  if (!url) return openSqlite(options.workspace);
  if (/^postgres(ql)?:\/\//i.test(url)) {
    checkWorkspace(options.workspace);
    return openPostgres(url);
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  throw new DebriefError(
    "CONFIG_INVALID",
    `DEBRIEF_DATABASE_URL ${scheme ? `has scheme "${scheme}:"` : `"${redactUrl(url)}" is not a URL`}; expected postgres://user:password@host:5432/database (unset it to use SQLite in .debrief/${TEAM_DB_FILE})`,
  );
}
