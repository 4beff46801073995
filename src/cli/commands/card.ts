import type { Command } from "commander";
import { stringify } from "yaml";
import { postmortemCardOperation, runOperation } from "../../operations/index.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import { printJson } from "../cli-helpers.js";

interface CardFlags {
  file?: string;
  workspace?: string;
  timeline: boolean;
  asOf?: string;
  json?: boolean;
}

/** `debrief card DIR`: the position card as YAML (or JSON). */
export const cardCommand: CliCommand = {
  name: "card",
  summary: "print the position card: claims with evidence pointers, plan, confidence and risks (YAML)",
  register(program: Command, ctx: CliContext) {
    program
      .command("card")
      .summary(this.summary)
      .description(
        "Print the position card of DIR's post-mortem as YAML: claims, each with evidence pointers (file:line,\n" +
          "checked to resolve to a real line), the plan of what is left, the evidence lines quoted, a confidence\n" +
          "derived from the milestones' confidences and the open lint and timeline findings, and risks (untracked\n" +
          "or overdue action items, recurring patterns with --workspace, lint warnings, doubtful evidence).",
      )
      .argument("<dir>", "the incident folder (holds evidence/ and postmortem.md)")
      .option("--file <path>", "the post-mortem (default DIR/postmortem.md)")
      .option("--workspace <dir>", "a folder of incident folders to look for recurring patterns in")
      .option("--no-timeline", "do not build the timeline (faster; no milestone confidences)")
      .option("--as-of <date>", "reference date YYYY-MM-DD for overdue action items (default today)")
      .option("--json", "print JSON instead of YAML")
      .addHelpText(
        "after",
        "\nExamples:\n  $ debrief card incidents/2025-02-09-orders-api\n  $ debrief card incidents/inc-1 --workspace incidents/ --json",
      )
      .action(async (dir: string, flags: CardFlags) => {
        const result = await runOperation(
          postmortemCardOperation,
          {
            dir,
            ...(flags.file ? { file: flags.file } : {}),
            ...(flags.workspace ? { workspace: flags.workspace } : {}),
            ...(flags.timeline === false ? { timeline: false } : {}),
            ...(flags.asOf ? { asOf: flags.asOf } : {}),
          },
          { cwd: ctx.cwd, env: ctx.env, log: (m) => ctx.err(`${m}\n`) },
        );
        if (flags.json) printJson(ctx, result);
        else ctx.out(stringify(result, { lineWidth: 0 }));
      });
  },
};
