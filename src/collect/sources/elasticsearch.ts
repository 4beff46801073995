import { z } from "zod";
import { FetchFailure } from "../../util/http-client.js";
import type { CollectSource, CollectTask, SourceContext, TaskResult } from "../collect-source.js";
import { iso } from "../collect-source.js";
import { endpointOf, urlOf } from "./endpoint.js";

/** Hits per page (Elasticsearch's `index.max_result_window` is 10,000; pages stay well under it). */
export const ES_DEFAULT_PAGE_SIZE = 1000;
/** Pages fetched before the result is recorded as truncated. */
export const ES_DEFAULT_MAX_PAGES = 100;

const Hit = z
  .object({
    _index: z.string().optional(),
    _id: z.string().optional(),
    _source: z.record(z.string(), z.unknown()).optional(),
    sort: z.array(z.unknown()).optional(),
  })
  .passthrough();
/** `_search` response (Elasticsearch 7+/8, OpenSearch). */
export const EsSearchResponse = z
  .object({
    pit_id: z.string().optional(),
    timed_out: z.boolean().optional(),
    hits: z.object({
      total: z.union([z.number(), z.object({ value: z.number(), relation: z.string() })]).optional(),
      hits: z.array(Hit),
    }),
  })
  .passthrough();
const PitResponse = z.object({ id: z.string() }).passthrough();

/** A JSON line per hit: its `_source`, with `@timestamp` filled from the time field and `_index`/`_id` kept. */
export function renderHit(hit: z.infer<typeof Hit>, timeField: string): string {
  const src: Record<string, unknown> = { ...(hit._source ?? {}) };
  if (src["@timestamp"] === undefined) {
    const t = timeField
      .split(".")
      .reduce<unknown>(
        (o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined),
        hit._source,
      );
    if (t !== undefined) src["@timestamp"] = t;
  }
  if (hit._index !== undefined) src._index = hit._index;
  if (hit._id !== undefined) src._id = hit._id;
  return JSON.stringify(src);
}

/**
 * Elasticsearch/OpenSearch `_search` over the window, sorted on time plus a tiebreaker and paged with
 * `search_after` (in a point in time when `pit: true`, where `_shard_doc` is the tiebreaker).
 */
export const elasticsearchSource: CollectSource = {
  name: "elasticsearch",
  enabled: (s) => s.elasticsearch !== undefined,
  async plan(ctx: SourceContext): Promise<CollectTask[]> {
    const cfg = ctx.settings.elasticsearch;
    if (!cfg) return [];
    const c = ctx.credentials;
    const ep = endpointOf(cfg.url, ctx.scrubber, {
      basic:
        c.ELASTICSEARCH_USERNAME && c.ELASTICSEARCH_PASSWORD
          ? { user: c.ELASTICSEARCH_USERNAME, password: c.ELASTICSEARCH_PASSWORD }
          : undefined,
    });
    if (c.ELASTICSEARCH_API_KEY) {
      ctx.scrubber.add(c.ELASTICSEARCH_API_KEY);
      ep.headers.authorization = `ApiKey ${c.ELASTICSEARCH_API_KEY}`;
    }
    const timeField = cfg.timeField ?? "@timestamp";
    const size = cfg.pageSize ?? ES_DEFAULT_PAGE_SIZE;
    const maxPages = cfg.maxPages ?? ES_DEFAULT_MAX_PAGES;
    const { from, to } = ctx.window;
    const filter: unknown[] = [
      { range: { [timeField]: { gte: iso(from), lte: iso(to), format: "strict_date_optional_time" } } },
    ];
    if (cfg.query) filter.push({ query_string: { query: cfg.query } });
    const index = encodeURIComponent(cfg.index).replace(/%2C/gi, ",").replace(/%2A/g, "*");
    const task: CollectTask = {
      key: `search:${cfg.index}:${cfg.query ?? ""}`,
      endpoint: ctx.scrubber.url(`${ep.base}/${index}/_search`),
      query: cfg.query ?? `${timeField} in window`,
      from,
      to,
      async run(): Promise<TaskResult> {
        let pit: string | undefined;
        if (cfg.pit) {
          const res = await ctx.http.request({
            url: urlOf(ep, `/${index}/_pit`, { keep_alive: "2m" }),
            method: "POST",
            headers: ep.headers,
            schema: PitResponse,
          });
          pit = res.data.id;
        }
        const sort: unknown[] = [{ [timeField]: { order: "asc" } }];
        if (pit) sort.push({ _shard_doc: "asc" });
        else sort.push({ [cfg.tiebreaker ?? "_doc"]: "asc" });
        const lines: string[] = [];
        let after: unknown[] | undefined;
        let pages = 0;
        let partial: TaskResult["partial"];
        try {
          for (;;) {
            if (pages >= maxPages) {
              partial = { reason: `truncated by a limit: stopped after ${maxPages} pages of ${size} hits` };
              break;
            }
            const body: Record<string, unknown> = { size, query: { bool: { filter } }, sort, track_total_hits: false };
            if (after) body.search_after = after;
            if (pit) body.pit = { id: pit, keep_alive: "2m" };
            let res: z.infer<typeof EsSearchResponse>;
            try {
              res = (
                await ctx.http.request({
                  url: pit ? urlOf(ep, "/_search") : urlOf(ep, `/${index}/_search`),
                  method: "POST",
                  headers: ep.headers,
                  body,
                  schema: EsSearchResponse,
                })
              ).data;
            } catch (error) {
              if (error instanceof FetchFailure && lines.length > 0) {
                partial = { reason: `failed after ${pages} page(s)`, error: error.message };
                break;
              }
              throw error;
            }
            pages++;
            if (res.pit_id) pit = res.pit_id;
            const hits = res.hits.hits;
            for (const h of hits) lines.push(renderHit(h, timeField));
            if (hits.length < size) break;
            const last = hits[hits.length - 1]?.sort;
            if (!last) {
              throw new FetchFailure("invalid-response", "a full page came back without `sort` values; cannot page on");
            }
            after = last;
          }
        } finally {
          if (pit) {
            await ctx.http
              .request({
                url: urlOf(ep, "/_pit"),
                method: "DELETE",
                headers: ep.headers,
                body: { id: pit },
                schema: z.unknown(),
                acceptStatus: [404],
              })
              .catch(() => undefined);
          }
        }
        ctx.log(`elasticsearch ${cfg.index}: ${lines.length} hits in ${pages} page(s)`);
        const outputs =
          lines.length > 0
            ? [
                {
                  file: `elasticsearch/${cfg.index.replace(/[^A-Za-z0-9._-]+/g, "_")}.jsonl`,
                  content: `${lines.join("\n")}\n`,
                  rows: lines.length,
                },
              ]
            : [];
        if (partial) return { outputs, partial };
        return outputs.length > 0 ? { outputs } : { outputs, emptyReason: "no document matched in the window" };
      },
    };
    return [task];
  },
};
