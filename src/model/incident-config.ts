import { z } from "zod";
import { FORMAT_VERSION } from "./common.js";

/** A PromQL query to collect, with a name used for the output file. */
export const PrometheusQueryConfig = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, "query names are used as file names: letters, digits, _ and -"),
  query: z.string().min(1),
  /** Step in seconds; computed from the window when absent. */
  step: z.number().positive().optional(),
});

/** Collection settings per source type; every key optional so `debrief init` can write a small file. */
export const CollectConfig = z
  .object({
    prometheus: z
      .object({
        url: z.string().url(),
        queries: z.array(PrometheusQueryConfig).optional(),
        alerts: z.boolean().optional(),
      })
      .optional(),
    alertmanager: z.object({ url: z.string().url() }).optional(),
    loki: z
      .object({
        url: z.string().url(),
        queries: z.array(z.string()).default([]),
        limit: z.number().optional(),
        /** Most pages fetched per query before the result is recorded as truncated. */
        maxPages: z.number().int().positive().optional(),
        /** Tenant of a multi-tenant Loki, sent as `X-Scope-OrgID`. */
        tenant: z.string().optional(),
      })
      .optional(),
    elasticsearch: z
      .object({
        url: z.string().url(),
        index: z.string(),
        query: z.string().optional(),
        timeField: z.string().optional(),
        /** Open a point in time for consistent `search_after` paging (Elasticsearch 7.10+). */
        pit: z.boolean().optional(),
        /** Second sort field that makes the sort total when no point in time is used. */
        tiebreaker: z.string().optional(),
        pageSize: z.number().int().positive().optional(),
        /** Most pages fetched before the result is recorded as truncated. */
        maxPages: z.number().int().positive().optional(),
      })
      .optional(),
    kubectl: z
      .object({
        context: z.string().optional(),
        namespace: z.string().optional(),
        selector: z.string().optional(),
        previous: z.boolean().optional(),
      })
      .optional(),
    pagerduty: z.object({ incident: z.string(), url: z.string().url().optional() }).optional(),
    slack: z.object({ channel: z.string(), url: z.string().url().optional() }).optional(),
    /** Baseline collected before the window, e.g. `30m`. */
    padding: z.string().optional(),
    /** Path of a credentials file outside the incident folder. */
    credentialsFile: z.string().optional(),
  })
  .strict();
/** See {@link CollectConfig}. */
export type CollectConfig = z.infer<typeof CollectConfig>;

/**
 * `debrief.yaml`: the settings of one incident folder. Times are ISO-8601 with a zone; `timezone` is the default
 * zone for evidence whose timestamps carry none, and `timezones` overrides it per file (glob or path).
 */
export const IncidentConfig = z
  .object({
    formatVersion: z.number().int().default(FORMAT_VERSION),
    id: z.string().optional(),
    title: z.string().optional(),
    severity: z.string().optional(),
    services: z.array(z.string()).default([]),
    window: z.object({ start: z.string(), end: z.string().optional() }).optional(),
    timezone: z.string().default("UTC"),
    timezones: z.record(z.string(), z.string()).default({}),
    /** Known clock offsets to correct, in seconds, per file: positive means the file's clock runs ahead. */
    skew: z.record(z.string(), z.number()).default({}),
    /**
     * Service-level objective, for error-budget burn: `target` as a ratio (0.999) or percent (99.9), `window` as a
     * duration (`30d`, `4w`, `720h`), `good` what counts as a good event (`status < 500`, the default), and
     * optionally the `endpoints` it covers (path prefixes; all user traffic when absent).
     */
    slo: z
      .object({
        target: z.number().positive(),
        window: z.string().default("30d"),
        good: z.string().default("status < 500"),
        endpoints: z.array(z.string()).default([]),
      })
      .optional(),
    collect: CollectConfig.default({}),
  })
  .passthrough();
/** See {@link IncidentConfig}. */
export type IncidentConfig = z.infer<typeof IncidentConfig>;
