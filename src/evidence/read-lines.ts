import { isAscii, isUtf8 } from "node:buffer";
import { TextDecoder } from "node:util";
import { firstInvalidUtf8, lineAndColumn } from "../util/utf8.js";

/** Lines longer than this are skipped as `line-too-long` without ever being held whole. */
export const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

/** Text encodings the reader recognises. */
export type TextEncoding = "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be" | "windows-1252";

/** Callbacks of {@link LineSplitter}. */
export interface LineSink {
  /** A complete line (terminator and a trailing `\r` removed), 1-based line number. */
  line(text: string, lineNo: number): void;
  /** A line that cannot be handed to a parser (`binary`, `line-too-long`). */
  skip(lineNo: number, reason: string, excerpt: string): void;
}

/**
 * Pick the encoding of a file from its first bytes: a BOM decides; otherwise UTF-8 when the sample is valid UTF-8
 * (ignoring a character cut at the end of the sample), else windows-1252 (the WHATWG meaning of `latin1`, a superset
 * of ISO-8859-1 that every byte decodes in).
 */
export function sniffEncoding(head: Buffer): TextEncoding {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8-bom";
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  return isUtf8(trimPartialUtf8(head)) ? "utf-8" : "windows-1252";
}

/** Drop an incomplete UTF-8 sequence at the end of a buffer (a chunk boundary, not an encoding error). */
export function trimPartialUtf8(buf: Buffer): Buffer {
  const n = buf.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = buf[n - back] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return need > back ? buf.subarray(0, n - back) : buf;
    }
    return buf;
  }
  return buf;
}

// windows-1252 differs from ISO-8859-1 only in 0x80-0x9F (Node's TextDecoder treats the label as ISO-8859-1)
const CP1252_HIGH =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

/** Decode windows-1252 bytes (every byte is a character, so this never fails). */
export function decodeWindows1252(buf: Buffer): string {
  const latin = buf.toString("latin1");
  return /[\u0080-\u009f]/.test(latin)
    ? latin.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH.charAt(c.charCodeAt(0) - 0x80))
    : latin;
}

/** Decode a whole buffer (a JSON document, a detection sample) with the given encoding; a BOM is removed. */
export function decodeWhole(buf: Buffer, encoding: TextEncoding): string {
  switch (encoding) {
    case "utf-8-bom":
      return buf.subarray(3).toString("utf8");
    case "utf-16le":
      return new TextDecoder("utf-16le").decode(buf.subarray(2));
    case "utf-16be":
      return new TextDecoder("utf-16be").decode(buf.subarray(2));
    case "windows-1252":
      return decodeWindows1252(buf);
    default:
      return isUtf8(buf) ? buf.toString("utf8") : decodeWindows1252(buf);
  }
}

const NL = 0x0a;

const decodeLatin1 = (piece: Buffer): string => piece.toString("latin1");
const decodeUtf8 = (piece: Buffer): string => piece.toString("utf8");

// Below Node's threshold for external strings (EXTERN_APEX, about 1 MB).
const MAX_DECODE_BYTES = 512 * 1024;
/**
 * A block is classified (ASCII, UTF-8, windows-1252) whole but decoded in pieces of at most this many bytes, each
 * ending at a newline: V8 puts a string of 128 KiB or more in its large-object space, one allocation per string,
 * and decoding 100 MB of log in 512 KiB strings took ~15x longer (and the GC with it) than in 64 KiB ones.
 */
const DECODE_PIECE_BYTES = 64 * 1024;

/**
 * Streaming line splitter: feed it raw (decompressed) chunks, it decodes and hands out lines. UTF-8 and
 * windows-1252 text is split at the Buffer level: a chunk is cut at its last newline, the complete part is decoded in
 * one go and split with `indexOf`, and only the unfinished last line is carried over. A line that grows past
 * `maxLineBytes` is dropped as it streams (the carry is released and the rest skipped up to the next newline), so
 * memory stays bounded by the chunk size plus the cap. NUL bytes mark a line `binary`. UTF-16 is decoded by a
 * streaming TextDecoder and split on the decoded text.
 */
export class LineSplitter {
  /** Encoding in use; settled from the first bytes. */
  encoding: TextEncoding | undefined;
  /**
   * Line of the first invalid byte when a UTF-8 file turns out to contain some later on (the blocks holding them are
   * read as windows-1252); {@link mixedEncodingColumn} is that byte's 1-based column in bytes.
   */
  mixedEncodingAt: number | undefined;
  mixedEncodingColumn: number | undefined;
  /** Lines seen so far (including skipped ones). */
  lines = 0;

  private readonly sink: LineSink;
  private readonly maxLineBytes: number;
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private skippingLong = false;
  private longStartExcerpt = "";
  private started = false;
  private utf16: TextDecoder | undefined;
  private textCarry = "";

  constructor(sink: LineSink, options: { maxLineBytes?: number; encoding?: TextEncoding } = {}) {
    this.sink = sink;
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.encoding = options.encoding;
  }

  /** Feed the next chunk of the file. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (!this.started) {
      this.started = true;
      this.encoding ??= sniffEncoding(chunk.subarray(0, 65536));
      if (this.encoding === "utf-8-bom") {
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      } else if (this.encoding === "utf-16le" || this.encoding === "utf-16be") {
        this.utf16 = new TextDecoder(this.encoding, { ignoreBOM: false });
      }
    }
    if (this.utf16) {
      this.pushText(this.utf16.decode(chunk, { stream: true }));
      return;
    }
    this.pushBytes(chunk);
  }

  /** Flush the last line (a file need not end with a newline). */
  end(): void {
    if (this.utf16) {
      this.pushText(this.utf16.decode());
      if (this.skippingLong) this.finishLong();
      else if (this.textCarry.length > 0) this.emitTextLine(this.textCarry);
      this.textCarry = "";
      return;
    }
    if (this.skippingLong) {
      this.finishLong();
      return;
    }
    if (this.carryBytes > 0) {
      const rest = this.carry.length === 1 ? (this.carry[0] as Buffer) : Buffer.concat(this.carry);
      this.carry = [];
      this.carryBytes = 0;
      this.emitBlock(rest, false);
    }
  }

  private pushBytes(chunk: Buffer): void {
    if (this.skippingLong) {
      const nl = chunk.indexOf(NL);
      if (nl < 0) return;
      this.finishLong();
      chunk = chunk.subarray(nl + 1);
      if (chunk.length === 0) return;
    }
    const lastNl = chunk.lastIndexOf(NL);
    if (lastNl < 0) {
      this.addCarry(chunk);
      return;
    }
    let from = 0;
    if (this.carryBytes > 0) {
      const firstNl = chunk.indexOf(NL);
      if (this.carryBytes + firstNl > this.maxLineBytes) {
        // the carried line ends in this chunk but is over the cap: count it, never decode it
        this.startLong(chunk);
        this.finishLong();
      } else {
        const first = Buffer.concat([...this.carry, chunk.subarray(0, firstNl + 1)]);
        this.carry = [];
        this.carryBytes = 0;
        this.emitBlock(first, true);
      }
      from = firstNl + 1;
    }
    if (from <= lastNl) this.emitBlock(chunk.subarray(from, lastNl + 1), true);
    this.addCarry(chunk.subarray(lastNl + 1));
  }

  private addCarry(part: Buffer): void {
    if (part.length === 0) return;
    if (this.carryBytes + part.length > this.maxLineBytes) {
      this.startLong(part);
      return;
    }
    // copy: the stream may reuse its chunk buffers
    this.carry.push(Buffer.from(part));
    this.carryBytes += part.length;
  }

  private startLong(current: Buffer): void {
    const head = (this.carry.length > 0 ? (this.carry[0] as Buffer) : current).subarray(0, 200);
    this.longStartExcerpt = head.toString("latin1");
    this.carry = [];
    this.carryBytes = 0;
    this.skippingLong = true;
  }

  private finishLong(): void {
    this.skippingLong = false;
    this.lines++;
    this.sink.skip(this.lines, "line-too-long", this.longStartExcerpt);
    this.longStartExcerpt = "";
  }

  /** Decode and split a block of whole lines; `terminated` says the block ends with a newline. */
  private emitBlock(block: Buffer, terminated: boolean): void {
    if (block.length > MAX_DECODE_BYTES) {
      // Node makes strings of a megabyte or more "external" (outside V8's heap), and cutting lines out of those is
      // markedly slower: decode big blocks in pieces that end at a newline
      const nl = block.lastIndexOf(NL, MAX_DECODE_BYTES - 1);
      if (nl > 0) {
        this.emitBlock(block.subarray(0, nl + 1), true);
        if (nl + 1 < block.length) this.emitBlock(block.subarray(nl + 1), terminated);
        return;
      }
    }
    const hasNul = block.indexOf(0) >= 0;
    let decode: (piece: Buffer) => string;
    if (this.encoding === "windows-1252") {
      decode = decodeWindows1252;
    } else if (isAscii(block)) {
      // most log text is pure ASCII, which is the same in every encoding read here: latin1 decoding makes the
      // one-byte string directly, several times faster than the UTF-8 decoder
      decode = decodeLatin1;
    } else if (isUtf8(block)) {
      decode = decodeUtf8;
    } else {
      // a UTF-8 file with a stray latin-1 region: read those lines as windows-1252 and say so on the source
      if (this.mixedEncodingAt === undefined) {
        // the block holds whole lines from line this.lines + 1: name the exact line and byte of the first bad one
        const at = lineAndColumn(block, firstInvalidUtf8(block));
        this.mixedEncodingAt = this.lines + at.line;
        this.mixedEncodingColumn = at.column;
      }
      decode = decodeWindows1252;
    }
    // pieces end just after a newline byte, which is never inside a UTF-8 sequence: each decodes as in the whole
    let from = 0;
    while (block.length - from > DECODE_PIECE_BYTES) {
      const nl = block.lastIndexOf(NL, from + DECODE_PIECE_BYTES - 1);
      if (nl < from) break; // one line longer than a piece: the rest in one go
      this.emitText(decode(block.subarray(from, nl + 1)), true, hasNul);
      from = nl + 1;
    }
    if (from < block.length || from === 0) {
      this.emitText(decode(from === 0 ? block : block.subarray(from)), terminated, hasNul);
    }
  }

  /** Split decoded whole lines; `terminated` says the text ends with a newline. */
  private emitText(text: string, terminated: boolean, hasNul: boolean): void {
    // a terminated block ends with the newline of its last line; an unterminated one is the file's last line
    const len = terminated ? text.length - 1 : text.length;
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      if (nl < 0 || nl >= len) {
        this.emitLine(text.slice(start, len), hasNul);
        return;
      }
      this.emitLine(text.slice(start, nl), hasNul);
      start = nl + 1;
    }
  }

  private emitLine(raw: string, hasNul: boolean): void {
    const sink = this.sink;
    const line = raw.length > 0 && raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    const no = ++this.lines;
    if (hasNul && line.includes("\u0000")) sink.skip(no, "binary", line);
    else sink.line(line, no);
  }

  private pushText(text: string): void {
    if (text.length === 0) return;
    let start = 0;
    if (this.skippingLong) {
      const nl = text.indexOf("\n");
      if (nl < 0) return;
      this.finishLong();
      start = nl + 1;
    }
    for (;;) {
      const nl = text.indexOf("\n", start);
      if (nl < 0) break;
      const line = this.textCarry.length > 0 ? this.textCarry + text.slice(start, nl) : text.slice(start, nl);
      this.textCarry = "";
      if (line.length * 2 > this.maxLineBytes) {
        this.longStartExcerpt = line.slice(0, 200);
        this.finishLong();
      } else this.emitTextLine(line);
      start = nl + 1;
    }
    const rest = text.slice(start);
    if ((this.textCarry.length + rest.length) * 2 > this.maxLineBytes) {
      this.longStartExcerpt = (this.textCarry + rest).slice(0, 200);
      this.textCarry = "";
      this.skippingLong = true;
    } else this.textCarry += rest;
  }

  private emitTextLine(raw: string): void {
    this.emitLine(raw, raw.includes("\u0000"));
  }
}
