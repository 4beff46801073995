import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { chmod, mkdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { DebriefError } from "../../model/debrief-error.js";
import { createFileAtomic } from "../../util/atomic-write.js";

/** Where a workspace keeps its API token, relative to the workspace. */
export const API_TOKEN_FILE = join(".debrief", "api-token");

/** A workspace's API token and whether this start created it. */
export interface ApiToken {
  token: string;
  /** Absolute path of the token file (mode 0600). */
  path: string;
  created: boolean;
}

/**
 * The workspace's API token: read from `.debrief/api-token`, or created there (256 random bits, mode 0600, written
 * atomically, so two servers starting at once agree on one token). A token file others can read is tightened to
 * 0600 rather than trusted as it is.
 * @throws DebriefError STATE when the file exists but holds no usable token
 */
export async function loadOrCreateApiToken(workspace: string): Promise<ApiToken> {
  const path = join(workspace, API_TOKEN_FILE);
  const fresh = randomBytes(32).toString("base64url");
  await mkdir(join(workspace, ".debrief"), { recursive: true, mode: 0o700 });
  const created = await createFileAtomic(path, `${fresh}\n`, { mode: 0o600 });
  if ((await stat(path)).mode & 0o077) await chmod(path, 0o600);
  const token = created ? fresh : (await readFile(path, "utf8")).trim();
  if (!/^[A-Za-z0-9_-]{32,}$/.test(token)) {
    throw new DebriefError("STATE", `${API_TOKEN_FILE} does not hold a token; delete it and start again`);
  }
  return { token, path, created };
}

/** Compare a presented token with the expected one in constant time (hashes first, so lengths do not leak). */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
