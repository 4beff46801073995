import { type Insertable, type Kysely, sql, type Transaction } from "kysely";
import type { IncidentRecord, IndexProblem } from "../incident-record.js";
import { defaultPostmortemParser, type PostmortemParser } from "../parser.js";
import { readIncident, type ScannedFile, scanWorkspace } from "../workspace-scan.js";
import type { IncidentsTable, TeamDatabase, TeamDialect } from "./database.js";
import type { RefreshReport } from "./team-store.js";

/** Incidents written per transaction. */
const BATCH = 250;
/** Bound parameters per INSERT statement, under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;

const json = (v: unknown) => JSON.stringify(v);

/** The incident row of a record (everything but the child tables). */
function incidentRow(
  r: IncidentRecord,
  fingerprint: string,
  contentHash: string,
  now: number,
): Insertable<IncidentsTable> {
  const t = r.team;
  return {
    dir: r.dir,
    id: r.id,
    title: r.title,
    severity: r.severity,
    status: r.status,
    review_status: t.reviewStatus,
    owner: t.owner,
    owner_key: t.owner?.toLowerCase() ?? null,
    is_private: t.private ? 1 : 0,
    services: json(r.services),
    tags: json(t.tags),
    members: json(t.members),
    sign_off: json(t.signOff),
    impact_start: r.milestones.impactStart,
    list_order: r.milestones.impactStart ?? 0,
    detected: r.milestones.detected,
    paged: r.milestones.paged,
    acknowledged: r.milestones.acknowledged,
    mitigated: r.milestones.mitigated,
    recovered: r.milestones.recovered,
    resolved: r.milestones.resolved,
    milestone_source: r.milestoneSource,
    resolved_at: r.resolvedAt,
    distributed_at: r.distributedAt,
    follow_up_review: r.followUpReview,
    root_cause: r.rootCause,
    factors: json(r.factors),
    error_signatures: json(r.errorSignatures),
    sections_missing: json(r.sectionsMissing),
    has_postmortem: r.hasPostmortem ? 1 : 0,
    problem_count: r.problems.length,
    open_action_items: r.actionItems.filter((a) => a.status === "open" || a.status === "in-progress").length,
    fingerprint,
    content_hash: contentHash,
    refreshed_at: now,
  };
}

async function insertMany<T extends keyof TeamDatabase>(
  trx: Transaction<TeamDatabase>,
  table: T,
  rows: Array<Insertable<TeamDatabase[T]>>,
): Promise<void> {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(rows[0] as object).length));
  for (let i = 0; i < rows.length; i += per) {
    await trx
      .insertInto(table)
      // biome-ignore lint/suspicious/noExplicitAny: the row type follows `table`; Kysely cannot relate the two generically
      .values(rows.slice(i, i + per) as any)
      .execute();
  }
}

const CHILD_TABLES = [
  "incident_services",
  "incident_tags",
  "incident_members",
  "action_items",
  "problems",
  "incident_docs",
  "incidents",
] as const;

interface Pending {
  dir: string;
  record: IncidentRecord | null;
  fingerprint: string;
  contentHash: string;
  touchOnly: boolean;
}

async function writeBatch(trx: Transaction<TeamDatabase>, batch: Pending[], now: number): Promise<void> {
  const touch = batch.filter((p) => p.touchOnly);
  for (const p of touch) {
    await trx
      .updateTable("incidents")
      .set({ fingerprint: p.fingerprint, refreshed_at: now })
      .where("dir", "=", p.dir)
      .execute();
  }
  const rewrite = batch.filter((p) => !p.touchOnly);
  if (rewrite.length === 0) return;
  const dirs = rewrite.map((p) => p.dir);
  for (const table of CHILD_TABLES) await trx.deleteFrom(table).where("dir", "in", dirs).execute();
  // pins live in the post-mortem's front matter (`timelinePins:`); the table mirrors them like the rows above
  await trx.deleteFrom("pins").where("dir", "in", dirs).execute();
  const records = rewrite.flatMap((p) => (p.record ? [{ r: p.record, p }] : []));
  await insertMany(
    trx,
    "incidents",
    records.map(({ r, p }) => incidentRow(r, p.fingerprint, p.contentHash, now)),
  );
  await insertMany(
    trx,
    "incident_services",
    records.flatMap(({ r }) => [...new Set(r.services)].map((service) => ({ dir: r.dir, service }))),
  );
  await insertMany(
    trx,
    "incident_tags",
    records.flatMap(({ r }) =>
      [...new Set(r.team.tags.map((t) => t.toLowerCase()))].map((tag_key) => ({ dir: r.dir, tag_key })),
    ),
  );
  await insertMany(
    trx,
    "incident_members",
    records.flatMap(({ r }) => r.team.members.map((email) => ({ dir: r.dir, email }))),
  );
  await insertMany(
    trx,
    "action_items",
    records.flatMap(({ r }) =>
      r.actionItems.map((a) => ({
        dir: r.dir,
        seq: a.seq,
        item_id: a.itemId,
        action: a.action,
        owner: a.owner,
        owner_key: a.owner?.toLowerCase() ?? null,
        deadline_raw: a.deadlineRaw,
        deadline: a.deadline,
        priority_raw: a.priorityRaw,
        priority: a.priority,
        status_raw: a.statusRaw,
        status: a.status,
        tracker: a.tracker,
        line: a.line,
      })),
    ),
  );
  await insertMany(
    trx,
    "pins",
    records.flatMap(({ r }) =>
      r.team.pins.map((p) => {
        const at = p.at === null ? Number.NaN : Date.parse(p.at);
        return { dir: r.dir, ref: p.ref, state: p.state, by: p.by, at: Number.isFinite(at) ? at : now };
      }),
    ),
  );
  await insertMany(
    trx,
    "problems",
    records.flatMap(({ r }) =>
      r.problems.map((p, seq) => ({ dir: r.dir, seq, path: p.path, line: p.line, code: p.code, message: p.message })),
    ),
  );
  await insertMany(
    trx,
    "incident_docs",
    records.map(({ r }) => ({
      dir: r.dir,
      title: r.doc.title,
      summary: r.doc.summary,
      root_cause: r.doc.rootCause,
      factors: r.doc.factors,
      timeline: r.doc.timeline,
      actions: r.doc.actions,
      body: r.doc.body,
    })),
  );
}

/**
 * Mirror the workspace's incident folders into the store: folders whose files kept their size and mtime are skipped
 * (unless written within a second of the last refresh, when the content hash decides), changed ones re-read with the
 * same record builder as the CLI index, vanished ones removed.
 */
export async function refreshIncidents(
  db: Kysely<TeamDatabase>,
  dialect: TeamDialect,
  workspace: string,
  parser: PostmortemParser = defaultPostmortemParser,
): Promise<RefreshReport> {
  const now = Date.now();
  const { files, dirs, irregular } = scanWorkspace(workspace);
  const byDir = new Map<string, ScannedFile[]>();
  for (const f of files) byDir.set(f.dir, [...(byDir.get(f.dir) ?? []), f]);
  const irregularByDir = new Map<string, IndexProblem[]>();
  for (const p of irregular) irregularByDir.set(p.incidentDir, [...(irregularByDir.get(p.incidentDir) ?? []), p]);
  const stored = new Map(
    (await db.selectFrom("incidents").select(["dir", "fingerprint", "content_hash", "refreshed_at"]).execute()).map(
      (r) => [r.dir, r],
    ),
  );
  const pending: Pending[] = [];
  let added = 0;
  let updated = 0;
  let removed = 0;
  for (const dir of [...dirs].sort()) {
    const dirFiles = (byDir.get(dir) ?? []).sort((a, b) => a.rel.localeCompare(b.rel));
    const dirIrregular = irregularByDir.get(dir) ?? [];
    const fingerprint = json([dirFiles.map((f) => [f.rel, f.size, f.mtimeMs]), dirIrregular.map((p) => p.path)]);
    const before = stored.get(dir);
    // a file written within a second of the last refresh may change again without its mtime moving ("racy", as git says)
    const racy = before !== undefined && dirFiles.some((f) => f.mtimeMs >= before.refreshed_at - 1000);
    if (before && before.fingerprint === fingerprint && !racy) continue;
    const { record, hashes } = readIncident(dir, dirFiles, parser, dirIrregular);
    const contentHash = json([[...hashes].sort(), dirIrregular.map((p) => p.path)]);
    if (before && before.content_hash === contentHash) {
      pending.push({ dir, record: null, fingerprint, contentHash, touchOnly: true });
      continue;
    }
    if (before) updated++;
    else added++;
    pending.push({ dir, record, fingerprint, contentHash, touchOnly: false });
  }
  for (const dir of stored.keys()) {
    if (dirs.has(dir)) continue;
    removed++;
    pending.push({ dir, record: null, fingerprint: "", contentHash: "", touchOnly: false });
  }
  for (let i = 0; i < pending.length; i += BATCH) {
    const batch = pending.slice(i, i + BATCH);
    await db.transaction().execute(async (trx) => {
      // two servers refreshing one PostgreSQL database at once take turns instead of colliding on primary keys
      if (dialect === "postgres")
        await sql`SELECT pg_advisory_xact_lock(hashtext('debrief-team-refresh'))`.execute(trx);
      await writeBatch(trx, batch, now);
    });
  }
  const changed = added + updated + removed;
  if (changed >= Math.max(ANALYZE_MIN, stored.size / 10)) await analyze(db, dialect);
  return { added, updated, removed };
}

/** Changed incidents from which a refresh refreshes the planner's statistics too (and 10 % of those stored). */
const ANALYZE_MIN = 50;

/**
 * Refresh the query planner's statistics after a refresh changed many rows. SQLite has none until ANALYZE runs,
 * and without them it joins by the unique `dir` index instead of the covering (dir, is_private) one and sorts the
 * overdue board in a temporary tree (list count 30 -> 5 ms, board page 88 -> 36 ms over 10,000 incidents);
 * PostgreSQL's autovacuum gets there too, but only a while after the first mirror. `analysis_limit` bounds
 * SQLite's work to a sample of each index (~0.4 s for 10,000 incidents on a loaded machine).
 */
async function analyze(db: Kysely<TeamDatabase>, dialect: TeamDialect): Promise<void> {
  if (dialect === "sqlite") {
    await sql`PRAGMA analysis_limit = 400`.execute(db);
    await sql`ANALYZE`.execute(db);
  } else {
    await sql`ANALYZE ${sql.raw(CHILD_TABLES.join(", "))}`.execute(db);
  }
}
