import { createHash, randomBytes } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import { DebriefError } from "../../model/debrief-error.js";
import type { TeamDatabase, UsersTable } from "./database.js";
import type { Role, SessionRecord, UserRecord } from "./team-store.js";

const ROLES: readonly Role[] = ["viewer", "editor", "admin"];

/** `bytes` random bytes as base64url. */
export function randomId(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}

const hashSessionId = (id: string) => createHash("sha256").update(id).digest("hex");

function userRecord(r: Selectable<UsersTable>): UserRecord {
  return {
    id: r.id,
    issuer: r.issuer,
    subject: r.subject,
    email: r.email,
    name: r.name,
    role: (ROLES as readonly string[]).includes(r.role) ? (r.role as Role) : "viewer",
    createdAt: r.created_at,
  };
}

/** Users and sign-in sessions. */
export class People {
  constructor(private readonly db: Kysely<TeamDatabase>) {}

  /** Create the user an identity provider vouched for (role viewer), or refresh their e-mail and name. */
  async upsertUser(u: { issuer: string; subject: string; email: string | null; name: string }): Promise<UserRecord> {
    const email = u.email?.trim().toLowerCase() || null;
    const name = u.name.trim() || email || u.subject;
    await this.db
      .insertInto("users")
      .values({
        id: randomId(16),
        issuer: u.issuer,
        subject: u.subject,
        email,
        name,
        role: "viewer",
        created_at: Date.now(),
      })
      .onConflict((oc) => oc.columns(["issuer", "subject"]).doUpdateSet({ email, name }))
      .execute();
    const row = await this.db
      .selectFrom("users")
      .selectAll()
      .where("issuer", "=", u.issuer)
      .where("subject", "=", u.subject)
      .executeTakeFirstOrThrow();
    return userRecord(row);
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const row = await this.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? userRecord(row) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    return (await this.db.selectFrom("users").selectAll().orderBy("name").orderBy("id").execute()).map(userRecord);
  }

  async setRole(userId: string, role: Role): Promise<void> {
    if (!ROLES.includes(role)) {
      throw new DebriefError("USAGE", `role "${String(role)}" is not one of ${ROLES.join(", ")}`);
    }
    const result = await this.db.updateTable("users").set({ role }).where("id", "=", userId).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new DebriefError("INPUT_NOT_FOUND", `no user with id ${userId}`);
  }

  /** A new session with a fresh 256-bit id and CSRF token; only a hash of the id is stored. */
  async createSession(userId: string, ttlMs: number): Promise<SessionRecord> {
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new DebriefError("USAGE", `session lifetime must be positive`);
    const now = Date.now();
    const session: SessionRecord = {
      id: randomId(32),
      userId,
      csrfToken: randomId(32),
      createdAt: now,
      expiresAt: now + Math.floor(ttlMs),
    };
    // expired sessions go when new ones come, so the table never grows without bound
    await this.db.deleteFrom("sessions").where("expires_at", "<=", now).execute();
    await this.db
      .insertInto("sessions")
      .values({
        id_hash: hashSessionId(session.id),
        user_id: userId,
        csrf_token: session.csrfToken,
        created_at: now,
        expires_at: session.expiresAt,
      })
      .execute();
    return session;
  }

  async getSession(id: string): Promise<SessionRecord | null> {
    if (!id) return null;
    const row = await this.db
      .selectFrom("sessions")
      .selectAll()
      .where("id_hash", "=", hashSessionId(id))
      .where("expires_at", ">", Date.now())
      .executeTakeFirst();
    return row
      ? { id, userId: row.user_id, csrfToken: row.csrf_token, createdAt: row.created_at, expiresAt: row.expires_at }
      : null;
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("id_hash", "=", hashSessionId(id)).execute();
  }
}
