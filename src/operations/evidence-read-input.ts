import { join } from "node:path";
import { z } from "zod";
import {
  configWindow,
  type EvidenceProgress,
  FORMATS,
  loadIncidentConfigFile,
  type ReadEvidenceOptions,
} from "../evidence/index.js";
import { DebriefError } from "../model/debrief-error.js";
import type { OperationContext } from "./operation.js";
import { toMs, zInstant, zPath, zTzMap } from "./schemas.js";
import { resolveAllInWorkspace, resolveInWorkspace } from "./workspace-path.js";

/**
 * The reading settings `evidence_inventory` and `evidence_events` share (the fields of `debrief evidence`): which
 * files, a forced format, per-file zones, the window that dates year-less timestamps, and the incident folder whose
 * `debrief.yaml` supplies the window and zones.
 */
export const evidenceReadFields = {
  paths: z
    .array(zPath)
    .min(1)
    .optional()
    .describe("evidence files or folders (default with `incident`: its evidence/ folder)"),
  format: z.string().min(1).optional().describe("force this format id for every file instead of detecting it"),
  tz: zTzMap.optional(),
  windowStart: zInstant
    .optional()
    .describe("incident window start (with windowEnd): dates year-less timestamps; not a filter"),
  windowEnd: zInstant.optional().describe("incident window end (with windowStart)"),
  incident: zPath
    .optional()
    .describe("incident folder whose debrief.yaml gives the window, the default zone and per-file zones"),
};

/** The input fields of {@link evidenceReadFields}, validated. */
export interface EvidenceReadInput {
  paths?: string[] | undefined;
  format?: string | undefined;
  tz?: Record<string, string> | undefined;
  windowStart?: string | undefined;
  windowEnd?: string | undefined;
  incident?: string | undefined;
}

/** A reader's progress as the context's progress counts (bytes of one file), when the adapter asked for them. */
export function progressOf(ctx: OperationContext): ((p: EvidenceProgress) => void) | undefined {
  const progress = ctx.progress;
  if (!progress) return undefined;
  return (p) => progress(p.bytesRead, "bytes", { total: p.totalBytes, item: p.path });
}

/**
 * The files to read and the reader options for an input: paths confined to the workspace, the format checked, the
 * window from the input or else the incident's `debrief.yaml`.
 * @throws DebriefError USAGE for an unknown format, half a window or no path; INPUT_NOT_FOUND for an incident folder
 * without `debrief.yaml`
 */
export async function evidenceReadOptions(
  input: EvidenceReadInput,
  ctx: OperationContext,
): Promise<{ paths: string[]; options: ReadEvidenceOptions }> {
  const resolved = input.paths?.length ? resolveAllInWorkspace(ctx, input.paths) : [];
  // unconfined (the CLI), paths stay as the user typed them, so a reader's error names the path that was given
  let paths = ctx.workspace === undefined && input.paths?.length ? [...input.paths] : resolved;
  const options: ReadEvidenceOptions = { cwd: ctx.cwd };
  if (input.format !== undefined) {
    if (!FORMATS.some((f) => f.id === input.format)) {
      throw new DebriefError(
        "USAGE",
        `format: unknown format "${input.format}"; valid formats: ${FORMATS.map((f) => f.id).join(", ")}`,
      );
    }
    options.format = input.format;
  }
  if (input.tz && Object.keys(input.tz).length > 0) options.tz = input.tz;
  if ((input.windowStart === undefined) !== (input.windowEnd === undefined)) {
    throw new DebriefError("USAGE", "windowStart and windowEnd go together");
  }
  if (input.windowStart !== undefined && input.windowEnd !== undefined) {
    const start = toMs("windowStart", input.windowStart);
    const end = toMs("windowEnd", input.windowEnd);
    if (end < start) throw new DebriefError("USAGE", "windowEnd is before windowStart");
    options.window = { start, end };
  }
  if (input.incident !== undefined) {
    const dir = resolveInWorkspace(ctx, input.incident);
    const loaded = await loadIncidentConfigFile(dir);
    if (!loaded) {
      throw new DebriefError("INPUT_NOT_FOUND", "no debrief.yaml in this folder", {
        location: { path: input.incident },
      });
    }
    options.incidentConfig = loaded.config;
    options.incidentTimezoneStated = loaded.timezoneStated;
    options.incidentDir = dir;
    if (options.window === undefined) {
      const w = configWindow(loaded.config);
      if (w) options.window = w;
    }
    if (paths.length === 0) paths = [resolveInWorkspace(ctx, join(input.incident, "evidence"))];
  }
  if (paths.length === 0) {
    throw new DebriefError("USAGE", "give at least one evidence file or folder (or an incident folder)");
  }
  const onProgress = progressOf(ctx);
  if (onProgress) options.onProgress = onProgress;
  return { paths, options };
}
