import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { configWindow, loadIncidentConfigFile } from "../evidence/incident-config.js";
import { DebriefError } from "../model/debrief-error.js";
import type { CollectConfig } from "../model/incident-config.js";
import { parseDuration } from "../util/duration.js";
import { DEFAULT_HTTP_POLICY, FetchFailure, HttpClient, type HttpPolicy } from "../util/http-client.js";
import { Scrubber } from "../util/scrub.js";
import type {
  CollectSettings,
  CollectSource,
  CollectTask,
  CollectWindow,
  SourceContext,
  TaskResult,
} from "./collect-source.js";
import { iso } from "./collect-source.js";
import { loadCredentials } from "./credentials.js";
import {
  type CollectManifestFile,
  type CollectManifestItem,
  fileSha256,
  readManifest,
  sha256,
  writeFileAtomic,
} from "./manifest.js";
import { COLLECT_SOURCES } from "./sources/index.js";
import { CommandFailure } from "./sources/kubectl.js";
import { PROMETHEUS_MAX_POINTS } from "./sources/prometheus.js";

/** Command-line overrides of `debrief.yaml`'s collect settings. */
export interface CollectOverrides {
  prometheus?: string;
  alertmanager?: string;
  loki?: string;
  elasticsearch?: string;
  kubectlContext?: string;
  namespace?: string;
  selector?: string;
  pagerdutyIncident?: string;
  slackChannel?: string;
  /** Epoch ms. */
  start?: number;
  /** Epoch ms. */
  end?: number;
  /** A duration like `30m`. */
  padding?: string;
}

/** Options of {@link collectEvidence}. */
export interface CollectOptions {
  overrides?: CollectOverrides;
  /** Fetch everything again, ignoring what the manifest says is already there. */
  refresh?: boolean;
  /** Credentials file (outside the incident folder); else `collect.credentialsFile`. */
  credentialsFile?: string;
  /** Environment for credentials and child processes (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Base for relative paths (default `process.cwd()`). */
  cwd?: string;
  /** HTTP timeouts and retries. */
  http?: Partial<HttpPolicy>;
  /** The `kubectl` to run (default `kubectl` from PATH). */
  kubectlBinary?: string;
  /** Timeout of one kubectl run (default 120 s). */
  commandTimeoutMs?: number;
  /** Points per Prometheus range request (default 11,000, Prometheus' own limit). */
  prometheusMaxPoints?: number;
  /** Progress lines (already scrubbed of credentials). */
  onProgress?: (message: string) => void;
  /** Only these sources (names as in the manifest). */
  only?: string[];
  /** The source registry (default {@link COLLECT_SOURCES}); tests and embedders pass their own. */
  sources?: readonly CollectSource[];
}

/** Counts of a collection run. */
export interface CollectSummary {
  fetched: number;
  skipped: number;
  empty: number;
  failed: number;
  partial: number;
}

/** What {@link collectEvidence} did. */
export interface CollectResult {
  manifestPath: string;
  manifest: CollectManifestFile;
  summary: CollectSummary;
  /** Sources that were asked for. */
  sources: string[];
}

/** The default baseline before the window. */
export const DEFAULT_PADDING = "30m";

/** The manifest record of a plan or task that failed: no file, the scrubbed message and why, for the reader. */
function failedItem(
  base: Pick<CollectManifestItem, "source" | "task" | "endpoint" | "query" | "from" | "to">,
  t0: number,
  message: string,
  error: unknown,
): CollectManifestItem {
  return {
    ...base,
    file: null,
    sha256: null,
    rows: 0,
    durationMs: Math.round(performance.now() - t0),
    status: "failed",
    error: message,
    reason: failureReason(error),
  };
}

/** Merge `debrief.yaml`'s collect section with command-line overrides. */
export function mergeSettings(config: CollectConfig, services: string[], o: CollectOverrides): CollectSettings {
  const s: CollectSettings = { ...config, services };
  const checkUrl = (flag: string, url: string) => {
    try {
      const u = new URL(url);
      if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("scheme");
    } catch {
      throw new DebriefError("USAGE", `${flag} expects an http(s) URL, got "${new Scrubber().url(url)}"`);
    }
    return url;
  };
  if (o.prometheus) s.prometheus = { ...s.prometheus, url: checkUrl("--prometheus", o.prometheus) };
  if (o.alertmanager) s.alertmanager = { url: checkUrl("--alertmanager", o.alertmanager) };
  if (o.loki) s.loki = { queries: [], ...s.loki, url: checkUrl("--loki", o.loki) };
  if (o.elasticsearch) {
    if (!s.elasticsearch?.index) {
      throw new DebriefError(
        "USAGE",
        "--elasticsearch needs collect.elasticsearch.index in debrief.yaml (which index to search)",
      );
    }
    s.elasticsearch = { ...s.elasticsearch, url: checkUrl("--elasticsearch", o.elasticsearch) };
  }
  if (o.kubectlContext !== undefined || o.namespace !== undefined || o.selector !== undefined) {
    s.kubectl = {
      ...s.kubectl,
      ...(o.kubectlContext !== undefined ? { context: o.kubectlContext } : {}),
      ...(o.namespace !== undefined ? { namespace: o.namespace } : {}),
      ...(o.selector !== undefined ? { selector: o.selector } : {}),
    };
  }
  if (o.pagerdutyIncident) s.pagerduty = { ...s.pagerduty, incident: o.pagerdutyIncident };
  if (o.slackChannel) s.slack = { ...s.slack, channel: o.slackChannel };
  if (o.padding !== undefined) s.padding = o.padding;
  return s;
}

function failureReason(error: unknown): string {
  if (error instanceof FetchFailure) {
    if (error.kind === "auth") return error.status ? String(error.status) : "auth";
    if (error.kind === "http") return error.status ? `http-${error.status}` : "api-error";
    return error.kind;
  }
  if (error instanceof CommandFailure)
    return error.reason === "not-found" ? "kubectl-not-found" : `command-${error.reason}`;
  return "error";
}

/**
 * Collect live evidence for the incident in `dir` (settings from `dir/debrief.yaml`, overridable), writing files
 * under `dir/evidence/` atomically and `dir/evidence/manifest.json` after every item. Failures are recorded, not
 * thrown; re-running skips items the manifest lists as ok whose file is unchanged (unless `refresh`).
 * Throws `DebriefError` (USAGE / CONFIG_INVALID / INPUT_*) only for bad settings.
 */
export async function collectEvidence(dir: string, options: CollectOptions = {}): Promise<CollectResult> {
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(cwd, dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory())
    throw new DebriefError("INPUT_NOT_FOUND", "incident folder not found", { location: { path: root } });
  const loaded = await loadIncidentConfigFile(root);
  const config = loaded?.config;
  const o = options.overrides ?? {};
  const settings = mergeSettings(config?.collect ?? {}, config?.services ?? [], o);

  const cw = config ? configWindow(config) : undefined;
  const start = o.start ?? cw?.start;
  if (start === undefined) {
    throw new DebriefError("USAGE", "no incident window: set window.start in debrief.yaml or pass --start");
  }
  const end = o.end ?? (config?.window?.end !== undefined || o.start === undefined ? cw?.end : undefined) ?? Date.now();
  if (!(end > start)) {
    throw new DebriefError("USAGE", `the window ends (${iso(end)}) before it starts (${iso(start)})`);
  }
  const padding = settings.padding ?? DEFAULT_PADDING;
  const paddingMs = parseDuration("--padding", padding);
  const window: CollectWindow = {
    start,
    end: Math.min(end, Date.now()),
    paddingMs,
    from: start - paddingMs,
    to: Math.min(end, Date.now()),
  };
  if (window.to <= window.from) window.to = end;

  const sources = (options.sources ?? COLLECT_SOURCES).filter(
    (s) => s.enabled(settings) && (!options.only || options.only.includes(s.name)),
  );
  if (sources.length === 0) {
    throw new DebriefError(
      "USAGE",
      "nothing to collect: configure collect.<source> in debrief.yaml or pass --prometheus, --alertmanager, --loki, --elasticsearch, --namespace/--selector, --pagerduty-incident or --slack-channel",
    );
  }
  const env = options.env ?? process.env;
  const credentials = await loadCredentials(root, env, options.credentialsFile ?? settings.credentialsFile, cwd);
  const scrubber = new Scrubber();
  for (const v of Object.values(credentials)) scrubber.add(v);
  const progress = (m: string) => options.onProgress?.(scrubber.text(m));
  const http = new HttpClient({ ...DEFAULT_HTTP_POLICY, ...options.http }, scrubber, (r) =>
    progress(`retry ${r.attempt} in ${r.delayMs} ms: ${r.reason}`),
  );
  const ctx: SourceContext = {
    settings,
    window,
    http,
    credentials,
    scrubber,
    log: progress,
    kubectlBinary: options.kubectlBinary ?? "kubectl",
    env,
    limits: {
      prometheusMaxPoints: options.prometheusMaxPoints ?? PROMETHEUS_MAX_POINTS,
      commandTimeoutMs: options.commandTimeoutMs ?? 120_000,
    },
  };

  const evidenceDir = join(root, "evidence");
  const manifestPath = join(evidenceDir, "manifest.json");
  const previous = options.refresh ? undefined : await readManifest(manifestPath);
  const manifest: CollectManifestFile = {
    formatVersion: 1,
    collectedAt: new Date().toISOString(),
    window: { start: iso(window.start), end: iso(window.end) },
    padding,
    items: [],
  };
  const summary: CollectSummary = { fetched: 0, skipped: 0, empty: 0, failed: 0, partial: 0 };
  const save = async () => {
    try {
      await writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    } catch (error) {
      throw new DebriefError("INPUT_UNREADABLE", `cannot write the manifest: ${(error as Error).message}`, {
        location: { path: manifestPath },
      });
    }
  };

  for (const source of sources) {
    progress(`${source.name}: planning`);
    let tasks: CollectTask[];
    const t0 = performance.now();
    try {
      tasks = await source.plan(ctx);
    } catch (error) {
      if (!(error instanceof FetchFailure || error instanceof CommandFailure)) throw error;
      const message = scrubber.text(error.message);
      progress(`${source.name}: failed: ${message}`);
      const base = {
        source: source.name,
        task: "plan",
        endpoint: null,
        query: null,
        from: iso(window.from),
        to: iso(window.to),
      };
      manifest.items.push(failedItem(base, t0, message, error));
      summary.failed++;
      await save();
      continue;
    }
    for (const task of tasks) {
      const reused = await reusable(previous, source, task, evidenceDir);
      if (reused) {
        manifest.items.push(...reused);
        summary.skipped++;
        progress(`${source.name} ${task.key}: already fetched, skipped`);
        continue;
      }
      const items = await runTask(source, task, evidenceDir, scrubber, progress);
      manifest.items.push(...items);
      for (const it of items) {
        if (it.status === "ok") summary.fetched++;
        else summary[it.status]++;
      }
      await save();
    }
  }
  await save();
  return { manifestPath, manifest, summary, sources: sources.map((s) => s.name) };
}

/** The previous run's items for this task, when all were ok, cover the same range and their files are unchanged. */
async function reusable(
  previous: CollectManifestFile | undefined,
  source: CollectSource,
  task: CollectTask,
  evidenceDir: string,
): Promise<CollectManifestItem[] | undefined> {
  if (!previous) return undefined;
  const items = previous.items.filter((i) => i.source === source.name && i.task === task.key);
  if (items.length === 0) return undefined;
  for (const i of items) {
    if (i.status !== "ok" || i.file === null || i.sha256 === null) return undefined;
    if (i.from !== iso(task.from) || i.to !== iso(task.to) || i.query !== task.query) return undefined;
    if ((await fileSha256(join(evidenceDir, i.file))) !== i.sha256) return undefined;
  }
  return items;
}

async function runTask(
  source: CollectSource,
  task: CollectTask,
  evidenceDir: string,
  scrubber: Scrubber,
  progress: (m: string) => void,
): Promise<CollectManifestItem[]> {
  const base = {
    source: source.name,
    task: task.key,
    endpoint: task.endpoint === null ? null : scrubber.text(task.endpoint),
    query: task.query,
    from: iso(task.from),
    to: iso(task.to),
  };
  const t0 = performance.now();
  let result: TaskResult;
  try {
    result = await task.run();
  } catch (error) {
    if (!(error instanceof FetchFailure || error instanceof CommandFailure)) throw error;
    const message = scrubber.text(error.message);
    progress(`${source.name} ${task.key}: failed: ${message}`);
    return [failedItem(base, t0, message, error)];
  }
  const durationMs = Math.round(performance.now() - t0);
  const items: CollectManifestItem[] = [];
  for (const out of result.outputs) {
    // a credential echoed back by a server must not land in the evidence either
    const content = scrubber.text(out.content);
    const target = join(evidenceDir, ...out.file.split("/"));
    try {
      await writeFileAtomic(target, content);
    } catch (error) {
      throw new DebriefError("INPUT_UNREADABLE", `cannot write the evidence file: ${(error as Error).message}`, {
        location: { path: target },
      });
    }
    const item: CollectManifestItem = {
      ...base,
      file: out.file,
      sha256: sha256(content),
      rows: out.rows,
      durationMs,
      status: result.partial ? "partial" : "ok",
    };
    if (result.partial) {
      item.reason = scrubber.text(result.partial.reason);
      if (result.partial.error) item.error = scrubber.text(result.partial.error);
    } else if (result.note) item.reason = scrubber.text(result.note);
    items.push(item);
  }
  if (items.length === 0) {
    const item: CollectManifestItem = {
      ...base,
      file: null,
      sha256: null,
      rows: 0,
      durationMs,
      status: result.partial ? "partial" : "empty",
      reason: scrubber.text(result.partial?.reason ?? result.emptyReason ?? "nothing returned"),
    };
    if (result.partial?.error) item.error = scrubber.text(result.partial.error);
    items.push(item);
  }
  const rows = items.reduce((n, i) => n + i.rows, 0);
  const status = items[0]?.status ?? "empty";
  progress(
    `${source.name} ${task.key}: ${status}, ${rows} row(s) in ${durationMs} ms${items[0]?.reason ? ` (${items[0].reason})` : ""}`,
  );
  return items;
}
