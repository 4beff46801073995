import { readFile, stat } from "node:fs/promises";
import { DebriefError } from "../model/debrief-error.js";
import { firstInvalidUtf8 } from "../util/utf8.js";

export { firstInvalidUtf8 };

/**
 * The largest post-mortem Debrief reads: 4 MiB by default (`DEBRIEF_MAX_POSTMORTEM_MB` raises or lowers it). A
 * written post-mortem is tens of kilobytes; past a few megabytes it holds pasted logs or a generated table, and the
 * parse tree of a 50 MB table took minutes and gigabytes (measured: 400,000 rows never finished in 185 s). Evidence
 * belongs in `evidence/`, where it is streamed.
 */
export const MAX_POSTMORTEM_BYTES = limitFromEnv(process.env.DEBRIEF_MAX_POSTMORTEM_MB);

function limitFromEnv(value: string | undefined): number {
  const mb = value === undefined ? Number.NaN : Number(value);
  return Math.round((Number.isFinite(mb) && mb > 0 ? mb : 4) * 1024 * 1024);
}

/** `4 MiB`, `0.5 MiB`: a limit as people read it. */
function mib(bytes: number): string {
  return `${Number((bytes / 1048576).toFixed(2))} MiB`;
}

/** Why a document of `size` bytes (or UTF-16 units) is not read, or undefined when it is within the limit. */
export function postmortemTooLarge(size: number, limit: number = MAX_POSTMORTEM_BYTES): string | undefined {
  if (size <= limit) return undefined;
  return (
    `post-mortem is ${mib(size)}, over the ${mib(limit)} limit for one document: not read ` +
    "(move pasted logs or tables into evidence files, or raise DEBRIEF_MAX_POSTMORTEM_MB)"
  );
}

/**
 * Refuse a post-mortem over {@link MAX_POSTMORTEM_BYTES}.
 * @throws DebriefError INPUT_INVALID naming the file, its size and the limit
 */
export function assertPostmortemSize(path: string, size: number, limit: number = MAX_POSTMORTEM_BYTES): void {
  const message = postmortemTooLarge(size, limit);
  if (message !== undefined) throw new DebriefError("INPUT_INVALID", message, { location: { path } });
}

/** 1-based line of a byte offset. */
function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) line++;
  return line;
}

/** How {@link decodePostmortem} treats a UTF-16 file (with its byte-order mark). */
export interface DecodePostmortemOptions {
  /**
   * Read UTF-16 with a BOM (lint and render do); refuse it when the file will be written back (draft, publish),
   * since Debrief writes UTF-8 and would change the encoding of the person's file.
   */
  utf16?: boolean;
  /** Size limit (default {@link MAX_POSTMORTEM_BYTES}). */
  limit?: number;
}

/**
 * Decode a post-mortem file strictly: UTF-8 (a BOM kept, so positions stay exact), or UTF-16 with a BOM when
 * allowed. Invalid UTF-8 is never replaced in silence (a lossy decode would write U+FFFD over the person's bytes
 * when the file is saved back): it is refused naming the first bad byte's offset and line.
 * @throws DebriefError INPUT_INVALID when too large, INPUT_UNREADABLE for binary, UTF-16 (unless allowed) or bad UTF-8
 */
export function decodePostmortem(bytes: Uint8Array, path: string, options: DecodePostmortemOptions = {}): string {
  assertPostmortemSize(path, bytes.length, options.limit);
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16) {
    if (options.utf16 === false) {
      throw new DebriefError("INPUT_UNREADABLE", "is UTF-16; save it as UTF-8 and run again (nothing was changed)", {
        location: { path },
      });
    }
    return new TextDecoder(bytes[0] === 0xff ? "utf-16le" : "utf-16be").decode(bytes.subarray(2));
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new DebriefError(
      "INPUT_UNREADABLE",
      `binary file, not a text file (NUL byte at offset ${nul}); expected Markdown text`,
      {
        location: { path },
      },
    );
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    throw new DebriefError(
      "INPUT_UNREADABLE",
      `is not valid UTF-8 (first bad byte at offset ${bad}); nothing was changed`,
      { location: { path, line: lineOf(bytes, bad) } },
    );
  }
}

/**
 * Read and decode a post-mortem file (see {@link decodePostmortem}); the size is checked before the file is read, so
 * a huge or endless file is refused without loading it.
 * @throws DebriefError INPUT_NOT_FOUND, INPUT_UNREADABLE, INPUT_INVALID (too large)
 */
export async function readPostmortemFile(path: string, options: DecodePostmortemOptions = {}): Promise<string> {
  let bytes: Buffer;
  try {
    const info = await stat(path);
    // a FIFO or device would block the read or never end
    if (!info.isFile()) throw new DebriefError("INPUT_UNREADABLE", "not a regular file", { location: { path } });
    assertPostmortemSize(path, info.size, options.limit);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof DebriefError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new DebriefError(
      code === "ENOENT" ? "INPUT_NOT_FOUND" : "INPUT_UNREADABLE",
      code === "ENOENT" ? "no such file" : `cannot read: ${(error as Error).message}`,
      { location: { path }, cause: error },
    );
  }
  return decodePostmortem(bytes, path, options);
}
