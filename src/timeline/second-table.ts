/**
 * Per-second counts of one source, stored by column.
 *
 * The timeline keeps four counters for every second a source has events (events, requests, failed requests, error
 * lines), plus where the first and last failure and error of that second are. Kept as one object per second in a
 * Map, 17 hours of three busy sources cost about 40 MB of live heap (objects, boxed timestamps, boxed keys), and a
 * garbage-collected heap grows to several times its live size. Here the counters live in typed-array pages of
 * {@link PAGE_SECONDS} seconds (16 bytes a second), and the first/last details only for the seconds that have a
 * failure or an error, which in a healthy source are few.
 *
 * The table is plain data (Maps of typed arrays and plain objects), so it crosses `postMessage` from the collect
 * workers by structured clone without any conversion.
 */

/** Seconds per page; small enough that a sparse source (a git log over years) costs 4 KiB per event at worst. */
export const PAGE_SECONDS = 256;

/** Counter columns inside a page: `page[(sec - base) * COLUMNS + column]`. */
export const EVENTS = 0;
/** HTTP requests, health checks excluded. */
export const REQUESTS = 1;
/** Requests answered 5xx. */
export const FAILURES = 2;
/** Log lines at error severity or worse (requests excluded). */
export const ERRORS = 3;
const COLUMNS = 4;

/** First and last occurrence inside one second, with their lines. */
export interface SecondMark {
  first: number;
  firstLine: number;
  last: number;
  lastLine: number;
}

/** First and last failed request of one second, with the messages the rows cite (`GET /api/orders 503`). */
export interface FailureMark extends SecondMark {
  firstMessage: string;
  lastMessage: string;
}

/** The four counters of one second of one source, as {@link eachSecond} hands them out. */
export interface SecondTotals {
  /** Events of any kind. */
  events: number;
  /** HTTP requests (health checks excluded). */
  requests: number;
  /** Requests answered 5xx. */
  failures: number;
  /** Log lines at error severity or worse (requests excluded). */
  errors: number;
}

/** One second's counters and its first/last failure and error, as {@link secondCounts} hands them out. */
export interface SecondCounts extends SecondTotals {
  /** First and last failed request in this second, with where they are; 0 when there is none. */
  firstFail: number;
  firstFailLine: number;
  lastFail: number;
  lastFailLine: number;
  /** The messages of those two failed requests, for the rows that cite them. */
  firstFailMsg: string;
  lastFailMsg: string;
  /** First and last error line in this second; 0 when there is none. */
  firstErr: number;
  firstErrLine: number;
  lastErr: number;
  lastErrLine: number;
}

/** The per-second counts of one source. */
export interface SecondTable {
  /** Page number (`floor(sec / PAGE_SECONDS)`) → counters, {@link COLUMNS} per second. */
  pages: Map<number, Uint32Array>;
  /** Seconds with a failed request → first and last of them. */
  failures: Map<number, FailureMark>;
  /** Seconds with an error line → first and last of them. */
  errors: Map<number, SecondMark>;
}

/** An empty table. */
export function createSecondTable(): SecondTable {
  return { pages: new Map(), failures: new Map(), errors: new Map() };
}

/** The page that holds `sec`, created when missing. Index it at {@link slotOf}`(sec) + column`. */
export function pageFor(table: SecondTable, sec: number): Uint32Array {
  const no = Math.floor(sec / PAGE_SECONDS);
  let page = table.pages.get(no);
  if (!page) {
    page = new Uint32Array(PAGE_SECONDS * COLUMNS);
    table.pages.set(no, page);
  }
  return page;
}

/** Add one to counter `at` of a page. */
export function bump(page: Uint32Array, at: number): void {
  page[at] = (page[at] as number) + 1;
}

/** Where `sec`'s counters start inside its page. */
export function slotOf(sec: number): number {
  return (sec - Math.floor(sec / PAGE_SECONDS) * PAGE_SECONDS) * COLUMNS;
}

/** Record an occurrence at `ts` (line `line`) in the marks of its second; the first keeps the earliest. */
export function mark(marks: Map<number, SecondMark>, sec: number, ts: number, line: number): SecondMark {
  let m = marks.get(sec);
  if (!m) {
    m = { first: ts, firstLine: line, last: ts, lastLine: line };
    marks.set(sec, m);
    return m;
  }
  if (ts < m.first) {
    m.first = ts;
    m.firstLine = line;
  }
  if (ts >= m.last) {
    m.last = ts;
    m.lastLine = line;
  }
  return m;
}

/**
 * Record a failed request. `own` makes the stored copy of the message (callers cut messages out of big file chunks
 * and must not keep the chunk alive); it is called only when the message is kept.
 */
export function markFailure(
  table: SecondTable,
  sec: number,
  ts: number,
  line: number,
  message: string,
  own: (text: string) => string,
): void {
  const m = table.failures.get(sec);
  if (!m) {
    const text = own(message);
    table.failures.set(sec, {
      first: ts,
      firstLine: line,
      last: ts,
      lastLine: line,
      firstMessage: text,
      lastMessage: text,
    });
    return;
  }
  if (ts < m.first) {
    m.first = ts;
    m.firstLine = line;
    m.firstMessage = own(message);
  }
  if (ts >= m.last) {
    m.last = ts;
    m.lastLine = line;
    m.lastMessage = own(message);
  }
}

function totals(page: Uint32Array, at: number): SecondTotals {
  return {
    events: page[at + EVENTS] as number,
    requests: page[at + REQUESTS] as number,
    failures: page[at + FAILURES] as number,
    errors: page[at + ERRORS] as number,
  };
}

function counts(table: SecondTable, sec: number, page: Uint32Array, at: number): SecondCounts {
  const f = table.failures.get(sec);
  const e = table.errors.get(sec);
  return {
    ...totals(page, at),
    firstFail: f?.first ?? 0,
    firstFailLine: f?.firstLine ?? 0,
    lastFail: f?.last ?? 0,
    lastFailLine: f?.lastLine ?? 0,
    firstFailMsg: f?.firstMessage ?? "",
    lastFailMsg: f?.lastMessage ?? "",
    firstErr: e?.first ?? 0,
    firstErrLine: e?.firstLine ?? 0,
    lastErr: e?.last ?? 0,
    lastErrLine: e?.lastLine ?? 0,
  };
}

/** The counts of second `sec`, or undefined when the source had no event in it. */
export function secondCounts(table: SecondTable, sec: number): SecondCounts | undefined {
  const page = table.pages.get(Math.floor(sec / PAGE_SECONDS));
  if (!page) return undefined;
  const at = slotOf(sec);
  return page[at + EVENTS] ? counts(table, sec, page, at) : undefined;
}

/**
 * Every second with at least one event, in time order, with its four counters (the first/last marks are looked up
 * only by {@link secondCounts}: the series-building loops never need them).
 */
export function* eachSecond(table: SecondTable): Generator<[number, SecondTotals]> {
  for (const no of [...table.pages.keys()].sort((a, b) => a - b)) {
    const page = table.pages.get(no) as Uint32Array;
    for (let at = 0; at < page.length; at += COLUMNS) {
      if (page[at + EVENTS]) yield [no * PAGE_SECONDS + at / COLUMNS, totals(page, at)];
    }
  }
}

/** The seconds with at least one event, ascending. */
export function secondsWithEvents(table: SecondTable): number[] {
  const out: number[] = [];
  for (const [sec] of eachSecond(table)) out.push(sec);
  return out;
}

/** Sum of one counter column over the whole table. */
export function columnTotal(table: SecondTable, column: number): number {
  let total = 0;
  for (const page of table.pages.values())
    for (let at = column; at < page.length; at += COLUMNS) total += page[at] as number;
  return total;
}
