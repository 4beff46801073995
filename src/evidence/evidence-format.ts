import type { EventKind, EventSeverity, RawEvent } from "../model/event.js";

/**
 * The contract every evidence format implements. Formats are registered in `src/evidence/formats/index.ts`
 * (one file or folder per format) and chosen per file by content sniffing, or forced with `--format`.
 *
 * Two shapes exist because real evidence comes in two shapes: line-oriented logs, parsed one line at a time with
 * bounded memory, and JSON documents (Prometheus responses, PagerDuty exports...) that only make sense whole.
 */
export type EvidenceFormat = LineFormat | DocumentFormat;

/** What detection gets to look at: the first lines of a file (already decoded), its name, its size. */
export interface DetectSample {
  /** File name (basename). */
  name: string;
  /** Up to ~64 KiB of decoded text from the start of the file, split into lines (without terminators). */
  lines: string[];
  /** The same text joined, for formats that sniff JSON documents. */
  text: string;
  /** Total size in bytes of the (decompressed when known) file. */
  bytes: number;
}

interface FormatBase {
  /** Stable id used in `--format` and in `EvidenceSource.format`, e.g. `nginx-combined`. */
  id: string;
  /** One line for `debrief evidence --help` and docs. */
  description: string;
  /** Event kind this format mostly produces. */
  kind: EventKind;
  /**
   * Output exactly as the real tool writes it, one whole file text per entry (lines joined with `\n`, or a JSON
   * document). The format conformance suite checks each: detected as this format among all registered ones, parsed,
   * nothing skipped. Like lnav's format files, they document the format by example.
   */
  samples: readonly string[];
  /** File name the samples are detected under, for formats that detect by name (`users.json`). Default `sample.log`. */
  sampleName?: string;
  /**
   * How confident this format is that the sample is its own, 0..1. The highest score wins; ties go to the format
   * registered first. Must be cheap: it runs for every format on every file.
   */
  detect(sample: DetectSample): number;
}

/** A format read line by line; stateful parsers (multi-line stack traces) buffer and flush on `end()`. */
export interface LineFormat extends FormatBase {
  shape: "lines";
  createParser(ctx: FormatContext): LineParser;
}

/** A format read as one whole text (JSON documents). Files over the size limit are refused with a clear error. */
export interface DocumentFormat extends FormatBase {
  shape: "document";
  /** Parse the whole text; report events and skips through `ctx`. */
  parse(text: string, ctx: FormatContext): void;
}

/** Per-line parser. Line numbers are 1-based in the decompressed text. */
export interface LineParser {
  push(line: string, lineNo: number): void;
  /** Flush any buffered record (e.g. a stack trace still collecting lines). */
  end(): void;
}

/** Where a time zone for naive timestamps came from. */
export type ZoneOrigin = "data" | "flag" | "config" | "default";

/** Services a parser gets from the reading pipeline. */
export interface FormatContext {
  /** Path of the file as reported in events (relative to the incident folder when there is one). */
  path: string;
  /** Zone for timestamps that carry none: an IANA name or `UTC`. */
  zone: string;
  zoneOrigin: ZoneOrigin;
  /** Incident window, when known, used to pick the year of year-less timestamps. */
  window: { start: number; end: number } | undefined;
  /** Emit one event. `ts` is epoch ms UTC. */
  emit(event: RawEvent): void;
  /** Count a line that could not become an event, with a reason id like `no-timestamp` or `invalid-json`. */
  skip(lineNo: number, reason: string, excerpt: string): void;
  /** Record that the data itself stated a zone/offset (so the source is not "assumed"). */
  noteZoneFromData(zone: string): void;
  /** Convert wall-clock fields in `zone` to epoch ms (handles DST gaps and overlaps). */
  localToEpoch(fields: WallClock): number;
  /**
   * Year for a year-less timestamp (RFC 3164 `Jun 14 15:16:01`, `03-17 16:13:38.811`): from the incident window,
   * else from full dates seen earlier in the file (see `noteYear`), with New Year rollover tracked across calls.
   * When nothing tells the year, the pipeline falls back to the file's modification year and records a source
   * warning saying so (never silently today's year).
   */
  inferYear(month: number, day: number): number;
  /** Record a full date seen in the file, so later year-less lines can borrow its year. */
  noteYear(year: number, month: number): void;
  /**
   * Modification time of the file (epoch ms) when known: the last resort of layouts whose times are relative (the
   * kernel's seconds since boot), which then say so in a warning.
   */
  fileMtime?: number | undefined;
  /**
   * Record a problem that concerns the whole file rather than one line (a truncated JSON document, a missing
   * companion file). Optional so that small test contexts need not implement it; the pipeline always does.
   */
  warn?(message: string): void;
  /**
   * Text of a companion file found next to the evidence file or in a parent folder up to the evidence root
   * (Slack's `users.json`), or `undefined` when there is none. Optional; the pipeline always provides it.
   */
  related?(name: string): string | undefined;
}

/** Wall-clock fields of a naive timestamp. Month is 1-based. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** Map the many level spellings of the world's loggers onto Debrief's severities. */
export type SeverityMapper = (level: string | number | undefined | null) => EventSeverity | null;
