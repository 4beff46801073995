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
          "publish_preview, publish, workspace_index, workspace_search, workspace_review, workspace_insights (and " +
          "evidence_collect, evidence_events). Also the run_postmortem prompt and the debrief://procedure and " +
          "debrief://file/<path> resources. Read-only unless --allow-write; publish needs --allow-publish and a " +
          "publish_preview first. Paths outside --cwd are refused (symlinks followed). Logs go to stderr; the server " +
          "exits 0 when its input ends.",
      )
      .option("--cwd <dir>", "the workspace: tools resolve paths against it and nothing outside it is reachable", ".")
      .option("--allow-write", "let tools create and change files in the workspace (default: read-only)")
      .option(
        "--allow-publish",
        "let the publish tool send e-mail, chat messages and issues, each only after a publish_preview of the same input",
      )
      .addHelpText(
        "after",
        '\nExamples:\n  $ debrief mcp --cwd incidents/\n  $ debrief mcp --cwd incidents/ --allow-write\n  # in an MCP client config: {"command": "npx", "args": ["debrief", "mcp", "--cwd", "/path/to/incidents"]}',
      )
      .action(async (flags: { cwd: string; allowWrite?: boolean; allowPublish?: boolean }) => {
        await serveMcpStdio({
          cwd: resolvePath(ctx, flags.cwd),
          version: packageVersion(),
          env: ctx.env,
          allowWrite: Boolean(flags.allowWrite),
          allowPublish: Boolean(flags.allowPublish),
          log: (m) => ctx.err(`${m}\n`),
        });
      });
  },
};
