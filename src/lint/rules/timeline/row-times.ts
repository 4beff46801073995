import type { PostmortemTimelineRow } from "../../../model/postmortem.js";

/** A timeline row's time as understood: minutes since the epoch when a date is known, else within the day. */
export interface RowTime {
  row: PostmortemTimelineRow;
  /** Epoch ms, with the date carried from earlier rows when this row gives only a clock time. */
  ms: number;
  /** The zone as written, upper-cased ("" when none). */
  zone: string;
  /** True when the zone is UTC (Z, UTC, GMT, +00:00). */
  utc: boolean;
}

const TIME =
  /^\s*(?:(\d{4})[-/](\d{2})[-/](\d{2})[T\s]+)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:([AaPp])\.?[Mm]\.?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2}|[A-Z]{2,5})?\b/;

type RowTimes = { times: RowTime[]; unreadable: PostmortemTimelineRow[] };

/** The last reading, with the rows and times it was made from: four timeline rules read the same rows in a row. */
let lastRead:
  | { rows: readonly PostmortemTimelineRow[]; seen: PostmortemTimelineRow[]; raw: string[]; result: RowTimes }
  | undefined;

/**
 * Read every row's time. Rows without a date take the date of the row before; a clock time that goes back by more
 * than twelve hours is read as the next day (a timeline that crosses midnight). The result is shared with the next
 * caller that passes the same rows unchanged, so treat it as read-only.
 */
export function readRowTimes(rows: readonly PostmortemTimelineRow[]): RowTimes {
  const last = lastRead;
  if (last !== undefined && last.rows === rows && sameRows(last, rows)) return last.result;
  const result = readRowTimesUncached(rows);
  lastRead = { rows, seen: [...rows], raw: rows.map((r) => r.time), result };
  return result;
}

function sameRows(
  last: { seen: PostmortemTimelineRow[]; raw: string[] },
  rows: readonly PostmortemTimelineRow[],
): boolean {
  if (last.seen.length !== rows.length) return false;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as PostmortemTimelineRow;
    if (row !== last.seen[i] || row.time !== last.raw[i]) return false;
  }
  return true;
}

function readRowTimesUncached(rows: readonly PostmortemTimelineRow[]): RowTimes {
  const times: RowTime[] = [];
  const unreadable: PostmortemTimelineRow[] = [];
  let day = Date.UTC(1970, 0, 1);
  let last: number | undefined;
  for (const row of rows) {
    const raw = row.time.replace(/[*_`]/g, "");
    const m = TIME.exec(raw);
    if (!m) {
      unreadable.push(row);
      continue;
    }
    const [, y, mo, d, h, mi, s, ampm, zoneRaw] = m;
    let hour = Number(h);
    // 12-hour clock: 12:05 AM is 00:05, 1:05 PM is 13:05
    if (ampm) hour = (hour % 12) + (ampm.toLowerCase() === "p" ? 12 : 0);
    const minute = Number(mi);
    if (hour > 23 || minute > 59) {
      unreadable.push(row);
      continue;
    }
    const zone = (zoneRaw ?? "").toUpperCase();
    let offsetMs = 0;
    const off = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    if (off) offsetMs = (off[1] === "-" ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3])) * 60_000;
    let dated = false;
    if (y && mo && d) {
      day = Date.UTC(Number(y), Number(mo) - 1, Number(d));
      dated = true;
    }
    let ms = day + ((hour * 60 + minute) * 60 + Number(s ?? 0)) * 1000 - offsetMs;
    if (!dated && last !== undefined && ms < last - 12 * 3_600_000) {
      day += 86_400_000;
      ms += 86_400_000;
    }
    last = ms;
    times.push({ row, ms, zone, utc: /^(Z|UTC|GMT|[+-]00:?00)$/.test(zone) });
  }
  return { times, unreadable };
}
