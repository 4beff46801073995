import { createHash } from "node:crypto";
import { createReadStream, readFileSync, realpathSync, statSync } from "node:fs";
import { open, readdir, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { DebriefError } from "../model/debrief-error.js";
import type { RawEvent } from "../model/event.js";
import type { EvidenceSource } from "../model/evidence-source.js";
import type { IncidentConfig } from "../model/incident-config.js";
import { DETECT_SAMPLE_BYTES, detectFormat, makeSample } from "./detect-format.js";
import type { EvidenceFormat, LineParser, ZoneOrigin } from "./evidence-format.js";
import { createPipelineContext, type PipelineContext } from "./format-context.js";
import { findFormat, formatIds } from "./formats/index.js";
// incident-config.js (yaml and zod) is loaded when a plan is made: reader workers only read planned files, and
// each would otherwise spend a tenth of a second loading a YAML parser it never uses
import type { LoadedIncidentConfig } from "./incident-config.js";
import { canReadInParallel, readFilesInParallel } from "./parallel-read.js";
import { pathMatches } from "./path-match.js";
import { DEFAULT_MAX_LINE_BYTES, decodeWhole, LineSplitter, sniffEncoding, type TextEncoding } from "./read-lines.js";
import { SourceAccount } from "./source-account.js";
import { isValidZone } from "./time/zone.js";

/** JSON documents larger than this are refused (with a source warning) instead of exhausting memory. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;
/** Read size: large enough that per-chunk costs vanish, small enough to keep memory flat. */
const CHUNK_BYTES = 1024 * 1024;
/** Bytes a stream parses between two looks at its consumer's queue (about 2,000 log lines). */
export const FEED_BYTES = 256 * 1024;
/** Chunks read ahead of the parser (a few MiB per file being read). */
const READ_AHEAD_CHUNKS = 4;
/** Below this total size, {@link inventoryEvidence} reads in-process even when threads are allowed. */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;
/** Event kinds of continuous sources, the only ones whose silences are reported as gaps. */
export const GAP_KINDS: ReadonlySet<string> = new Set(["log", "metric"]);
/** Events handed to consumers per batch. */
export const EVENT_BATCH_SIZE = 2048;

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
  /** Working directory for relative paths (default `process.cwd()`). */
  cwd?: string;
  /** Longer lines are skipped as `line-too-long` (default 8 MiB). */
  maxLineBytes?: number;
  /** Larger JSON documents are refused with a warning (default 512 MiB). */
  maxDocumentBytes?: number;
  /** Called now and then while a file is read. */
  onProgress?: (progress: EvidenceProgress) => void;
  /**
   * Worker threads for {@link inventoryEvidence} (default 1: in-process). Files are spread over the threads, so this
   * helps with several large files; formats added at runtime with `registerFormat` are not available to workers, and
   * `onProgress` is not called from them.
   */
  threads?: number;
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
}

/** A source being read: its record when done, and its events in file order, in batches. */
export interface EvidenceStream {
  /** Path as reported in events. */
  path: string;
  /** Resolves when the file has been read completely (after `events` is drained). */
  source: Promise<EvidenceSource>;
  /**
   * Events in file order (the order lines appear; nearly time-ordered for logs, series by series for metric
   * documents: the pipeline does not sort). Reading starts when this is first iterated; iterate it once, and start
   * iterating before awaiting `source` (a stream whose `source` is awaited first is read for its record only).
   */
  events: AsyncIterable<RawEvent[]>;
  /**
   * Events read but not yet taken by the consumer. The reader looks every {@link FEED_BYTES} bytes and pauses while
   * two batches wait, so this stays at about three batches plus one piece's lines however far ahead the file is:
   * what keeps a k-way merge's memory flat.
   */
  readonly buffered: number;
}

function toPosix(p: string): string {
  return sep === "/" ? p : p.split(sep).join("/");
}

async function walk(dir: string, out: string[], seen = new Set<string>()): Promise<void> {
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
    if (entry.isSymbolicLink()) {
      try {
        const s = statSync(full);
        isDir = s.isDirectory();
        isFile = s.isFile();
      } catch {
        continue; // dangling link
      }
    }
    if (isDir) await walk(full, out, seen);
    else if (isFile) out.push(full);
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
  if (options.format !== undefined && !findFormat(options.format)) {
    throw new DebriefError("USAGE", `unknown format "${options.format}"; valid formats: ${formatIds().join(", ")}`);
  }
  for (const [key, zone] of Object.entries(options.tz ?? {})) {
    if (!isValidZone(zone)) throw new DebriefError("USAGE", `--tz ${key}=${zone}: unknown time zone "${zone}"`);
  }
  if (options.defaultZone !== undefined && !isValidZone(options.defaultZone)) {
    throw new DebriefError("USAGE", `unknown time zone "${options.defaultZone}"`);
  }
  const found: { absolute: string; root: string }[] = [];
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
      await walk(absolute, files);
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
      timezoneStated: true,
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
  return { files, window, incident, baseDir };
}

/**
 * Companion-file lookup for one evidence file: its folder and the parent (a Slack export's `users.json` sits one
 * level above the channel folders, even when the user names a single day file), then further parents up to the
 * folder the user named.
 */
function relatedFinder(file: PlannedFile): (name: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (name) => {
    if (cache.has(name)) return cache.get(name);
    let dir = dirname(file.absolute);
    let result: string | undefined;
    for (let depth = 0; depth < 4; depth++) {
      try {
        result = readFileSync(join(dir, name), "utf8");
        break;
      } catch {
        // not here: look one level up
      }
      const insideRoot = dir !== file.root && dir.startsWith(file.root);
      if ((depth >= 1 && !insideRoot) || dirname(dir) === dir) break;
      dir = dirname(dir);
    }
    cache.set(name, result);
    return result;
  };
}

/** How a file's events leave the reader. */
interface EventSink {
  /** Per event (synchronous, on the hot path). */
  event?: ((event: RawEvent) => void) | undefined;
  /** Called between chunks so a slow consumer can apply backpressure. */
  drain?: (() => Promise<void> | undefined) | undefined;
}

function countLines(text: string): number {
  if (text.length === 0) return 0;
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return text.endsWith("\n") ? n : n + 1;
}

/**
 * Read one file completely: checksum the original bytes, decompress gzip, decode, detect the format, parse with
 * bounded memory, and account for every line. Never throws for bad content: problems become skips and warnings.
 */
export async function readPlannedFile(
  file: PlannedFile,
  plan: Pick<EvidencePlan, "window">,
  options: ReadEvidenceOptions,
  sink: EventSink = {},
): Promise<EvidenceSource> {
  const maxDoc = options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const unreadable = (error: unknown): DebriefError =>
    new DebriefError("INPUT_UNREADABLE", `cannot read: ${(error as Error).message}`, { location: { path: file.path } });
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file.absolute);
  } catch (error) {
    throw unreadable(error);
  }
  const totalBytes = info.size;
  const account = new SourceAccount();
  const warnings: string[] = [];
  const hash = createHash("sha256");
  let hashedBytes = 0;

  // gzip is recognised by its magic bytes, whatever the file is called
  const head = Buffer.alloc(2);
  try {
    const fh = await open(file.absolute, "r");
    try {
      await fh.read(head, 0, 2, 0);
    } finally {
      await fh.close();
    }
  } catch (error) {
    throw unreadable(error);
  }
  const gzipped = totalBytes >= 2 && head[0] === 0x1f && head[1] === 0x8b;

  let format: EvidenceFormat | undefined;
  let ctx: PipelineContext | undefined;
  let parser: LineParser | undefined;
  let splitter: LineSplitter | undefined;
  let encoding: TextEncoding | undefined;
  let docChunks: Buffer[] | undefined;
  let docBytes = 0;
  let docTooLarge = false;
  const sampleChunks: Buffer[] = [];
  let sampleBytes = 0;
  let decided = false;
  let lastProgress = 0;

  const makeContext = (): PipelineContext =>
    createPipelineContext({
      path: file.path,
      zone: file.zone,
      zoneOrigin: file.zoneOrigin,
      window: plan.window,
      fileMtime: info.mtimeMs,
      account,
      onEvent: sink.event,
      related: relatedFinder(file),
    });

  const decide = (complete: boolean): void => {
    decided = true;
    const sampleBuf = sampleChunks.length === 1 ? (sampleChunks[0] as Buffer) : Buffer.concat(sampleChunks);
    encoding = sniffEncoding(sampleBuf.subarray(0, DETECT_SAMPLE_BYTES));
    const sampleText = decodeWhole(sampleBuf.subarray(0, DETECT_SAMPLE_BYTES), encoding);
    const sample = makeSample(basename(file.absolute.replace(/\.gz$/i, "")), sampleText, totalBytes, complete);
    format = options.format !== undefined ? findFormat(options.format) : detectFormat(sample)?.format;
    ctx = makeContext();
    if (format?.shape === "document") {
      // document items come series by series, not in time order: gaps are looked for on sorted instants
      account.sortedMode();
      docChunks = [];
      return;
    }
    const c = ctx;
    if (format?.shape === "lines") {
      try {
        parser = format.createParser(c);
      } catch (error) {
        warnings.push(`the ${format.id} parser could not start: ${(error as Error).message}`);
        parser = undefined;
      }
    }
    const p = parser;
    const fmtId = format?.id;
    splitter = new LineSplitter(
      {
        line: p
          ? (text, no) => {
              try {
                p.push(text, no);
              } catch (error) {
                account.skip(no, "parser-error", `${(error as Error).message}: ${text}`);
              }
            }
          : (text, no) => account.skip(no, fmtId ? "parser-error" : "unknown-format", text),
        skip: (no, reason, excerpt) => account.skip(no, reason, excerpt),
      },
      { maxLineBytes: maxLine, encoding },
    );
  };

  const feed = (chunk: Buffer): void => {
    if (docChunks) {
      if (docTooLarge) return;
      docBytes += chunk.length;
      if (docBytes > maxDoc) {
        docTooLarge = true;
        docChunks = [];
        return;
      }
      docChunks.push(chunk);
      return;
    }
    (splitter as LineSplitter).push(chunk);
  };

  const hashing = new Transform({
    // Read ahead: while the parser works through one chunk (synchronously), the next ones are already being read.
    // With only one chunk buffered, the read of the next chunk starts when parsing ends, and the parser waits.
    readableHighWaterMark: READ_AHEAD_CHUNKS * CHUNK_BYTES,
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      hashedBytes += chunk.length;
      if (options.onProgress && hashedBytes - lastProgress >= 64 * 1024 * 1024) {
        lastProgress = hashedBytes;
        options.onProgress({ path: file.path, bytesRead: hashedBytes, totalBytes });
      }
      cb(null, chunk);
    },
  });

  // Reading a stream joins whatever is buffered (up to the read-ahead), so a chunk can be several MiB: feed it a
  // piece at a time and let a slow consumer pause us in between, or a paused merge source would still queue tens of
  // thousands of events.
  const feedPaced = async (chunk: Buffer): Promise<void> => {
    for (let at = 0; at < chunk.length; at += FEED_BYTES) {
      feed(at === 0 && chunk.length <= FEED_BYTES ? chunk : chunk.subarray(at, at + FEED_BYTES));
      const wait = sink.drain?.();
      if (wait) await wait;
    }
  };
  const consume = async (source: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of source) {
      if (!decided) {
        sampleChunks.push(chunk);
        sampleBytes += chunk.length;
        if (sampleBytes < DETECT_SAMPLE_BYTES) continue;
        decide(false);
        for (const c of sampleChunks.splice(0)) await feedPaced(c);
        continue;
      }
      await feedPaced(chunk);
    }
  };

  const raw = createReadStream(file.absolute, { highWaterMark: CHUNK_BYTES });
  try {
    if (gzipped) await pipeline(raw, hashing, createGunzip({ chunkSize: 256 * 1024 }), consume);
    else await pipeline(raw, hashing, consume);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (gzipped && (e.code === "Z_BUF_ERROR" || /unexpected end of file/i.test(e.message))) {
      warnings.push("truncated gzip: the compressed stream ends early; kept the lines decompressed before the cut");
    } else if (gzipped && (e.code === "Z_DATA_ERROR" || e.errno !== undefined)) {
      warnings.push(`corrupt gzip data (${e.message}); kept the lines decompressed before it`);
    } else if (e.code === "EISDIR" || e.code === "EACCES" || e.code === "EPERM" || e.code === "EIO") {
      throw unreadable(error);
    } else throw error;
  }
  if (!decided) {
    decide(true);
    for (const c of sampleChunks) feed(c);
    sampleChunks.length = 0;
  }
  // a decompression error stops reading early: checksum the rest of the original so the record stays true
  if (hashedBytes < totalBytes) {
    const rest = createReadStream(file.absolute, { start: hashedBytes, highWaterMark: CHUNK_BYTES });
    for await (const chunk of rest) hash.update(chunk as Buffer);
  }

  const c = ctx as PipelineContext;
  let lines = 0;
  let mixedAt: number | undefined;
  if (docChunks) {
    const fmt = format as EvidenceFormat & { shape: "document" };
    if (docTooLarge) {
      warnings.push(
        `document larger than the ${Math.round(maxDoc / 1048576)} MiB limit for ${fmt.id} files: not parsed (split it or raise the limit)`,
      );
      account.skip(1, "document-too-large", `${docBytes} bytes`);
    } else {
      const buf = docChunks.length === 1 ? (docChunks[0] as Buffer) : Buffer.concat(docChunks);
      docChunks = undefined;
      const text = decodeWhole(buf, encoding ?? "utf-8");
      lines = countLines(text);
      if (buf.indexOf(0) >= 0 && encoding !== "utf-16le" && encoding !== "utf-16be") {
        warnings.push("the document contains NUL bytes (binary data)");
      }
      try {
        fmt.parse(text, c);
      } catch (error) {
        warnings.push(`the ${fmt.id} parser failed: ${(error as Error).message}`);
        account.skip(1, "parser-error", (error as Error).message);
      }
    }
  } else {
    const s = splitter as LineSplitter;
    s.end();
    if (parser) {
      try {
        parser.end();
      } catch (error) {
        warnings.push(`the ${format?.id} parser failed at the end of the file: ${(error as Error).message}`);
      }
    }
    lines = s.lines;
    mixedAt = s.mixedEncodingAt;
    encoding = s.encoding ?? encoding;
  }
  if (!format) {
    warnings.push(
      options.format !== undefined
        ? `unknown format ${options.format}`
        : totalBytes === 0
          ? "empty file: nothing to read"
          : "format not recognised: no registered format matched the start of the file (use --format to force one)",
    );
  }
  if (mixedAt !== undefined) {
    warnings.push(`invalid UTF-8 from line ${mixedAt}: those parts were decoded as windows-1252`);
  }
  for (const w of c.warnings) warnings.push(w);

  let timezone = file.zone;
  let origin: ZoneOrigin = file.zoneOrigin;
  let assumed = file.zoneOrigin === "default";
  if (c.dataZones.length > 0) {
    timezone = c.dataZones[0] as string;
    origin = "data";
    assumed = false;
    if (c.usedAssumedZone) {
      warnings.push(`some timestamps carry no zone and were read as ${file.zone} (${file.zoneOrigin})`);
    }
  }
  const enc = encoding === "utf-8-bom" ? "utf-8" : (encoding ?? "utf-8");
  const source: EvidenceSource = {
    formatVersion: 1,
    path: file.path,
    format: format?.id ?? "unknown",
    sha256: hash.digest("hex"),
    bytes: totalBytes,
    lines,
    events: account.events,
    skipped: account.skipped(),
    first: account.first === null ? null : new Date(account.first).toISOString(),
    last: account.last === null ? null : new Date(account.last).toISOString(),
    timezone,
    timezoneAssumed: assumed,
    timezoneOrigin: origin,
    // continuous sources only: changes, alerts, pages and chat are bursty by nature, their silences are not lost data
    gaps: format && GAP_KINDS.has(format.kind) ? account.gapRecords() : [],
    encoding: gzipped ? `gzip+${enc}` : encoding === "utf-8-bom" ? "utf-8-bom" : enc,
  };
  if (warnings.length > 0) source.warnings = warnings;
  return source;
}

/**
 * Read every file under `paths` and return its inventory record (format, checksum, counts, skips, first/last, gaps,
 * zone). Events are parsed and counted but not kept.
 */
export async function inventoryEvidence(paths: string[], options: ReadEvidenceOptions = {}): Promise<EvidenceSource[]> {
  const threads = options.threads ?? 1;
  const plan = await planEvidence(paths, options);
  if (threads > 1 && plan.files.length > 1 && canReadInParallel(options)) {
    const sizes = await Promise.all(plan.files.map(async (f) => (await stat(f.absolute)).size));
    // starting a worker costs tens of milliseconds: only worth it when there is real work to share
    if (sizes.reduce((a, b) => a + b, 0) >= PARALLEL_MIN_BYTES)
      return readFilesInParallel(plan, options, threads, sizes);
  }
  const sources: EvidenceSource[] = [];
  for (const file of plan.files) sources.push(await readPlannedFile(file, plan, options));
  return sources;
}

/**
 * Read every file under `paths`, calling `onEvent` for each event in file order (files one after another, in the
 * order given, folders sorted by name). Memory stays bounded: events are not collected.
 */
export async function readEvidence(
  paths: string[],
  options: ReadEvidenceOptions & { onEvent?: (event: RawEvent) => void } = {},
): Promise<{ sources: EvidenceSource[]; plan: EvidencePlan }> {
  const plan = await planEvidence(paths, options);
  const sources: EvidenceSource[] = [];
  for (const file of plan.files) {
    sources.push(await readPlannedFile(file, plan, options, { event: options.onEvent }));
  }
  return { sources, plan };
}

/**
 * One {@link EvidenceStream} per file, for consumers that merge sources (the timeline's k-way merge). Files are
 * read lazily and independently: iterate several `events` at once to merge them. Events come in batches of up to
 * {@link EVENT_BATCH_SIZE}, in file order; a reader pauses between chunks while its consumer has more than a few
 * batches waiting, so memory stays bounded.
 */
export async function streamEvidence(paths: string[], options: ReadEvidenceOptions = {}): Promise<EvidenceStream[]> {
  const plan = await planEvidence(paths, options);
  return plan.files.map((file) => createStream(file, plan, options));
}

function createStream(file: PlannedFile, plan: EvidencePlan, options: ReadEvidenceOptions): EvidenceStream {
  const queue: RawEvent[][] = [];
  let batch: RawEvent[] = [];
  let done = false;
  let failure: unknown;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  let started: Promise<EvidenceSource> | undefined;
  // events are only buffered for a consumer that iterates them; awaiting `source` alone just counts them
  let attached = false;
  let resolveSource!: (s: EvidenceSource) => void;
  let rejectSource!: (e: unknown) => void;
  const source = new Promise<EvidenceSource>((res, rej) => {
    resolveSource = res;
    rejectSource = rej;
  });
  // a consumer that only awaits `source` must not see an unhandled rejection on the events side, and vice versa
  source.catch(() => undefined);
  const wake = (): void => {
    const w = wakeConsumer;
    wakeConsumer = undefined;
    w?.();
  };
  const start = (): Promise<EvidenceSource> => {
    started ??= readPlannedFile(file, plan, options, {
      event(e) {
        if (!attached) return;
        batch.push(e);
        if (batch.length >= EVENT_BATCH_SIZE) {
          queue.push(batch);
          batch = [];
          wake();
        }
      },
      drain() {
        if (!attached || queue.length < 2) return undefined;
        return new Promise<void>((res) => {
          wakeProducer = res;
        });
      },
    }).then(
      (s) => {
        if (batch.length > 0) queue.push(batch);
        batch = [];
        done = true;
        wake();
        resolveSource(s);
        return s;
      },
      (error: unknown) => {
        failure = error;
        done = true;
        wake();
        rejectSource(error);
        throw error;
      },
    );
    started.catch(() => undefined);
    return started;
  };
  return {
    path: file.path,
    get source() {
      start();
      return source;
    },
    get buffered() {
      let n = batch.length;
      for (const b of queue) n += b.length;
      return n;
    },
    events: {
      async *[Symbol.asyncIterator]() {
        attached = true;
        start();
        for (;;) {
          const next = queue.shift();
          if (next) {
            if (queue.length < 2 && wakeProducer) {
              const w = wakeProducer;
              wakeProducer = undefined;
              w();
            }
            yield next;
            continue;
          }
          if (done) {
            if (failure !== undefined) throw failure;
            return;
          }
          if (wakeProducer) {
            const w = wakeProducer;
            wakeProducer = undefined;
            w();
          }
          await new Promise<void>((res) => {
            wakeConsumer = res;
          });
        }
      },
    },
  };
}
