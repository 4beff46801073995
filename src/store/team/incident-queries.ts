import { type Kysely, type Selectable, sql } from "kysely";
import type { ActionState } from "../incident-record.js";
import { type StoredActionItem, type StoredIncident, type StoredProblem, storedIncidentFromRow } from "../queries.js";
import { visibleIncidents } from "./access-scope.js";
import type { ActionItemsTable, IncidentsTable, TeamDatabase, TeamDialect } from "./database.js";
import { fullTextQuery } from "./full-text.js";
import type {
  AccessScope,
  ActionItemFilter,
  IncidentDetail,
  IncidentFilter,
  IncidentListRow,
  ReviewStatus,
  SignOff,
} from "./team-store.js";

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

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
    // values straight from a query string may be NaN: they fall back to the defaults instead of reaching SQL
    const finite = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? n : undefined);
    const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(finite(filter.limit) ?? DEFAULT_LIMIT)));
    const offset = Math.max(0, Math.floor(finite(filter.offset) ?? 0));
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
    const count = async () =>
      Number((await q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst())?.n ?? 0);
    let dirs: string[];
    let total: number;
    if (text?.windowCount) {
      // ranking visits every match anyway, so the same pass counts them (window count) instead of a second query
      const page = await q
        .select(["i.dir", sql<number>`count(*) over ()`.as("total")])
        .orderBy(text.rank)
        .orderBy("i.dir")
        .limit(limit)
        .offset(offset)
        .execute();
      dirs = page.map((r) => r.dir);
      total = page.length > 0 ? Number(page[0]?.total) : offset > 0 ? await count() : 0;
    } else {
      // the count scans the visible rows; a list page walks the (list_order, dir) index and stops after `limit`
      total = await count();
      if (total === 0 || offset >= total) return { rows: [], total };
      const ordered = text
        ? q.select("i.dir").orderBy(text.rank).orderBy("i.dir")
        : q.select("i.dir").orderBy("i.list_order", "desc").orderBy("i.dir");
      dirs = (await ordered.limit(limit).offset(offset).execute()).map((r) => r.dir);
    }
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

  /** Action items of visible incidents, by incident then table order. */
  async actionItems(scope: AccessScope, filter: ActionItemFilter): Promise<StoredActionItem[]> {
    let q = this.db
      .selectFrom("action_items as a")
      .innerJoin("incidents as i", "i.dir", "a.dir")
      .selectAll("a")
      .select(["i.id as incident_id", "i.title as incident_title", "i.severity as severity"])
      .where(visibleIncidents(scope));
    if (filter.owner) q = q.where("a.owner_key", "=", filter.owner.trim().toLowerCase());
    if (filter.status) q = q.where("a.status", "=", filter.status);
    if (filter.incident) q = q.where("a.dir", "=", filter.incident);
    if (filter.overdue) {
      const today = new Date().toISOString().slice(0, 10);
      q = q.where("a.status", "in", ["open", "in-progress"]).where("a.deadline", "<", today);
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
    return (await q.orderBy("a.dir").orderBy("a.seq").execute()).map(actionItem);
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
