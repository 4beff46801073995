import { z } from "zod";
import { FetchFailure } from "../../util/http-client.js";
import type { CollectSource, CollectTask, SourceContext, TaskResult } from "../collect-source.js";
import { safeName } from "../collect-source.js";
import { urlOf } from "./endpoint.js";

/** Slack's Web API. */
export const SLACK_API = "https://slack.com/api";
/** Cursor pages followed per call before giving up (a loop guard, far above real channel sizes per incident). */
const MAX_PAGES = 500;

const Meta = z.object({ next_cursor: z.string().optional() }).passthrough().optional();
const Message = z
  .object({ ts: z.string(), thread_ts: z.string().optional(), reply_count: z.number().optional() })
  .passthrough();
const Ok = z.object({ ok: z.literal(true), response_metadata: Meta }).passthrough();
const Failed = z.object({ ok: z.literal(false), error: z.string() }).passthrough();

/** Slack answers 200 with `{ok:false,error}`; auth errors become `auth` failures, the rest `http`. */
function slackFailure(method: string, error: string): FetchFailure {
  const auth = [
    "invalid_auth",
    "not_authed",
    "account_inactive",
    "token_revoked",
    "token_expired",
    "missing_scope",
    "not_in_channel",
  ];
  return new FetchFailure(auth.includes(error) ? "auth" : "http", `Slack ${method}: ${error}`);
}

/** The UTC day (`YYYY-MM-DD`) of a Slack `ts` ("1739095523.123456"). */
export function slackDay(ts: string): string {
  return new Date(Number(ts.split(".")[0]) * 1000).toISOString().slice(0, 10);
}

/**
 * Slack Web API: channel name → id (`conversations.list`), `conversations.history` within oldest/latest,
 * `conversations.replies` for threads, `users.list`; cursor pagination. Written as a Slack export: `users.json`
 * and `<channel>/YYYY-MM-DD.json`, which `debrief evidence` reads.
 */
export const slackSource: CollectSource = {
  name: "slack",
  enabled: (s) => s.slack !== undefined,
  async plan(ctx: SourceContext): Promise<CollectTask[]> {
    const cfg = ctx.settings.slack;
    if (!cfg) return [];
    const base = (cfg.url ?? SLACK_API).replace(/\/+$/, "");
    const token = ctx.credentials.SLACK_TOKEN;
    ctx.scrubber.add(token);
    const channelName = cfg.channel.replace(/^#/, "");
    const { from, to } = ctx.window;

    async function call<S extends z.ZodTypeAny>(
      method: string,
      params: Record<string, string | number | undefined>,
      item: S,
      key: string,
    ): Promise<z.infer<S>[]> {
      if (!token) throw new FetchFailure("auth", "SLACK_TOKEN is not set (environment or credentials file)");
      const out: z.infer<S>[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const res = await ctx.http.request({
          url: urlOf(base, `/${method}`, { ...params, limit: 200, cursor }),
          headers: { authorization: `Bearer ${token}` },
          schema: z.union([Ok.extend({ [key]: z.array(item) }), Failed]),
        });
        const body = res.data as Record<string, unknown> & { ok: boolean; error?: string };
        if (!body.ok) throw slackFailure(method, body.error ?? "error");
        out.push(...(body[key] as z.infer<S>[]));
        cursor = (body.response_metadata as { next_cursor?: string } | undefined)?.next_cursor || undefined;
        if (!cursor) return out;
      }
      throw new FetchFailure("http", `Slack ${method}: more than ${MAX_PAGES} pages`);
    }

    const users: CollectTask = {
      key: "users",
      endpoint: ctx.scrubber.url(`${base}/users.list`),
      query: null,
      from,
      to,
      async run() {
        const members = await call("users.list", {}, z.object({ id: z.string() }).passthrough(), "members");
        if (members.length === 0) return { outputs: [], emptyReason: "users.list returned no members" };
        return {
          outputs: [
            { file: "slack/users.json", content: `${JSON.stringify(members, null, 1)}\n`, rows: members.length },
          ],
        };
      },
    };
    const history: CollectTask = {
      key: `channel:${channelName}`,
      endpoint: ctx.scrubber.url(`${base}/conversations.history`),
      query: `#${channelName}`,
      from,
      to,
      async run(): Promise<TaskResult> {
        const channels = await call(
          "conversations.list",
          { types: "public_channel,private_channel", exclude_archived: "false" },
          z.object({ id: z.string(), name: z.string().optional() }).passthrough(),
          "channels",
        );
        const channel = channels.find((c) => c.name === channelName || c.id === channelName);
        if (!channel)
          throw new FetchFailure("http", `Slack channel #${channelName} not found (or the token cannot see it)`);
        const range = {
          channel: channel.id,
          oldest: (from / 1000).toFixed(6),
          latest: (to / 1000).toFixed(6),
          inclusive: "true",
        };
        const top = await call("conversations.history", range, Message, "messages");
        const byTs = new Map<string, z.infer<typeof Message>>();
        for (const m of top) byTs.set(m.ts, m);
        let partial: TaskResult["partial"];
        for (const m of top) {
          if (!m.thread_ts || m.thread_ts !== m.ts || !m.reply_count) continue;
          try {
            const replies = await call("conversations.replies", { ...range, ts: m.thread_ts }, Message, "messages");
            for (const r of replies) if (!byTs.has(r.ts)) byTs.set(r.ts, r);
          } catch (error) {
            if (!(error instanceof FetchFailure)) throw error;
            partial = { reason: `replies of thread ${m.thread_ts} missing`, error: error.message };
          }
        }
        const days = new Map<string, z.infer<typeof Message>[]>();
        for (const m of [...byTs.values()].sort((a, b) => Number(a.ts) - Number(b.ts))) {
          const day = slackDay(m.ts);
          const list = days.get(day) ?? [];
          list.push(m);
          days.set(day, list);
        }
        const dir = `slack/${safeName(channelName)}`;
        const outputs = [...days.entries()].map(([day, msgs]) => ({
          file: `${dir}/${day}.json`,
          content: `${JSON.stringify(msgs, null, 1)}\n`,
          rows: msgs.length,
        }));
        if (partial) return { outputs, partial };
        return outputs.length > 0
          ? { outputs }
          : { outputs, emptyReason: `no message in #${channelName} in the window` };
      },
    };
    return [users, history];
  },
};
