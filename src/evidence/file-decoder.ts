import { isUtf8 } from "node:buffer";
import { basename } from "node:path";
import { firstInvalidUtf8, lineAndColumn } from "../util/utf8.js";
import { DETECT_SAMPLE_BYTES, detectFormat, makeSample } from "./detect-format.js";
import type { DocumentFormat, EvidenceFormat, LineParser } from "./evidence-format.js";
import type { PipelineContext } from "./format-context.js";
import type { FormatRegistry } from "./format-registry.js";
import { decodeWhole, LineSplitter, sniffEncoding, type TextEncoding, trimPartialUtf8 } from "./read-lines.js";
import type { SourceAccount } from "./source-account.js";

/** What a decoder needs to know about the file and the reading. */
export interface FileDecoderOptions {
  /** Absolute path (its basename, without `.gz`, is what detection sees). */
  absolute: string;
  totalBytes: number;
  registry: FormatRegistry;
  /** A forced format id, or undefined to detect. */
  format: string | undefined;
  maxLineBytes: number;
  maxDocumentBytes: number;
  account: SourceAccount;
  /** Builds the parser context once the format is known. */
  makeContext: () => PipelineContext;
}

/** What the decoder learnt when the file ended. */
export interface DecodedFile {
  format: EvidenceFormat | undefined;
  context: PipelineContext;
  lines: number;
  /** First line decoded as windows-1252 inside a UTF-8 file, and the 1-based byte column of its first bad byte. */
  mixedAt: number | undefined;
  mixedColumn?: number | undefined;
  /** Where the first bytes already were not UTF-8, so the whole file was read as windows-1252. */
  notUtf8?: { offset: number; line: number; column: number } | undefined;
  encoding: TextEncoding | undefined;
  warnings: string[];
}

function countLines(text: string): number {
  if (text.length === 0) return 0;
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return text.endsWith("\n") ? n : n + 1;
}

/**
 * The content side of reading one file: it holds back the first {@link DETECT_SAMPLE_BYTES} to detect the format,
 * then either splits lines into the format's parser (bounded memory) or collects a JSON document up to the size
 * limit and parses it whole at the end. Bad content never throws: it becomes skips and warnings.
 */
export class FileDecoder {
  readonly #o: FileDecoderOptions;
  #decided = false;
  #sample: Buffer[] = [];
  #sampleBytes = 0;
  #format: EvidenceFormat | undefined;
  #ctx: PipelineContext | undefined;
  #parser: LineParser | undefined;
  #splitter: LineSplitter | undefined;
  #encoding: TextEncoding | undefined;
  #notUtf8: DecodedFile["notUtf8"];
  #doc: Buffer[] | undefined;
  #docBytes = 0;
  #docTooLarge = false;
  readonly #warnings: string[] = [];

  constructor(options: FileDecoderOptions) {
    this.#o = options;
  }

  /** True once the format is decided (chunks then go straight to the parser). */
  get decided(): boolean {
    return this.#decided;
  }

  /**
   * Take a chunk before the format is decided. Returns the held-back chunks to feed once enough was seen for
   * detection, else an empty list.
   */
  hold(chunk: Buffer): Buffer[] {
    this.#sample.push(chunk);
    this.#sampleBytes += chunk.length;
    if (this.#sampleBytes < DETECT_SAMPLE_BYTES) return [];
    return this.decide(false);
  }

  /** Detect (or take the forced) format from the held-back sample and set up its parser. */
  decide(complete: boolean): Buffer[] {
    this.#decided = true;
    const o = this.#o;
    const buf = this.#sample.length === 1 ? (this.#sample[0] as Buffer) : Buffer.concat(this.#sample);
    this.#encoding = sniffEncoding(buf.subarray(0, DETECT_SAMPLE_BYTES));
    if (this.#encoding === "windows-1252") {
      // never a silent re-interpretation: the warning names the first byte that is not UTF-8
      const head = trimPartialUtf8(buf.subarray(0, DETECT_SAMPLE_BYTES));
      const offset = firstInvalidUtf8(head);
      this.#notUtf8 = { offset, ...lineAndColumn(head, offset) };
    }
    const text = decodeWhole(buf.subarray(0, DETECT_SAMPLE_BYTES), this.#encoding);
    const sample = makeSample(basename(o.absolute.replace(/\.gz$/i, "")), text, o.totalBytes, complete);
    this.#format =
      o.format !== undefined ? o.registry.find(o.format) : detectFormat(sample, o.registry.formats)?.format;
    this.#ctx = o.makeContext();
    if (this.#format?.shape === "document") {
      // document items come series by series, not in time order: gaps are looked for on sorted instants
      o.account.sortedMode();
      this.#doc = [];
    } else this.#startLines();
    return this.#sample.splice(0);
  }

  #startLines(): void {
    const o = this.#o;
    const format = this.#format;
    if (format?.shape === "lines") {
      try {
        this.#parser = format.createParser(this.#ctx as PipelineContext);
      } catch (error) {
        this.#warnings.push(`the ${format.id} parser could not start: ${(error as Error).message}`);
      }
    }
    const p = this.#parser;
    const unknown = format ? "parser-error" : "unknown-format";
    this.#splitter = new LineSplitter(
      {
        line: p
          ? (text, no) => {
              try {
                p.push(text, no);
              } catch (error) {
                o.account.skip(no, "parser-error", `${(error as Error).message}: ${text}`);
              }
            }
          : (text, no) => o.account.skip(no, unknown, text),
        skip: (no, reason, excerpt) => o.account.skip(no, reason, excerpt),
      },
      this.#encoding === undefined
        ? { maxLineBytes: o.maxLineBytes }
        : { maxLineBytes: o.maxLineBytes, encoding: this.#encoding },
    );
  }

  /** Feed a chunk after the format is decided. */
  feed(chunk: Buffer): void {
    if (this.#doc) {
      if (this.#docTooLarge) return;
      this.#docBytes += chunk.length;
      if (this.#docBytes > this.#o.maxDocumentBytes) {
        this.#docTooLarge = true;
        this.#doc = [];
        return;
      }
      this.#doc.push(chunk);
      return;
    }
    (this.#splitter as LineSplitter).push(chunk);
  }

  /** End of input: flush the parser or parse the document, and report what was learnt. */
  finish(): DecodedFile {
    if (!this.#decided) for (const c of this.decide(true)) this.feed(c);
    const ctx = this.#ctx as PipelineContext;
    let lines = 0;
    let mixedAt: number | undefined;
    let mixedColumn: number | undefined;
    if (this.#doc) lines = this.#parseDocument(this.#format as DocumentFormat, ctx);
    else {
      const s = this.#splitter as LineSplitter;
      s.end();
      if (this.#parser) {
        try {
          this.#parser.end();
        } catch (error) {
          this.#warnings.push(
            `the ${this.#format?.id} parser failed at the end of the file: ${(error as Error).message}`,
          );
        }
      }
      lines = s.lines;
      mixedAt = s.mixedEncodingAt;
      mixedColumn = s.mixedEncodingColumn;
      this.#encoding = s.encoding ?? this.#encoding;
    }
    return {
      format: this.#format,
      context: ctx,
      lines,
      mixedAt,
      mixedColumn,
      notUtf8: this.#notUtf8,
      encoding: this.#encoding,
      warnings: this.#warnings,
    };
  }

  #parseDocument(fmt: DocumentFormat, ctx: PipelineContext): number {
    const o = this.#o;
    if (this.#docTooLarge) {
      this.#warnings.push(
        `document larger than the ${Math.round(o.maxDocumentBytes / 1048576)} MiB limit for ${fmt.id} files: not parsed (split it or raise the limit)`,
      );
      o.account.skip(1, "document-too-large", `${this.#docBytes} bytes`);
      return 0;
    }
    const chunks = this.#doc as Buffer[];
    const buf = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    this.#doc = [];
    const encoding = this.#encoding ?? "utf-8";
    if (encoding === "utf-8" && this.#notUtf8 === undefined && !isUtf8(buf)) {
      // valid in the sample, invalid later: decodeWhole falls back to windows-1252, which must not go unsaid
      const offset = firstInvalidUtf8(buf);
      this.#notUtf8 = { offset, ...lineAndColumn(buf, offset) };
    }
    const text = decodeWhole(buf, encoding);
    if (buf.indexOf(0) >= 0 && encoding !== "utf-16le" && encoding !== "utf-16be") {
      this.#warnings.push("the document contains NUL bytes (binary data)");
    }
    try {
      fmt.parse(text, ctx);
    } catch (error) {
      this.#warnings.push(`the ${fmt.id} parser failed: ${(error as Error).message}`);
      o.account.skip(1, "parser-error", (error as Error).message);
    }
    return countLines(text);
  }
}
