import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RawEvent } from "../../../model/event.js";
import { LOGHUB_2K_DATASETS } from "../../../util/loghub-datasets.js";
import { parseCsv } from "../../../util/parse-csv.js";
import type { DetectSample, LineFormat } from "../../evidence-format.js";
import { LOG_FORMATS } from "./index.js";
import { createTestContext } from "./test-context.js";

/** The Loghub 2k datasets the log formats are checked against. */
export const LOGHUB_DATASETS = LOGHUB_2K_DATASETS;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** Expected wall clock of one ground-truth row: [month, day, hour, minute, second, ms|null] and year or null. */
export interface ExpectedTime {
  year: number | null;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** null when the ground truth has whole seconds only. */
  ms: number | null;
}

function num(s: string): number {
  return Number(s);
}

function fracMs(frac: string | undefined): number | null {
  if (frac === undefined || frac.length === 0) return null;
  return Number(frac.padEnd(3, "0").slice(0, 3));
}

/**
 * Read the ground-truth time of a structured-CSV row, whatever columns the dataset has (Date/Time, Month/Date/Time,
 * Date/Day/Time, Time alone). Written per column shape, independently of the parsers under test.
 */
export function expectedTime(row: Record<string, string>): ExpectedTime {
  const time = row.Time ?? "";
  const date = row.Date ?? "";
  let m: RegExpMatchArray | null;
  // BGL: Time = 2005-06-03-15.42.50.675872
  if ((m = time.match(/^(\d{4})-(\d{2})-(\d{2})-(\d{2})\.(\d{2})\.(\d{2})\.(\d+)$/))) {
    return {
      year: num(m[1]!),
      month: num(m[2]!),
      day: num(m[3]!),
      hour: num(m[4]!),
      minute: num(m[5]!),
      second: num(m[6]!),
      ms: fracMs(m[7]),
    };
  }
  // HealthApp: 20171223-22:15:29:606. The last field is an unpadded millisecond count (`35:11` follows `34:851`).
  if ((m = time.match(/^(\d{4})(\d{2})(\d{2})-(\d{1,2}):(\d{1,2}):(\d{1,2}):(\d{1,3})$/))) {
    return {
      year: num(m[1]!),
      month: num(m[2]!),
      day: num(m[3]!),
      hour: num(m[4]!),
      minute: num(m[5]!),
      second: num(m[6]!),
      ms: num(m[7]!),
    };
  }
  // Apache: Sun Dec 04 04:47:44 2005
  if ((m = time.match(/^\w{3} (\w{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/))) {
    return {
      year: num(m[6]!),
      month: MONTHS.indexOf(m[1]!.toLowerCase()) + 1,
      day: num(m[2]!),
      hour: num(m[3]!),
      minute: num(m[4]!),
      second: num(m[5]!),
      ms: null,
    };
  }
  let clock: RegExpMatchArray | null = time.match(/^(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?$/);
  // HDFS: Time = 203615 (leading zeros lost by the CSV writer: 1958 means 00:19:58)
  if (!clock && /^\d{1,6}$/.test(time)) {
    const t = time.padStart(6, "0");
    clock = ["", t.slice(0, 2), t.slice(2, 4), t.slice(4, 6)] as unknown as RegExpMatchArray;
  }
  if (!clock) throw new Error(`unrecognised ground-truth time ${JSON.stringify(time)}`);
  const hour = num(clock[1]!);
  const minute = num(clock[2]!);
  const second = num(clock[3]!);
  const ms = fracMs(clock[4]);
  // Linux: Month=Jun, Date=14. OpenSSH: Date=Dec, Day=10.
  if (row.Month !== undefined) {
    return { year: null, month: MONTHS.indexOf(row.Month.toLowerCase()) + 1, day: num(date), hour, minute, second, ms };
  }
  if (row.Day !== undefined) {
    return { year: null, month: MONTHS.indexOf(date.toLowerCase()) + 1, day: num(row.Day), hour, minute, second, ms };
  }
  if ((m = date.match(/^(\d{4})-(\d{2})-(\d{2})$/)))
    return { year: num(m[1]!), month: num(m[2]!), day: num(m[3]!), hour, minute, second, ms };
  // Spark: 17/06/09 (yy/MM/dd)
  if ((m = date.match(/^(\d{2})\/(\d{2})\/(\d{2})$/)))
    return { year: 2000 + num(m[1]!), month: num(m[2]!), day: num(m[3]!), hour, minute, second, ms };
  // Android: 03-17 (MM-dd)
  if ((m = date.match(/^(\d{2})-(\d{2})$/)))
    return { year: null, month: num(m[1]!), day: num(m[2]!), hour, minute, second, ms };
  // HDFS: 81109 (yyMMdd with the leading zero lost)
  if (/^\d{5,6}$/.test(date)) {
    const d = date.padStart(6, "0");
    return {
      year: 2000 + num(d.slice(0, 2)),
      month: num(d.slice(2, 4)),
      day: num(d.slice(4, 6)),
      hour,
      minute,
      second,
      ms,
    };
  }
  throw new Error(`unrecognised ground-truth date ${JSON.stringify(date)}`);
}

/** Per-dataset outcome of reading a Loghub 2k log with the detected format. */
export interface LoghubResult {
  dataset: string;
  format: string;
  lines: number;
  events: number;
  skips: number;
  /** Lines whose event has exactly the ground-truth wall clock (to the ground truth's precision). */
  timeExact: number;
  /** Lines whose event message equals the CSV `Content` column exactly. */
  messageExact: number;
  timeMismatches: { line: number; expected: ExpectedTime; got: string }[];
  messageMismatches: { line: number; expected: string; got: string }[];
}

/** Pick a format the way the pipeline does: highest score, ties to the earlier format. */
export function detectLogFormat(sample: DetectSample, formats: LineFormat[] = LOG_FORMATS): LineFormat | null {
  let best: LineFormat | null = null;
  let bestScore = 0;
  for (const f of formats) {
    const s = f.detect(sample);
    if (s > bestScore) {
      bestScore = s;
      best = f;
    }
  }
  return best;
}

/** Read one Loghub dataset through the detected format and compare with its structured CSV. */
export function checkLoghubDataset(root: string, dataset: string): LoghubResult {
  const dir = join(root, dataset);
  const raw = readFileSync(join(dir, `${dataset}_2k.log`), "utf8");
  const lines = raw.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  const corrected = join(dir, `${dataset}_2k.log_structured_corrected.csv`);
  const csvPath = existsSync(corrected) ? corrected : join(dir, `${dataset}_2k.log_structured.csv`);
  const table = parseCsv(readFileSync(csvPath, "utf8"));
  const headers = table[0]!;
  const rows = table.slice(1).map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i] ?? ""])));
  const sampleLines = lines.slice(0, 400);
  const format = detectLogFormat({
    name: `${dataset}_2k.log`,
    lines: sampleLines,
    text: sampleLines.join("\n"),
    bytes: raw.length,
  });
  const result: LoghubResult = {
    dataset,
    format: format?.id ?? "(none)",
    lines: lines.length,
    events: 0,
    skips: 0,
    timeExact: 0,
    messageExact: 0,
    timeMismatches: [],
    messageMismatches: [],
  };
  if (!format) return result;
  const expected = rows.map((r) => expectedTime(r));
  // Year-less datasets get a window in a plausible year (the contract's inferYear uses it).
  const yearless = expected.some((e) => e.year === null);
  const first = expected[0]!;
  const window = yearless
    ? { start: Date.UTC(2017, first.month - 1, first.day), end: Date.UTC(2017, first.month - 1, first.day + 30) }
    : undefined;
  const ctx = createTestContext({ path: `${dataset}_2k.log`, zone: "UTC", ...(window ? { window } : {}) });
  const parser = format.createParser(ctx);
  lines.forEach((l, i) => {
    parser.push(l, i + 1);
  });
  parser.end();
  result.events = ctx.events.length;
  result.skips = ctx.skips.length;
  const byLine = new Map<number, RawEvent>(ctx.events.map((e) => [e.line, e]));
  rows.forEach((row, i) => {
    const lineNo = Number(row.LineId ?? i + 1);
    const ev = byLine.get(lineNo);
    const exp = expected[i]!;
    const got = ev ? new Date(ev.ts) : null;
    const ok =
      got !== null &&
      (exp.year === null || got.getUTCFullYear() === exp.year) &&
      got.getUTCMonth() + 1 === exp.month &&
      got.getUTCDate() === exp.day &&
      got.getUTCHours() === exp.hour &&
      got.getUTCMinutes() === exp.minute &&
      got.getUTCSeconds() === exp.second &&
      (exp.ms === null || got.getUTCMilliseconds() === exp.ms);
    if (ok) result.timeExact++;
    else if (result.timeMismatches.length < 5)
      result.timeMismatches.push({ line: lineNo, expected: exp, got: got?.toISOString() ?? "(no event)" });
    const content = row.Content ?? "";
    if (ev && ev.message === content.trimEnd()) result.messageExact++;
    else if (result.messageMismatches.length < 5)
      result.messageMismatches.push({ line: lineNo, expected: content, got: ev?.message ?? "(no event)" });
  });
  return result;
}
