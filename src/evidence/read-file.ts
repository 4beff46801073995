import { createHash } from "node:crypto";
import { createReadStream, readFileSync } from "node:fs";
import { open, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { DebriefError } from "../model/debrief-error.js";
import type { RawEvent } from "../model/event.js";
import type { EvidenceSource } from "../model/evidence-source.js";
import type { ZoneOrigin } from "./evidence-format.js";
import { type DecodedFile, FileDecoder } from "./file-decoder.js";
import { createPipelineContext } from "./format-context.js";
import { defaultFormatRegistry } from "./formats/index.js";
import type { EvidencePlan, PlannedFile, ReadEvidenceOptions } from "./plan-evidence.js";
import { DEFAULT_MAX_LINE_BYTES } from "./read-lines.js";
import { SourceAccount } from "./source-account.js";

/**
 * JSON documents larger than this (after decompression) are refused with a source warning naming the file, instead
 * of exhausting memory: parsing costs about 3x the text, and a 2 MB `.gz` can unpack to 500 MB (measured: a 500 MB
 * Prometheus document took 1.6 GB). 128 MiB by default; `DEBRIEF_MAX_DOCUMENT_MB` raises or lowers it.
 */
export const DEFAULT_MAX_DOCUMENT_BYTES = documentLimitFromEnv(process.env.DEBRIEF_MAX_DOCUMENT_MB);

function documentLimitFromEnv(value: string | undefined): number {
  const mb = value === undefined ? Number.NaN : Number(value);
  return (Number.isFinite(mb) && mb > 0 ? mb : 128) * 1024 * 1024;
}
/** Read size: large enough that per-chunk costs vanish, small enough to keep memory flat. */
const CHUNK_BYTES = 1024 * 1024;
/** Bytes a stream parses between two looks at its consumer's queue (about 2,000 log lines). */
export const FEED_BYTES = 256 * 1024;
/** Chunks read ahead of the parser (a few MiB per file being read). */
const READ_AHEAD_CHUNKS = 4;
/** Event kinds of continuous sources, the only ones whose silences are reported as gaps. */
export const GAP_KINDS: ReadonlySet<string> = new Set(["log", "metric"]);

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
export interface EventSink {
  /** Per event (synchronous, on the hot path). */
  event?: ((event: RawEvent) => void) | undefined;
  /** Called between chunks so a slow consumer can apply backpressure. */
  drain?: (() => Promise<void> | undefined) | undefined;
}

async function openEvidenceFile(file: PlannedFile): Promise<{ size: number; mtimeMs: number; gzipped: boolean }> {
  const unreadable = (error: unknown): DebriefError =>
    new DebriefError("INPUT_UNREADABLE", `cannot read: ${(error as Error).message}`, { location: { path: file.path } });
  try {
    const info = await stat(file.absolute);
    // gzip is recognised by its magic bytes, whatever the file is called
    const head = Buffer.alloc(2);
    const fh = await open(file.absolute, "r");
    try {
      await fh.read(head, 0, 2, 0);
    } finally {
      await fh.close();
    }
    return { size: info.size, mtimeMs: info.mtimeMs, gzipped: info.size >= 2 && head[0] === 0x1f && head[1] === 0x8b };
  } catch (error) {
    throw unreadable(error);
  }
}

/** Read errors that end a file early but keep what was read (bad gzip), as warnings; others are thrown. */
function readFailure(error: unknown, gzipped: boolean, file: PlannedFile): string {
  const e = error as NodeJS.ErrnoException;
  if (gzipped && (e.code === "Z_BUF_ERROR" || /unexpected end of file/i.test(e.message))) {
    return "truncated gzip: the compressed stream ends early; kept the lines decompressed before the cut";
  }
  if (gzipped && (e.code === "Z_DATA_ERROR" || e.errno !== undefined)) {
    return `corrupt gzip data (${e.message}); kept the lines decompressed before it`;
  }
  if (e.code === "EISDIR" || e.code === "EACCES" || e.code === "EPERM" || e.code === "EIO") {
    throw new DebriefError("INPUT_UNREADABLE", `cannot read: ${e.message}`, { location: { path: file.path } });
  }
  throw error;
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
  const opened = await openEvidenceFile(file);
  const totalBytes = opened.size;
  const account = new SourceAccount();
  const warnings: string[] = [];
  const hash = createHash("sha256");
  let hashedBytes = 0;
  let lastProgress = 0;
  const decoder = new FileDecoder({
    absolute: file.absolute,
    totalBytes,
    registry: options.formats ?? defaultFormatRegistry(),
    format: options.format,
    maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    maxDocumentBytes: options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
    account,
    makeContext: () =>
      createPipelineContext({
        path: file.path,
        zone: file.zone,
        zoneOrigin: file.zoneOrigin,
        window: plan.window,
        fileMtime: opened.mtimeMs,
        account,
        onEvent: sink.event,
        related: relatedFinder(file),
      }),
  });

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
      decoder.feed(at === 0 && chunk.length <= FEED_BYTES ? chunk : chunk.subarray(at, at + FEED_BYTES));
      const wait = sink.drain?.();
      if (wait) await wait;
    }
  };
  const consume = async (source: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of source) {
      if (decoder.decided) await feedPaced(chunk);
      else for (const c of decoder.hold(chunk)) await feedPaced(c);
    }
  };

  // a read stream allocates its whole highWaterMark per read: 1 MiB for each 300-byte file made 20,000 small files
  // a garbage-collection workout, so small files get a buffer their size
  const raw = createReadStream(file.absolute, {
    highWaterMark: Math.min(CHUNK_BYTES, Math.max(16384, totalBytes + 1)),
  });
  try {
    if (opened.gzipped) await pipeline(raw, hashing, createGunzip({ chunkSize: 256 * 1024 }), consume);
    else await pipeline(raw, hashing, consume);
  } catch (error) {
    warnings.push(readFailure(error, opened.gzipped, file));
  }
  const decoded = decoder.finish();
  // a decompression error stops reading early: checksum the rest of the original so the record stays true
  if (hashedBytes < totalBytes) {
    const rest = createReadStream(file.absolute, { start: hashedBytes, highWaterMark: CHUNK_BYTES });
    for await (const chunk of rest) hash.update(chunk as Buffer);
  }
  return sourceRecord(file, options, decoded, account, warnings, {
    sha256: hash.digest("hex"),
    bytes: totalBytes,
    gzipped: opened.gzipped,
  });
}

/** The inventory record of a file read to the end. */
function sourceRecord(
  file: PlannedFile,
  options: ReadEvidenceOptions,
  decoded: DecodedFile,
  account: SourceAccount,
  warnings: string[],
  raw: { sha256: string; bytes: number; gzipped: boolean },
): EvidenceSource {
  const { format, context: c, encoding } = decoded;
  for (const w of decoded.warnings) warnings.push(w);
  if (!format) warnings.push(unknownFormatWarning(options, raw.bytes));
  if (decoded.notUtf8 !== undefined) {
    const { offset, line, column } = decoded.notUtf8;
    warnings.push(
      `not valid UTF-8: first bad byte at offset ${offset} (line ${line}, byte ${column}); the file was read as windows-1252`,
    );
  }
  if (decoded.mixedAt !== undefined) {
    warnings.push(
      `invalid UTF-8 from line ${decoded.mixedAt}${decoded.mixedColumn === undefined ? "" : `, byte ${decoded.mixedColumn}`}: those parts were decoded as windows-1252`,
    );
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
    sha256: raw.sha256,
    bytes: raw.bytes,
    lines: decoded.lines,
    events: account.events,
    skipped: account.skipped(),
    first: account.first === null ? null : new Date(account.first).toISOString(),
    last: account.last === null ? null : new Date(account.last).toISOString(),
    timezone,
    timezoneAssumed: assumed,
    timezoneOrigin: origin,
    // continuous sources only: changes, alerts, pages and chat are bursty by nature, their silences are not lost data
    gaps: format && GAP_KINDS.has(format.kind) ? account.gapRecords() : [],
    encoding: raw.gzipped ? `gzip+${enc}` : encoding === "utf-8-bom" ? "utf-8-bom" : enc,
  };
  if (warnings.length > 0) source.warnings = warnings;
  return source;
}

function unknownFormatWarning(options: ReadEvidenceOptions, bytes: number): string {
  if (options.format !== undefined) return `unknown format ${options.format}`;
  if (bytes === 0) return "empty file: nothing to read";
  return "format not recognised: no registered format matched the start of the file (use --format to force one)";
}
