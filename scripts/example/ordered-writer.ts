import { closeSync, openSync, writeSync } from "node:fs";

/**
 * Writes lines to a file in time order although they are produced out of order (a request's log line is known when
 * it starts but written when it ends). Lines wait in a small buffer until the caller promises nothing earlier can
 * still come (`flush(upTo)`), so memory stays bounded at any `--scale`.
 */
export class OrderedLineWriter {
  private pending: { t: number; sub: number; seq: number; text: string }[] = [];
  private seq = 0;
  private chunk: string[] = [];
  private chunkBytes = 0;
  private readonly fd: number;
  /** Lines written so far. */
  lines = 0;

  /** @param path file to create (truncated when it exists). */
  constructor(path: string) {
    this.fd = openSync(path, "w");
  }

  /**
   * Queue a line (without its newline) to be written at time `t` (epoch ms); `sub` orders lines within the same
   * millisecond (e.g. nanoseconds), kept apart because epoch ms plus a fraction loses precision in a double.
   */
  add(t: number, text: string, sub = 0): void {
    this.pending.push({ t, sub, seq: this.seq++, text });
  }

  /** Write every queued line earlier than `upTo`, in (time, sub, insertion) order. */
  flush(upTo: number): void {
    const ready: typeof this.pending = [];
    const rest: typeof this.pending = [];
    for (const item of this.pending) (item.t < upTo ? ready : rest).push(item);
    this.pending = rest;
    ready.sort((a, b) => a.t - b.t || a.sub - b.sub || a.seq - b.seq);
    for (const item of ready) this.write(item.text);
  }

  /** Write everything left and close the file. */
  close(): void {
    this.flush(Number.POSITIVE_INFINITY);
    this.drain();
    closeSync(this.fd);
  }

  private write(text: string): void {
    this.chunk.push(text, "\n");
    this.chunkBytes += text.length + 1;
    this.lines++;
    if (this.chunkBytes > 1 << 20) this.drain();
  }

  private drain(): void {
    if (this.chunk.length === 0) return;
    writeSync(this.fd, this.chunk.join(""));
    this.chunk = [];
    this.chunkBytes = 0;
  }
}
