import type { LineFormat } from "../../evidence-format.js";
import { createTimeFields, scanTimestamp } from "../../timestamps/index.js";
import { fractionMatching, scoreFromFraction } from "./detect-helpers.js";
import { createLogHeader, peelHeader } from "./header.js";
import { createTimestampedParser, looksLikeContinuation } from "./timestamped-lines.js";

/*
 * Java logging layouts. Both formats share the timestamped-line parser with the "all" continuation policy: in Java
 * logs every line without a leading timestamp (`\tat ...`, `Caused by: ...`, `... 12 more`, and the exception's own
 * multi-line message) belongs to the record above it, so a stack trace stays ONE event starting at its first line.
 */

function headerShape(line: string): { level: boolean; thread: boolean; component: boolean; spring: boolean } | null {
  const f = createTimeFields();
  const e = scanTimestamp(line, 0, f);
  if (e < 0) return null;
  const h = createLogHeader();
  peelHeader(line, e, h);
  return {
    level: h.level !== null && h.level.length > 1,
    thread: h.thread !== null,
    component: h.component !== null,
    spring: line.includes(" --- [", e),
  };
}

function continuationOrNull(line: string): boolean | null {
  return looksLikeContinuation(line) || /^[\w$.]+(Exception|Error|Throwable)\b/.test(line) ? null : false;
}

/**
 * log4j / log4j2 / logback / java.util.logging-with-pattern layouts: `2025-02-09 10:05:23,123 ERROR [main]
 * com.acme.Foo - msg`, `2025-02-09 10:05:23.123 [main] ERROR com.acme.Foo - msg`, `... - INFO  [thread:Cls@12] -
 * msg`, `17/06/09 20:10:40 INFO executor.Backend: msg`, with multi-line stack traces.
 */
export const log4jFormat: LineFormat = {
  id: "log4j",
  samples: [
    [
      "2025-02-09 10:05:23,123 ERROR [main] com.acme.orders.OrderService - Failed to create order 4711",
      "java.lang.IllegalStateException: connection pool exhausted",
      "\tat com.acme.db.Pool.acquire(Pool.java:88)",
      "\tat com.acme.orders.OrderService.create(OrderService.java:42)",
      "Caused by: java.net.SocketTimeoutException: connect timed out",
      "\tat java.base/java.net.Socket.connect(Socket.java:633)",
    ].join("\n"),
  ],
  description: "Java log4j/logback pattern layouts (date, level, [thread], logger) with multi-line stack traces",
  kind: "log",
  shape: "lines",
  detect(sample) {
    const fraction = fractionMatching(sample, (line) => {
      const s = headerShape(line);
      if (!s) return continuationOrNull(line);
      return s.level && (s.thread || s.component);
    });
    return scoreFromFraction(fraction, 0.85);
  },
  createParser(ctx) {
    return createTimestampedParser(ctx, { timestampAt: "start", continuation: "all" });
  },
};

/** Spring Boot's default console/file layout: `2025-02-09T10:05:23.123Z  WARN 1 --- [nio-8080-exec-1] c.a.Foo : msg`. */
export const springBootFormat: LineFormat = {
  id: "spring-boot",
  samples: [
    [
      "2025-02-09T10:05:23.123Z  INFO 1 --- [           main] c.a.orders.OrdersApplication             : Started OrdersApplication in 4.2 seconds (process running for 4.9)",
      "2025-02-09T10:05:24.456Z ERROR 1 --- [nio-8080-exec-1] o.a.c.c.C.[.[.[/].[dispatcherServlet]    : Servlet.service() for servlet [dispatcherServlet] threw exception",
      'java.lang.NullPointerException: Cannot invoke "String.length()" because "name" is null',
      "\tat com.acme.orders.Api.create(Api.java:31) ~[classes/:na]",
      "\tat java.base/java.lang.Thread.run(Thread.java:1583) ~[na:na]",
      "2025-02-09T10:05:25.000Z  WARN 1 --- [orders] [nio-8080-exec-2] c.a.orders.Api                           : Slow request: 2300 ms",
    ].join("\n"),
  ],
  description: "Spring Boot default log layout (level, pid, ---, [thread], logger : message) with stack traces",
  kind: "log",
  shape: "lines",
  detect(sample) {
    const fraction = fractionMatching(sample, (line) => {
      const s = headerShape(line);
      if (!s) return continuationOrNull(line);
      return s.level && s.spring;
    });
    return scoreFromFraction(fraction, 0.92);
  },
  createParser(ctx) {
    return createTimestampedParser(ctx, { timestampAt: "start", continuation: "all" });
  },
};
