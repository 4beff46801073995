import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, linkSync, openSync, readdirSync, statSync, unlinkSync, writeSync } from "node:fs";
import { link, mkdir, open, readdir, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import lockfile from "proper-lockfile";
import writeFileAtomicLib from "write-file-atomic";
import { DebriefError } from "../model/debrief-error.js";

/**
 * The one way Debrief writes a file a person or another run will read (post-mortem, report, index export, collected
 * evidence, manifest, ledger, config). A write goes to a temporary file with a name unique to this write (pid,
 * thread and a counter: two processes or two requests never share one), is fsynced, then renamed over the target,
 * so a reader or a crash sees the old file or the new one, never half of either. Temporaries a killed process left
 * behind are removed by the next write to the same file.
 */

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** File mode for a newly created file (e.g. 0o600 for a token). */
  mode?: number;
}

/** A temporary of write-file-atomic is `<name>.<decimal 32-bit number>`; ours (create-only) `<name>.<hex>.new`. */
function isTemporaryOf(name: string, candidate: string): boolean {
  if (!candidate.startsWith(`${name}.`)) return false;
  const rest = candidate.slice(name.length + 1);
  return /^\d{1,10}$/.test(rest) || /^[0-9a-f]{12}\.new$/.test(rest);
}

/** Temporaries older than this were left by a process that died mid-write (a live write takes milliseconds). */
const STALE_AFTER_MS = 60_000;

/** Remove temporaries of `path` left behind by killed writers. Never throws. */
export async function cleanStaleTemporaries(path: string, now = Date.now()): Promise<number> {
  const dir = dirname(path);
  const name = basename(path);
  let removed = 0;
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!isTemporaryOf(name, entry)) continue;
    try {
      const info = await stat(join(dir, entry));
      if (info.isFile() && now - info.mtimeMs > STALE_AFTER_MS) {
        await unlink(join(dir, entry));
        removed++;
      }
    } catch {
      // another process removed it first
    }
  }
  return removed;
}

function cleanStaleTemporariesSync(path: string, now = Date.now()): void {
  const dir = dirname(path);
  const name = basename(path);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!isTemporaryOf(name, entry)) continue;
    try {
      const info = statSync(join(dir, entry));
      if (info.isFile() && now - info.mtimeMs > STALE_AFTER_MS) unlinkSync(join(dir, entry));
    } catch {
      // another process removed it first
    }
  }
}

/**
 * Replace `path` with `data` atomically (unique temporary, fsync, rename), creating its folder if needed.
 * @throws the file system's error when the folder cannot be written
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await cleanStaleTemporaries(path);
  await writeFileAtomicLib(path, typeof data === "string" ? data : Buffer.from(data), {
    fsync: true,
    ...(options.mode === undefined ? {} : { mode: options.mode }),
  });
}

/** {@link writeFileAtomic} for synchronous callers (the publish ledger, CLI adapters). */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  cleanStaleTemporariesSync(path);
  writeFileAtomicLib.sync(path, typeof data === "string" ? data : Buffer.from(data), {
    fsync: true,
    ...(options.mode === undefined ? {} : { mode: options.mode }),
  });
}

function createTemporaryName(path: string): string {
  return join(dirname(path), `${basename(path)}.${randomBytes(6).toString("hex")}.new`);
}

/**
 * Create `path` with `data` only if nothing exists there: written and fsynced under a unique temporary name, then
 * hard-linked into place (link fails if the name exists, so two racing creators cannot both win and no reader sees
 * a half-written file).
 * @returns false when `path` already existed (nothing written)
 */
export async function createFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<boolean> {
  await cleanStaleTemporaries(path);
  const tmp = createTemporaryName(path);
  const handle = await open(tmp, "wx", options.mode ?? 0o666);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(tmp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** {@link createFileAtomic}, synchronously. */
export function createFileAtomicSync(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): boolean {
  cleanStaleTemporariesSync(path);
  const tmp = createTemporaryName(path);
  const fd = openSync(tmp, "wx", options.mode ?? 0o666);
  try {
    writeSync(fd, typeof data === "string" ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
}

/** How long {@link withFileLock} waits for another writer before giving up (ms, roughly). */
const LOCK_WAIT_MS = 30_000;

/**
 * Run `fn` while holding the lock of `path` (a `<path>.lock` folder, shared by every process and every request),
 * so a read-compare-write on that file is atomic. A lock whose holder was killed goes stale after 10 s and is taken
 * over.
 * @throws DebriefError CONFLICT when the lock stays held for about 30 s
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(path, {
      realpath: false,
      stale: 10_000,
      retries: { retries: Math.ceil(LOCK_WAIT_MS / 100), minTimeout: 5, maxTimeout: 100, randomize: true },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") {
      throw new DebriefError("CONFLICT", "another Debrief run is writing this file; try again", {
        location: { path: basename(path) },
      });
    }
    throw error;
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}
