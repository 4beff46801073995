import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { readEvidence } from "../../evidence/index.js";
import { DebriefError } from "../../model/debrief-error.js";
import { type Event, toEvent } from "../../model/event.js";
import { type OperationContext, resolveInWorkspace } from "../../operations/index.js";
import { redact, redactDeep } from "../../report/index.js";

/** Longest part of one line shown; the rest is cut (a 10 MB JSON line is not for reading in a browser). */
export const MAX_SHOWN_CHARS = 4000;
/** Most search hits listed. */
export const MAX_HITS = 200;

/** One raw line as shown: number and (redacted, cut) text. */
export interface ShownLine {
  n: number;
  text: string;
}

/** What the raw-evidence view shows of one file. */
export interface EvidenceWindow {
  /** Path relative to the incident folder, `/`-separated. */
  path: string;
  sha256: string;
  bytes: number;
  totalLines: number;
  /** The lines of the window asked for. */
  lines: ShownLine[];
  first: number;
  last: number;
  /** Lines holding the search text (at most {@link MAX_HITS}), and how many there were. */
  hits: ShownLine[];
  hitCount: number;
  /** What collection recorded for the file: verified when the sha256 matches `evidence/manifest.json`. */
  manifest: { state: "verified" | "mismatch" | "not-recorded"; recorded?: string };
}

/**
 * Resolve `path` (relative to the incident folder `dir`) inside that folder, symlinks followed: the view is a window
 * onto the incident's own files, never onto the rest of the workspace or the disk.
 * @throws DebriefError PATH_OUTSIDE_WORKSPACE / USAGE
 */
export function resolveIncidentFile(ctx: OperationContext, dir: string, path: string): string {
  if (dir.includes("/") || dir.includes("\\") || dir.startsWith(".") || path.includes("\0") || isAbsolute(path)) {
    throw new DebriefError("USAGE", "evidence paths are relative to the incident folder");
  }
  const folder = resolveInWorkspace(ctx, dir);
  const abs = resolveInWorkspace(ctx, join(dir, path));
  const rel = relative(folder, abs);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) {
    throw new DebriefError("PATH_OUTSIDE_WORKSPACE", "the evidence path leaves the incident folder");
  }
  return abs;
}

async function manifestHash(folder: string, rel: string): Promise<string | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(folder, "evidence", "manifest.json"), "utf8")) as {
      items?: Array<{ file?: string | null; sha256?: string | null }>;
    };
    const inEvidence = rel.startsWith("evidence/") ? rel.slice("evidence/".length) : undefined;
    const item = manifest.items?.find((i) => i.file != null && i.file === inEvidence);
    return item?.sha256 ?? undefined;
  } catch {
    return undefined;
  }
}

/** What of the file to show: a page (`from`..`to`, 1-based, inclusive) and an optional case-insensitive search. */
export interface WindowRequest {
  from: number;
  to: number;
  search?: string | undefined;
}

/**
 * Stream one evidence file once: its sha256 (of the bytes on disk, compressed or not), its line count, the lines of
 * the window, and the lines matching the search. Every shown line passes through the same credential redaction as
 * every other output. The hash is checked against the one `debrief collect` recorded in `evidence/manifest.json`.
 */
export async function readEvidenceWindow(folder: string, abs: string, request: WindowRequest): Promise<EvidenceWindow> {
  const rel = relative(folder, abs).split(sep).join("/");
  const hash = createHash("sha256");
  let bytes = 0;
  const raw = createReadStream(abs);
  raw.on("data", (chunk) => {
    bytes += chunk.length;
    hash.update(chunk);
  });
  const input = abs.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  const failed = new Promise<never>((_, fail) => {
    raw.on("error", fail);
    input.on("error", fail);
  });
  const lines: ShownLine[] = [];
  const hits: ShownLine[] = [];
  let hitCount = 0;
  let n = 0;
  const needle = request.search?.toLowerCase();
  const show = (text: string) =>
    redact(text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)} …` : text).text;
  const scan = (async () => {
    const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of rl) {
      n++;
      if (n >= request.from && n <= request.to) lines.push({ n, text: show(line) });
      if (needle && line.toLowerCase().includes(needle)) {
        hitCount++;
        if (hits.length < MAX_HITS) hits.push({ n, text: show(line) });
      }
    }
  })();
  try {
    await Promise.race([scan, failed]);
  } catch (error) {
    raw.destroy();
    throw new DebriefError(
      "INPUT_NOT_FOUND",
      `cannot read ${rel}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`,
    );
  }
  const sha256 = hash.digest("hex");
  const recorded = await manifestHash(folder, rel);
  return {
    path: rel,
    sha256,
    bytes,
    totalLines: n,
    lines,
    first: lines[0]?.n ?? 0,
    last: lines.at(-1)?.n ?? 0,
    hits,
    hitCount,
    manifest:
      recorded === undefined
        ? { state: "not-recorded" }
        : { state: recorded === sha256 ? "verified" : "mismatch", recorded },
  };
}

/**
 * The normalised events Debrief reads from lines `from`..`to` of one evidence file (paths relative to the incident
 * folder, the incident's `debrief.yaml` zones applied), redacted like `evidence_events` output.
 */
export async function eventsForLines(
  folder: string,
  abs: string,
  from: number,
  to: number,
): Promise<Map<number, Event[]>> {
  const byLine = new Map<number, Event[]>();
  try {
    await readEvidence([abs], {
      cwd: folder,
      baseDir: folder,
      onEvent: (e) => {
        if (e.line < from || e.line > to) return;
        byLine.set(e.line, [...(byLine.get(e.line) ?? []), toEvent(e)]);
      },
    });
  } catch {
    // a file Debrief cannot parse still has raw lines to show; the view says no event was read from it
  }
  return new Map([...byLine].map(([k, v]) => [k, redactDeep(v)]));
}
