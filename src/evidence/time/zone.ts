import type * as Luxon from "luxon";
import type { IANAZone } from "luxon";
import { lazyModule } from "../../util/lazy-module.js";
import type { WallClock } from "../evidence-format.js";

const HOUR_MS = 3_600_000;
const FIXED_OFFSET = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/**
 * Parse a fixed-offset zone spelling (`+02:00`, `-0530`, `UTC+2`, `GMT-03:00`) into minutes east of UTC, or `null`
 * when the text is not a fixed offset. `UTC`, `GMT` and `Z` are offset 0.
 */
export function parseFixedOffset(zone: string): number | null {
  const z = zone.trim();
  if (z === "Z" || /^(UTC|GMT|Etc\/UTC|Etc\/GMT|UCT|Zulu)$/i.test(z)) return 0;
  const m = FIXED_OFFSET.exec(z);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = m[3] === undefined ? 0 : Number(m[3]);
  if (hours > 18 || minutes > 59) return null;
  const total = hours * 60 + minutes;
  return m[1] === "-" ? -total : total;
}

/** Format minutes east of UTC as `+HH:MM`; 0 is `UTC`. */
export function formatOffset(minutes: number): string {
  if (minutes === 0) return "UTC";
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

// only named zones need luxon: the reader is loaded by every timeline (and again in each of its worker threads), and
// evidence in UTC or with offsets (most of it) never converts through a named zone
const luxon = lazyModule<typeof Luxon>("luxon");

/** True for an IANA zone name known to this runtime, `UTC`, or a fixed offset like `+02:00`. */
export function isValidZone(zone: string): boolean {
  if (parseFixedOffset(zone) !== null) return true;
  return luxon().IANAZone.isValidZone(zone);
}

/**
 * Converts wall-clock readings in one zone to UTC instants. UTC and fixed offsets are pure arithmetic; IANA zones
 * cache the offset per local hour, and only the hours next to a DST transition pay for a full resolution, so
 * converting millions of log timestamps stays cheap.
 *
 * DST rules (documented in `debrief evidence --help`):
 * - a wall time inside a spring-forward gap (Europe/Berlin 2025-03-30 02:30) does not exist; it is read with the
 *   offset in force before the transition, which is the instant a clock that had not yet jumped would show
 *   (02:30 +01:00 = 01:30Z, the same instant as 03:30 +02:00);
 * - a wall time inside a fall-back overlap (2025-10-26 02:30) exists twice; the first occurrence is used unless
 *   `notBefore` says time has already passed it (a log that already went through the first 02:30), in which case
 *   the second occurrence keeps the file monotonic.
 */
export class ZoneConverter {
  /** The zone as given. */
  readonly zone: string;
  private readonly fixedMs: number | null;
  private readonly iana: IANAZone | null;
  private readonly hourCache = new Map<number, number>();

  constructor(zone: string) {
    this.zone = zone;
    const fixed = parseFixedOffset(zone);
    this.fixedMs = fixed === null ? null : fixed * 60_000;
    this.iana = fixed === null ? luxon().IANAZone.create(zone) : null;
    if (this.iana && !this.iana.isValid) throw new RangeError(`unknown time zone "${zone}"`);
  }

  /** True when no DST ever applies (UTC or a fixed offset). */
  get isFixed(): boolean {
    return this.fixedMs !== null;
  }

  /**
   * Epoch ms for a wall-clock reading. `notBefore` (epoch ms of the previous timestamp in the same file) picks the
   * second occurrence of an ambiguous fall-back time when the first would run backwards.
   */
  toEpoch(f: WallClock, notBefore?: number): number {
    const local = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second, f.millisecond);
    // Date.UTC maps years 0..99 to 1900..1999; evidence never has such years, but keep the arithmetic honest.
    if (this.fixedMs !== null) return local - this.fixedMs;
    const key = Math.floor(local / HOUR_MS);
    const cached = this.hourCache.get(key);
    if (cached !== undefined) return local - cached;
    return this.resolve(local, key, notBefore);
  }

  private offsetMs(ts: number): number {
    return (this.iana as IANAZone).offset(ts) * 60_000;
  }

  private resolve(local: number, key: number, notBefore: number | undefined): number {
    // offsets run from -12:00 to +14:00, so the real instant lies in [local - 14 h, local + 12 h]; probing one hour
    // beyond both ends sees the offsets before and after any transition that could touch this local hour
    const before = this.offsetMs(local - 15 * HOUR_MS);
    const after = this.offsetMs(local + 13 * HOUR_MS);
    if (before === after) {
      const t = local - before;
      if (this.offsetMs(t) === before) {
        // no transition anywhere near: every minute of this local hour has this offset
        this.hourCache.set(key, before);
        return t;
      }
    }
    const t1 = local - before;
    const t2 = local - after;
    const ok1 = this.offsetMs(t1) === before;
    const ok2 = this.offsetMs(t2) === after;
    if (ok1 && ok2 && t1 !== t2) {
      const early = Math.min(t1, t2);
      const late = Math.max(t1, t2);
      return notBefore !== undefined && early < notBefore && late >= notBefore ? late : early;
    }
    if (ok1) return t1;
    if (ok2) return t2;
    // spring-forward gap: read with the offset in force before the jump
    return t1;
  }
}
