import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { DebriefError } from "../model/debrief-error.js";

/** The skill Debrief ships. */
export const SKILL_NAME = "conduct-post-mortem";

/** Agents `debrief skill install` knows, with the folders their documentation says they load skills from. */
export const SKILL_AGENTS = ["claude", "codex", "copilot", "gemini", "opencode"] as const;
/** See {@link SKILL_AGENTS}. */
export type SkillAgent = (typeof SKILL_AGENTS)[number];

/**
 * Where each agent looks for skills, per user (under the home folder) and per project (under the repository), as
 * documented by each agent (see docs/agent-skills.md for the sources). Every agent reads `<folder>/<name>/SKILL.md`.
 */
export const SKILL_FOLDERS: Readonly<Record<SkillAgent, { user: string; project: string }>> = {
  claude: { user: ".claude/skills", project: ".claude/skills" },
  codex: { user: ".agents/skills", project: ".agents/skills" },
  copilot: { user: ".copilot/skills", project: ".github/skills" },
  gemini: { user: ".gemini/skills", project: ".gemini/skills" },
  opencode: { user: ".config/opencode/skills", project: ".opencode/skills" },
};

/** The shipped skill's folder (`skills/conduct-post-mortem` in the package). */
export function shippedSkillDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const rel of ["../..", "../../.."]) {
    const dir = join(here, rel, "skills", SKILL_NAME);
    if (existsSync(join(dir, "SKILL.md"))) return dir;
  }
  throw new DebriefError("STATE", `the ${SKILL_NAME} skill is missing from this installation of Debrief`);
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out.sort();
}

/** One file of one install. */
export interface SkillInstallEntry {
  agent: SkillAgent | "dir";
  path: string;
  outcome: "created" | "updated" | "unchanged" | "kept";
}

/** Options of {@link installSkill}. */
export interface SkillInstallOptions {
  /** Agents to install for (default: all). Ignored with `dir`. */
  agents?: readonly SkillAgent[];
  /** Install into `<dir>/conduct-post-mortem` instead of the agents' folders. */
  dir?: string;
  /** Install into the project's folders under this root instead of the user's home. */
  project?: string;
  /** The home folder (default: `HOME`, then the OS's idea of it). */
  home?: string;
  /** Replace installed files that differ from the shipped ones (someone may have edited them). */
  force?: boolean;
  /** The skill to install (default: the shipped one). */
  source?: string;
}

/**
 * Copy the skill into each agent's skills folder. A file already there with other content is someone's edit: it is
 * kept unless `force`, and reported as `kept`.
 */
export async function installSkill(options: SkillInstallOptions = {}): Promise<SkillInstallEntry[]> {
  const source = options.source ?? shippedSkillDir();
  const targets: Array<{ agent: SkillAgent | "dir"; dir: string }> = [];
  if (options.dir !== undefined) {
    targets.push({ agent: "dir", dir: join(options.dir, SKILL_NAME) });
  } else {
    const base = options.project ?? options.home ?? homedir();
    const scope = options.project === undefined ? "user" : "project";
    const seen = new Set<string>();
    for (const agent of options.agents ?? SKILL_AGENTS) {
      const dir = join(base, SKILL_FOLDERS[agent][scope], SKILL_NAME);
      if (seen.has(dir)) continue;
      seen.add(dir);
      targets.push({ agent, dir });
    }
  }
  const entries: SkillInstallEntry[] = [];
  for (const file of filesUnder(source)) {
    const text = await readFile(file, "utf8");
    for (const target of targets) {
      const path = join(target.dir, relative(source, file));
      let outcome: SkillInstallEntry["outcome"] = "created";
      if (existsSync(path)) {
        const now = await readFile(path, "utf8");
        if (now === text) outcome = "unchanged";
        else outcome = options.force ? "updated" : "kept";
      }
      if (outcome === "created" || outcome === "updated") {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, text);
      }
      entries.push({ agent: target.agent, path, outcome });
    }
  }
  return entries;
}
