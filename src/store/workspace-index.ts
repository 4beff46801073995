import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { parseDocument, parse as parseYaml } from "yaml";
import { DebriefError } from "../model/debrief-error.js";
import type { Postmortem } from "../model/postmortem.js";
import type { ParseProblem } from "../postmortem/parsed-postmortem.js";
import {
  buildIncidentRecord,
  type IncidentConfigSummary,
  type IncidentRecord,
  type IndexProblem,
  type TimelineSummary,
} from "./incident-record.js";
import { defaultPostmortemParser, type PostmortemParser } from "./parser.js";
import { migrate, missingTables } from "./schema.js";

/** Folder inside a workspace that holds Debrief's own state. */
export const STATE_DIR = ".debrief";
/** File name of the index inside {@link STATE_DIR}. */
export const INDEX_FILE = "index.sqlite";

/** The files of an incident folder the index reads, by kind. */
const INCIDENT_FILES = { postmortem: "postmortem.md", timeline: "timeline.json", config: "debrief.yaml" } as const;
type FileKind = keyof typeof INCIDENT_FILES;

/** Post-mortems larger than this are recorded as a problem instead of parsed: no real document is this big. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;
/**
 * Version of what the indexer extracts from the files. Bump it when extraction changes (new field, different
 * parsing) so existing indexes are rebuilt instead of silently mixing old and new rows.
 */
export const INDEXER_VERSION = "1";

/** Incidents written per transaction. */
const BATCH = 500;

/**
 * Problem codes that mean a file could not be used at all (as opposed to a section the parser did not recognise);
 * `debrief index` exits 1 when any incident has one.
 */
export const FILE_PROBLEM_CODES: ReadonlySet<string> = new Set([
  "file-unreadable",
  "file-not-regular",
  "file-encoding",
  "file-too-large",
  "postmortem-unparseable",
  "markdown-unparseable",
  "front-matter-invalid",
  "timeline-invalid",
  "config-invalid",
]);

/** Options shared by everything that opens the index. */
export interface IndexOptions {
  /** Drop the index and re-read every file. */
  rebuild?: boolean;
  /** Receives warnings (corrupt index rebuilt, newer schema) so the CLI can print them on stderr. */
  onWarning?: (message: string) => void;
  /** Parser to use for post-mortems (tests and benchmarks); defaults to the project's parser. */
  parser?: PostmortemParser;
}

/** What a refresh did. */
export interface IndexReport {
  workspace: string;
  indexPath: string;
  /** Incidents in the index after the refresh. */
  incidents: number;
  actionItems: number;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  /** True when the index was (re)created from scratch. */
  rebuilt: boolean;
  /** Problems recorded for the incidents re-read in this refresh. */
  problems: IndexProblem[];
  /** Problems recorded in the whole index. */
  totalProblems: number;
  warnings: string[];
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
function isCorruption(error: unknown): boolean {
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

interface ScannedFile {
  rel: string;
  dir: string;
  kind: FileKind;
  abs: string;
  size: number;
  mtimeMs: number;
}

/** List incident folders (direct children, not hidden) and the files the index reads in each. */
function scanWorkspace(workspace: string): { files: ScannedFile[]; dirs: Set<string>; irregular: IndexProblem[] } {
  const files: ScannedFile[] = [];
  const irregular: IndexProblem[] = [];
  const dirs = new Set<string>();
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(workspace, { withFileTypes: true });
  } catch (error) {
    throw new DebriefError("INPUT_UNREADABLE", `cannot list workspace ${workspace}: ${(error as Error).message}`, {
      location: { path: workspace },
    });
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith(".") || entry.name === "node_modules") continue;
    for (const kind of Object.keys(INCIDENT_FILES) as FileKind[]) {
      const rel = `${entry.name}/${INCIDENT_FILES[kind]}`;
      const abs = join(workspace, entry.name, INCIDENT_FILES[kind]);
      // No exception for the common case of an absent file: with 10,000 incidents, throwing costs more than stat.
      let st: import("node:fs").Stats | undefined;
      try {
        st = statSync(abs, { throwIfNoEntry: false });
      } catch {
        st = undefined;
      }
      if (!st) continue;
      dirs.add(entry.name);
      if (!st.isFile()) {
        // A FIFO or device would block or never end when read; a folder named like a file is a mistake to report.
        irregular.push({
          incidentDir: entry.name,
          path: rel,
          line: null,
          code: "file-not-regular",
          message: `${rel} is not a regular file (expected ${INCIDENT_FILES[kind]})`,
        });
        continue;
      }
      files.push({ rel, dir: entry.name, kind, abs, size: st.size, mtimeMs: Math.floor(st.mtimeMs) });
    }
  }
  return { files, dirs, irregular };
}

interface StoredFile {
  path: string;
  incident_dir: string;
  sha256: string;
  size: number;
  mtime_ms: number;
  indexed_at_ms: number;
}

const decoder = new TextDecoder("utf-8", { fatal: true });
const lossyDecoder = new TextDecoder("utf-8");

interface ReadResult {
  text: string | null;
  sha256: string;
  problem: IndexProblem | null;
}

function readIncidentFile(f: ScannedFile): ReadResult {
  let buf: Buffer;
  try {
    buf = readFileSync(f.abs);
  } catch (error) {
    return {
      text: null,
      sha256: "unreadable",
      problem: {
        incidentDir: f.dir,
        path: f.rel,
        line: null,
        code: "file-unreadable",
        message: `cannot read ${f.rel}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      },
    };
  }
  const sha256 = createHash("sha256").update(buf).digest("hex");
  if (buf.length > MAX_FILE_BYTES) {
    return {
      text: null,
      sha256,
      problem: {
        incidentDir: f.dir,
        path: f.rel,
        line: null,
        code: "file-too-large",
        message: `${f.rel} is ${buf.length} bytes; files over ${MAX_FILE_BYTES} bytes are not indexed`,
      },
    };
  }
  try {
    return { text: decoder.decode(buf), sha256, problem: null };
  } catch {
    const text = lossyDecoder.decode(buf);
    const line = text.slice(0, text.indexOf("\uFFFD")).split("\n").length;
    return {
      text,
      sha256,
      problem: {
        incidentDir: f.dir,
        path: f.rel,
        line,
        code: "file-encoding",
        message: `${f.rel}:${line} is not valid UTF-8; invalid bytes were replaced`,
      },
    };
  }
}

function hashFile(f: ScannedFile): string {
  try {
    return createHash("sha256").update(readFileSync(f.abs)).digest("hex");
  } catch {
    return "unreadable";
  }
}

function jsonProblem(f: ScannedFile, text: string, error: Error): IndexProblem {
  const pos = /position (\d+)/.exec(error.message);
  let line = pos ? text.slice(0, Number(pos[1])).split("\n").length : null;
  if (line === null) {
    // Node 20 does not always say where JSON.parse failed; JSON is YAML, and the YAML parser reports lines.
    line = parseDocument(text).errors[0]?.linePos?.[0]?.line ?? null;
  }
  return {
    incidentDir: f.dir,
    path: f.rel,
    line,
    code: "timeline-invalid",
    message: `${f.rel}${line ? `:${line}` : ""} is not valid JSON (expected the output of \`debrief timeline --json\`): ${error.message}`,
  };
}

/** Read, parse and summarise one incident folder. Never throws for bad content. */
function readIncident(
  dir: string,
  files: ScannedFile[],
  parser: PostmortemParser,
  irregular: IndexProblem[],
): { record: IncidentRecord; hashes: Map<string, string> } {
  const hashes = new Map<string, string>();
  const extra: IndexProblem[] = [...irregular];
  let postmortem: Postmortem | null = null;
  let parseProblems: ParseProblem[] = [];
  let timeline: TimelineSummary | null = null;
  let config: IncidentConfigSummary | null = null;
  const pmPath = `${dir}/${INCIDENT_FILES.postmortem}`;
  for (const f of files) {
    const r = readIncidentFile(f);
    hashes.set(f.rel, r.sha256);
    if (r.problem) extra.push(r.problem);
    if (r.text === null) continue;
    if (f.kind === "postmortem") {
      try {
        const parsed = parser(r.text, f.rel);
        postmortem = parsed.postmortem;
        parseProblems = parsed.problems;
      } catch (error) {
        extra.push({
          incidentDir: dir,
          path: f.rel,
          line: null,
          code: "postmortem-unparseable",
          message: `${f.rel} could not be parsed: ${(error as Error).message}`,
        });
      }
    } else if (f.kind === "timeline") {
      try {
        const value: unknown = JSON.parse(r.text);
        if (value && typeof value === "object" && !Array.isArray(value)) timeline = value as TimelineSummary;
        else throw new Error("top level is not an object");
      } catch (error) {
        extra.push(jsonProblem(f, r.text, error as Error));
      }
    } else {
      try {
        const value: unknown = parseYaml(r.text);
        if (value && typeof value === "object" && !Array.isArray(value)) config = value as IncidentConfigSummary;
        else if (value !== null && value !== undefined) throw new Error("top level is not a mapping");
      } catch (error) {
        extra.push({
          incidentDir: dir,
          path: f.rel,
          line: (error as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line ?? null,
          code: "config-invalid",
          message: `${f.rel} is not valid YAML: ${(error as Error).message.split("\n")[0]}`,
        });
      }
    }
  }
  const record = buildIncidentRecord({
    dir,
    postmortem,
    postmortemPath: pmPath,
    parseProblems,
    timeline,
    config,
    extraProblems: extra,
  });
  return { record, hashes };
}

function refresh(index: WorkspaceIndex, parser: PostmortemParser, rebuilt: boolean): Omit<IndexReport, "warnings"> {
  const { db, workspace } = index;
  const now = Date.now();
  const { files, dirs, irregular } = scanWorkspace(workspace);
  const irregularByDir = new Map<string, IndexProblem[]>();
  for (const p of irregular) irregularByDir.set(p.incidentDir, [...(irregularByDir.get(p.incidentDir) ?? []), p]);
  const stored = new Map<string, StoredFile>();
  for (const row of db
    .prepare("SELECT path, incident_dir, sha256, size, mtime_ms, indexed_at_ms FROM files")
    .iterate()) {
    const r = row as StoredFile;
    stored.set(r.path, r);
  }
  const knownDirs = new Set(
    (db.prepare("SELECT dir FROM incidents").all() as Array<{ dir: string }>).map((r) => r.dir),
  );
  const changedDirs = new Set<string>();
  const touchOnly: Array<{ path: string; mtime: number }> = [];
  const byDir = new Map<string, ScannedFile[]>();
  for (const f of files) {
    const list = byDir.get(f.dir) ?? [];
    list.push(f);
    byDir.set(f.dir, list);
    const s = stored.get(f.rel);
    stored.delete(f.rel);
    if (!s || !knownDirs.has(f.dir)) {
      changedDirs.add(f.dir);
      continue;
    }
    // Same size and mtime means unchanged, unless the file was written within the second it was indexed
    // ("racy" entry, as git calls it) or could not be read last time; then the content hash decides.
    const racy = s.mtime_ms >= s.indexed_at_ms - 1000 || s.sha256 === "unreadable";
    if (s.size === f.size && s.mtime_ms === f.mtimeMs && !racy) continue;
    if (s.size === f.size && hashFile(f) === s.sha256 && s.sha256 !== "unreadable") {
      touchOnly.push({ path: f.rel, mtime: f.mtimeMs });
      continue;
    }
    changedDirs.add(f.dir);
  }
  // Files that disappeared: their incident is re-read (or removed when the folder has nothing left).
  for (const s of stored.values()) changedDirs.add(s.incident_dir);
  for (const d of knownDirs) if (!dirs.has(d)) changedDirs.add(d);
  for (const d of irregularByDir.keys()) if (!knownDirs.has(d)) changedDirs.add(d);

  // docs is keyed by rowid (= incidents.doc_id): deleting by its UNINDEXED incident_dir column would scan the table.
  const docId = db.prepare("SELECT doc_id FROM incidents WHERE dir = ?").pluck();
  const delDoc = db.prepare("DELETE FROM docs WHERE rowid = ?");
  const del = {
    incident: db.prepare("DELETE FROM incidents WHERE dir = ?"),
    items: db.prepare("DELETE FROM action_items WHERE incident_dir = ?"),
    problems: db.prepare("DELETE FROM problems WHERE incident_dir = ?"),
    files: db.prepare("DELETE FROM files WHERE incident_dir = ?"),
  };
  const ins = {
    incident:
      db.prepare(`INSERT INTO incidents (dir, id, title, severity, status, services, impact_start, detected, paged,
      acknowledged, mitigated, recovered, resolved, milestone_source, resolved_at, distributed_at, follow_up_review,
      root_cause, factors, error_signatures, sections_missing, has_postmortem, problem_count)
      VALUES (@dir, @id, @title, @severity, @status, @services, @impactStart, @detected, @paged, @acknowledged,
      @mitigated, @recovered, @resolved, @milestoneSource, @resolvedAt, @distributedAt, @followUpReview, @rootCause,
      @factors, @errorSignatures, @sectionsMissing, @hasPostmortem, @problemCount)`),
    item: db.prepare(`INSERT INTO action_items (incident_dir, seq, item_id, action, owner, deadline_raw, deadline,
      priority_raw, priority, status_raw, status, tracker, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    problem: db.prepare("INSERT INTO problems (incident_dir, path, line, code, message) VALUES (?, ?, ?, ?, ?)"),
    doc: db.prepare(`INSERT INTO docs (rowid, incident_dir, title, summary, root_cause, factors, timeline, actions, body)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    file: db.prepare(`INSERT INTO files (path, incident_dir, kind, sha256, size, mtime_ms, indexed_at_ms)
      VALUES (?, ?, ?, ?, ?, ?, ?)`),
  };
  const touch = db.prepare("UPDATE files SET mtime_ms = ?, indexed_at_ms = ? WHERE path = ?");

  let added = 0;
  let updated = 0;
  let removed = 0;
  const problems: IndexProblem[] = [];
  const write = db.transaction((batch: string[]) => {
    for (const dir of batch) {
      const stale = docId.get(dir) as number | undefined;
      if (stale !== undefined) delDoc.run(stale);
      for (const s of Object.values(del)) s.run(dir);
      const dirFiles = byDir.get(dir) ?? [];
      const dirIrregular = irregularByDir.get(dir) ?? [];
      if (dirFiles.length === 0 && dirIrregular.length === 0) {
        if (knownDirs.has(dir)) removed++;
        continue;
      }
      if (knownDirs.has(dir)) updated++;
      else added++;
      const { record: r, hashes } = readIncident(dir, dirFiles, parser, dirIrregular);
      const inserted = ins.incident.run({
        dir: r.dir,
        id: r.id,
        title: r.title,
        severity: r.severity,
        status: r.status,
        services: JSON.stringify(r.services),
        ...r.milestones,
        milestoneSource: r.milestoneSource,
        resolvedAt: r.resolvedAt,
        distributedAt: r.distributedAt,
        followUpReview: r.followUpReview,
        rootCause: r.rootCause,
        factors: JSON.stringify(r.factors),
        errorSignatures: JSON.stringify(r.errorSignatures),
        sectionsMissing: JSON.stringify(r.sectionsMissing),
        hasPostmortem: r.hasPostmortem ? 1 : 0,
        problemCount: r.problems.length,
      });
      for (const a of r.actionItems) {
        ins.item.run(
          dir,
          a.seq,
          a.itemId,
          a.action,
          a.owner,
          a.deadlineRaw,
          a.deadline,
          a.priorityRaw,
          a.priority,
          a.statusRaw,
          a.status,
          a.tracker,
          a.line,
        );
      }
      for (const p of r.problems) {
        ins.problem.run(dir, p.path, p.line, p.code, p.message);
        problems.push(p);
      }
      const d = r.doc;
      ins.doc.run(
        inserted.lastInsertRowid,
        dir,
        d.title,
        d.summary,
        d.rootCause,
        d.factors,
        d.timeline,
        d.actions,
        d.body,
      );
      for (const f of dirFiles) {
        const sha = hashes.get(f.rel) ?? "unreadable";
        ins.file.run(f.rel, dir, f.kind, sha, f.size, sha === "unreadable" ? -1 : f.mtimeMs, now);
      }
    }
  });
  const pending = [...changedDirs].sort();
  // IMMEDIATE: take the write lock up front (waiting on busy_timeout) so two refreshes running at once serialise
  // instead of failing to upgrade a read transaction.
  for (let i = 0; i < pending.length; i += BATCH) write.immediate(pending.slice(i, i + BATCH));
  if (touchOnly.length > 0) {
    db.transaction(() => {
      for (const t of touchOnly) touch.run(t.mtime, now, t.path);
    }).immediate();
  }
  if (added + updated + removed > 0) {
    db.prepare(
      "INSERT INTO meta (key, value) VALUES ('generation', '1') ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
    ).run();
  }
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const incidents = count("SELECT count(*) AS n FROM incidents");
  return {
    workspace,
    indexPath: index.path,
    incidents,
    actionItems: count("SELECT count(*) AS n FROM action_items"),
    added,
    updated,
    removed,
    unchanged: incidents - added - updated,
    rebuilt,
    problems,
    totalProblems: count("SELECT count(*) AS n FROM problems"),
  };
}

/**
 * Open the workspace index and bring it up to date with the files: unchanged files are skipped (size, mtime, then
 * content hash), changed incidents re-read, deleted ones removed. The caller must close the returned index.
 */
export function openFreshIndex(
  workspace: string,
  options: IndexOptions = {},
): { index: WorkspaceIndex; report: IndexReport } {
  const parser = options.parser ?? defaultPostmortemParser;
  let opened = openWorkspaceIndex(workspace, options);
  const warnings = opened.warnings;
  try {
    const report = refresh(opened, parser, opened.created);
    return { index: opened, report: { ...report, warnings } };
  } catch (error) {
    opened.close();
    if (!isCorruption(error)) throw error;
    const message = `index ${opened.path} is corrupt (${(error as Error).message}); rebuilding it from the files`;
    warnings.push(message);
    options.onWarning?.(message);
    opened = openWorkspaceIndex(workspace, { ...options, rebuild: true });
    try {
      const report = refresh(opened, parser, true);
      return { index: opened, report: { ...report, warnings: [...warnings, ...opened.warnings] } };
    } catch (second) {
      opened.close();
      throw second;
    }
  }
}

/** Build or refresh the index of a workspace (`debrief index`) and report what changed. */
export function indexWorkspace(workspace: string, options: IndexOptions = {}): IndexReport {
  const { index, report } = openFreshIndex(workspace, options);
  index.close();
  return report;
}

/** Run a query against a freshly refreshed index and close it afterwards. */
export function withFreshIndex<T>(
  workspace: string,
  options: IndexOptions,
  fn: (index: WorkspaceIndex, report: IndexReport) => T,
): T {
  const { index, report } = openFreshIndex(workspace, options);
  try {
    return fn(index, report);
  } finally {
    index.close();
  }
}

/** A counter bumped whenever a refresh changes the index; derived results cached under an older one are stale. */
export function indexGeneration(index: WorkspaceIndex): number {
  const v = index.db.prepare("SELECT value FROM meta WHERE key = 'generation'").pluck().get() as string | undefined;
  return v === undefined ? 0 : Number(v);
}

/**
 * Return a derived result (e.g. recurring patterns) cached for `key` at the current index generation, or compute,
 * store and return it. Values must be JSON-serialisable.
 */
export function cachedDerived<T>(index: WorkspaceIndex, key: string, compute: () => T): { value: T; cached: boolean } {
  const generation = indexGeneration(index);
  const row = index.db.prepare("SELECT generation, value FROM derived_cache WHERE key = ?").get(key) as
    | { generation: number; value: string }
    | undefined;
  if (row && row.generation === generation) return { value: JSON.parse(row.value) as T, cached: true };
  const value = compute();
  index.db
    .prepare("INSERT OR REPLACE INTO derived_cache (key, generation, value) VALUES (?, ?, ?)")
    .run(key, generation, JSON.stringify(value));
  return { value, cached: false };
}
