import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { isValidZone } from "../evidence/time/zone.js";
import { DebriefError } from "../model/debrief-error.js";
import { createFileAtomic } from "../util/atomic-write.js";
import { isoInstant } from "../util/iso-instant.js";
import { renderIncidentConfig, renderPostmortemSkeleton, type SkeletonInput } from "./template.js";

/** What `debrief init` is asked for, as given on the command line (validated by {@link prepareInitInput}). */
export interface InitFlags {
  title?: string;
  start?: string;
  end?: string;
  severity?: string;
  service?: string[];
  author?: string[];
  timezone?: string;
  id?: string;
}

/** One path `debrief init` considered, and what it did with it. */
export interface InitEntry {
  path: string;
  kind: "file" | "directory";
  action: "created" | "kept";
}

/** `2025-02-09T10:00:00Z`: the instant in UTC, without milliseconds when they are zero. */
function utc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, "Z");
}

/** A file-system friendly id from the start date and title: `2025-02-09-checkout-errors`. */
export function incidentId(startMs: number, title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/, "");
  return `${utc(startMs).slice(0, 10)}${slug ? `-${slug}` : ""}`;
}

async function exists(path: string): Promise<"file" | "directory" | null> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? "directory" : "file";
  } catch {
    return null;
  }
}

/**
 * Check and normalise what `init` was given (title, start/end, severity SEV1–SEV5, services, zone, id) into the
 * skeleton's input; every problem is a `USAGE` error naming the flag.
 */
export function prepareInitInput(flags: InitFlags): SkeletonInput {
  const title = flags.title?.trim();
  if (!title) throw new DebriefError("USAGE", "--title is required, e.g. --title 'Checkout errors after deploy'");
  if (!flags.start) throw new DebriefError("USAGE", "--start is required, e.g. --start 2025-02-09T10:00:00Z");
  if (!flags.severity) throw new DebriefError("USAGE", "--severity is required: SEV1 (worst) to SEV5");
  const severity = flags.severity.toUpperCase().replace(/^SEV-?/, "SEV");
  if (!/^SEV[1-5]$/.test(severity)) {
    throw new DebriefError("USAGE", `--severity expects SEV1 to SEV5, got "${flags.severity}"`);
  }
  const start = isoInstant("--start")(flags.start);
  const end = flags.end === undefined ? null : isoInstant("--end")(flags.end);
  if (end !== null && end <= start) {
    throw new DebriefError("USAGE", `--end ${flags.end} is not after --start ${flags.start}`);
  }
  const services = [...new Set((flags.service ?? []).flatMap((s) => s.split(",")).map((s) => s.trim()))].filter(
    Boolean,
  );
  for (const s of services) {
    if (!/^[\w.:/-]+$/.test(s)) {
      throw new DebriefError("USAGE", `--service "${s}": use letters, digits, and . _ - : / (one service per flag)`);
    }
  }
  // No default: a zone written into debrief.yaml removes the "(assumed UTC)" mark from every zone-less source
  // (template.ts writes the line commented out when none is given).
  const timezone = flags.timezone;
  if (timezone !== undefined && !isValidZone(timezone)) {
    throw new DebriefError(
      "USAGE",
      `--timezone "${timezone}" is not a known zone (use an IANA name like Europe/Berlin, or UTC)`,
    );
  }
  const id = flags.id ?? incidentId(start, title);
  if (!/^[\w.-]+$/.test(id)) throw new DebriefError("USAGE", `--id "${id}": use letters, digits, . _ and -`);
  return {
    id,
    title,
    severity,
    start: utc(start),
    end: end === null ? null : utc(end),
    services,
    authors: flags.author ?? [],
    ...(timezone !== undefined ? { timezone } : {}),
  };
}

/**
 * Create the incident folder. Existing files are never overwritten: only what is missing is created, and what was
 * kept is reported, so running init twice (or over a folder someone started by hand) is safe.
 */
export async function initIncident(dir: string, input: SkeletonInput): Promise<InitEntry[]> {
  const entries: InitEntry[] = [];
  const dirKind = await exists(dir);
  if (dirKind === "file") {
    throw new DebriefError("INPUT_INVALID", "is a file, not a folder; give a folder for the incident", {
      location: { path: dir },
    });
  }
  await mkdir(dir, { recursive: true });
  const evidence = join(dir, "evidence");
  const evidenceKind = await exists(evidence);
  if (evidenceKind === "file") {
    throw new DebriefError("INPUT_INVALID", "exists and is a file; evidence must be a folder", {
      location: { path: evidence },
    });
  }
  if (evidenceKind === null) await mkdir(evidence);
  entries.push({ path: evidence, kind: "directory", action: evidenceKind === null ? "created" : "kept" });
  for (const [name, content] of [
    ["postmortem.md", renderPostmortemSkeleton(input)],
    ["debrief.yaml", renderIncidentConfig(input)],
  ] as const) {
    const path = join(dir, name);
    try {
      // written in full under a temporary name, then linked into place: a file created meanwhile is not clobbered,
      // and a killed init leaves no half-written post-mortem
      if (await createFileAtomic(path, content)) entries.push({ path, kind: "file", action: "created" });
      else entries.push({ path, kind: "file", action: "kept" });
    } catch (error) {
      throw new DebriefError("INPUT_UNREADABLE", `cannot write: ${(error as Error).message}`, {
        location: { path },
        cause: error,
      });
    }
  }
  return entries;
}
