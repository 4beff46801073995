import type { SourcePosition } from "../model/postmortem.js";

/**
 * Maps UTF-16 offsets of a source string to 1-based line/column positions and back. Positions are computed from
 * offsets by this one table (not taken from micromark's columns, which count tab stops) so that a position can always
 * be turned back into the exact offset the writer needs to splice text.
 */
export class LineIndex {
  /** Offset of the first character of each line. */
  private readonly starts: number[];
  readonly length: number;

  constructor(text: string) {
    this.length = text.length;
    const starts = [0];
    if (!text.includes("\r")) {
      // LF only (nearly every file): jump from line feed to line feed
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  /** 1-based line and column of an offset (clamped to the text). */
  point(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(offset, this.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - (this.starts[lo] ?? 0) + 1 };
  }

  /** Offset of a 1-based line/column (clamped). */
  offset(line: number, column: number): number {
    const start = this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))] ?? 0;
    return Math.min(this.length, start + column - 1);
  }

  /** Position spanning two offsets (end exclusive). */
  position(start: number, end: number): SourcePosition {
    const a = this.point(start);
    const b = this.point(Math.max(start, end));
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  /** Offsets `[start, end)` of a position produced by {@link LineIndex.position}. */
  range(position: SourcePosition): [number, number] {
    return [this.offset(position.line, position.column), this.offset(position.endLine, position.endColumn)];
  }

  /** Number of lines. */
  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset where a line starts. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))] ?? 0;
  }
}

/** The line terminator a document mostly uses, so inserted text matches the human's file. */
export function detectEol(text: string): "\n" | "\r\n" {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf("\n"); i !== -1 && crlf + lf < 200; i = text.indexOf("\n", i + 1)) {
    if (text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? "\r\n" : "\n";
}

/** Convert LF-only text to the given line terminator. */
export function withEol(text: string, eol: "\n" | "\r\n"): string {
  return eol === "\n" ? text : text.replace(/\r?\n/g, "\r\n");
}
