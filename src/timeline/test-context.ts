import type { AnalysisContext } from "./context.js";
import type { NotableEvent, SourceAggregates } from "./source-aggregates.js";

/*
 * Synthetic analysis inputs for the trigger-ranking tests: sources with just the aggregates the ranking reads, a
 * context around them, and notable events. Test-only (excluded from the build like the other test-context.ts).
 */

/** Options of {@link fakeSource}. */
export interface FakeSourceOptions {
  /** The source fails (errors and failures in 10 seconds, one failure class, 100 requests). */
  failing?: boolean;
  services?: string[];
  /** The source serves requests without failing. */
  requests?: boolean;
  /** The failing source's class key. */
  failureClass?: string;
}

/** A source's aggregates as the ranking reads them. */
export function fakeSource(index: number, path: string, opts: FakeSourceOptions = {}): SourceAggregates {
  const failing = opts.failing ?? false;
  return {
    index,
    path,
    seconds: { errors: { size: failing ? 10 : 0 }, failures: { size: failing ? 10 : 0 } },
    services: new Map((opts.services ?? []).map((s) => [s, 1])),
    hosts: new Map(),
    failureClasses: new Map(failing ? [[opts.failureClass ?? "503 GET /", new Map()]] : []),
    classServices: new Map(),
    requestEvents: opts.requests || failing ? 100 : 0,
    templates: new Map(),
    notables: [],
  } as unknown as SourceAggregates;
}

/** An analysis context over `sources`, with a two-hour window centred on `t0`. */
export function fakeContext(sources: SourceAggregates[], t0: number): AnalysisContext {
  return {
    agg: { sources },
    shiftMs: sources.map(() => 0),
    window: { start: t0 - 3_600_000, end: t0 + 3_600_000 },
    dataStart: t0 - 3_600_000,
    dataEnd: t0 + 3_600_000,
    services: [],
    inventory: [],
    edgeSources: [],
    detail: false,
  } as unknown as AnalysisContext;
}

/** A notable event with its analysis time `at`. */
export type FakeEvent = NotableEvent & { at: number };

/** A notable event (a change unless `extra.kind` says otherwise) of source `src` at `at`. */
export function notable(
  src: number,
  line: number,
  at: number,
  message: string,
  extra: Partial<FakeEvent> = {},
): FakeEvent {
  return {
    ts: at,
    at,
    src,
    line,
    kind: "change",
    severity: "info",
    service: null,
    host: null,
    actor: null,
    message,
    attributes: {},
    ...extra,
  };
}
