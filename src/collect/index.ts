/**
 * Live evidence collection: fetch an incident's metrics, alerts, logs, events, pages and chat from the systems that
 * hold them, write them where `debrief evidence` reads them, and record exactly what was and was not fetched in
 * `evidence/manifest.json`.
 * @module
 */

export {
  backoffMs,
  DEFAULT_HTTP_POLICY,
  FetchFailure,
  type FetchFailureKind,
  HttpClient,
  type HttpPolicy,
  retryAfterMs,
} from "../util/http-client.js";
export { REDACTED, Scrubber, scrubUrl } from "../util/scrub.js";
export {
  type CollectOptions,
  type CollectOverrides,
  type CollectResult,
  type CollectSummary,
  collectEvidence,
  DEFAULT_PADDING,
  mergeSettings,
} from "./collect-evidence.js";
export type {
  CollectOutput,
  CollectSettings,
  CollectSource,
  CollectTask,
  CollectWindow,
  SourceContext,
  TaskResult,
} from "./collect-source.js";
export { CREDENTIAL_NAMES, type CredentialName, type Credentials, loadCredentials } from "./credentials.js";
export {
  CollectManifestFile,
  CollectManifestItem,
  ManifestStatus,
  readManifest,
  sha256,
  writeFileAtomic,
} from "./manifest.js";
export { COLLECT_SOURCES } from "./sources/index.js";
export { pageLoki } from "./sources/loki.js";
export { defaultStep, mergeSeries, splitRange } from "./sources/prometheus.js";
