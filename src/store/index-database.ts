import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { DebriefError } from "../model/debrief-error.js";
import type { PostmortemParser } from "./parser.js";
import { migrate, missingTables } from "./schema.js";

/** Folder inside a workspace that holds Debrief's own state. */
export const STATE_DIR = ".debrief";
/** File name of the index inside {@link STATE_DIR}. */
export const INDEX_FILE = "index.sqlite";

/**
 * Version of what the indexer extracts from the files. Bump it when extraction changes (new field, different
 * parsing) so existing indexes are rebuilt instead of silently mixing old and new rows.
 */
export const INDEXER_VERSION = "1";

/** Options shared by everything that opens the index. */
export interface IndexOptions {
  /** Drop the index and re-read every file. */
  rebuild?: boolean;
  /** Receives warnings (corrupt index rebuilt, newer schema) so the CLI can print them on stderr. */
  onWarning?: (message: string) => void;
  /** Parser to use for post-mortems (tests and benchmarks); defaults to the project's parser. */
  parser?: PostmortemParser;
}

/** An open index. Close it when done; the database handle is exposed for the query modules in this package. */
export interface WorkspaceIndex {
  readonly workspace: string;
  readonly path: string;
  readonly db: Database.Database;
  close(): void;
}

function checkWorkspace(dir: string): void {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(dir);
  } catch {
    throw new DebriefError("INPUT_NOT_FOUND", `workspace ${dir} does not exist`, { location: { path: dir } });
  }
  if (!st.isDirectory()) {
    throw new DebriefError("INPUT_INVALID", `workspace ${dir} is not a directory (expected a folder of incidents)`, {
      location: { path: dir },
    });
  }
}

function removeIndexFiles(path: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${path}${suffix}`, { force: true });
}

/** Errors that mean the index file cannot be trusted: damaged, not a database, or tables missing or misshapen. */
export function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return false;
  if (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB") return true;
  return code === "SQLITE_ERROR" && /no such (table|column)|has no column/.test((error as Error).message);
}

function openDatabase(path: string): Database.Database {
  const db = new Database(path);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 10000");
    db.pragma("temp_store = MEMORY");
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Open (creating if needed) the index of a workspace. A corrupt index file or one written by a newer Debrief is
 * deleted and recreated empty, with a warning: the index is a cache of the files, never the source of truth.
 */
export function openWorkspaceIndex(
  workspace: string,
  options: Pick<IndexOptions, "onWarning" | "rebuild"> = {},
): WorkspaceIndex & { created: boolean; warnings: string[] } {
  checkWorkspace(workspace);
  const stateDir = join(workspace, STATE_DIR);
  const path = join(stateDir, INDEX_FILE);
  const warnings: string[] = [];
  const warn = (m: string) => {
    warnings.push(m);
    options.onWarning?.(m);
  };
  try {
    mkdirSync(stateDir, { recursive: true });
  } catch (error) {
    throw new DebriefError("INPUT_UNREADABLE", `cannot create ${stateDir}: ${(error as Error).message}`, {
      location: { path: stateDir },
    });
  }
  let created = options.rebuild === true || !existsSync(path);
  if (options.rebuild) removeIndexFiles(path);
  let db: Database.Database | undefined;
  // A brand-new, empty index (the files are re-read by the next refresh).
  const recreate = (): Database.Database => {
    try {
      db?.close();
    } catch {
      // closing a damaged handle may fail; the files are removed next anyway
    }
    removeIndexFiles(path);
    const fresh = openDatabase(path);
    migrate(fresh);
    fresh.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('indexer', ?)").run(INDEXER_VERSION);
    created = true;
    return fresh;
  };
  try {
    db = openDatabase(path);
    if (!migrate(db)) {
      warn(`index ${path} was written by a newer Debrief (schema too new); rebuilding it from the files`);
      db = recreate();
    }
    const missing = missingTables(db);
    if (missing.length > 0) {
      const error = new Error(`tables missing: ${missing.join(", ")}`) as Error & { code: string };
      error.code = "SQLITE_CORRUPT";
      throw error;
    }
    const version = db.prepare("SELECT value FROM meta WHERE key = 'indexer'").pluck().get() as string | undefined;
    if (version === undefined) {
      db.prepare("INSERT INTO meta (key, value) VALUES ('indexer', ?)").run(INDEXER_VERSION);
    } else if (version !== INDEXER_VERSION) {
      // Built by another version of the indexer: rows may be shaped differently, so re-read everything.
      db = recreate();
    }
  } catch (error) {
    if (!isCorruption(error)) {
      try {
        db?.close();
      } catch {
        // already reporting the first error
      }
      throw new DebriefError("STATE", `cannot open index ${path}: ${(error as Error).message}`, {
        location: { path },
        cause: error,
      });
    }
    warn(`index ${path} is corrupt (${(error as Error).message}); rebuilding it from the files`);
    db = recreate();
  }
  const handle = db;
  return { workspace, path, db: handle, created, warnings, close: () => handle.close() };
}
