import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { loadIncidentConfigFile } from "../../evidence/incident-config.js";
import { DebriefError } from "../../model/debrief-error.js";
import { buildTimeline } from "../../timeline/index.js";
import { withFileLock, writeFileAtomic } from "../../util/atomic-write.js";
import { createRedactor, type RedactionCounts } from "../../util/redact/index.js";
import { parsePostmortem } from "../parse-postmortem.js";
import type { ParsedPostmortem } from "../parsed-postmortem.js";
import { decodePostmortem } from "../postmortem-file.js";
import { type AppliedDraft, applyDraft, type FrontMatterFill } from "./apply-draft.js";
import { excerptRefs } from "./blocks/excerpts-block.js";
import { DRAFT_BLOCKS } from "./blocks/index.js";
import type { DraftBlock, DraftContext } from "./draft-block.js";
import { type CollectManifest, type DraftTimeline, parseManifest } from "./draft-input.js";
import { readEvidenceLines } from "./read-excerpts.js";

/** Options of {@link planDraft}. */
export interface PlanDraftOptions {
  /** Also mask e-mail and IP addresses in excerpts (`--redact-pii`). */
  redactPii?: boolean;
  manifest?: CollectManifest;
  manifestError?: string;
  /** Raw evidence lines by `path:line` (see {@link readEvidenceLines}). */
  excerpts?: ReadonlyMap<string, string>;
  /** Depth of headings inside blocks; one below the document's sections (default 3). */
  subheadingDepth?: number;
  /** Services from debrief.yaml, used to fill an empty `services` in the front matter. */
  services?: string[];
}

/** The generated blocks and front-matter values for a timeline, before they are applied to a document. */
export interface DraftPlan {
  blocks: DraftBlock[];
  fill: FrontMatterFill;
  /** What redaction masked across every excerpt, by kind. */
  redactions: RedactionCounts;
}

const shortIso = (iso: string) => iso.replace(/\.000Z$/, "Z");

const FIVE_MINUTES = 5 * 60_000;

/**
 * The incident window to record in the front matter: the analysed window's start, and an end just after the last
 * thing that happened (resolution, recovery or the last timeline row), rounded up to five minutes. The analysed
 * window itself may run a day past the start when only a start was configured.
 */
export function incidentWindow(timeline: DraftTimeline): { start: string; end: string } {
  const start = Date.parse(timeline.window.start);
  const windowEnd = Date.parse(timeline.window.end);
  const m = timeline.milestones;
  const candidates = [m.resolved?.time, m.recovered?.time, m.mitigated?.time, timeline.entries.at(-1)?.time]
    .filter((t): t is string => t !== undefined)
    .map((t) => Date.parse(t));
  const last = candidates.length > 0 ? Math.max(...candidates) : windowEnd;
  const end = Math.min(windowEnd, Math.ceil((last + 1) / FIVE_MINUTES) * FIVE_MINUTES);
  return {
    start: shortIso(new Date(start).toISOString()),
    end: shortIso(new Date(Math.max(end, start)).toISOString()),
  };
}

/** Render every registered block from a timeline (pure: no I/O). */
export function planDraft(timeline: DraftTimeline, options: PlanDraftOptions = {}): DraftPlan {
  const redact = createRedactor({ pii: options.redactPii ?? false });
  const ctx: DraftContext = {
    timeline,
    redact,
    manifest: options.manifest,
    manifestError: options.manifestError,
    excerpts: options.excerpts ?? new Map(),
    subheadingDepth: options.subheadingDepth ?? 3,
  };
  const blocks: DraftBlock[] = [];
  for (const renderer of DRAFT_BLOCKS) {
    const content = renderer.render(ctx);
    if (content !== null) {
      blocks.push({
        name: renderer.name,
        section: renderer.section,
        placement: renderer.placement,
        content,
        ...(renderer.appendToWrittenSection ? { appendToWrittenSection: true } : {}),
      });
    }
  }
  const fill: FrontMatterFill = { window: incidentWindow(timeline) };
  const services =
    options.services && options.services.length > 0 ? options.services : (timeline.analysis?.impact?.services ?? []);
  if (services.length > 0) fill.services = [...services];
  const resolved = timeline.milestones.resolved?.time;
  if (resolved) fill.resolvedAt = shortIso(resolved);
  return { blocks, fill, redactions: { ...redact.counts } };
}

/** Options of {@link draftIncident}. */
export interface DraftIncidentOptions {
  redactPii?: boolean;
  /** Apply clock offsets found between sources (`--correct-skew`). */
  correctSkew?: boolean;
  /** Called with progress lines for stderr. */
  onProgress?: (message: string) => void;
  /** Use this timeline instead of running the engine (tests, `--timeline FILE`). */
  timeline?: DraftTimeline;
}

/** What drafting an incident folder produced; the caller decides whether to write `updated`. */
export interface DraftIncidentResult extends AppliedDraft {
  /** Path of postmortem.md. */
  path: string;
  /** The document as read. */
  original: string;
  parsed: ParsedPostmortem;
  plan: DraftPlan;
  timeline: DraftTimeline;
}

/**
 * Draft an incident folder: build the timeline from `DIR/evidence`, render the generated blocks, and apply them to
 * `DIR/postmortem.md` in memory. Nothing is written here.
 * @throws DebriefError `INPUT_NOT_FOUND` when the folder has no postmortem.md or no evidence
 */
export async function draftIncident(dir: string, options: DraftIncidentOptions = {}): Promise<DraftIncidentResult> {
  const path = join(dir, "postmortem.md");
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DebriefError(
      code === "ENOENT" ? "INPUT_NOT_FOUND" : "INPUT_UNREADABLE",
      code === "ENOENT"
        ? "no postmortem.md here; create the incident folder with `debrief init DIR --title ... --start ... --severity ...` first"
        : `cannot read: ${(error as Error).message}`,
      { location: { path }, cause: error },
    );
  }
  // strict UTF-8 (the file is written back: a lossy decode would put U+FFFD over the person's bytes), size-limited
  const original = decodePostmortem(bytes, path, { utf16: false });
  const parsed = parsePostmortem(original, path);
  const config = await loadIncidentConfigFile(dir).catch((error: unknown) => {
    throw error instanceof DebriefError
      ? error
      : new DebriefError("CONFIG_INVALID", `cannot read debrief.yaml: ${(error as Error).message}`, {
          location: { path: join(dir, "debrief.yaml") },
        });
  });
  let timeline = options.timeline;
  if (!timeline) {
    const evidenceDir = join(dir, "evidence");
    const entries = await readdir(evidenceDir).catch(() => null);
    if (entries === null || entries.filter((e) => !e.startsWith(".")).length === 0) {
      throw new DebriefError(
        "INPUT_NOT_FOUND",
        `${entries === null ? "does not exist" : "is empty"}: put the incident's logs, metrics, alerts, paging and chat exports there (or run \`debrief collect\`), then draft again`,
        { location: { path: evidenceDir } },
      );
    }
    options.onProgress?.("building the timeline from evidence/ ...");
    timeline = await buildTimeline([join(dir, "evidence")], {
      incidentDir: dir,
      cwd: dir,
      ...(options.correctSkew ? { correctSkew: true } : {}),
    });
  }
  let manifest: CollectManifest | undefined;
  let manifestError: string | undefined;
  try {
    const text = await readFile(join(dir, "evidence", "manifest.json"), "utf8");
    const parsedManifest = parseManifest(text);
    if ("manifest" in parsedManifest) manifest = parsedManifest.manifest;
    else manifestError = parsedManifest.error;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") manifestError = (error as Error).message;
  }
  const excerpts = await readEvidenceLines(
    dir,
    excerptRefs({ timeline }).map((x) => x.ref),
  );
  const depth = parsed.postmortem.sections.find((s) => s.key !== null)?.depth ?? 2;
  const plan = planDraft(timeline, {
    redactPii: options.redactPii ?? false,
    excerpts,
    subheadingDepth: Math.min(6, depth + 1),
    ...(manifest ? { manifest } : {}),
    ...(manifestError !== undefined ? { manifestError } : {}),
    ...(config?.config.services ? { services: config.config.services } : {}),
  });
  const applied = applyDraft(parsed, plan.blocks, plan.fill);
  return { ...applied, path, original, parsed, plan, timeline };
}

/**
 * Write a drafted document atomically (unique temporary, fsync, rename) under the post-mortem's lock, refusing if
 * the file changed since it was read (an editor saved meanwhile): the human's newer text wins and nothing is
 * written. The compare and the write happen under one lock, so two concurrent drafts cannot both report a write
 * when one of them replaced the other's; a concurrent draft that already wrote the same text is not a conflict.
 * @returns whether anything was written
 * @throws DebriefError CONFLICT when the file changed under the draft
 */
export async function saveDraft(result: Pick<DraftIncidentResult, "path" | "original" | "source">): Promise<boolean> {
  if (result.source === result.original) return false;
  const { path } = result;
  return withFileLock(path, async () => {
    const now = await readFile(path, "utf8");
    if (now === result.source) return false;
    if (now !== result.original) {
      throw new DebriefError("CONFLICT", "changed while draft was running; nothing was written, run draft again", {
        location: { path },
      });
    }
    await writeFileAtomic(path, result.source);
    return true;
  });
}
