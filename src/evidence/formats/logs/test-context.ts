import { DateTime } from "luxon";
import type { RawEvent } from "../../../model/event.js";
import type { FormatContext, WallClock, ZoneOrigin } from "../../evidence-format.js";

/** Options for {@link createTestContext}. */
export interface TestContextOptions {
  path?: string;
  /** Zone for naive timestamps (IANA or `UTC`); default `UTC`. */
  zone?: string;
  zoneOrigin?: ZoneOrigin;
  /** Incident window (epoch ms) used to pick years of year-less timestamps. */
  window?: { start: number; end: number } | undefined;
  /** Year used when neither the window nor earlier dates tell it (the pipeline uses the file's mtime year). */
  fallbackYear?: number;
}

/** A {@link FormatContext} that records what parsers report, for unit tests. */
export interface TestContext extends FormatContext {
  events: RawEvent[];
  skips: { line: number; reason: string; excerpt: string }[];
  /** Zones reported through `noteZoneFromData`, in order. */
  dataZones: string[];
  /** `inferYear` calls that had to use the fallback year. */
  fallbackYearUses: number;
}

/**
 * A small, faithful {@link FormatContext} built on luxon, used by the log-format tests (the reading pipeline has its
 * own production implementation). Year inference follows the contract: the window first (the year that puts the
 * date nearest the window), then the year of full dates noted earlier with Dec→Jan rollover, then `fallbackYear`.
 */
export function createTestContext(options: TestContextOptions = {}): TestContext {
  const zone = options.zone ?? "UTC";
  let lastYear = 0;
  let lastMonth = 0;
  const ctx: TestContext = {
    path: options.path ?? "test.log",
    zone,
    zoneOrigin: options.zoneOrigin ?? "default",
    window: options.window,
    events: [],
    skips: [],
    dataZones: [],
    fallbackYearUses: 0,
    emit(event) {
      ctx.events.push(event);
    },
    skip(line, reason, excerpt) {
      ctx.skips.push({ line, reason, excerpt: excerpt.slice(0, 120) });
    },
    noteZoneFromData(z) {
      ctx.dataZones.push(z);
    },
    localToEpoch(f: WallClock) {
      const dt = DateTime.fromObject(
        {
          year: f.year,
          month: f.month,
          day: f.day,
          hour: f.hour,
          minute: f.minute,
          second: f.second,
          millisecond: f.millisecond,
        },
        { zone },
      );
      return dt.isValid ? dt.toMillis() : Number.NaN;
    },
    inferYear(month, day) {
      if (options.window) {
        const mid = (options.window.start + options.window.end) / 2;
        const y = new Date(mid).getUTCFullYear();
        let best = y;
        let bestDist = Number.POSITIVE_INFINITY;
        for (const cand of [y - 1, y, y + 1]) {
          const dist = Math.abs(Date.UTC(cand, month - 1, day) - mid);
          if (dist < bestDist) {
            bestDist = dist;
            best = cand;
          }
        }
        return best;
      }
      if (lastYear > 0) {
        // A month far before the last one seen means the log crossed New Year.
        if (month < lastMonth - 6) lastYear += 1;
        lastMonth = month;
        return lastYear;
      }
      ctx.fallbackYearUses++;
      lastYear = options.fallbackYear ?? 2025;
      lastMonth = month;
      return lastYear;
    },
    noteYear(year, month) {
      lastYear = year;
      lastMonth = month;
    },
  };
  return ctx;
}
