/**
 * A generator of example workspaces with known recurrences (tests, benchmark, demo).
 * @module
 */
export { ARCHETYPES, type Archetype } from "./archetypes.js";
export { type GenerateWorkspaceOptions, generateWorkspace, type WorkspaceTruth } from "./generate-workspace.js";
