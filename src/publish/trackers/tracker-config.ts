import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { loadCredentials } from "../../collect/credentials.js";
import { nearestLintConfig } from "../../lint/lint-config.js";
import { DebriefError } from "../../model/debrief-error.js";
import { TRACKERS } from "./tracker-registry.js";
import type { Tracker, TrackerContext, TrackerKind, TrackerPlugin } from "./tracker-types.js";

/** A validated `tracker:` block: `kind` plus the plugin's own settings. */
export type TrackerSettings = { kind: TrackerKind; users?: Record<string, string>; credentialsFile?: string } & Record<
  string,
  unknown
>;

/** Where the settings came from, for messages. */
export interface LoadedTrackerSettings {
  settings: TrackerSettings;
  path: string;
}

function readTrackerBlock(path: string): unknown {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, "utf8"));
  } catch (error) {
    throw new DebriefError("CONFIG_INVALID", `invalid YAML: ${(error as Error).message.split("\n")[0]}`, {
      location: { path },
    });
  }
  return raw && typeof raw === "object" ? (raw as { tracker?: unknown }).tracker : undefined;
}

/**
 * Validate a `tracker:` block against its plugin's settings.
 * @throws DebriefError CONFIG_INVALID naming the file and the offending key
 */
export function parseTrackerSettings(
  block: unknown,
  path: string,
  registry: readonly TrackerPlugin<{ kind: TrackerKind }>[] = TRACKERS,
): TrackerSettings {
  const kind = (block as { kind?: unknown } | null)?.kind;
  const plugin = registry.find((p) => p.kind === kind);
  if (!plugin) {
    throw new DebriefError(
      "CONFIG_INVALID",
      `tracker.kind must be one of ${registry.map((p) => p.kind).join(", ")}, got ${JSON.stringify(kind ?? null)}`,
      { location: { path } },
    );
  }
  const parsed = plugin.settings.safeParse(block);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = ["tracker", ...(issue?.path ?? []).map(String)].join(".");
    throw new DebriefError("CONFIG_INVALID", `${at}: ${issue?.message ?? "invalid"}`, { location: { path } });
  }
  return parsed.data as TrackerSettings;
}

/**
 * The tracker an incident files its action items in: `tracker:` of the incident's `debrief.yaml` when it has one
 * (per incident), else of the nearest `.debriefrc.yaml` at or above the incident folder (per workspace).
 */
export function loadTrackerSettings(incidentDir: string): LoadedTrackerSettings | undefined {
  for (const name of ["debrief.yaml", "debrief.yml"]) {
    const path = join(incidentDir, name);
    if (!existsSync(path)) continue;
    const block = readTrackerBlock(path);
    if (block !== undefined && block !== null) return { settings: parseTrackerSettings(block, path), path };
  }
  const rc = nearestLintConfig(incidentDir, undefined);
  if (!rc) return undefined;
  const block = readTrackerBlock(rc);
  return block === undefined || block === null ? undefined : { settings: parseTrackerSettings(block, rc), path: rc };
}

/**
 * Open the tracker of some settings with credentials from the environment or the settings' `credentialsFile`
 * (never from the settings themselves, and never written anywhere).
 */
export async function openTracker(
  settings: TrackerSettings,
  options: {
    incidentDir: string;
    env: Record<string, string | undefined>;
    cwd?: string;
    http?: TrackerContext["http"];
    onRetry?: (message: string) => void;
    registry?: readonly TrackerPlugin<{ kind: TrackerKind }>[];
  },
): Promise<Tracker> {
  const plugin = (options.registry ?? TRACKERS).find((p) => p.kind === settings.kind);
  if (!plugin) throw new DebriefError("CONFIG_INVALID", `no tracker plugin for kind ${settings.kind}`);
  const credentials = await loadCredentials(
    options.incidentDir,
    options.env,
    settings.credentialsFile,
    options.cwd ?? process.cwd(),
  );
  return plugin.open(settings, {
    credentials,
    ...(options.http ? { http: options.http } : {}),
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  });
}
