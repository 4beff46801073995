import type { ChangeRecogniser } from "./change-recogniser.js";

/** Rails/ActiveRecord: the migration starting (Logger or `db:migrate` output) and its version being recorded. */
const RAILS_START = /\bMigrating to (\w+) \((\d{3,})\)/;
const RAILS_RECORDED = /\bINSERT INTO "?schema_migrations"? \("?version"?\) VALUES\b.*?(\d{8,})?/;
const RAILS_DONE = /^==\s*(\d{3,})\s+(\w+): migrated\b/;
/** Django `migrate`, Alembic, Liquibase, Prisma. */
const DJANGO = /^\s*Applying ([\w.]+)\.\.\.\s*(OK|FAILED)?/;
const ALEMBIC = /\bRunning upgrade (\S*) -> (\S+)(?:, (.*))?$/;
const LIQUIBASE = /\bChangeSet (\S+) ran successfully\b/;
const PRISMA = /\bApplying migration `([^`]+)`/;

/**
 * Database schema migrations reported by the frameworks that run them: Rails (`Migrating to AddIndex (2026…)` when a
 * migration starts; the `INSERT INTO "schema_migrations"` that records it, or `== 2026… AddIndex: migrated`, when it
 * is in place), Django (`Applying app.0042_x... OK`), Alembic (`Running upgrade a -> b`), Liquibase (`ChangeSet … ran
 * successfully`), Prisma (`Applying migration `…``). A migration changes the database when it is recorded as applied.
 */
export const schemaMigrationRecogniser: ChangeRecogniser = {
  id: "schema-migration",
  documentation:
    "https://guides.rubyonrails.org/active_record_migrations.html (running migrations, schema_migrations), https://docs.djangoproject.com/en/stable/ref/django-admin/#migrate, https://alembic.sqlalchemy.org/en/latest/tutorial.html, https://docs.liquibase.com/commands/update/update.html, https://www.prisma.io/docs/orm/prisma-migrate",
  hint: /Migrating to|schema_migrations|: migrated\b|Applying [\w.]+\.\d{4}_|Applying migration `|Running upgrade|ChangeSet \S+ ran successfully/,
  samples: [
    "Migrating to AddStatusIndexToShipments (20260707153012)",
    'ActiveRecord::SchemaMigration Create (0.6ms)  INSERT INTO "schema_migrations" ("version") VALUES ($1) RETURNING "version"  [["version", "20260707153012"]]',
    "== 20260707153012 AddStatusIndexToShipments: migrated (48.2171s) =============",
    "  Applying orders.0042_shipment_status_index... OK",
    "Running upgrade 1a2b3c -> 4d5e6f, add shipment status index",
  ],
  recognise(e) {
    const m = e.message;
    const start = RAILS_START.exec(m);
    if (start)
      return {
        type: "config",
        what: `migration ${start[2]} ${start[1]}`,
        phase: "started",
        tool: "rails",
        version: start[2] as string,
      };
    if (RAILS_RECORDED.test(m)) {
      const v = /\["version", "(\d+)"\]/.exec(m)?.[1];
      return {
        type: "config",
        what: `migration ${v ?? ""} recorded in schema_migrations`.replace("  ", " "),
        phase: "effective",
        tool: "rails",
        ...(v ? { version: v } : {}),
      };
    }
    const done = RAILS_DONE.exec(m);
    if (done)
      return {
        type: "config",
        what: `migration ${done[1]} ${done[2]}`,
        phase: "effective",
        tool: "rails",
        version: done[1] as string,
      };
    const dj = DJANGO.exec(m);
    if (dj && /\.\d{4}_/.test(dj[1] ?? ""))
      return {
        type: "config",
        what: `migration ${dj[1]}`,
        phase: dj[2] === "OK" ? "effective" : dj[2] === "FAILED" ? "failed" : "started",
        tool: "django",
      };
    const al = ALEMBIC.exec(m);
    if (al)
      return {
        type: "config",
        what: `alembic upgrade ${al[1] || "base"} -> ${al[2]}${al[3] ? `: ${al[3]}` : ""}`,
        phase: "effective",
        tool: "alembic",
        version: al[2] as string,
      };
    const lq = LIQUIBASE.exec(m);
    if (lq) return { type: "config", what: `liquibase changeset ${lq[1]}`, phase: "effective", tool: "liquibase" };
    const pr = PRISMA.exec(m);
    if (pr) return { type: "config", what: `prisma migration ${pr[1]}`, phase: "started", tool: "prisma" };
    return null;
  },
};
