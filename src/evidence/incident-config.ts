import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type * as Yaml from "yaml";
import { DebriefError } from "../model/debrief-error.js";
import { IncidentConfig } from "../model/incident-config.js";
import { lazyModule } from "../util/lazy-module.js";
import { yamlValue } from "../util/yaml-value.js";
import { isValidZone } from "./time/zone.js";

// only an incident folder's config needs the yaml package (~50 ms of start-up); a timeline of bare files has none
const yaml = lazyModule<typeof Yaml>("yaml");

/** File names an incident folder's settings may have (read-evidence.ts skips them by name too). */
export const CONFIG_FILE_NAMES = ["debrief.yaml", "debrief.yml"];

/** A loaded `debrief.yaml` with where it came from. */
export interface LoadedIncidentConfig {
  config: IncidentConfig;
  /** The incident folder (the file's directory). */
  dir: string;
  /** The file read. */
  file: string;
  /** True when the file states `timezone` itself (not the schema's `UTC` default). */
  timezoneStated: boolean;
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Parse the incident window of a config to epoch ms (an open end means one day after the start). */
export function configWindow(config: IncidentConfig): { start: number; end: number } | undefined {
  if (!config.window) return undefined;
  const start = Date.parse(config.window.start);
  const end = config.window.end === undefined ? start + 86_400_000 : Date.parse(config.window.end);
  if (Number.isNaN(start) || Number.isNaN(end)) return undefined;
  return { start, end };
}

/**
 * Read and validate `debrief.yaml` in an incident folder, with the line of each problem. Returns `undefined` when
 * the folder has no such file; throws `DebriefError("CONFIG_INVALID")` with the file and line otherwise.
 */
export async function loadIncidentConfigFile(dir: string): Promise<LoadedIncidentConfig | undefined> {
  for (const name of CONFIG_FILE_NAMES) {
    const file = join(dir, name);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw new DebriefError("INPUT_UNREADABLE", `cannot read: ${(error as Error).message}`, {
        location: { path: file },
      });
    }
    return parseIncidentConfig(text.replace(/^\uFEFF/, ""), file, dir);
  }
  return undefined;
}

/** Validate the text of a `debrief.yaml`; errors name `file` and the line. */
export function parseIncidentConfig(text: string, file: string, dir: string): LoadedIncidentConfig {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const fail = (message: string, offset: number | undefined): never => {
    const pos = offset === undefined ? undefined : lineCounter.linePos(offset);
    throw new DebriefError("CONFIG_INVALID", message, {
      location: pos ? { path: file, line: pos.line, column: pos.col } : { path: file },
    });
  };
  const firstError = doc.errors[0];
  if (firstError) fail(`invalid YAML: ${firstError.message.split("\n")[0]}`, firstError.pos[0]);
  const value = yamlValue(doc);
  if (!value.ok) fail(`invalid YAML: ${value.message}`, undefined);
  const raw: unknown = (value.ok ? value.value : undefined) ?? {};
  const offsetOf = (path: (string | number)[]): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === "object" && Array.isArray(node.range)) return node.range[0];
    }
    return undefined;
  };
  const parsed = IncidentConfig.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? []).filter((p): p is string | number => typeof p !== "symbol");
    fail(`${path.length > 0 ? `${path.join(".")}: ` : ""}${issue?.message ?? "invalid"}`, offsetOf(path));
  }
  const config = (parsed as { data: IncidentConfig }).data;
  if (!isValidZone(config.timezone)) fail(`timezone: unknown time zone "${config.timezone}"`, offsetOf(["timezone"]));
  for (const [key, zone] of Object.entries(config.timezones)) {
    if (!isValidZone(zone)) fail(`timezones.${key}: unknown time zone "${zone}"`, offsetOf(["timezones", key]));
  }
  if (config.window) {
    if (!ISO_WITH_ZONE.test(config.window.start) || Number.isNaN(Date.parse(config.window.start))) {
      fail(
        `window.start: expected an ISO-8601 time with a zone, got "${config.window.start}"`,
        offsetOf(["window", "start"]),
      );
    }
    if (
      config.window.end !== undefined &&
      (!ISO_WITH_ZONE.test(config.window.end) || Number.isNaN(Date.parse(config.window.end)))
    ) {
      fail(
        `window.end: expected an ISO-8601 time with a zone, got "${config.window.end}"`,
        offsetOf(["window", "end"]),
      );
    }
  }
  const timezoneStated = typeof raw === "object" && raw !== null && "timezone" in raw;
  return { config, dir, file, timezoneStated };
}

/**
 * Read an incident folder's `debrief.yaml` (validated with the model's zod schema). `undefined` when there is none;
 * `DebriefError("CONFIG_INVALID", ..., {location})` naming the file and line when it is wrong.
 */
export async function loadIncidentConfig(dir: string): Promise<IncidentConfig | undefined> {
  return (await loadIncidentConfigFile(dir))?.config;
}
