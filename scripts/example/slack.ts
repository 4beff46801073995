import type { Rng } from "./prng.js";
import { at, PEOPLE, T } from "./scenario.js";

const TEAM = "T02SHOPX4QZ";
const BOT_ID = "B06AMGR7K2L";
const CHANNEL_ID = "C04ORDAPI7Q";

type Person = (typeof PEOPLE)[keyof typeof PEOPLE];

/** Slack writes its export JSON indented by four spaces. */
export function slackJson(value: unknown): string {
  return JSON.stringify(value, null, 4);
}

function avatarHash(rng: Rng): string {
  return rng.hex(12);
}

function profileImages(hash: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const size of [24, 32, 48, 72, 192, 512]) {
    out[`image_${size}`] = `https://avatars.slack-edge.com/2023-05-11/5245${hash.slice(0, 6)}_${hash}_${size}.png`;
  }
  return out;
}

const TITLES: Record<string, string> = {
  priya: "Senior SRE, Shop Platform",
  tomas: "Engineering Manager, Shop",
  dmitri: "Database Reliability Engineer",
  maya: "Customer Support Lead",
  kenji: "Software Engineer, Orders",
};

/** `users.json` of a Slack workspace export: the people in the story plus the Alertmanager app's bot user. */
export function slackUsers(rng: Rng): { users: unknown[]; hashes: Map<string, string> } {
  const hashes = new Map<string, string>();
  const users: unknown[] = Object.values(PEOPLE).map((p: Person) => {
    const hash = avatarHash(rng);
    hashes.set(p.slack, hash);
    const [first = "", last = ""] = p.real.split(" ");
    return {
      id: p.slack,
      team_id: TEAM,
      name: p.name,
      deleted: false,
      color: rng.hex(6),
      real_name: p.real,
      tz: "Europe/London",
      tz_label: "Greenwich Mean Time",
      tz_offset: 0,
      profile: {
        title: TITLES[p.name] ?? "",
        phone: "",
        skype: "",
        real_name: p.real,
        real_name_normalized: p.real.normalize("NFD").replace(/[\u0300-\u036f]/g, ""),
        display_name: p.name,
        display_name_normalized: p.name,
        fields: null,
        status_text: "",
        status_emoji: "",
        status_emoji_display_info: [],
        status_expiration: 0,
        avatar_hash: hash,
        email: p.email,
        first_name: first,
        last_name: last,
        ...profileImages(hash),
        status_text_canonical: "",
        team: TEAM,
      },
      is_admin: false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: false,
      is_app_user: false,
      updated: 1733911200 + rng.int(4_000_000),
      is_email_confirmed: true,
      who_can_share_contact_card: "EVERYONE",
    };
  });
  users.push({
    id: "U06AMGR7K2M",
    team_id: TEAM,
    name: "alertmanager",
    deleted: false,
    real_name: "Alertmanager",
    profile: {
      real_name: "Alertmanager",
      display_name: "",
      avatar_hash: "g5c1e2a3b4d5",
      api_app_id: "A06AMGR7K2N",
      always_active: false,
      bot_id: BOT_ID,
      first_name: "Alertmanager",
      last_name: "",
      team: TEAM,
    },
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: true,
    is_app_user: false,
    updated: 1706868000,
  });
  return { users, hashes };
}

/** `channels.json`: the standing channel where orders-api alerts land and incidents are worked. */
export function slackChannels(): unknown[] {
  const members = Object.values(PEOPLE).map((p) => p.slack);
  return [
    {
      id: CHANNEL_ID,
      name: "inc-orders-api",
      created: 1686219600,
      creator: PEOPLE.ic.slack,
      is_archived: false,
      is_general: false,
      members,
      topic: {
        value: "orders-api alerts and incidents | runbook: https://runbooks.shop.example.com/orders-api",
        creator: PEOPLE.ic.slack,
        last_set: 1686219660,
      },
      purpose: {
        value: "Alerts and incident coordination for orders-api",
        creator: PEOPLE.ic.slack,
        last_set: 1686219600,
      },
    },
  ];
}

interface Draft {
  at: number;
  who: Person | "bot" | "join";
  text: string;
  alert?: { title: string; color: string; text: string };
  threadOf?: number;
}

/** Slack `ts`: whole seconds, then a 6-digit sequence that makes it unique in the channel. */
function slackTs(ms: number, seq: number): string {
  return `${Math.floor(ms / 1000)}.${String(seq * 100).padStart(6, "0")}`;
}

/** Rich-text blocks the Slack client sends along with `text`, mentions split out as `user` elements. */
function blocks(rng: Rng, text: string): unknown[] {
  const elements: unknown[] = [];
  const re = /<@(U[A-Z0-9]+)>|<!(here|channel)>|`([^`]+)`/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) elements.push({ type: "text", text: text.slice(last, m.index) });
    if (m[1]) elements.push({ type: "user", user_id: m[1] });
    else if (m[2]) elements.push({ type: "broadcast", range: m[2] });
    else elements.push({ type: "text", text: m[3], style: { code: true } });
    last = m.index + m[0].length;
  }
  if (last < text.length) elements.push({ type: "text", text: text.slice(last) });
  return [
    {
      type: "rich_text",
      block_id: rng.chars(5, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="),
      elements: [{ type: "rich_text_section", elements }],
    },
  ];
}

function uuid(rng: Rng): string {
  const h = rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[rng.int(4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const M = (p: Person) => `<@${p.slack}>`;

/** The channel's messages on 2025-02-09, oldest first, as `inc-orders-api/2025-02-09.json` holds them. */
export function slackDay(rng: Rng, hashes: Map<string, string>): unknown[] {
  const { oncall, ic, dba, support, dev } = PEOPLE;
  const drafts: Draft[] = [
    {
      at: at(9, 21, 7),
      who: dev,
      text: "FYI payment-gateway sandbox maintenance on Tuesday 02:00-04:00 UTC, staging checkout will fail during that window",
    },
    {
      at: T.latencyAlert + 30_000,
      who: "bot",
      text: "",
      alert: {
        title: "[FIRING:1] HighLatencyP99 orders-api (warning)",
        color: "warning",
        text: "*Alert:* orders-api p99 latency high - `warning`\n*Description:* p99 latency of orders-api has been above 1s for 5 minutes.\n*Details:*\n  • *alertname:* `HighLatencyP99`\n  • *namespace:* `shop`\n  • *service:* `orders-api`\n  • *severity:* `warning`",
      },
    },
    {
      at: T.slackAlert,
      who: "bot",
      text: "",
      alert: {
        title: "[FIRING:1] HighErrorRate orders-api (critical)",
        color: "danger",
        text: "*Alert:* orders-api 5xx error rate above 5% - `critical`\n*Description:* More than 5% of orders-api requests have failed with 5xx for 1 minute.\n*Details:*\n  • *alertname:* `HighErrorRate`\n  • *namespace:* `shop`\n  • *service:* `orders-api`\n  • *severity:* `critical`",
      },
    },
    {
      at: at(10, 9, 40),
      who: support,
      text: '<!here> customers are reporting checkout failures: "Something went wrong" when placing an order, 6 tickets in the last 5 minutes',
    },
    { at: T.acknowledged + 5_000, who: oncall, text: `ack'd the page, looking. thanks ${M(support)}` },
    {
      at: at(10, 12, 50),
      who: oncall,
      text: "5xx on orders-api around 12%, mostly `GET /api/v1/orders?...&status=open` and `POST /api/v1/orders`. app logs show `canceling statement due to user request` after 5s",
    },
    { at: at(10, 13, 30), who: oncall, text: "pods look wedged, trying a rollout restart" },
    { at: T.restart, who: oncall, text: "`kubectl -n shop rollout restart deploy/orders-api`" },
    { at: at(10, 14, 50), who: oncall, text: "error rate dropping after the restart :crossed_fingers:" },
    {
      at: at(10, 15, 55),
      who: oncall,
      text: "nope, back up and worse. now `connection pool exhausted (20/20 in use), waited 5000ms` on every pod",
    },
    {
      at: at(10, 16, 20),
      who: oncall,
      text: `${M(dba)} can you look at orders-db? the pool is pegged at 20/20 on all pods`,
    },
    { at: at(10, 16, 35), who: "join", text: `${M(dba)} has joined the channel` },
    {
      at: at(10, 17, 0),
      who: ic,
      text: `I'm taking IC. ${M(oncall)} keep driving the investigation, I'll do comms. status page updated: checkout degraded`,
    },
    {
      at: T.slowQueriesIdentified,
      who: dba,
      text: "slow queries on orders table identified: `SELECT ... FROM orders WHERE customer_id = $1 AND status = 'open'` is a seq scan on 41M rows, 3-8s each and 60+ running at once. it arrived with v2.3.0 (new open-orders lookup). no index on (customer_id, status)",
    },
    { at: at(10, 19, 20), who: ic, text: "can we roll back to 2.2.4?" },
    {
      at: at(10, 19, 40),
      who: oncall,
      text: "not quickly: 2.3.0 ran migration 0042 (status enum), 2.2.4 can't write orders against it. the cache layer for that lookup is ready in #418, that's faster",
      threadOf: at(10, 19, 20),
    },
    { at: T.cacheDeployStarted, who: oncall, text: "deploying cache layer (orders-api v2.3.1)" },
    {
      at: at(10, 20, 30),
      who: dba,
      text: "preparing `CREATE INDEX CONCURRENTLY orders_customer_id_status_idx ON orders (customer_id, status)`. ~25 min on this table, not running it at peak",
    },
    { at: T.mitigated, who: oncall, text: "cache layer deployed, all 3 pods on v2.3.1" },
    {
      at: at(10, 24, 35),
      who: oncall,
      text: "errors falling, under 10% now and dropping. pool in use down to 6-8 per pod, cache still warming up",
    },
    { at: at(10, 28, 5), who: support, text: "support confirms: only one new checkout ticket since 10:25" },
    {
      at: at(10, 35, 40),
      who: oncall,
      text: "error rate back to normal (~0.2%, the usual payment-gateway timeouts). keeping the incident open a few more minutes",
    },
    {
      at: T.resolved,
      who: ic,
      text: `resolving. thanks all. post-mortem owner ${M(oncall)}; index creation tracked in SHOP-2291`,
    },
  ];
  const tsOf = new Map<number, string>();
  const messages: Record<string, unknown>[] = [];
  drafts.forEach((d, i) => {
    const ts = slackTs(d.at, i + 1);
    tsOf.set(d.at, ts);
    if (d.who === "bot") {
      messages.push({
        type: "message",
        subtype: "bot_message",
        text: "",
        ts,
        username: "Alertmanager",
        icons: { image_48: "https://avatars.slack-edge.com/2024-02-02/alertmanager_48.png" },
        bot_id: BOT_ID,
        attachments: [
          {
            id: 1,
            color: d.alert!.color,
            fallback: `${d.alert!.title} | http://alertmanager-main-0:9093/#/alerts?receiver=slack-inc-orders-api`,
            title: d.alert!.title,
            title_link: "http://alertmanager-main-0:9093/#/alerts?receiver=slack-inc-orders-api",
            text: d.alert!.text,
            mrkdwn_in: ["fallback", "pretext", "text"],
          },
        ],
      });
      return;
    }
    if (d.who === "join") {
      messages.push({ type: "message", subtype: "channel_join", ts, user: PEOPLE.dba.slack, text: d.text });
      return;
    }
    const p = d.who;
    const hash = hashes.get(p.slack) ?? "000000000000";
    const msg: Record<string, unknown> = {
      client_msg_id: uuid(rng),
      type: "message",
      text: d.text,
      user: p.slack,
      ts,
      blocks: blocks(rng, d.text),
      team: TEAM,
      user_team: TEAM,
      source_team: TEAM,
      user_profile: {
        avatar_hash: hash,
        image_72: profileImages(hash).image_72,
        first_name: p.real.split(" ")[0],
        real_name: p.real,
        display_name: p.name,
        team: TEAM,
        name: p.name,
        is_restricted: false,
        is_ultra_restricted: false,
      },
    };
    if (d.threadOf !== undefined) {
      msg.thread_ts = tsOf.get(d.threadOf);
      msg.parent_user_id = PEOPLE.ic.slack;
    }
    messages.push(msg);
  });
  // Thread parents carry a summary of their replies.
  for (const parent of messages) {
    const replies = messages.filter((m) => m.thread_ts === parent.ts && m !== parent);
    if (replies.length === 0) continue;
    parent.thread_ts = parent.ts;
    parent.reply_count = replies.length;
    parent.reply_users_count = new Set(replies.map((m) => m.user)).size;
    parent.latest_reply = replies[replies.length - 1]!.ts;
    parent.reply_users = [...new Set(replies.map((m) => m.user))];
    parent.replies = replies.map((m) => ({ user: m.user, ts: m.ts }));
    parent.is_locked = false;
    parent.subscribed = false;
  }
  // A few reactions, as people leave them.
  const react = (text: string, name: string, users: Person[]) => {
    const m = messages.find((x) => typeof x.text === "string" && (x.text as string).startsWith(text));
    if (m) m.reactions = [{ name, users: users.map((u) => u.slack), count: users.length }];
  };
  react("slow queries on orders table", "dart", [oncall, ic]);
  react("cache layer deployed", "tada", [ic, support, dba]);
  react("<!here> customers", "eyes", [oncall]);
  return messages;
}
