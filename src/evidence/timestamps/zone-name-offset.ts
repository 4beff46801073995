import { DateTime, IANAZone } from "luxon";
import type { TimeFields } from "./time-fields.js";

/**
 * IANA zone names written after a clock (PHP's error log `[09-Feb-2025 10:05:23 Europe/Berlin]`, Java's
 * `ZonedDateTime.toString()` `…[Europe/Paris]` without the brackets): the offset in force at that wall time.
 * @module
 */

const zones = new Map<string, IANAZone | null>();
const offsets = new Map<string, number>();
/** Bounded caches: one entry per zone name and per zone-hour seen. */
const MAX_CACHED = 4096;

/** The areas of the IANA database: only `Area/…` words are looked up, so `GET/api` after a clock costs nothing. */
const AREAS = new Set([
  "Africa",
  "America",
  "Antarctica",
  "Arctic",
  "Asia",
  "Atlantic",
  "Australia",
  "Brazil",
  "Canada",
  "Chile",
  "Etc",
  "Europe",
  "Indian",
  "Mexico",
  "Pacific",
  "US",
]);

/** Length of an `Area/Location[/Sub]` zone name at `i` (letters, `_`, `-`, `+`, digits after the first slash), or 0. */
export function zoneNameLength(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 65 || c > 90) return 0;
  let slash = i + 1;
  while (slash < s.length && slash - i <= 10 && s.charCodeAt(slash) !== 47) slash++;
  if (s.charCodeAt(slash) !== 47 || !AREAS.has(s.slice(i, slash))) return 0;
  let k = i + 1;
  let slashes = 0;
  while (k < s.length && k - i < 40) {
    const d = s.charCodeAt(k);
    const letter = (d >= 65 && d <= 90) || (d >= 97 && d <= 122);
    if (letter || d === 95 || ((d === 45 || d === 43 || (d >= 48 && d <= 57)) && slashes > 0)) k++;
    else if (d === 47 && s.charCodeAt(k - 1) !== 47) {
      slashes++;
      k++;
    } else break;
  }
  return slashes > 0 && s.charCodeAt(k - 1) !== 47 ? k - i : 0;
}

/**
 * Offset in minutes of IANA zone `name` at the wall time in `f` (a full date), or undefined when the name is not a
 * zone this runtime knows. Inside a DST gap or overlap the offset is luxon's choice (the text named the zone, not the
 * offset, so such an hour cannot be told apart).
 */
export function zoneNameOffset(name: string, f: TimeFields): number | undefined {
  let zone = zones.get(name);
  if (zone === undefined) {
    const z = IANAZone.isValidZone(name) ? IANAZone.create(name) : null;
    if (zones.size >= MAX_CACHED) zones.clear();
    zones.set(name, z);
    zone = z;
  }
  if (zone === null || f.year === 0) return undefined;
  const key = `${name} ${f.year} ${f.month} ${f.day} ${f.hour}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  // luxon resolves the wall time in the zone (cached per zone-hour, so this runs once an hour of log)
  const offset = DateTime.fromObject(
    { year: f.year, month: f.month, day: f.day, hour: f.hour, minute: f.minute },
    { zone },
  ).offset;
  if (offsets.size >= MAX_CACHED) offsets.clear();
  offsets.set(key, offset);
  return offset;
}
