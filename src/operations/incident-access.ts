import { closeSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type * as Yaml from "yaml";
import { DebriefError } from "../model/debrief-error.js";
import { readTeamFrontMatter } from "../store/incident-record.js";
import type { AccessScope } from "../store/index.js";
import { lazyModule } from "../util/lazy-module.js";

// the yaml package costs ~60 ms to import; only a signed-in user's scope ever reads front matter here
const yaml = lazyModule<typeof Yaml>("yaml");

/**
 * Private incidents, enforced for operations. An incident folder whose `postmortem.md` front matter says
 * `private: true` is visible only to its `members:` (e-mails) and to admins. {@link resolveInWorkspace} calls
 * {@link assertPathVisible} for every path argument of every operation, so a tool call over HTTP or MCP that names a
 * private incident's folder or any file in it, for a user who may not see it, fails exactly as a folder that does
 * not exist would (`INPUT_NOT_FOUND`): private ids cannot be confirmed by probing. A folder that spans incidents
 * (the workspace itself, for search, insights and the review) is refused with `PERMISSION_DENIED` while it holds a
 * private incident the user may not see; the team pages and their JSON answer such questions from the team store,
 * which filters by the same rule in SQL.
 * @module
 */

/** The front matter is read from the file's head only: a post-mortem's front matter is a few hundred bytes. */
const HEAD_BYTES = 64 * 1024;

const cache = new Map<string, { mtimeMs: number; size: number; private: boolean; members: string[] }>();

/** `private` and `members` of the post-mortem in `dir`, or undefined when `dir` holds none. */
export function incidentAccess(dir: string): { private: boolean; members: string[] } | undefined {
  const file = join(dir, "postmortem.md");
  let info: { mtimeMs: number; size: number; isFile(): boolean };
  try {
    info = statSync(file);
  } catch {
    return undefined;
  }
  if (!info.isFile()) return undefined;
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return hit;
  const buffer = Buffer.alloc(Math.min(HEAD_BYTES, info.size));
  let text = "";
  try {
    const fd = openSync(file, "r");
    try {
      text = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    // unreadable: nobody can see what it says, so treat it as private to nobody but admins
    const entry = { mtimeMs: info.mtimeMs, size: info.size, private: true, members: [] };
    cache.set(file, entry);
    return entry;
  }
  const entry = { mtimeMs: info.mtimeMs, size: info.size, ...readAccess(text) };
  cache.set(file, entry);
  return entry;
}

/** `private`/`members` of a post-mortem's text. Front matter that does not parse but says private counts as private. */
export function readAccess(text: string): { private: boolean; members: string[] } {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)\s*(?:\r?\n|$)/.exec(text);
  if (!match) return { private: false, members: [] };
  const yamlText = match[1] ?? "";
  try {
    const fm = yaml().parse(yamlText, { uniqueKeys: false }) as unknown;
    const team = readTeamFrontMatter(fm && typeof fm === "object" ? (fm as Record<string, unknown>) : undefined);
    return { private: team.private, members: team.members };
  } catch {
    // fail closed: a broken front matter that mentions `private: true` keeps the incident private
    return { private: /^private:\s*["']?(true|yes)["']?\s*$/im.test(yamlText), members: [] };
  }
}

/** True when `scope` may see an incident with these access settings (the store's SQL applies the same rule). */
export function mayView(scope: AccessScope | undefined, access: { private: boolean; members: string[] }): boolean {
  if (!access.private || !scope || scope.kind === "local" || scope.viewer.role === "admin") return true;
  const email = scope.viewer.email?.toLowerCase();
  return email !== undefined && access.members.includes(email);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Incident folders at most two levels below `dir` (the workspace layout the index reads). */
function incidentsBelow(dir: string, depth = 2): string[] {
  if (depth === 0) return [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    if (name.startsWith(".") || name === "node_modules") continue;
    const child = join(dir, name);
    if (!isDirectory(child)) continue;
    if (incidentAccess(child)) out.push(child);
    else out.push(...incidentsBelow(child, depth - 1));
  }
  return out;
}

/**
 * Refuse a path the scope may not see. `realRoot` and `realTarget` are real paths (symlinks followed), so a link to
 * a private folder is judged by where it leads. `shown` is the path as the caller wrote it, for the message.
 * @throws DebriefError INPUT_NOT_FOUND inside a hidden incident, PERMISSION_DENIED for a folder spanning one
 */
export function assertPathVisible(
  scope: AccessScope | undefined,
  realRoot: string,
  realTarget: string,
  shown: string,
): void {
  if (!scope || scope.kind === "local" || scope.viewer.role === "admin") return;
  const rel = relative(realRoot, realTarget);
  const parts = rel === "" ? [] : rel.split(sep);
  let dir = realRoot;
  let insideIncident = false;
  for (let i = 0; i <= parts.length; i++) {
    if (i > 0) dir = join(dir, parts[i - 1] ?? "");
    const access = incidentAccess(dir);
    if (!access) continue;
    insideIncident = true;
    if (!mayView(scope, access)) {
      throw new DebriefError("INPUT_NOT_FOUND", `${shown}: no such file or directory`, { details: { path: shown } });
    }
  }
  if (insideIncident || !isDirectory(realTarget)) return;
  if (incidentsBelow(realTarget).some((d) => !mayView(scope, incidentAccess(d) ?? { private: false, members: [] }))) {
    throw new DebriefError(
      "PERMISSION_DENIED",
      `${shown === "." ? "the workspace" : shown} holds private incidents you are not a member of: ask for the folder of one incident, or use the team pages (/incidents, /insights), which show what you may see`,
    );
  }
}
