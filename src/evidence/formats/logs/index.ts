import type { LineFormat } from "../../evidence-format.js";
import { apacheCommonFormat, nginxCombinedFormat } from "./access-log.js";
import { genericTimestampedFormat } from "./generic.js";
import { log4jFormat, springBootFormat } from "./java-log.js";
import { jsonLinesFormat } from "./json-lines.js";
import { kernelRingBufferFormat } from "./kernel-ring-buffer.js";
import { klogFormat } from "./klog.js";
import { createKubectlTimestampsFormat } from "./kubectl-timestamps.js";
import { logfmtFormat } from "./logfmt.js";
import { mysqlSlowLogFormat } from "./mysql-slow-log.js";
import { nginxErrorFormat } from "./nginx-error.js";
import { postgresqlFormat } from "./postgresql.js";
import { syslogRfc3164Format, syslogRfc5424Format } from "./syslog.js";

/** `kubectl logs --timestamps`; its inner lines are detected among all the other log formats. */
export const kubectlTimestampsFormat: LineFormat = createKubectlTimestampsFormat(() =>
  LOG_FORMATS.filter((f) => f !== kubectlTimestampsFormat),
);

/**
 * Every line-oriented log format, in detection priority order (ties go to the earlier one); the pipeline's registry
 * (`src/evidence/formats/index.ts`) includes this list. Specific formats score 0.85–0.97 when they match;
 * `generic-timestamped` scores at most 0.7, so it only wins when nothing more specific does.
 */
export const LOG_FORMATS: LineFormat[] = [
  jsonLinesFormat,
  kubectlTimestampsFormat,
  nginxCombinedFormat,
  apacheCommonFormat,
  nginxErrorFormat,
  syslogRfc5424Format,
  syslogRfc3164Format,
  postgresqlFormat,
  mysqlSlowLogFormat,
  klogFormat,
  kernelRingBufferFormat,
  springBootFormat,
  log4jFormat,
  logfmtFormat,
  genericTimestampedFormat,
];

export { mapSeverity, otelSeverity, pinoSeverity, syslogSeverity } from "./severity.js";
