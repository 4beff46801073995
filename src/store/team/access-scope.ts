import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { AccessScope } from "./team-store.js";

/** True when the scope sees every incident: the local single user, or an admin. */
export function seesAll(scope: AccessScope): boolean {
  return scope.kind === "local" || scope.viewer.role === "admin";
}

/**
 * THE access rule, as one SQL condition on the `incidents` row aliased `i`: public incidents for everyone; private
 * ones only for their members (e-mail in `members:`, case-insensitive) and admins; all for the local user.
 * Every query of the store that reads incidents, action items, search hits or insight records goes through it.
 */
export function visibleIncidents(scope: AccessScope): RawBuilder<SqlBool> {
  if (seesAll(scope)) return sql<SqlBool>`1 = 1`;
  const email = scope.kind === "user" ? scope.viewer.email?.trim().toLowerCase() : undefined;
  if (!email) return sql<SqlBool>`i.is_private = 0`;
  return sql<SqlBool>`(i.is_private = 0 OR EXISTS (SELECT 1 FROM incident_members m WHERE m.dir = i.dir AND m.email = ${email}))`;
}
