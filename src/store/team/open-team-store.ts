import { DebriefError } from "../../model/debrief-error.js";
import type { TeamStore, TeamStoreOptions } from "./team-store.js";

/**
 * Open the team store: PostgreSQL when `url` is a `postgres://` URL, else SQLite at `.debrief/team.sqlite` in the
 * workspace. Migrates the schema; call `refresh()` to mirror the incident folders.
 */
export async function openTeamStore(options: TeamStoreOptions): Promise<TeamStore> {
  throw new DebriefError("INTERNAL", `team store not implemented yet (workspace ${options.workspace})`);
}
