import { resolve } from "node:path";
import { DebriefError } from "../../model/debrief-error.js";
import type { PostmortemParser } from "../parser.js";
import { Collaboration } from "./collaboration.js";
import { connectTeamDatabase } from "./connection.js";
import { refreshIncidents } from "./incident-mirror.js";
import { IncidentQueries } from "./incident-queries.js";
import { migrateTeamStore } from "./migrations.js";
import { People } from "./people.js";
import type { RefreshReport, TeamStore, TeamStoreOptions } from "./team-store.js";

/** The Kysely implementation of {@link TeamStore} behind `openTeamStore` (see there); loaded on first use. */
export async function openKyselyTeamStore(
  options: TeamStoreOptions & { parser?: PostmortemParser },
): Promise<TeamStore> {
  const workspace = resolve(options.workspace);
  const conn = await connectTeamDatabase({ workspace, url: options.url });
  const { db, dialect } = conn;
  try {
    await migrateTeamStore(db, dialect, conn.location);
  } catch (error) {
    await db.destroy().catch(() => {});
    throw error;
  }
  const incidents = new IncidentQueries(db, dialect);
  const people = new People(db);
  const collab = new Collaboration(db);
  // one refresh at a time per store: concurrent callers share the running one
  let refreshing: Promise<RefreshReport> | undefined;
  let closed = false;
  // every method refuses (as a rejected promise) once the store is closed
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (closed) throw new DebriefError("STATE", `the team store ${conn.location} is closed`);
      return fn(...args);
    };
  return {
    dialect,
    refresh(other?: string) {
      if (closed) return Promise.reject(new DebriefError("STATE", `the team store ${conn.location} is closed`));
      if (other !== undefined && resolve(other) !== workspace) {
        return Promise.reject(new DebriefError("USAGE", `this team store mirrors ${workspace}, not ${resolve(other)}`));
      }
      refreshing ??= refreshIncidents(db, dialect, workspace, options.parser).finally(() => {
        refreshing = undefined;
      });
      return refreshing;
    },
    listIncidents: guard((scope, filter) => incidents.list(scope, filter)),
    getIncident: guard((scope, dir) => incidents.get(scope, dir)),
    canView: guard((scope, dir) => incidents.canView(scope, dir)),
    listActionItems: guard((scope, filter) => incidents.actionItems(scope, filter)),
    actionItemPage: guard((scope, filter) => incidents.actionItemPage(scope, filter)),
    insightRecords: guard((scope) => incidents.insightRecords(scope)),
    upsertUser: guard((u) => people.upsertUser(u)),
    getUser: guard((id) => people.getUser(id)),
    listUsers: guard(() => people.listUsers()),
    setRole: guard((userId, role) => people.setRole(userId, role)),
    createSession: guard((userId, ttlMs) => people.createSession(userId, ttlMs)),
    getSession: guard((id) => people.getSession(id)),
    deleteSession: guard((id) => people.deleteSession(id)),
    reviewers: guard((dir) => collab.reviewers(dir)),
    setReviewers: guard((dir, ids) => collab.setReviewers(dir, ids)),
    addComment: guard((c) => collab.addComment(c)),
    listComments: guard((dir) => collab.listComments(dir)),
    resolveComment: guard((id) => collab.resolveComment(id)),
    setPin: guard((p) => collab.setPin(p)),
    listPins: guard((dir) => collab.listPins(dir)),
    audit: guard((e) => collab.audit(e)),
    listAudit: guard((filter) => collab.listAudit(filter)),
    async close() {
      if (closed) return;
      closed = true;
      await refreshing?.catch(() => {});
      await db.destroy();
    },
  };
}
