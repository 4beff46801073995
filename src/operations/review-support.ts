import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { parse as parseYaml } from "yaml";
import { DebriefError } from "../model/debrief-error.js";
import { applyEdits, type FrontMatterChange, frontMatterEdits } from "../postmortem/index.js";
import { openTeamStore, type TeamStore } from "../store/index.js";
import { withFileLock, writeFileAtomic } from "../util/atomic-write.js";
import type { OperationContext } from "./operation.js";
import { resolveInWorkspace } from "./workspace-path.js";

/**
 * What the review operations share: finding the incident (through the workspace confinement and private-incident
 * check), the team store (the server's, or one opened for the workspace), and front-matter writes under the same
 * lock, atomic replace and "change only the keys asked for" rules as `draft`.
 * @module
 */

/** An incident folder as the review operations address it. */
export interface IncidentRef {
  /** Absolute folder. */
  abs: string;
  /** Its `postmortem.md`. */
  file: string;
  /** The workspace the store mirrors. */
  workspace: string;
  /** The folder's name in the team store (relative to the workspace, `/`-separated). */
  key: string;
}

/** Resolve `dir` (refused outside the workspace and for a private incident the scope may not see). */
export function incidentRef(ctx: OperationContext, dir: string): IncidentRef {
  const abs = resolveInWorkspace(ctx, dir);
  const workspace = ctx.workspace ? resolve(ctx.workspace) : dirname(abs);
  const key = relative(workspace, abs).split(sep).join("/");
  if (key === "" || key.startsWith("..")) {
    throw new DebriefError("USAGE", `${dir} is not an incident folder inside the workspace`);
  }
  const file = join(abs, "postmortem.md");
  // the same answer as for a private incident the caller may not see (incident-access.ts): nothing to tell apart
  if (!existsSync(file)) {
    throw new DebriefError("INPUT_NOT_FOUND", `${dir}: no such file or directory`, { details: { path: dir } });
  }
  return { abs, file, workspace, key };
}

/** Run `fn` with the team store: the server's, or one opened for the workspace and closed afterwards. */
export async function withTeamStore<T>(
  ctx: OperationContext,
  workspace: string,
  fn: (store: TeamStore) => Promise<T>,
): Promise<T> {
  if (ctx.team) return fn(await ctx.team());
  const store = await openTeamStore({ workspace, url: ctx.env.DEBRIEF_DATABASE_URL });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** The front matter of a post-mortem's text as a plain object (empty when there is none or it does not parse). */
export function frontMatterObject(source: string): Record<string, unknown> {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n?(?:---|\.\.\.)\s*(?:\r?\n|$)/.exec(source);
  if (!match) return {};
  try {
    const value = parseYaml(match[1] ?? "", { uniqueKeys: false }) as unknown;
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** Read the post-mortem, or fail as a missing one. */
export async function readPostmortemSource(ref: IncidentRef, shown: string): Promise<string> {
  try {
    return await readFile(ref.file, "utf8");
  } catch {
    throw new DebriefError("INPUT_NOT_FOUND", `no post-mortem in ${shown}`, { location: { path: shown } });
  }
}

/**
 * Change front-matter keys of `ref`'s post-mortem: under the post-mortem's lock, read, let `decide` look at the
 * current front matter and return the keys to set (or throw to refuse), then replace the file atomically. Every byte
 * outside those keys' values stays as it was: people's text is never touched.
 * @returns the front matter as it was before the change
 */
export async function updateFrontMatter(
  ref: IncidentRef,
  shown: string,
  decide: (frontMatter: Record<string, unknown>) => FrontMatterChange[] | Promise<FrontMatterChange[]>,
): Promise<Record<string, unknown>> {
  return withFileLock(ref.file, async () => {
    const source = await readPostmortemSource(ref, shown);
    const before = frontMatterObject(source);
    const changes = await decide(before);
    const edits = frontMatterEdits(source, changes);
    if (edits === null) {
      throw new DebriefError("INPUT_INVALID", "the front matter is not a valid YAML mapping; fix it by hand first", {
        location: { path: `${shown}/postmortem.md`, line: 1 },
      });
    }
    if (edits.length > 0) await writeFileAtomic(ref.file, applyEdits(source, edits));
    return before;
  });
}
