import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { writeFileAtomic as writeAtomically } from "../util/atomic-write.js";

/** Status of one manifest item: fetched, nothing there, could not fetch, or fetched only in part. */
export const ManifestStatus = z.enum(["ok", "empty", "failed", "partial"]);
/** See {@link ManifestStatus}. */
export type ManifestStatus = z.infer<typeof ManifestStatus>;

/** One fetched (or not fetched) item of `evidence/manifest.json`. */
export const CollectManifestItem = z.object({
  source: z.string(),
  /** Groups the items of one request plan (a Slack channel gives several day files). */
  task: z.string(),
  endpoint: z.string().nullable(),
  query: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  /** Path relative to the evidence folder, `/`-separated; null when nothing was written. */
  file: z.string().nullable(),
  sha256: z.string().nullable(),
  rows: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
  status: ManifestStatus,
  error: z.string().optional(),
  reason: z.string().optional(),
});
/** See {@link CollectManifestItem}. */
export type CollectManifestItem = z.infer<typeof CollectManifestItem>;

/** `evidence/manifest.json`, the exact record of what `debrief collect` fetched and what it did not. */
export const CollectManifestFile = z.object({
  formatVersion: z.literal(1),
  collectedAt: z.string(),
  window: z.object({ start: z.string(), end: z.string() }),
  padding: z.string(),
  items: z.array(CollectManifestItem),
});
/** See {@link CollectManifestFile}. */
export type CollectManifestFile = z.infer<typeof CollectManifestFile>;

/** Hex sha256 of a text or buffer. */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Write a file so that readers see the old content or the new one, never half: a temp file in the same folder,
 * then rename (atomic on POSIX file systems).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await writeAtomically(path, data);
}

/** The previous manifest, or undefined when there is none or it cannot be used (then everything is fetched again). */
export async function readManifest(path: string): Promise<CollectManifestFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return undefined;
  }
  try {
    const parsed = CollectManifestFile.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Sha256 of a file, or undefined when it cannot be read. */
export async function fileSha256(path: string): Promise<string | undefined> {
  try {
    return sha256(await readFile(path));
  } catch {
    return undefined;
  }
}
