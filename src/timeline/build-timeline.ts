import { open, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename } from "node:path";
import {
  configWindow,
  DETECT_SAMPLE_BYTES,
  detectFormat,
  type EvidenceStream,
  makeSample,
  PARALLEL_MIN_BYTES,
  type PlannedFile,
  pathMatches,
  planEvidence,
  type ReadEvidenceOptions,
  streamPlannedEvidence,
} from "../evidence/index.js";
import { DebriefError } from "../model/debrief-error.js";
import type { RawEvent } from "../model/event.js";
import type { EvidenceSource } from "../model/evidence-source.js";
import { redactDeep } from "../util/redact/index.js";
import { analyse, type DistilOptions, type DistilResult, distil, type NamedEventStream } from "./distil.js";
import { collectInParallel } from "./parallel-collect.js";
import { withInferredZones } from "./zone-alignment-report.js";

/** Options of {@link buildTimeline}. */
export interface BuildTimelineOptions
  extends Omit<DistilOptions, "inventory" | "resolveInventory" | "knownSkew" | "services" | "slo"> {
  /** File (basename, path or glob) → zone for timestamps that carry none (`--tz FILE=ZONE`). */
  tz?: Record<string, string>;
  /** Incident folder holding `debrief.yaml` (window, services, zones, known skews); found above the paths if absent. */
  incidentDir?: string;
  /** Working directory for relative paths. */
  cwd?: string;
  /** Reading progress (bytes per file). */
  onReadProgress?: ReadEvidenceOptions["onProgress"];
  /**
   * Worker threads. Above 1, files are read and aggregated in parallel (see parallel-collect.ts) instead of being
   * k-way merged into one stream; the analysis is the same. Default: one per core plus one when there are several
   * files and at least {@link PARALLEL_MIN_BYTES} to read (starting workers costs more than it saves on small
   * evidence), else 1.
   */
  threads?: number;
}

/**
 * The timeline of an incident from its evidence files: `TimelineResult` = the `Timeline` contract, the `analysis`
 * the post-mortem draft uses (impact figures, alerting, saturation, changes, suggested factors), and the
 * inventory record of every source read.
 */
export type TimelineResult = DistilResult & { sources: EvidenceSource[] };

/**
 * JSON documents (alerts, pages, chat, metric dumps) are parsed whole by the reader anyway and are not in time
 * order (Prometheus lists series one after another), so they are sorted whole before merging; line-oriented logs
 * stream through the merge's reorder window. Detection looks at the file's first 64 KiB, as the reader does.
 */
async function isDocument(file: PlannedFile): Promise<boolean> {
  if (/\.gz$/i.test(file.absolute)) return false;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file.absolute, "r");
    const size = (await handle.stat()).size;
    const buf = Buffer.alloc(Math.min(size, DETECT_SAMPLE_BYTES));
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const text = buf.subarray(0, bytesRead).toString("utf8");
    return (
      detectFormat(makeSample(basename(file.absolute), text, size, bytesRead >= size))?.format.shape === "document"
    );
  } catch {
    return false; // the reader reports unreadable files itself
  } finally {
    await handle?.close();
  }
}

async function* sortedWhole(events: AsyncIterable<RawEvent[]>): AsyncGenerator<RawEvent[]> {
  const all: RawEvent[] = [];
  for await (const batch of events) for (const e of batch) all.push(e);
  // Array.prototype.sort is stable, so equal times keep file order.
  all.sort((a, b) => a.ts - b.ts);
  for (let i = 0; i < all.length; i += 4096) yield all.slice(i, i + 4096);
}

/** Files looked at (stat, format sample) at once. */
const FILE_PROBES_AT_ONCE = 64;

/**
 * Run `probe` over every file, at most {@link FILE_PROBES_AT_ONCE} at a time. A folder of 20,000 small files probed
 * all at once ran out of file descriptors (EMFILE under a 20,000 limit), and a file whose probe failed that way
 * was silently taken for a log instead of a document.
 */
async function probeFiles(files: readonly PlannedFile[], probe: (f: PlannedFile) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) await probe(files[next++] as PlannedFile);
  };
  await Promise.all(Array.from({ length: Math.min(FILE_PROBES_AT_ONCE, files.length) }, worker));
}

async function fileSizes(files: readonly PlannedFile[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  await probeFiles(files, async (f) => {
    try {
      sizes.set(f.path, (await stat(f.absolute)).size);
    } catch {
      // unreadable files are reported by the reader itself
    }
  });
  return sizes;
}

/**
 * Read every evidence file under `paths`, merge them into one UTC timeline and distil it.
 * @throws DebriefError `INPUT_NOT_FOUND` / `CONFIG_INVALID` / `USAGE` for missing paths, bad config, bad zones
 */
export async function buildTimeline(paths: string[], options: BuildTimelineOptions = {}): Promise<TimelineResult> {
  if (paths.length === 0) throw new DebriefError("USAGE", "no evidence paths given");
  const readOptions: ReadEvidenceOptions = {
    ...(options.tz ? { tz: options.tz } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.incidentDir ? { incidentDir: options.incidentDir } : {}),
    ...(options.onReadProgress ? { onProgress: options.onReadProgress } : {}),
  };
  const plan = await planEvidence(paths, readOptions);
  const config = plan.incident?.config;
  const configured = config ? configWindow(config) : undefined;
  const from = options.from ?? configured?.start;
  const to = options.to ?? (options.from === undefined ? configured?.end : undefined);
  if (from !== undefined && to !== undefined && to <= from) {
    throw new DebriefError(
      "USAGE",
      `the window ends (${new Date(to).toISOString()}) before it starts (${new Date(from).toISOString()})`,
    );
  }
  const window = from !== undefined && to !== undefined ? { start: from, end: to } : plan.window;
  const knownSkew: Record<string, number> = {};
  for (const [key, seconds] of Object.entries(config?.skew ?? {})) {
    for (const f of plan.files) {
      if (pathMatches(key, { absolute: f.absolute, relative: [f.path] })) knownSkew[f.path] = seconds;
    }
  }
  const distilOptions = {
    ...options,
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    knownSkew,
    services: config?.services ?? [],
    ...(config?.slo ? { slo: config.slo } : {}),
  };
  if (options.threads !== undefined && (!Number.isInteger(options.threads) || options.threads < 1))
    throw new DebriefError("USAGE", `threads must be a positive whole number, got ${options.threads}`);
  if (plan.files.length === 0)
    throw new DebriefError("INPUT_NOT_FOUND", `no evidence files found under ${paths.join(", ")}`);
  const sizes = await fileSizes(plan.files);
  let total = 0;
  for (const size of sizes.values()) total += size;
  // One worker more than there are cores: with few files of uneven cost (a big access log, a big JSON log and a
  // smaller syslog on two cores) a worker per core leaves one core idle while the last file finishes; a spare worker
  // lets the OS share both cores among all three until the end (measured: 6 % less wall time, same peak RSS).
  const threads = options.threads ?? (total >= PARALLEL_MIN_BYTES ? availableParallelism() + 1 : 1);
  if (threads > 1 && plan.files.length > 1) {
    const par = await collectInParallel(
      { ...plan, window },
      {},
      options.collector ?? {},
      threads,
      plan.files.map((f) => sizes.get(f.path) ?? 0),
    );
    const result = analyse(par.aggregates, par.stats, { ...distilOptions, inventory: par.sources });
    // the timeline quotes evidence lines: credentials in them are masked before it leaves, by any adapter
    return redactDeep({ ...result, sources: withInferredZones(par.sources, result.analysis.zones) });
  }
  // the plan made above, with the window settled: walking the folders and matching every file's zone again cost
  // ~10% of a timeline over 20,000 small files
  const streams: EvidenceStream[] = streamPlannedEvidence(window ? { ...plan, window } : plan, {
    ...readOptions,
    ...(plan.incident
      ? {
          incidentConfig: plan.incident.config,
          incidentDir: plan.incident.dir,
          incidentTimezoneStated: plan.incident.timezoneStated,
        }
      : {}),
    ...(window ? { window } : {}),
  });
  const documents = new Set<string>();
  await probeFiles(plan.files, async (f) => {
    if (await isDocument(f)) documents.add(f.path);
  });
  const named: NamedEventStream[] = streams.map((s) => ({
    path: s.path,
    events: documents.has(s.path) ? sortedWhole(s.events) : s.events,
  }));
  const result = await distil(named, {
    ...distilOptions,
    resolveInventory: () => Promise.all(streams.map((s) => s.source)),
  });
  const sources = withInferredZones(await Promise.all(streams.map((s) => s.source)), result.analysis.zones);
  return redactDeep({ ...result, sources });
}
