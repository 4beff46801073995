const DAY_MS = 86_400_000;

/** Options for {@link YearInference}. */
export interface YearInferenceOptions {
  /** Incident window in epoch ms; when known it decides every year-less date. */
  window?: { start: number; end: number } | undefined;
  /** Epoch ms of the file's modification time: the last resort, since a log is written before it is saved. */
  fileMtime?: number | undefined;
  /** Called once, the first time the file's modification year had to be used. */
  onFallback?: ((year: number) => void) | undefined;
}

/**
 * Picks the year of year-less timestamps (RFC 3164 syslog `Jun 14 15:16:01`, klog `0317 16:13:38`).
 *
 * Order of evidence: (1) the incident window: the year that puts the date inside the window, or nearest to it;
 * (2) full dates seen earlier in the file (`noteYear`); (3) the file's modification time, with a warning through
 * `onFallback`. Once a year is known, a month that drops by six or more (December then January) is a New Year
 * rollover and moves the year forward; a month that jumps up by six or more (January then a stray December line)
 * belongs to the previous year. Never today's date.
 */
export class YearInference {
  private readonly window: { start: number; end: number } | undefined;
  private readonly mtime: number | undefined;
  private readonly onFallback: ((year: number) => void) | undefined;
  private year: number | undefined;
  private month: number | undefined;
  private warned = false;

  constructor(options: YearInferenceOptions = {}) {
    this.window = options.window;
    this.mtime = options.fileMtime;
    this.onFallback = options.onFallback;
  }

  /** Record a full date seen in the file. */
  noteYear(year: number, month: number): void {
    this.year = year;
    this.month = month;
  }

  /** The year for a year-less date (month 1-based). */
  inferYear(month: number, day: number): number {
    if (this.window) return this.fromWindow(month, day, this.window);
    if (this.year === undefined || this.month === undefined) {
      const year = this.fromMtime(month, day);
      this.year = year;
      this.month = month;
      return year;
    }
    if (this.month - month >= 6) {
      this.year += 1;
      this.month = month;
      return this.year;
    }
    if (month - this.month >= 6) return this.year - 1;
    this.month = month;
    return this.year;
  }

  private fromWindow(month: number, day: number, window: { start: number; end: number }): number {
    const startYear = new Date(window.start).getUTCFullYear();
    const endYear = new Date(window.end).getUTCFullYear();
    let best = startYear;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let y = startYear - 1; y <= endYear + 1; y++) {
      // the whole day counts: a window starting at 10:00 still contains lines from 09:59 that day
      const dayStart = Date.UTC(y, month - 1, day);
      const dayEnd = dayStart + DAY_MS;
      const distance =
        dayEnd < window.start ? window.start - dayEnd : dayStart > window.end ? dayStart - window.end : 0;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = y;
      }
    }
    return best;
  }

  private fromMtime(month: number, day: number): number {
    const mtime = this.mtime;
    if (mtime === undefined || !Number.isFinite(mtime)) {
      // nothing at all tells the year: the epoch year makes the problem visible instead of hiding it behind today
      if (!this.warned) {
        this.warned = true;
        this.onFallback?.(1970);
      }
      return 1970;
    }
    const mtimeYear = new Date(mtime).getUTCFullYear();
    // a line is written before the file is last modified: a date later in the year than the mtime is last year's
    const year = Date.UTC(mtimeYear, month - 1, day) > mtime + DAY_MS ? mtimeYear - 1 : mtimeYear;
    if (!this.warned) {
      this.warned = true;
      this.onFallback?.(year);
    }
    return year;
  }
}
