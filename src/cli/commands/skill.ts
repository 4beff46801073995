import type { Command } from "commander";
import { DebriefError } from "../../model/debrief-error.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import { printJson, resolvePath } from "../cli-helpers.js";
import { installSkill, SKILL_AGENTS, SKILL_FOLDERS, SKILL_NAME, type SkillAgent } from "../skill-install.js";

interface InstallFlags {
  agent?: string[];
  dir?: string;
  project?: string | boolean;
  force?: boolean;
  json?: boolean;
}

function agentsOf(values: string[] | undefined): SkillAgent[] | undefined {
  if (!values || values.length === 0) return undefined;
  const names = values.flatMap((v) => v.split(",")).map((v) => v.trim().toLowerCase());
  for (const n of names) {
    if (!(SKILL_AGENTS as readonly string[]).includes(n)) {
      throw new DebriefError("USAGE", `--agent must be one of ${SKILL_AGENTS.join(", ")}, got "${n}"`);
    }
  }
  return names as SkillAgent[];
}

/** `debrief skill install`: the post-mortem skill, where each coding agent looks for skills. */
export const skillCommand: CliCommand = {
  name: "skill",
  summary:
    "install the conduct-post-mortem skill where coding agents (Claude, Codex, Copilot, Gemini, opencode) load it",
  register(program: Command, ctx: CliContext) {
    program
      .command("skill")
      .summary(this.summary)
      .argument("<action>", "install (the only action)")
      .description(
        `debrief skill install: copy the ${SKILL_NAME} skill (SKILL.md and its reference files) into each agent's\n` +
          "skills folder, as each agent documents it:\n" +
          SKILL_AGENTS.map(
            (a) => `  ${a.padEnd(9)} ~/${SKILL_FOLDERS[a].user}  (project: ${SKILL_FOLDERS[a].project})`,
          ).join("\n") +
          "\nA file already installed with other content is kept unless --force.",
      )
      .option("--agent <name...>", `only these agents: ${SKILL_AGENTS.join(", ")} (default: all)`)
      .option("--dir <dir>", `install into DIR/${SKILL_NAME} instead`)
      .option("--project [root]", "install into the project's folders under ROOT (default: .) instead of your home")
      .option("--force", "replace installed files that differ from the shipped ones")
      .option("--json", "print what was written as JSON")
      .addHelpText(
        "after",
        "\nExamples:\n  $ debrief skill install\n  $ debrief skill install --agent claude codex\n  $ debrief skill install --project .",
      )
      .action(async (action: string, flags: InstallFlags) => {
        if (action !== "install")
          throw new DebriefError("USAGE", `unknown action "${action}": use debrief skill install`);
        const agents = agentsOf(flags.agent);
        const entries = await installSkill({
          ...(agents ? { agents } : {}),
          ...(flags.dir ? { dir: resolvePath(ctx, flags.dir) } : {}),
          ...(flags.project !== undefined
            ? { project: resolvePath(ctx, typeof flags.project === "string" ? flags.project : ".") }
            : {}),
          ...(ctx.env.HOME ? { home: ctx.env.HOME } : {}),
          ...(flags.force ? { force: true } : {}),
        });
        if (flags.json) {
          printJson(ctx, { skill: SKILL_NAME, entries });
          return;
        }
        for (const e of entries) ctx.out(`${e.outcome.padEnd(9)} ${e.path}\n`);
        const kept = entries.filter((e) => e.outcome === "kept").length;
        if (kept > 0)
          ctx.err(`debrief skill: kept ${kept} file(s) that differ from the shipped skill (--force replaces them)\n`);
      });
  },
};
