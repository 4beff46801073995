import type { LineFormat } from "../../evidence-format.js";
import { createTimeFields, findTimestamp } from "../../timestamps/index.js";
import { fractionMatching } from "./detect-helpers.js";
import { createTimestampedParser, looksLikeContinuation } from "./timestamped-lines.js";

/**
 * Any text log with a timestamp near the start of each line, in any layout the timestamp scanner knows (HDFS
 * `081109 203615`, Apache error log `[Sun Dec 04 04:47:44 2005]`, HealthApp `20171223-22:15:29:606|`, Android
 * logcat, BGL...). The header after the timestamp is peeled generically into severity/pid/thread/component.
 * Indented and stack-trace-shaped lines continue the previous event; other lines without a timestamp are skipped
 * as `no-timestamp`. Scores low so every specific format wins when it matches.
 */
export const genericTimestampedFormat: LineFormat = {
  id: "generic-timestamped",
  samples: [
    [
      "2025-02-09 10:05:23.123 [worker-3] ERROR payment.Processor: charge failed for order 4711",
      "    at processor.charge (processor.js:42)",
      "2025-02-09 10:05:24,500 - payments - WARNING - retry budget low",
      "2025/02/09 10:05:25 plain message from Go's log package",
    ].join("\n"),
  ],
  description: "Text log with a timestamp near the start of each line (any common layout)",
  kind: "log",
  shape: "lines",
  detect(sample) {
    const f = createTimeFields();
    const fraction = fractionMatching(sample, (line) => {
      const found = findTimestamp(line, f, 80);
      // A bare epoch number only counts at the very start (squid's `1286536309.450 ...`): elsewhere numbers in
      // JSON documents, CSVs and tables would make anything look like a log.
      if (found !== null && (Number.isNaN(f.epochMs) || found.start === 0)) return true;
      return looksLikeContinuation(line) ? null : false;
    });
    if (fraction < 0.5) return 0;
    return 0.2 + 0.5 * fraction;
  },
  createParser(ctx) {
    return createTimestampedParser(ctx, { timestampAt: "near-start", continuation: "trace-like" });
  },
};
