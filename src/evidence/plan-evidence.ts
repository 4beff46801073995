import { realpathSync, statSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { DebriefError } from "../model/debrief-error.js";
import type { IncidentConfig } from "../model/incident-config.js";
import type { ZoneOrigin } from "./evidence-format.js";
import type { FormatRegistry } from "./format-registry.js";
import { defaultFormatRegistry } from "./formats/index.js";
// incident-config.js (yaml and zod) is loaded when a plan is made: reader workers only read planned files, and
// each would otherwise spend a tenth of a second loading a YAML parser it never uses
import type { LoadedIncidentConfig } from "./incident-config.js";
import { pathMatches } from "./path-match.js";
import { isValidZone } from "./time/zone.js";

/** Progress of reading one file, for progress bars. */
export interface EvidenceProgress {
  path: string;
  /** Bytes of the original file read so far. */
  bytesRead: number;
  /** Size of the original file. */
  totalBytes: number;
}

/** Options of every evidence-reading entry point. */
export interface ReadEvidenceOptions {
  /** Force one format id for every file instead of detecting it. */
  format?: string;
  /** File (basename, path or glob) → zone (IANA name or offset) for timestamps without one; wins over config. */
  tz?: Record<string, string>;
  /** Zone for files no `tz` entry names (before the incident's configured default). */
  defaultZone?: string;
  /** Incident window in epoch ms: decides the year of year-less timestamps. */
  window?: { start: number; end: number };
  /** Paths in events and sources are made relative to this folder (default: the incident folder, else `cwd`). */
  baseDir?: string;
  /** The incident's settings; when absent, a `debrief.yaml` in or above the given paths is read. */
  incidentConfig?: IncidentConfig;
  /** The folder `incidentConfig` belongs to (for relative `timezones` keys and event paths). */
  incidentDir?: string;
  /**
   * Whether the user wrote `timezone:` in `incidentConfig` (default true). A config loaded earlier carries the
   * schema's default `UTC` either way: passing false keeps zone-less sources marked as assumed UTC instead of
   * "configured" (otherwise local time read as UTC goes unmarked).
   */
  incidentTimezoneStated?: boolean;
  /** Working directory for relative paths (default `process.cwd()`). */
  cwd?: string;
  /** Longer lines are skipped as `line-too-long` (default 8 MiB). */
  maxLineBytes?: number;
  /** Larger JSON documents are refused with a warning (default 128 MiB, `DEBRIEF_MAX_DOCUMENT_MB`). */
  maxDocumentBytes?: number;
  /** Called now and then while a file is read. */
  onProgress?: (progress: EvidenceProgress) => void;
  /**
   * Worker threads for {@link inventoryEvidence} (default 1: in-process). Files are spread over the threads, so this
   * helps with several large files; plugin formats reach workers through their registry's module URLs, and
   * `onProgress` is not called from them.
   */
  threads?: number;
  /** The formats to detect and read with (default: the built-in registry). */
  formats?: FormatRegistry;
}

/** One file the pipeline will read. */
export interface PlannedFile {
  /** Absolute path. */
  absolute: string;
  /** Path as reported in events and sources. */
  path: string;
  /** The folder the user named (companion files such as Slack's users.json are searched up to it). */
  root: string;
  /** Zone for naive timestamps and where it came from. */
  zone: string;
  zoneOrigin: ZoneOrigin;
}

/** The resolved plan: files in a stable order plus the settings that apply to them. */
export interface EvidencePlan {
  files: PlannedFile[];
  window: { start: number; end: number } | undefined;
  incident: LoadedIncidentConfig | undefined;
  baseDir: string;
  /** Folder entries not read (FIFOs, devices, link loops, dangling links), with the reason. */
  skipped?: SkippedEntry[];
}

/** A path with forward slashes on every platform. */
export function toPosix(p: string): string {
  return sep === "/" ? p : p.split(sep).join("/");
}

/** A folder entry that is not read, and why (a FIFO, a device, a dangling or looping link). */
export interface SkippedEntry {
  path: string;
  reason: string;
}

/** Why a non-regular file is not evidence. */
function specialReason(s: {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string {
  if (s.isFIFO()) return "a FIFO (named pipe): it may never end";
  if (s.isSocket()) return "a socket";
  if (s.isCharacterDevice() || s.isBlockDevice()) return "a device: it may never end";
  return "not a regular file";
}

async function walk(dir: string, out: string[], seen = new Set<string>(), skipped: SkippedEntry[] = []): Promise<void> {
  // a symlink loop (dir/link -> dir) must not recurse forever
  const real = realpathSync(dir);
  if (seen.has(real)) return;
  seen.add(real);
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    // hidden files (.DS_Store, editor swap files) and Debrief's own settings are not evidence
    if (entry.name.startsWith(".") || entry.name === "debrief.yaml" || entry.name === "debrief.yml") continue;
    const full = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    let special: string | undefined = isDir || isFile || entry.isSymbolicLink() ? undefined : specialReason(entry);
    if (entry.isSymbolicLink()) {
      try {
        const s = statSync(full);
        isDir = s.isDirectory();
        isFile = s.isFile();
        if (!isDir && !isFile) special = `a link to ${specialReason(s)}`;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        skipped.push({ path: full, reason: code === "ELOOP" ? "a symbolic-link loop" : "a dangling symbolic link" });
        continue;
      }
    }
    if (isDir) {
      if (seen.has(realpathSync(full))) skipped.push({ path: full, reason: "a link back to a folder already read" });
      else await walk(full, out, seen, skipped);
    } else if (isFile) out.push(full);
    else if (special) skipped.push({ path: full, reason: special });
  }
}

async function findIncident(start: string): Promise<LoadedIncidentConfig | undefined> {
  const { loadIncidentConfigFile } = await import("./incident-config.js");
  let dir = start;
  for (let depth = 0; depth < 6; depth++) {
    const found = await loadIncidentConfigFile(dir);
    if (found) return found;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/**
 * Resolve the paths (files, folders, `.gz`) to the files to read, each with its zone, and find the incident's
 * `debrief.yaml`. Missing paths and bad zones are `DebriefError`s (exit 2 in the CLI).
 */
export async function planEvidence(paths: string[], options: ReadEvidenceOptions = {}): Promise<EvidencePlan> {
  const cwd = options.cwd ?? process.cwd();
  const registry = options.formats ?? defaultFormatRegistry();
  if (options.format !== undefined && !registry.find(options.format)) {
    throw new DebriefError("USAGE", `unknown format "${options.format}"; valid formats: ${registry.ids().join(", ")}`);
  }
  for (const [key, zone] of Object.entries(options.tz ?? {})) {
    if (!isValidZone(zone)) throw new DebriefError("USAGE", `--tz ${key}=${zone}: unknown time zone "${zone}"`);
  }
  if (options.defaultZone !== undefined && !isValidZone(options.defaultZone)) {
    throw new DebriefError("USAGE", `unknown time zone "${options.defaultZone}"`);
  }
  const found: { absolute: string; root: string }[] = [];
  const skipped: SkippedEntry[] = [];
  for (const p of paths) {
    const absolute = resolve(cwd, p);
    let s: Awaited<ReturnType<typeof stat>>;
    try {
      s = await stat(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") {
        throw new DebriefError("INPUT_NOT_FOUND", "no such file or directory", { location: { path: p } });
      }
      throw new DebriefError("INPUT_UNREADABLE", `cannot read: ${(error as Error).message}`, { location: { path: p } });
    }
    if (s.isDirectory()) {
      const files: string[] = [];
      await walk(absolute, files, new Set(), skipped);
      for (const f of files) found.push({ absolute: f, root: absolute });
    } else if (s.isFile()) found.push({ absolute, root: dirname(absolute) });
    else {
      // FIFOs, sockets and devices never end or cannot be checksummed: evidence is files
      throw new DebriefError("INPUT_UNREADABLE", "not a regular file or folder", { location: { path: p } });
    }
  }
  let incident: LoadedIncidentConfig | undefined;
  if (options.incidentConfig) {
    incident = {
      config: options.incidentConfig,
      dir: options.incidentDir ?? cwd,
      file: join(options.incidentDir ?? cwd, "debrief.yaml"),
      timezoneStated: options.incidentTimezoneStated ?? true,
    };
  } else if (found.length > 0 || paths.length > 0) {
    const first = found[0]?.absolute ?? resolve(cwd, paths[0] ?? ".");
    incident = await findIncident(dirname(first));
  }
  const baseDir = options.baseDir ? resolve(cwd, options.baseDir) : (incident?.dir ?? cwd);
  const window =
    options.window ?? (incident ? (await import("./incident-config.js")).configWindow(incident.config) : undefined);
  const seen = new Set<string>();
  const files: PlannedFile[] = [];
  for (const f of found) {
    if (seen.has(f.absolute)) continue;
    seen.add(f.absolute);
    const rel = relative(baseDir, f.absolute);
    const path = toPosix(rel.startsWith("..") || isAbsolute(rel) ? f.absolute : rel);
    const candidates = {
      absolute: f.absolute,
      relative: [
        toPosix(relative(cwd, f.absolute)),
        path,
        ...(incident ? [toPosix(relative(incident.dir, f.absolute))] : []),
      ],
    };
    let zone: string | undefined;
    let zoneOrigin: ZoneOrigin = "default";
    for (const [key, z] of Object.entries(options.tz ?? {})) {
      if (pathMatches(key, candidates)) {
        zone = z;
        zoneOrigin = "flag";
        break;
      }
    }
    if (zone === undefined && incident) {
      for (const [key, z] of Object.entries(incident.config.timezones)) {
        if (pathMatches(key, candidates)) {
          zone = z;
          zoneOrigin = "config";
          break;
        }
      }
    }
    if (zone === undefined && options.defaultZone !== undefined) {
      zone = options.defaultZone;
      zoneOrigin = "flag";
    }
    if (zone === undefined && incident?.timezoneStated) {
      zone = incident.config.timezone;
      zoneOrigin = "config";
    }
    files.push({ absolute: f.absolute, path, root: f.root, zone: zone ?? "UTC", zoneOrigin });
  }
  if (files.length === 0 && skipped.length > 0) {
    // nothing readable, only special files: say so, never an empty inventory with no word
    const shownPath = (path: string) => {
      const rel = relative(cwd, path);
      return toPosix(rel.startsWith("..") || isAbsolute(rel) ? path : rel);
    };
    const shown = skipped.slice(0, 5).map((s) => `${shownPath(s.path)}: ${s.reason}`);
    throw new DebriefError(
      "INPUT_UNREADABLE",
      `no readable evidence file; skipped ${skipped.length}: ${shown.join("; ")}${skipped.length > 5 ? "; ..." : ""}`,
      {
        location: { path: paths[0] ?? "." },
        details: { skipped: skipped.map((s) => ({ ...s, path: shownPath(s.path) })) },
      },
    );
  }
  return { files, window, incident, baseDir, skipped };
}
