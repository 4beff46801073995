import type { RawEvent } from "../../../model/event.js";
import type { FormatContext, LineFormat, LineParser } from "../../evidence-format.js";
import { createTimeFields, epochStringToMs, scanTimestamp, TimeResolver } from "../../timestamps/index.js";

const TIME = /^# Time: (.+?)\s*$/;
const USER_HOST = /^# User@Host: (\S+?)\[[^\]]*\] @ ?(\S*) ?\[([^\]]*)\]/;
const QUERY_TIME = /^# Query_time: ([\d.]+)\s+Lock_time: ([\d.]+)\s+Rows_sent: (\d+)\s+Rows_examined: (\d+)/;
const SET_TIMESTAMP = /^SET timestamp=(\d{9,11});$/;

interface Entry {
  event: RawEvent;
  /** The record has its own `# Time:` line (else it began at `# User@Host:` and took the last one). */
  timed: boolean;
  statement: string[];
}

function createParser(ctx: FormatContext): LineParser {
  const f = createTimeFields();
  const resolver = new TimeResolver(ctx);
  let entry: Entry | null = null;
  let lastTime = Number.NaN;

  const flush = () => {
    const e = entry;
    entry = null;
    if (!e) return;
    if (e.statement.length > 0) e.event.message = e.statement.join(" ").slice(0, 2000);
    if (Number.isNaN(e.event.ts)) {
      ctx.skip(e.event.line, "no-timestamp", e.event.message.slice(0, 120));
      return;
    }
    ctx.emit(e.event);
  };
  const start = (ts: number, lineNo: number, timed: boolean) => {
    flush();
    entry = {
      event: {
        ts,
        path: ctx.path,
        line: lineNo,
        kind: "log",
        severity: "warning",
        service: "mysql",
        host: null,
        actor: null,
        message: "slow query",
        attributes: {},
      },
      timed,
      statement: [],
    };
    return entry;
  };

  return {
    push(line, lineNo) {
      const t = TIME.exec(line);
      if (t) {
        const ts = scanTimestamp(t[1] as string, 0, f) > 0 ? resolver.toEpoch(f) : Number.NaN;
        if (Number.isNaN(ts)) ctx.skip(lineNo, "bad-timestamp", line.slice(0, 120));
        else lastTime = ts;
        start(ts, lineNo, true);
        return;
      }
      const u = USER_HOST.exec(line);
      if (u) {
        // MySQL before 5.7 writes `# Time:` only when the second changed: the record then starts here
        const e = entry?.timed && entry.event.attributes.user === undefined ? entry : start(lastTime, lineNo, false);
        e.event.attributes.user = u[1];
        if (u[2]) e.event.attributes.clientHost = u[2];
        if (u[3]) e.event.attributes.clientIp = u[3];
        return;
      }
      if (entry === null) {
        ctx.skip(lineNo, line.trim().length === 0 ? "empty-line" : "metadata", line.slice(0, 120));
        return;
      }
      const q = QUERY_TIME.exec(line);
      if (q) {
        const a = entry.event.attributes;
        a.queryTimeSeconds = Number(q[1]);
        a.lockTimeSeconds = Number(q[2]);
        a.rowsSent = Number(q[3]);
        a.rowsExamined = Number(q[4]);
        return;
      }
      const s = SET_TIMESTAMP.exec(line);
      if (s) {
        // the statement's start (UTC epoch seconds): the time of a record that has no `# Time:` of its own
        const ms = epochStringToMs(s[1] as string);
        entry.event.attributes.startedAt = new Date(ms).toISOString();
        if (!entry.timed && !Number.isNaN(ms)) entry.event.ts = ms;
        return;
      }
      if (line.startsWith("#") || /^use [\w`$]+;$/i.test(line) || line.trim().length === 0) return;
      if (entry.statement.length < 50) entry.statement.push(line.trim());
    },
    end() {
      flush();
    },
  };
}

/**
 * MySQL, MariaDB and Percona slow query log: records of `# Time:` (ISO 8601 with `Z` or offset in 5.7+, `yyMMdd
 * H:mm:ss` before), `# User@Host:`, `# Query_time: … Lock_time: … Rows_sent: … Rows_examined: …`, `SET
 * timestamp=<epoch>;` and the statement. One `warning` event per slow statement at its `# Time:` line (or, in logs
 * that print `# Time:` only when the second changes, at its `# User@Host:` line and `SET timestamp` time), the
 * statement as the message, the figures as attributes; the server's start-up banner is `metadata`. Documented:
 * https://dev.mysql.com/doc/refman/8.0/en/slow-query-log.html, https://mariadb.com/kb/en/slow-query-log-overview/.
 */
export const mysqlSlowLogFormat: LineFormat = {
  id: "mysql-slow-log",
  description: "MySQL/MariaDB slow query log (# Time / # User@Host / # Query_time records)",
  kind: "log",
  shape: "lines",
  samples: [
    [
      "/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:",
      "Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock",
      "Time                 Id Command    Argument",
      "# Time: 2025-02-09T10:05:23.123456Z",
      "# User@Host: app[app] @ web01 [10.0.0.5]  Id:  1234",
      "# Query_time: 12.345678  Lock_time: 0.000123 Rows_sent: 1  Rows_examined: 9000000",
      "use shop;",
      "SET timestamp=1739095511;",
      "SELECT * FROM orders WHERE customer_id = 42;",
    ].join("\n"),
  ],
  detect(sample) {
    const lines = sample.lines.slice(0, 400);
    const times = lines.filter((l) => TIME.test(l)).length;
    const queries = lines.filter((l) => QUERY_TIME.test(l)).length;
    return times > 0 && queries > 0 ? 0.95 : 0;
  },
  createParser,
};
