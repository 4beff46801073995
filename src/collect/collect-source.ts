import type { CollectConfig } from "../model/incident-config.js";
import type { HttpClient } from "../util/http-client.js";
import type { Scrubber } from "../util/scrub.js";
import type { Credentials } from "./credentials.js";

/** The collection range: the incident window and the padded range actually fetched (epoch ms). */
export interface CollectWindow {
  /** Incident window start. */
  start: number;
  /** Incident window end. */
  end: number;
  /** Baseline padding before the start. */
  paddingMs: number;
  /** `start - paddingMs`: where fetching begins. */
  from: number;
  /** Where fetching ends (the window end). */
  to: number;
}

/** Settings after `debrief.yaml` and command-line overrides are merged. */
export interface CollectSettings extends CollectConfig {
  /** Services of the incident, used by default queries. */
  services: string[];
}

/** What a source gets to do its work. */
export interface SourceContext {
  settings: CollectSettings;
  window: CollectWindow;
  http: HttpClient;
  credentials: Credentials;
  scrubber: Scrubber;
  /** A progress line for stderr (scrubbed by the caller). */
  log(message: string): void;
  /** The `kubectl` program to run. */
  kubectlBinary: string;
  /** Environment for child processes. */
  env: Record<string, string | undefined>;
  /** Limits a source may honour; tests lower them. */
  limits: { prometheusMaxPoints: number; commandTimeoutMs: number };
}

/** One file a task produced, relative to the evidence folder with `/` separators. */
export interface CollectOutput {
  file: string;
  content: string;
  /** Rows, lines, samples or messages in the file. */
  rows: number;
}

/** What a task fetched. No outputs means it came back empty. */
export interface TaskResult {
  outputs: CollectOutput[];
  /** Set when only part of the range could be fetched (a limit, or a failure after some pages). */
  partial?: { reason: string; error?: string };
  /** Why there is nothing, when `outputs` is empty. */
  emptyReason?: string;
  /** A remark for a complete result (e.g. "first sample 2 h after the start"), kept in the manifest. */
  note?: string;
}

/** One unit of collection, recorded as one or more manifest items. `key` is stable across runs (for resuming). */
export interface CollectTask {
  key: string;
  /** Endpoint without credentials. */
  endpoint: string | null;
  query: string | null;
  from: number;
  to: number;
  run(): Promise<TaskResult>;
}

/** A kind of evidence source (Prometheus, Loki, kubectl...), registered in `sources/index.ts`. */
export interface CollectSource {
  /** Stable id written as `source` in the manifest. */
  name: string;
  /** True when the settings ask for this source. */
  enabled(settings: CollectSettings): boolean;
  /** The tasks to run; may call the source to discover them (pods, channel id). Throwing records a failure. */
  plan(ctx: SourceContext): Promise<CollectTask[]>;
}

/** A file-name-safe rendering of a name (pods, channels, queries): no separators, no leading dot. */
export function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^\.+/, "_");
  return cleaned.length === 0 ? "_" : cleaned.slice(0, 120);
}

/** ISO-8601 UTC for manifests and APIs that want RFC 3339. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
