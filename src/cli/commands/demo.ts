import type { Command } from "commander";
import { runDemo } from "../../demo/index.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import { printJson, resolvePath, style } from "../cli-helpers.js";

/** `debrief demo [--out DIR]`. */
export const demoCommand: CliCommand = {
  name: "demo",
  summary: "Run everything Debrief does on the bundled example incident and write the results to a folder",
  register(program: Command, ctx: CliContext) {
    program
      .command("demo")
      .summary(this.summary)
      .description(
        "Take the bundled example incident (an orders API degraded after deploy v2.3.0 added an unindexed query)\n" +
          "through the whole procedure: inventory its evidence, build the UTC timeline with milestones and findings,\n" +
          "draft the post-mortem, lint it, and render the HTML/PDF/Markdown reports into --out.",
      )
      .option("-o, --out <dir>", "output folder (replaced if it holds an earlier demo)", "debrief-demo")
      .option("--json", "print what was written as JSON")
      .addHelpText("after", "\nExamples:\n  $ debrief demo\n  $ debrief demo --out /tmp/demo --json")
      .action(async (flags: { out: string; json?: boolean }) => {
        const s = style(ctx);
        const out = resolvePath(ctx, flags.out);
        const result = await runDemo({
          out,
          env: ctx.env,
          onProgress: (m) => ctx.err(`${s.dim(`debrief demo: ${m}`)}\n`),
          onStep: (step) => {
            if (flags.json) return;
            ctx.out(`${s.bold(step.name.padEnd(9))} ${step.summary}\n`);
            for (const f of step.files) ctx.out(`          ${s.cyan(f)}\n`);
            if (step.note) ctx.out(`          ${s.yellow(step.note)}\n`);
          },
        });
        if (flags.json) printJson(ctx, result);
        else ctx.out(`\nDemo written to ${flags.out}/ — open ${flags.out}/report.html in a browser.\n`);
      });
  },
};
