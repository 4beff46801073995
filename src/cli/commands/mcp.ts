import type { Command } from "commander";
import { serveMcpStdio } from "../../mcp/index.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import { resolvePath } from "../cli-helpers.js";
import { packageVersion } from "../package-version.js";

/** `debrief mcp`: the MCP server over stdio. */
export const mcpCommand: CliCommand = {
  name: "mcp",
  summary: "Run the MCP server on stdio so AI agents can run the post-mortem procedure with Debrief's tools",
  register(program: Command, ctx: CliContext) {
    program
      .command("mcp")
      .summary(this.summary)
      .description(
        "Speak the Model Context Protocol on stdin/stdout. Tools, in the order of the procedure: postmortem_init, " +
          "evidence_inventory, templates_mine, timeline_build, postmortem_draft, postmortem_lint, report_render, " +
          "publish_preview, workspace_search, workspace_review, workspace_insights. Also the run_postmortem prompt " +
          "and the debrief://procedure and debrief://file/<path> resources. Logs go to stderr.",
      )
      .option("--cwd <dir>", "folder tools resolve relative paths against and resources are read from", ".")
      .addHelpText(
        "after",
        '\nExamples:\n  $ debrief mcp --cwd incidents/\n  # in an MCP client config: {"command": "npx", "args": ["debrief", "mcp", "--cwd", "/path/to/incidents"]}',
      )
      .action(async (flags: { cwd: string }) => {
        await serveMcpStdio({
          cwd: resolvePath(ctx, flags.cwd),
          version: packageVersion(),
          env: ctx.env,
          log: (m) => ctx.err(`${m}\n`),
        });
      });
  },
};
