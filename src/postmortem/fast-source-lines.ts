import type { InlineSource, Point, Position, Seg } from "./fast-markdown-common.js";

/**
 * The source text cut into lines once, with what both fast parsers ask of it: a line's text, its end, and the
 * mdast point of an offset (nodes are made in document order, so the last line found is remembered).
 */
export class SourceLines implements InlineSource {
  protected readonly src: string;
  protected readonly starts: number[] = [];
  protected readonly ends: number[] = [];
  /** Line index (0-based) of the last point made. */
  private lastLine = 0;

  constructor(source: string) {
    this.src = source;
    let pos = 0;
    for (;;) {
      const nl = source.indexOf("\n", pos);
      this.starts.push(pos);
      if (nl === -1) {
        this.ends.push(source.length);
        break;
      }
      this.ends.push(nl > pos && source.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
      pos = nl + 1;
    }
  }

  protected lineText(s: Seg): string {
    return this.src.slice(s.from, this.ends[s.ln]);
  }

  protected end(s: Seg): number {
    return this.ends[s.ln] as number;
  }

  protected point(offset: number): Point {
    // nodes are made in document order: the line of the previous point, or the next one, is the usual answer
    const starts = this.starts;
    const last = this.lastLine;
    if ((starts[last] as number) <= offset) {
      if (last + 1 >= starts.length || offset < (starts[last + 1] as number)) {
        return { line: last + 1, column: offset - (starts[last] as number) + 1, offset };
      }
      if (last + 2 >= starts.length || offset < (starts[last + 2] as number)) {
        this.lastLine = last + 1;
        return { line: last + 2, column: offset - (starts[last + 1] as number) + 1, offset };
      }
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.lastLine = lo;
    return { line: lo + 1, column: offset - (this.starts[lo] as number) + 1, offset };
  }

  protected pos(start: number, end: number): Position {
    return { start: this.point(start), end: this.point(end) };
  }

  protected eolBefore(ln: number): string {
    return this.src.slice(this.ends[ln - 1], this.starts[ln]);
  }

  /** Exposed for the inline parser. */
  position(start: number, end: number): Position {
    return this.pos(start, end);
  }
  get text(): string {
    return this.src;
  }
}
