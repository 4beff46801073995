import { z } from "zod";
import type { CollectSource, CollectTask, SourceContext } from "../collect-source.js";
import { endpointOf, urlOf } from "./endpoint.js";

const AmAlert = z
  .object({
    labels: z.record(z.string(), z.string()),
    annotations: z.record(z.string(), z.string()).optional(),
    startsAt: z.string(),
    endsAt: z.string().optional(),
    updatedAt: z.string().optional(),
    fingerprint: z.string().optional(),
    status: z.object({ state: z.string() }).passthrough().optional(),
  })
  .passthrough();
const AmSilence = z
  .object({
    id: z.string(),
    matchers: z.array(z.unknown()),
    startsAt: z.string(),
    endsAt: z.string(),
    createdBy: z.string().optional(),
    comment: z.string().optional(),
    status: z.object({ state: z.string() }).passthrough().optional(),
  })
  .passthrough();

/** True when `[start, end]` (ISO; an open or unparsable end counts as still going) overlaps `[from, to]` ms. */
export function overlaps(start: string, end: string | undefined, from: number, to: number): boolean {
  const s = Date.parse(start);
  if (Number.isNaN(s) || s > to) return false;
  const e = end === undefined ? Number.NaN : Date.parse(end);
  // Alertmanager writes 0001-01-01 for "no end" on some versions
  return Number.isNaN(e) || e <= s || e >= from;
}

/**
 * Alertmanager v2 API: alerts (active, silenced, inhibited, unprocessed) and silences that overlap the window.
 * Alertmanager keeps no history: only alerts it still holds (firing, or resolved within its retention) are there,
 * which the manifest reason says when nothing matches.
 */
export const alertmanagerSource: CollectSource = {
  name: "alertmanager",
  enabled: (s) => s.alertmanager !== undefined,
  async plan(ctx: SourceContext): Promise<CollectTask[]> {
    const cfg = ctx.settings.alertmanager;
    if (!cfg) return [];
    const ep = endpointOf(cfg.url, ctx.scrubber, { bearer: ctx.credentials.ALERTMANAGER_TOKEN });
    const { from, to } = ctx.window;
    return [
      {
        key: "alerts",
        endpoint: ctx.scrubber.url(`${ep.base}/api/v2/alerts`),
        query: "active, silenced, inhibited, unprocessed",
        from,
        to,
        async run() {
          const res = await ctx.http.request({
            url: urlOf(ep, "/api/v2/alerts", {
              active: "true",
              silenced: "true",
              inhibited: "true",
              unprocessed: "true",
            }),
            headers: ep.headers,
            schema: z.array(AmAlert),
          });
          const alerts = res.data.filter((a) => overlaps(a.startsAt, a.endsAt, from, to));
          alerts.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
          if (alerts.length === 0) {
            return {
              outputs: [],
              emptyReason: `${res.data.length} alert(s) held, none in the window (Alertmanager keeps no history of resolved alerts)`,
            };
          }
          return {
            outputs: [
              {
                file: "alertmanager/alerts.json",
                content: `${JSON.stringify(alerts, null, 1)}\n`,
                rows: alerts.length,
              },
            ],
          };
        },
      },
      {
        key: "silences",
        endpoint: ctx.scrubber.url(`${ep.base}/api/v2/silences`),
        query: null,
        from,
        to,
        async run() {
          const res = await ctx.http.request({
            url: urlOf(ep, "/api/v2/silences"),
            headers: ep.headers,
            schema: z.array(AmSilence),
          });
          const silences = res.data.filter((s) => overlaps(s.startsAt, s.endsAt, from, to));
          silences.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
          if (silences.length === 0) return { outputs: [], emptyReason: "no silence overlaps the window" };
          return {
            outputs: [
              {
                file: "alertmanager/silences.json",
                content: `${JSON.stringify(silences, null, 1)}\n`,
                rows: silences.length,
              },
            ],
          };
        },
      },
    ];
  },
};
