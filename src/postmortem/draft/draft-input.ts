import { z } from "zod";
import type { EvidenceSource } from "../../model/evidence-source.js";
import type { Timeline } from "../../model/timeline.js";
import type { TimelineAnalysis } from "../../timeline/analysis.js";

/**
 * What `debrief draft` generates from: the timeline engine's result (the `Timeline` contract, plus its `analysis`
 * and `sources` when the engine provides them). Everything beyond `Timeline` is optional so a draft can be made
 * from a bare `debrief timeline --json` output too.
 */
export type DraftTimeline = Timeline & {
  analysis?: Partial<TimelineAnalysis>;
  sources?: EvidenceSource[];
};

/** One record of `evidence/manifest.json`, written by `debrief collect`. Unknown fields are kept. */
export const ManifestItem = z
  .object({
    source: z.string(),
    endpoint: z.string().nullable().optional(),
    query: z.string().nullable().optional(),
    from: z.string().nullable().optional(),
    to: z.string().nullable().optional(),
    file: z.string().nullable().optional(),
    sha256: z.string().nullable().optional(),
    rows: z.number().nullable().optional(),
    durationMs: z.number().nullable().optional(),
    /** `ok`, `empty`, `failed` or `partial`; other values from newer collectors are reported as they are. */
    status: z.string(),
    error: z.string().nullable().optional(),
    reason: z.string().nullable().optional(),
  })
  .passthrough();
/** See {@link ManifestItem}. */
export type ManifestItem = z.infer<typeof ManifestItem>;

/** `evidence/manifest.json`: what collection fetched, and what came back empty or failed. */
export const CollectManifest = z.object({ items: z.array(ManifestItem) }).passthrough();
/** See {@link CollectManifest}. */
export type CollectManifest = z.infer<typeof CollectManifest>;

/** Parse a manifest text; problems come back as a message (a bad manifest is a data gap, not a failure). */
export function parseManifest(text: string): { manifest: CollectManifest } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { error: `not valid JSON (${(error as Error).message})` };
  }
  const result = CollectManifest.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { error: `unexpected shape at ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}` };
  }
  return { manifest: result.data };
}
