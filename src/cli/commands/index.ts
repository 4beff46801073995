import type { CliCommand } from "../cli-context.js";

/**
 * Every CLI command, in the order `debrief --help` lists them. Add a command by writing
 * `src/cli/commands/<name>.ts` exporting a {@link CliCommand} and listing it here.
 */
export const COMMANDS: CliCommand[] = [];
