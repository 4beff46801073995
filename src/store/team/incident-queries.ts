import { type Kysely, type Selectable, type SqlBool, sql } from "kysely";
import { type StoredActionItem, type StoredIncident, type StoredProblem, storedIncidentFromRow } from "../queries.js";
import type { ActionState } from "../record-cells.js";
import { visibleIncidents } from "./access-scope.js";
import type { ActionItemsTable, IncidentsTable, TeamDatabase, TeamDialect } from "./database.js";
import { fullTextQuery, snippetHtml } from "./full-text.js";
import type {
  AccessScope,
  ActionItemFilter,
  ActionItemPageFilter,
  IncidentDetail,
  IncidentFilter,
  IncidentListRow,
  ReviewStatus,
  SignOff,
} from "./team-store.js";

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

// values straight from a query string may be NaN: they fall back to the defaults instead of reaching SQL
const finite = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? n : undefined);

/** The page a filter asks for: `limit` 1–500 (default 50), `offset` from 0. */
function pageOf(filter: { limit?: number; offset?: number }): { limit: number; offset: number } {
  return {
    limit: Math.min(MAX_LIMIT, Math.max(1, Math.floor(finite(filter.limit) ?? DEFAULT_LIMIT))),
    offset: Math.max(0, Math.floor(finite(filter.offset) ?? 0)),
  };
}

const parse = <T>(text: string): T => JSON.parse(text) as T;

function listRow(r: Selectable<IncidentsTable>): IncidentListRow {
  return {
    dir: r.dir,
    id: r.id,
    title: r.title,
    severity: r.severity,
    status: r.status,
    reviewStatus: r.review_status as ReviewStatus,
    services: parse<string[]>(r.services),
    tags: parse<string[]>(r.tags),
    owner: r.owner,
    impactStart: r.impact_start,
    resolved: r.resolved_at ?? r.resolved,
    private: r.is_private === 1,
    openActionItems: r.open_action_items,
  };
}

function storedIncident(r: Selectable<IncidentsTable>): StoredIncident {
  return storedIncidentFromRow(r);
}

function actionItem(
  r: Selectable<ActionItemsTable> & { incident_id: string; incident_title: string; severity: string | null },
): StoredActionItem {
  return {
    incidentDir: r.dir,
    incidentId: r.incident_id,
    incidentTitle: r.incident_title,
    severity: r.severity,
    path: `${r.dir}/postmortem.md`,
    line: r.line,
    itemId: r.item_id,
    action: r.action,
    owner: r.owner,
    deadlineRaw: r.deadline_raw,
    deadline: r.deadline,
    priorityRaw: r.priority_raw,
    priority: r.priority,
    statusRaw: r.status_raw,
    status: r.status as ActionState,
    tracker: r.tracker,
  };
}

/** Incident queries; each one filters by {@link visibleIncidents} (the `incidents` row is always aliased `i`). */
export class IncidentQueries {
  constructor(
    private readonly db: Kysely<TeamDatabase>,
    private readonly dialect: TeamDialect,
  ) {}

  /** Incidents matching the filter that the scope may see, a page at a time, with the total count. */
  async list(scope: AccessScope, filter: IncidentFilter): Promise<{ rows: IncidentListRow[]; total: number }> {
    const { limit, offset } = pageOf(filter);
    const from = finite(filter.from);
    const to = finite(filter.to);
    const text = filter.text?.trim() ? fullTextQuery(this.dialect, filter.text) : undefined;
    if (text === null) return { rows: [], total: 0 };
    let q = this.db.selectFrom("incidents as i").where(visibleIncidents(scope));
    if (filter.severity) q = q.where("i.severity", "=", filter.severity);
    if (filter.status) q = q.where("i.status", "=", filter.status);
    if (filter.reviewStatus) q = q.where("i.review_status", "=", filter.reviewStatus);
    if (filter.owner) q = q.where("i.owner_key", "=", filter.owner.trim().toLowerCase());
    if (from !== undefined) q = q.where("i.impact_start", ">=", from);
    if (to !== undefined) q = q.where("i.impact_start", "<=", to);
    const service = filter.service;
    if (service) {
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom("incident_services as s")
            .select("s.dir")
            .whereRef("s.dir", "=", "i.dir")
            .where("s.service", "=", service),
        ),
      );
    }
    const tag = filter.tag?.trim().toLowerCase();
    if (tag) {
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom("incident_tags as t").select("t.dir").whereRef("t.dir", "=", "i.dir").where("t.tag_key", "=", tag),
        ),
      );
    }
    if (text) {
      q = q.innerJoin("incident_docs as d", "d.dir", "i.dir");
      // biome-ignore lint/suspicious/noExplicitAny: the FTS5 virtual table is not part of the typed schema
      if (text.joinFts) q = (q as any).innerJoin("incident_fts", "incident_fts.rowid", "d.doc_id");
      q = q.where(text.match);
    }
    const countQuery = () => q.select((eb) => eb.fn.countAll<number>().as("n"));
    const count = async () => Number((await countQuery().executeTakeFirst())?.n ?? 0);
    if (this.dialect === "postgres") {
      // One statement for the page, its total, its full rows and its snippets. Every round trip to the server
      // waits for the scheduler on a busy machine (three of them cost the search page ~100 ms at p95 under load);
      // SQLite runs in-process, where the separate queries below cost nothing extra and FTS5's snippet() needs
      // the MATCH of its own query.
      const ranked = text?.ranked;
      const page = ranked
        ? q
            .select(["i.dir", ranked.score.as("score"), sql<number>`count(*) over ()`.as("total")])
            .orderBy(text.rank)
            .orderBy("i.dir")
        : q
            .select(["i.dir", "i.list_order as score", sql<number>`(${countQuery()})`.as("total")])
            .orderBy("i.list_order", "desc")
            .orderBy("i.dir");
      const result = await sql<Selectable<IncidentsTable> & { page_total: number; snip: string | null }>`
        WITH page AS (${page.limit(limit).offset(offset)})
        SELECT f.*, page.total AS page_total, ${ranked ? ranked.headline("hd") : sql`NULL`} AS snip
        FROM page JOIN incidents f ON f.dir = page.dir
        ${ranked ? sql`JOIN incident_docs hd ON hd.dir = page.dir` : sql``}
        ORDER BY page.score DESC, page.dir`.execute(this.db);
      if (result.rows.length === 0) return { rows: [], total: offset > 0 ? await count() : 0 };
      const rows = result.rows.map((r) => {
        const row = listRow(r);
        if (text) row.snippet = snippetHtml(r.snip ?? "");
        return row;
      });
      return { rows, total: Number(result.rows[0]?.page_total ?? 0) };
    }
    // the count scans the visible rows; a list page walks the (list_order, dir) index and stops after `limit`
    const total = await count();
    if (total === 0 || offset >= total) return { rows: [], total };
    const ordered = text
      ? q.select("i.dir").orderBy(text.rank).orderBy("i.dir")
      : q.select("i.dir").orderBy("i.list_order", "desc").orderBy("i.dir");
    const dirs = (await ordered.limit(limit).offset(offset).execute()).map((r) => r.dir);
    if (dirs.length === 0) return { rows: [], total };
    // full rows only for the page
    const full = new Map(
      (await this.db.selectFrom("incidents").selectAll().where("dir", "in", dirs).execute()).map((r) => [r.dir, r]),
    );
    const rows = dirs.flatMap((d) => {
      const r = full.get(d);
      return r ? [listRow(r)] : [];
    });
    if (text) {
      const snippets = await text.snippets(this.db, dirs);
      for (const r of rows) r.snippet = snippets.get(r.dir) ?? "";
    }
    return { rows, total };
  }

  async canView(scope: AccessScope, dir: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("incidents as i")
      .select("i.dir")
      .where("i.dir", "=", dir)
      .where(visibleIncidents(scope))
      .executeTakeFirst();
    return row !== undefined;
  }

  async get(scope: AccessScope, dir: string): Promise<IncidentDetail | null> {
    const r = await this.db
      .selectFrom("incidents as i")
      .selectAll("i")
      .where("i.dir", "=", dir)
      .where(visibleIncidents(scope))
      .executeTakeFirst();
    if (!r) return null;
    const [actionItems, problems] = await Promise.all([
      this.actionItems(scope, { incident: dir }),
      this.db.selectFrom("problems").selectAll().where("dir", "=", dir).orderBy("seq").execute(),
    ]);
    const stored = storedIncident(r);
    return {
      ...listRow(r),
      milestones: stored.milestones,
      rootCause: r.root_cause,
      factors: stored.factors,
      members: parse<string[]>(r.members),
      signOff: parse<SignOff[]>(r.sign_off),
      actionItems,
      problems: problems.map(
        (p): StoredProblem => ({ incidentDir: p.dir, path: p.path, line: p.line, code: p.code, message: p.message }),
      ),
    };
  }

  /** Action items of visible incidents matching the filter (no columns, no order yet). */
  private actionItemQuery(scope: AccessScope, filter: ActionItemFilter) {
    let q = this.db
      .selectFrom("action_items as a")
      .innerJoin("incidents as i", "i.dir", "a.dir")
      .where(visibleIncidents(scope));
    if (filter.owner) q = q.where("a.owner_key", "=", filter.owner.trim().toLowerCase());
    if (filter.status) q = q.where("a.status", "=", filter.status);
    if (filter.incident) q = q.where("a.dir", "=", filter.incident);
    if (filter.overdue) {
      const today = new Date().toISOString().slice(0, 10);
      // literal statuses, as in the partial index's condition: a planner proves the index applies only from constants
      q = q.where(sql<SqlBool>`a.status IN ('open', 'in-progress')`).where("a.deadline", "<", today);
    }
    const team = filter.team;
    if (team) {
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom("incident_services as s")
            .select("s.dir")
            .whereRef("s.dir", "=", "i.dir")
            .where("s.service", "=", team),
        ),
      );
    }
    return q;
  }

  /** Action items of visible incidents, by incident then table order. */
  async actionItems(scope: AccessScope, filter: ActionItemFilter): Promise<StoredActionItem[]> {
    return (
      await this.actionItemQuery(scope, filter)
        .selectAll("a")
        .select(["i.id as incident_id", "i.title as incident_title", "i.severity as severity"])
        .orderBy("a.dir")
        .orderBy("a.seq")
        .execute()
    ).map(actionItem);
  }

  /** One page of {@link actionItems} with the total; the overdue board most overdue first. */
  async actionItemPage(
    scope: AccessScope,
    filter: ActionItemPageFilter,
  ): Promise<{ rows: StoredActionItem[]; total: number }> {
    const { limit, offset } = pageOf(filter);
    const q = this.actionItemQuery(scope, filter);
    const total = Number((await q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst())?.n ?? 0);
    if (total === 0 || offset >= total) return { rows: [], total };
    let ordered = q
      .selectAll("a")
      .select(["i.id as incident_id", "i.title as incident_title", "i.severity as severity"]);
    // the overdue board walks the partial (deadline, dir, seq) index of open items; the rest the primary key
    if (filter.overdue) ordered = ordered.orderBy("a.deadline");
    const rows = await ordered.orderBy("a.dir").orderBy("a.seq").limit(limit).offset(offset).execute();
    return { rows: rows.map(actionItem), total };
  }

  /** The insights inputs (same shape as the CLI index's `listIncidents`) of the incidents the scope may see. */
  async insightRecords(scope: AccessScope): Promise<StoredIncident[]> {
    const rows = await this.db
      .selectFrom("incidents as i")
      .selectAll("i")
      .where(visibleIncidents(scope))
      .orderBy(sql`i.impact_start IS NULL`)
      .orderBy("i.impact_start")
      .orderBy("i.dir")
      .execute();
    return rows.map(storedIncident);
  }
}
