import type { CliCommand } from "../cli-context.js";
import { collectCommand } from "./collect.js";
import { demoCommand } from "./demo.js";
import { draftCommand } from "./draft.js";
import { evidenceCommand } from "./evidence.js";
import { indexCommand } from "./index-cmd.js";
import { initCommand } from "./init.js";
import { insightsCommand } from "./insights.js";
import { lintCommand } from "./lint.js";
import { mcpCommand } from "./mcp.js";
import { publishCommand } from "./publish.js";
import { renderCommand } from "./render.js";
import { reviewCommand } from "./review.js";
import { searchCommand } from "./search.js";
import { serveCommand } from "./serve.js";
import { templatesCommand } from "./templates.js";
import { timelineCommand } from "./timeline.js";

/**
 * Every CLI command, in the order `debrief --help` lists them. Add a command by writing
 * `src/cli/commands/<name>.ts` exporting a {@link CliCommand} and listing it here.
 */
export const COMMANDS: CliCommand[] = [
  // the post-mortem procedure, in order
  initCommand,
  collectCommand,
  evidenceCommand,
  templatesCommand,
  timelineCommand,
  draftCommand,
  lintCommand,
  renderCommand,
  publishCommand,
  // follow-through across incidents
  reviewCommand,
  indexCommand,
  searchCommand,
  insightsCommand,
  // surfaces
  serveCommand,
  mcpCommand,
  demoCommand,
];
