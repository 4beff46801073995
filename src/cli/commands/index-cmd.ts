import type { Command } from "commander";
import { workspaceIndexOperation } from "../../operations/workspace-index.js";
import { FILE_PROBLEM_CODES } from "../../store/index.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import { printJson, style, workspaceArgument } from "../cli-helpers.js";
import { runCliOperation } from "../cli-operation.js";

interface IndexFlags {
  rebuild?: boolean;
  json?: boolean;
  problems?: boolean;
}

/** `debrief index [WORKSPACE]`: build or refresh the workspace's SQLite index. */
export const indexCommand: CliCommand = {
  name: "index",
  summary: "build or refresh the workspace index (SQLite) of incidents, post-mortems and action items",
  register(program: Command, ctx: CliContext): void {
    program
      .command("index")
      .description(
        "Build or refresh WORKSPACE/.debrief/index.sqlite from the incident folders. Unchanged files are skipped, changed ones re-read, deleted ones removed. The index is a cache: --rebuild recreates it from the files.",
      )
      .addArgument(workspaceArgument())
      .option("--rebuild", "drop the index and re-read every file")
      .option("--problems", "list every problem recorded in the index, not only those found in this run")
      .option("--json", "print the index report as JSON")
      .addHelpText(
        "after",
        "\nExamples:\n  $ debrief index incidents/\n  $ debrief index incidents/ --rebuild --json\n\nExit codes: 0 indexed, 1 some files could not be used (unreadable, not UTF-8, invalid front matter or JSON), 2 bad usage or missing workspace.",
      )
      .action(async (workspace: string, flags: IndexFlags) => {
        const started = performance.now();
        // flags in, the workspace_index operation run (as over HTTP and MCP), text out
        const report = await runCliOperation(
          ctx,
          "index",
          workspaceIndexOperation,
          { workspace, rebuild: flags.rebuild === true, allProblems: flags.problems === true },
          { log: (m) => ctx.err(`debrief index: warning: ${m}\n`) },
        );
        const elapsedMs = Math.round(performance.now() - started);
        const { problems, fileProblems } = report;
        if (flags.json) {
          printJson(ctx, { ...report, elapsedMs });
        } else {
          const s = style(ctx);
          ctx.out(
            `${s.bold(String(report.incidents))} incidents, ${report.actionItems} action items in ${report.indexPath}\n` +
              `${report.added} added, ${report.updated} updated, ${report.removed} removed, ${report.unchanged} unchanged${report.rebuilt ? " (rebuilt)" : ""} in ${elapsedMs} ms\n`,
          );
          for (const p of problems) {
            const where = `${p.path}${p.line === null ? "" : `:${p.line}`}`;
            const tag = FILE_PROBLEM_CODES.has(p.code) ? s.red(p.code) : s.yellow(p.code);
            ctx.out(`${where}: ${tag}: ${p.message}\n`);
          }
          if (report.totalProblems > problems.length && !flags.problems) {
            ctx.out(s.dim(`${report.totalProblems} problems recorded in total (--problems lists them)\n`));
          }
        }
        ctx.exitCode = fileProblems > 0 ? 1 : 0;
      });
  },
};
