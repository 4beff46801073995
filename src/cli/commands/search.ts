import type { Command } from "commander";
import { workspaceSearchOperation } from "../../operations/workspace-search.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import { positiveInt, printJson, style, workspaceOption } from "../cli-helpers.js";
import { runCliOperation } from "../cli-operation.js";

interface SearchFlags {
  workspace: string;
  limit: number;
  json?: boolean;
}

/** `debrief search QUERY`: full-text search across a workspace's post-mortems. */
export const searchCommand: CliCommand = {
  name: "search",
  summary: "full-text search across the workspace's post-mortems, ranked, with snippets",
  register(program: Command, ctx: CliContext): void {
    program
      .command("search")
      .description(
        'Search every post-mortem in a workspace (SQLite FTS5, porter stemming, bm25 ranking that weighs title, root cause and factors above the rest). Words must all match; "quoted words" match as a phrase; when nothing matches every word, documents matching any word are shown.',
      )
      .argument("<query...>", 'words to search for, e.g. connection pool, or "pool exhausted" as a phrase')
      .addOption(workspaceOption())
      .option("-n, --limit <n>", "most results to show", positiveInt("--limit"), 10)
      .option("--json", "print results as JSON (snippets as plain text)")
      .addHelpText(
        "after",
        "\nExamples:\n  $ debrief search connection pool -w incidents/\n  $ debrief search '\"certificate expired\"' --limit 5 --json\n\nExit codes: 0 results found, 1 no match, 2 bad usage or missing workspace.",
      )
      .action(async (words: string[], flags: SearchFlags) => {
        const s = style(ctx);
        const query = words.join(" ");
        // flags in, the workspace_search operation run (as over HTTP and MCP), text out
        const result = await runCliOperation(
          ctx,
          "search",
          workspaceSearchOperation,
          {
            workspace: flags.workspace,
            query,
            limit: flags.limit,
            highlight: flags.json ? "none" : ctx.color ? "ansi" : "brackets",
          },
          { log: (m) => ctx.err(`debrief search: warning: ${m}\n`) },
        );
        if (flags.json) {
          printJson(ctx, result);
        } else if (result.hits.length === 0) {
          ctx.err(`no post-mortem matches "${query}" (${result.index.incidents} indexed)\n`);
        } else {
          if (result.mode === "any") ctx.err(`no post-mortem has every word; showing those with any of them\n`);
          for (const h of result.hits) {
            ctx.out(
              `${s.bold(`${h.rank}. ${h.id}`)} ${h.title}${h.severity ? ` (${h.severity})` : ""}  ${s.dim(`score ${scoreText(h.score)}`)}\n   ${s.cyan(h.path)}\n   ${h.snippet}\n`,
            );
          }
        }
        ctx.exitCode = result.hits.length > 0 ? 0 : 1;
      });
  },
};

/**
 * bm25 scores are tiny when a word is in most documents of a small workspace (its rarity weight is near zero): two
 * decimals would print 0.00 for every hit, so show three significant digits instead.
 */
function scoreText(score: number): string {
  return score === 0 || Math.abs(score) >= 0.01 ? score.toFixed(2) : String(Number(score.toPrecision(3)));
}
