import type { EvidenceSource } from "../model/evidence-source.js";
import type { Finding, TimelineEntry } from "../model/timeline.js";
import type { CollectedAggregates } from "./source-aggregates.js";
import { alignZones, offsetLabel, type ZoneAlignment, type ZoneAlignmentOptions } from "./zone-alignment.js";

/**
 * What the pipeline does with the zone alignment (zone-alignment.ts): which sources it asks about, the
 * `timezone-mismatch` findings, the "(assumed UTC)" mark on the rows of sources still read as UTC, and the inventory
 * records of corrected sources.
 */

/** The zone question of one zone-less source as the timeline result carries it (`analysis.zones`). */
export interface ZoneSummary {
  source: string;
  /** Offset from UTC found (minutes); 0 when none. */
  utcOffsetMinutes: number;
  /** `corrected`: its events were shifted; `reported`: a likely offset, not applied; `assumed`: read as UTC. */
  status: ZoneAlignment["status"];
  detail: string;
}

/**
 * Align every zone-less source of the inventory (timestamps without a zone, no zone stated by the user) with the
 * sources whose zone is known. A source with a known clock offset in `debrief.yaml` is left alone: the user said how
 * to read it.
 */
export function inferZones(
  agg: CollectedAggregates,
  inventory: readonly EvidenceSource[],
  knownSkew: Readonly<Record<string, number>> = {},
  options: ZoneAlignmentOptions = {},
): ZoneAlignment[] {
  const byPath = new Map(inventory.map((s) => [s.path, s]));
  const zoneless: number[] = [];
  const zoned: number[] = [];
  for (const s of agg.sources) {
    const inv = byPath.get(s.path);
    if (!inv || s.events === 0) continue;
    if (!inv.timezoneAssumed) zoned.push(s.index);
    else if (knownSkew[s.path] === undefined) zoneless.push(s.index);
  }
  if (zoneless.length === 0) return [];
  return alignZones(agg.sources, zoneless, zoned, agg.pairs, options);
}

/** `timezone-mismatch` findings for the zone-less sources whose offset was found (corrected or not). */
export function zoneFindings(agg: CollectedAggregates, zones: readonly ZoneAlignment[]): Finding[] {
  const out: Finding[] = [];
  for (const z of zones) {
    if (z.status === "assumed") continue;
    const path = agg.sources[z.src]?.path ?? "?";
    out.push({
      kind: "timezone-mismatch",
      summary: `${path} has no zone in its timestamps and was read as UTC, but it looks like local time UTC${offsetLabel(z.utcOffsetMinutes)}: ${z.detail}`,
      source: path,
      offsetSeconds: z.utcOffsetMinutes * 60,
      ...(z.evidence.length > 0 ? { evidence: z.evidence } : {}),
    });
  }
  return out;
}

/** Paths of sources still read as assumed UTC: zone-less, no zone stated, none corrected by alignment. */
export function assumedUtcPaths(
  agg: CollectedAggregates,
  inventory: readonly EvidenceSource[],
  zones: readonly ZoneAlignment[],
): Set<string> {
  const corrected = new Set(zones.filter((z) => z.status === "corrected").map((z) => agg.sources[z.src]?.path));
  const out = new Set<string>();
  for (const s of inventory) if (s.timezoneAssumed && s.events > 0 && !corrected.has(s.path)) out.add(s.path);
  return out;
}

/** Rows whose time comes from a source read as assumed UTC carry `assumedUtc`, so every renderer can say so. */
export function markAssumedUtc(entries: TimelineEntry[], assumed: ReadonlySet<string>): TimelineEntry[] {
  if (assumed.size === 0) return entries;
  return entries.map((e) => {
    const path = e.evidence[0]?.path ?? e.source;
    return assumed.has(path) ? { ...e, assumedUtc: true } : e;
  });
}

/** The summaries the timeline result carries. */
export function zoneSummaries(agg: CollectedAggregates, zones: readonly ZoneAlignment[]): ZoneSummary[] {
  return zones.map((z) => ({
    source: agg.sources[z.src]?.path ?? "?",
    utcOffsetMinutes: z.utcOffsetMinutes,
    status: z.status,
    detail: z.detail,
  }));
}

/** Inventory records with the zone found for corrected sources (origin `inferred`, no longer assumed). */
export function withInferredZones(
  sources: readonly EvidenceSource[],
  zones: readonly ZoneSummary[] | undefined,
): EvidenceSource[] {
  const found = new Map((zones ?? []).filter((z) => z.status === "corrected").map((z) => [z.source, z]));
  if (found.size === 0) return [...sources];
  return sources.map((s) => {
    const z = found.get(s.path);
    return z
      ? { ...s, timezone: offsetLabel(z.utcOffsetMinutes), timezoneAssumed: false, timezoneOrigin: "inferred" as const }
      : s;
  });
}
