import { z } from "zod";
import { FetchFailure } from "../../util/http-client.js";
import type { CollectSource, CollectTask, SourceContext, TaskResult } from "../collect-source.js";
import { endpointOf, urlOf } from "./endpoint.js";

/** Loki's default `limit` (and the usual server-side `max_entries_limit_per_query` is 5000). */
export const LOKI_DEFAULT_LIMIT = 1000;
/** Pages fetched per query before the result is recorded as truncated. */
export const LOKI_DEFAULT_MAX_PAGES = 200;

const Entry = z.union([z.tuple([z.string(), z.string()]), z.tuple([z.string(), z.string(), z.unknown()])]);
/** `/loki/api/v1/query_range` body for a log query. */
export const LokiStreamsResponse = z.object({
  status: z.literal("success"),
  data: z.object({
    resultType: z.literal("streams"),
    result: z.array(z.object({ stream: z.record(z.string(), z.string()), values: z.array(Entry) })),
  }),
});

/** One log line with its stream. */
export interface LokiLine {
  ns: bigint;
  labels: Record<string, string>;
  line: string;
}

/** RFC 3339 with nanoseconds from a Unix-nanosecond timestamp. */
export function nsToRfc3339(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const frac = (ns % 1_000_000_000n).toString().padStart(9, "0");
  return `${new Date(ms).toISOString().slice(0, 19)}.${frac}Z`;
}

const lineKey = (l: LokiLine) => `${l.ns}\u0000${JSON.stringify(l.labels)}\u0000${l.line}`;

/** A JSON line the `json-lines` evidence format reads: time, message, service/host/level from the stream labels. */
export function renderLokiLine(l: LokiLine): string {
  const lb = l.labels;
  const rec: Record<string, unknown> = { time: nsToRfc3339(l.ns), message: l.line };
  const service = lb.service_name ?? lb.service ?? lb.app ?? lb.job;
  if (service !== undefined) rec.service = service;
  const host = lb.pod ?? lb.instance ?? lb.host ?? lb.hostname;
  if (host !== undefined) rec.hostname = host;
  const level = lb.level ?? lb.detected_level;
  if (level !== undefined) rec.level = level;
  rec.labels = lb;
  return JSON.stringify(rec);
}

/** Result of paging through one LogQL query. */
export interface LokiPages {
  lines: LokiLine[];
  pages: number;
  truncated?: string;
  error?: FetchFailure;
}

/**
 * Page forward through `[fromNs, toNs)`: each page starts at the last timestamp of the previous one (Loki's start
 * is inclusive), and lines already seen at that boundary are dropped, so nothing is lost or doubled.
 */
export async function pageLoki(
  fetchPage: (startNs: bigint) => Promise<z.infer<typeof LokiStreamsResponse>>,
  fromNs: bigint,
  limit: number,
  maxPages: number,
): Promise<LokiPages> {
  const lines: LokiLine[] = [];
  let start = fromNs;
  let boundary = new Set<string>();
  for (let page = 1; ; page++) {
    let body: z.infer<typeof LokiStreamsResponse>;
    try {
      body = await fetchPage(start);
    } catch (error) {
      if (error instanceof FetchFailure && lines.length > 0) return { lines, pages: page - 1, error };
      throw error;
    }
    const entries: LokiLine[] = [];
    for (const s of body.data.result) {
      for (const v of s.values) {
        if (!/^\d+$/.test(v[0])) continue;
        entries.push({ ns: BigInt(v[0]), labels: s.stream, line: v[1] });
      }
    }
    for (const e of entries) if (!boundary.has(lineKey(e))) lines.push(e);
    if (entries.length < limit) return { lines, pages: page };
    let max = entries[0]?.ns ?? start;
    for (const e of entries) if (e.ns > max) max = e.ns;
    const atMax = entries.filter((e) => e.ns === max).map(lineKey);
    if (max === start) {
      // a whole page on one timestamp: more lines share it than the limit; step past it and say so
      return {
        lines,
        pages: page,
        truncated: `more than ${limit} lines share the timestamp ${nsToRfc3339(max)}; raise the limit`,
      };
    }
    boundary = new Set(atMax);
    start = max;
    if (page >= maxPages) {
      return {
        lines,
        pages: page,
        truncated: `stopped after ${maxPages} pages of ${limit} lines at ${nsToRfc3339(max)}`,
      };
    }
  }
}

/** Loki `query_range` (LogQL) with forward, time-based pagination past the line limit. */
export const lokiSource: CollectSource = {
  name: "loki",
  enabled: (s) => s.loki !== undefined,
  async plan(ctx: SourceContext): Promise<CollectTask[]> {
    const cfg = ctx.settings.loki;
    if (!cfg) return [];
    const c = ctx.credentials;
    const ep = endpointOf(cfg.url, ctx.scrubber, {
      bearer: c.LOKI_TOKEN,
      basic: c.LOKI_USERNAME && c.LOKI_PASSWORD ? { user: c.LOKI_USERNAME, password: c.LOKI_PASSWORD } : undefined,
    });
    if (cfg.tenant) ep.headers["x-scope-orgid"] = cfg.tenant;
    const limit = cfg.limit ?? LOKI_DEFAULT_LIMIT;
    const maxPages = cfg.maxPages ?? LOKI_DEFAULT_MAX_PAGES;
    const { from, to } = ctx.window;
    if (cfg.queries.length === 0) {
      return [
        {
          key: "queries",
          endpoint: ctx.scrubber.url(`${ep.base}/loki/api/v1/query_range`),
          query: null,
          from,
          to,
          run: async () => ({ outputs: [], emptyReason: "no LogQL query configured (collect.loki.queries)" }),
        },
      ];
    }
    return cfg.queries.map((query, i) => ({
      key: `query:${query}`,
      endpoint: ctx.scrubber.url(`${ep.base}/loki/api/v1/query_range`),
      query,
      from,
      to,
      async run(): Promise<TaskResult> {
        const toNs = BigInt(to) * 1_000_000n;
        const res = await pageLoki(
          async (startNs) =>
            (
              await ctx.http.request({
                url: urlOf(ep, "/loki/api/v1/query_range", {
                  query,
                  start: startNs.toString(),
                  end: toNs.toString(),
                  limit,
                  direction: "forward",
                }),
                headers: ep.headers,
                schema: LokiStreamsResponse,
              })
            ).data,
          BigInt(from) * 1_000_000n,
          limit,
          maxPages,
        );
        ctx.log(`loki query ${i + 1}: ${res.lines.length} lines in ${res.pages} page(s)`);
        res.lines.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
        const outputs =
          res.lines.length > 0
            ? [
                {
                  file: `loki/query-${i + 1}.jsonl`,
                  content: `${res.lines.map(renderLokiLine).join("\n")}\n`,
                  rows: res.lines.length,
                },
              ]
            : [];
        if (res.error) return { outputs, partial: { reason: "failed after some pages", error: res.error.message } };
        if (res.truncated) return { outputs, partial: { reason: `truncated by a limit: ${res.truncated}` } };
        return outputs.length > 0
          ? { outputs }
          : { outputs, emptyReason: "no log line matched the query in the window" };
      },
    }));
  },
};
