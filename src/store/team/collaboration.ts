import type { Kysely } from "kysely";
import { DebriefError } from "../../model/debrief-error.js";
import type { TeamDatabase } from "./database.js";
import { randomId } from "./people.js";
import type { AuditEntry, CommentRecord, PinRecord } from "./team-store.js";

/** Reviewers, comments, pins and the audit log: what exists only in the database, never in the files. */
export class Collaboration {
  constructor(private readonly db: Kysely<TeamDatabase>) {}

  async reviewers(dir: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom("reviewers")
      .select("user_id")
      .where("dir", "=", dir)
      .orderBy("user_id")
      .execute();
    return rows.map((r) => r.user_id);
  }

  async setReviewers(dir: string, userIds: string[]): Promise<void> {
    const ids = [...new Set(userIds)];
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom("reviewers").where("dir", "=", dir).execute();
      if (ids.length > 0)
        await trx
          .insertInto("reviewers")
          .values(ids.map((user_id) => ({ dir, user_id })))
          .execute();
    });
  }

  async addComment(c: { dir: string; section: string; body: string; authorId: string }): Promise<CommentRecord> {
    if (!c.body.trim()) throw new DebriefError("USAGE", "a comment needs some text");
    const row = {
      id: randomId(12),
      dir: c.dir,
      section: c.section,
      body: c.body,
      author_id: c.authorId,
      created_at: Date.now(),
      resolved: 0,
    };
    await this.db.insertInto("comments").values(row).execute();
    const author = await this.db.selectFrom("users").select("name").where("id", "=", c.authorId).executeTakeFirst();
    return {
      id: row.id,
      dir: row.dir,
      section: row.section,
      body: row.body,
      authorId: row.author_id,
      authorName: author?.name ?? c.authorId,
      createdAt: row.created_at,
      resolved: false,
    };
  }

  /** Comments of a post-mortem, oldest first, with their authors' current names. */
  async listComments(dir: string): Promise<CommentRecord[]> {
    const rows = await this.db
      .selectFrom("comments as c")
      .leftJoin("users as u", "u.id", "c.author_id")
      .selectAll("c")
      .select("u.name as author_name")
      .where("c.dir", "=", dir)
      .orderBy("c.created_at")
      .orderBy("c.id")
      .execute();
    return rows.map((r) => ({
      id: r.id,
      dir: r.dir,
      section: r.section,
      body: r.body,
      authorId: r.author_id,
      authorName: r.author_name ?? r.author_id,
      createdAt: r.created_at,
      resolved: r.resolved === 1,
    }));
  }

  async resolveComment(id: string): Promise<void> {
    const result = await this.db.updateTable("comments").set({ resolved: 1 }).where("id", "=", id).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new DebriefError("INPUT_NOT_FOUND", `no comment with id ${id}`);
  }

  /** Record the latest state of an evidence line in a post-mortem's timeline (one row per dir and ref). */
  async setPin(p: { dir: string; ref: string; state: "pinned" | "removed"; by: string }): Promise<void> {
    if (p.state !== "pinned" && p.state !== "removed") {
      throw new DebriefError("USAGE", `pin state "${String(p.state)}" is not pinned or removed`);
    }
    const at = Date.now();
    await this.db
      .insertInto("pins")
      .values({ dir: p.dir, ref: p.ref, state: p.state, by: p.by, at })
      .onConflict((oc) => oc.columns(["dir", "ref"]).doUpdateSet({ state: p.state, by: p.by, at }))
      .execute();
  }

  async listPins(dir: string): Promise<PinRecord[]> {
    const rows = await this.db.selectFrom("pins").selectAll().where("dir", "=", dir).orderBy("ref").execute();
    return rows.map((r) => ({ dir: r.dir, ref: r.ref, state: r.state as PinRecord["state"], by: r.by, at: r.at }));
  }

  async audit(e: Omit<AuditEntry, "at">): Promise<void> {
    await this.db
      .insertInto("audit_log")
      .values({
        at: Date.now(),
        actor_id: e.actorId,
        actor_name: e.actorName,
        action: e.action,
        target: e.target,
        detail: JSON.stringify(e.detail ?? {}),
      })
      .execute();
  }

  /** Audit entries, newest first. */
  async listAudit(filter: { target?: string; actorId?: string; limit?: number }): Promise<AuditEntry[]> {
    let q = this.db.selectFrom("audit_log").selectAll();
    if (filter.target !== undefined) q = q.where("target", "=", filter.target);
    if (filter.actorId !== undefined) q = q.where("actor_id", "=", filter.actorId);
    const limit = Math.min(10_000, Math.max(1, Math.floor(filter.limit ?? 100)));
    const rows = await q.orderBy("seq", "desc").limit(limit).execute();
    return rows.map((r) => ({
      at: r.at,
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      target: r.target,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    }));
  }
}
