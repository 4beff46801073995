import { z } from "zod";
import { FetchFailure } from "../../util/http-client.js";
import type { CollectSource, CollectTask, SourceContext, TaskResult } from "../collect-source.js";
import { urlOf } from "./endpoint.js";

/** PagerDuty's REST API. */
export const PAGERDUTY_API = "https://api.pagerduty.com";
/** PagerDuty's largest page. */
const PAGE = 100;
/** Classic offset pagination stops at 10,000 records; past it PagerDuty answers 400. */
const MAX_OFFSET = 10_000;

const Incident = z
  .object({ id: z.string(), incident_number: z.number().optional(), created_at: z.string() })
  .passthrough();
const LogEntry = z.object({ id: z.string(), type: z.string(), created_at: z.string() }).passthrough();
const LogEntries = z.object({
  log_entries: z.array(LogEntry),
  limit: z.number().optional(),
  offset: z.number().optional(),
  more: z.boolean(),
});

/** PagerDuty REST v2: the incident and all of its log entries (offset/more pagination, 429 back-off). */
export const pagerdutySource: CollectSource = {
  name: "pagerduty",
  enabled: (s) => s.pagerduty !== undefined,
  async plan(ctx: SourceContext): Promise<CollectTask[]> {
    const cfg = ctx.settings.pagerduty;
    if (!cfg) return [];
    const base = (cfg.url ?? PAGERDUTY_API).replace(/\/+$/, "");
    const token = ctx.credentials.PAGERDUTY_TOKEN;
    ctx.scrubber.add(token);
    const id = encodeURIComponent(cfg.incident);
    const { from, to } = ctx.window;
    const headers = (): Record<string, string> => {
      if (!token) throw new FetchFailure("auth", "PAGERDUTY_TOKEN is not set (environment or credentials file)");
      return { accept: "application/vnd.pagerduty+json;version=2", authorization: `Token token=${token}` };
    };
    const incident: CollectTask = {
      key: `incident:${cfg.incident}`,
      endpoint: ctx.scrubber.url(`${base}/incidents/${id}`),
      query: cfg.incident,
      from,
      to,
      async run() {
        const res = await ctx.http.request({
          url: urlOf(base, `/incidents/${id}`),
          headers: headers(),
          schema: z.object({ incident: Incident }).passthrough(),
        });
        return {
          outputs: [
            {
              file: "pagerduty/incident.json",
              content: `${JSON.stringify({ incident: res.data.incident }, null, 1)}\n`,
              rows: 1,
            },
          ],
        };
      },
    };
    const entries: CollectTask = {
      key: `log-entries:${cfg.incident}`,
      endpoint: ctx.scrubber.url(`${base}/incidents/${id}/log_entries`),
      query: cfg.incident,
      from,
      to,
      async run(): Promise<TaskResult> {
        const all: z.infer<typeof LogEntry>[] = [];
        let offset = 0;
        let partial: TaskResult["partial"];
        for (;;) {
          let page: z.infer<typeof LogEntries>;
          try {
            page = (
              await ctx.http.request({
                url: urlOf(base, `/incidents/${id}/log_entries`, {
                  offset,
                  limit: PAGE,
                  is_overview: "false",
                  time_zone: "UTC",
                }),
                headers: headers(),
                schema: LogEntries,
              })
            ).data;
          } catch (error) {
            if (error instanceof FetchFailure && all.length > 0) {
              partial = { reason: `failed after ${all.length} log entries`, error: error.message };
              break;
            }
            throw error;
          }
          all.push(...page.log_entries);
          if (!page.more || page.log_entries.length === 0) break;
          offset += page.log_entries.length;
          if (offset >= MAX_OFFSET) {
            partial = { reason: `truncated by a limit: PagerDuty pages stop at offset ${MAX_OFFSET}` };
            break;
          }
        }
        const seen = new Set<string>();
        const unique = all.filter((e) => !seen.has(e.id) && seen.add(e.id));
        unique.sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
        const outputs =
          unique.length > 0
            ? [
                {
                  file: "pagerduty/log-entries.json",
                  content: `${JSON.stringify({ log_entries: unique, more: false }, null, 1)}\n`,
                  rows: unique.length,
                },
              ]
            : [];
        if (partial) return { outputs, partial };
        return outputs.length > 0
          ? { outputs }
          : { outputs, emptyReason: "the incident has no log entries in the window" };
      },
    };
    return [incident, entries];
  },
};
