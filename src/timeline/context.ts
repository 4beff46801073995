import type { EvidenceRef } from "../model/common.js";
import type { EvidenceSource } from "../model/evidence-source.js";
import type { CollectedAggregates, NotableEvent, SourceAggregates } from "./source-aggregates.js";

/**
 * What every analysis step shares: the aggregates, the per-source clock corrections, and a few helpers that apply
 * them. Times here are epoch ms after correction unless a name says `raw`.
 */
export interface AnalysisContext {
  agg: CollectedAggregates;
  /** Correction per source index, ms to subtract from its timestamps. */
  shiftMs: number[];
  /** Analysis window (corrected ms). */
  window: { start: number; end: number };
  /** Earliest and latest corrected event times. */
  dataStart: number;
  dataEnd: number;
  /** Services named in the incident config (suspect-change matching). */
  services: string[];
  /** Inventory records, when the caller read files. */
  inventory: EvidenceSource[];
  /** Sources whose requests measure user-facing failures. */
  edgeSources: SourceAggregates[];
  detail: boolean;
}

/** Corrected time of a raw timestamp of source `src`. */
export function corrected(ctx: AnalysisContext, src: number, rawTs: number): number {
  return rawTs - (ctx.shiftMs[src] ?? 0);
}

/** Evidence reference for a line of source `src`. */
export function refOf(ctx: AnalysisContext, src: number, line: number): EvidenceRef {
  return { path: ctx.agg.sources[src]?.path ?? "", line };
}

/** Evidence reference of a notable event. */
export function notableRef(ctx: AnalysisContext, n: NotableEvent): EvidenceRef {
  return refOf(ctx, n.src, n.line);
}

/** Display name of a source: the path as given (relative to the incident folder when there is one). */
export function sourceLabel(ctx: AnalysisContext, src: number): string {
  return ctx.agg.sources[src]?.path ?? "?";
}

/** Every notable event of every source with corrected times, in time order (stable by source then line). */
export function allNotables(ctx: AnalysisContext): Array<NotableEvent & { at: number }> {
  const out: Array<NotableEvent & { at: number }> = [];
  for (const s of ctx.agg.sources) for (const n of s.notables) out.push({ ...n, at: corrected(ctx, n.src, n.ts) });
  out.sort((a, b) => a.at - b.at || a.src - b.src || a.line - b.line);
  return collapseDeployments(out);
}

/**
 * A deployment appears as several records (created, in progress, success). Keep the one that says it took effect
 * (`attributes.effective`), else the first; failures are kept because a failed rollout is part of the story.
 */
function collapseDeployments<T extends NotableEvent>(events: T[]): T[] {
  const groups = new Map<string, T[]>();
  for (const e of events) {
    const id = e.kind === "change" ? e.attributes.deployment : undefined;
    if (id === undefined || id === null) continue;
    const key = `${e.src}\u0000${String(id)}`;
    const g = groups.get(key);
    if (g) g.push(e);
    else groups.set(key, [e]);
  }
  if (groups.size === 0) return events;
  const drop = new Set<T>();
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    const keep = g.find((e) => e.attributes.effective === true) ?? g[0];
    for (const e of g) if (e !== keep && e.severity !== "error") drop.add(e);
  }
  return events.filter((e) => !drop.has(e));
}
