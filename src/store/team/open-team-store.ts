import type { PostmortemParser } from "../parser.js";
import type { TeamStore, TeamStoreOptions } from "./team-store.js";

/**
 * Open the team store: PostgreSQL when `url` is a `postgres://` URL (pass `process.env.DEBRIEF_DATABASE_URL`), else
 * SQLite at `.debrief/team.sqlite` in the workspace. Migrates the schema; call `refresh()` to mirror the incident
 * folders, `close()` when done. A bad URL or unreachable server is a DebriefError (CONFIG_INVALID / NETWORK) naming
 * it without its password.
 */
export async function openTeamStore(options: TeamStoreOptions & { parser?: PostmortemParser }): Promise<TeamStore> {
  // Kysely and the drivers load only here: importing them costs the CLI's start-up several hundred ms otherwise
  const { openKyselyTeamStore } = await import("./kysely-team-store.js");
  return openKyselyTeamStore(options);
}
