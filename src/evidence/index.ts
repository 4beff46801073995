/**
 * Evidence reading: inventory raw incident evidence (logs, metrics, alerts, pages, chat, changes, runbooks) and
 * turn it into normalised events with exact UTC instants and a full account of what could not be read.
 * @module
 */
export { DETECT_SAMPLE_BYTES, type Detection, detectFormat, MIN_DETECT_SCORE, makeSample } from "./detect-format.js";
export type {
  DetectSample,
  DocumentFormat,
  EvidenceFormat,
  FormatContext,
  LineFormat,
  LineParser,
  SeverityMapper,
  WallClock,
  ZoneOrigin,
} from "./evidence-format.js";
export { createPipelineContext, type PipelineContext, type PipelineContextOptions } from "./format-context.js";
export { FormatRegistry, loadFormatRegistry } from "./format-registry.js";
export { GIT_LOG_COMMAND } from "./formats/git-log.js";
export { DOCUMENT_FORMATS, defaultFormatRegistry, FORMATS, findFormat, formatIds } from "./formats/index.js";
export {
  CONFIG_FILE_NAMES,
  configWindow,
  type LoadedIncidentConfig,
  loadIncidentConfig,
  loadIncidentConfigFile,
  parseIncidentConfig,
} from "./incident-config.js";
export { type JsonProblem, type LocatedJson, parseJsonLocated } from "./json-located.js";
export { globToRegExp, pathMatches } from "./path-match.js";
export {
  DEFAULT_MAX_DOCUMENT_BYTES,
  EVENT_BATCH_SIZE,
  type EvidencePlan,
  type EvidenceProgress,
  type EvidenceStream,
  GAP_KINDS,
  inventoryEvidence,
  PARALLEL_MIN_BYTES,
  type PlannedFile,
  planEvidence,
  type ReadEvidenceOptions,
  readEvidence,
  readPlannedFile,
  streamEvidence,
  streamPlannedEvidence,
} from "./read-evidence.js";
export { DEFAULT_MAX_LINE_BYTES, type LineSink, LineSplitter, sniffEncoding, type TextEncoding } from "./read-lines.js";
export {
  EXAMPLES_PER_REASON,
  excerptOf,
  GAP_EDGE_EVENTS,
  GAP_FACTOR,
  GAP_FLOOR_MS,
  GAP_MIN_EVENTS,
  GAP_RHYTHM_COUNT,
  MAX_EXCERPT_CHARS,
  SourceAccount,
} from "./source-account.js";
export { YearInference, type YearInferenceOptions } from "./time/year-inference.js";
export { formatOffset, isValidZone, parseFixedOffset, ZoneConverter } from "./time/zone.js";
