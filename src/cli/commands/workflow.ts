import type { Command } from "commander";
import { findOperation, type OperationContext, runOperation } from "../../operations/index.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import { printJson } from "../cli-helpers.js";

interface WorkflowFlags {
  to?: string;
  note?: string;
  comment?: string[];
  reviewers?: string;
  json?: boolean;
}

/** Run a registry operation (with its access rules) as the local user. */
function run(ctx: CliContext, name: string, input: Record<string, unknown>): Promise<unknown> {
  const operation = findOperation(name);
  if (!operation) throw new Error(`operation ${name} is missing`);
  const context: OperationContext = { cwd: ctx.cwd, env: ctx.env, log: (m) => ctx.err(`${m}\n`) };
  return runOperation(operation, input, context);
}

/** `debrief workflow DIR`: the review workflow of a post-mortem from the command line. */
export const workflowCommand: CliCommand = {
  name: "workflow",
  summary: "review workflow of a post-mortem: status (draft, in-review, approved, published), reviewers, comments",
  register(program: Command, ctx: CliContext) {
    program
      .command("workflow")
      .summary(this.summary)
      .description(
        "Show or move DIR's post-mortem through review, with the same operations as the team web app and the\n" +
          "MCP tools: --to in-review|approved|published|draft changes `status:` in the front matter (approving\n" +
          "appends your sign-off under `signOff:`), --reviewers sets who reviews, --comment SECTION TEXT adds a\n" +
          "comment anchored to a section. The local user acts as an admin; name yourself with DEBRIEF_USER.",
      )
      .argument("<dir>", "the incident folder (holds postmortem.md)")
      .option("--to <status>", "move to draft, in-review, approved or published")
      .option("--note <text>", "why, kept in the audit log")
      .option("--reviewers <emails>", "comma-separated reviewers (people who have signed in to the team server)")
      .option("--comment <section-and-text...>", "comment on a section: --comment summary 'Which deploy?'")
      .option("--json", "print JSON")
      .addHelpText(
        "after",
        "\nExamples:\n  $ debrief workflow incidents/inc-1 --to in-review\n  $ DEBRIEF_USER='Ana Ruiz' debrief workflow incidents/inc-1 --to approved",
      )
      .action(async (dir: string, flags: WorkflowFlags) => {
        const out: Record<string, unknown> = {};
        if (flags.reviewers !== undefined) {
          const set = flags.reviewers
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean);
          out.reviewers = await run(ctx, "review_reviewers", { dir, set });
        }
        if (flags.comment && flags.comment.length > 0) {
          const [section = "", ...words] = flags.comment;
          out.comment = await run(ctx, "review_comment", { dir, section, body: words.join(" ") });
        }
        if (flags.to !== undefined) {
          out.transition = await run(ctx, "review_transition", {
            dir,
            to: flags.to,
            ...(flags.note ? { note: flags.note } : {}),
          });
        }
        out.comments = await run(ctx, "review_comments", { dir, unresolved: true });
        if (flags.json) return printJson(ctx, out);
        const t = out.transition as { from: string; to: string; signOff?: { by: string } } | undefined;
        if (t) ctx.out(`${dir}: ${t.from} → ${t.to}${t.signOff ? ` (signed off by ${t.signOff.by})` : ""}\n`);
        const comments = (out.comments as { comments: Array<{ section: string; authorName: string; body: string }> })
          .comments;
        ctx.out(`${comments.length} open comment(s)\n`);
        for (const c of comments)
          ctx.out(`  [${c.section}] ${c.authorName.replace(/^local:/, "")}: ${c.body.split("\n")[0]}\n`);
      });
  },
};
