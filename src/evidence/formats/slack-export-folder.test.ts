import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RawEvent } from "../../model/event.js";
import { readEvidence } from "../read-evidence.js";

/**
 * A standard Slack workspace export as Slack writes it (https://slack.com/help/articles/220556107): users.json,
 * channels.json, integration_logs.json in the Web API's shape ({ok, logs, paging}), canvases.json (a URL per
 * canvas, no canvas content), one folder per channel of day files with threads, edits, joins and bot posts, all
 * pretty-printed with 4 spaces. `debrief evidence` must read it whole: no unknown format, no warning (exit 0).
 */
const root = mkdtempSync(join(tmpdir(), "debrief-slack-export-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const USERS = [
  {
    id: "U04ALEXKIM",
    team_id: "T01EXAMPLE",
    name: "alex.kim",
    deleted: false,
    real_name: "Alex Kim",
    tz: "Europe/Berlin",
    profile: {
      title: "SRE",
      real_name: "Alex Kim",
      real_name_normalized: "Alex Kim",
      display_name: "alex",
      display_name_normalized: "alex",
      team: "T01EXAMPLE",
    },
    is_admin: false,
    is_bot: false,
    updated: 1739000000,
  },
  {
    id: "U05PRIYA",
    team_id: "T01EXAMPLE",
    name: "priya",
    deleted: false,
    profile: {
      real_name: "Priya Raman",
      display_name: "priya.r",
      team: "T01EXAMPLE",
    },
    is_bot: false,
    updated: 1739000000,
  },
  {
    id: "U06PDBOT",
    team_id: "T01EXAMPLE",
    name: "pagerduty",
    deleted: false,
    profile: {
      real_name: "PagerDuty",
      display_name: "",
      bot_id: "B06PDBOT",
    },
    is_bot: true,
    updated: 1739000000,
  },
];
const CHANNELS = [
  {
    id: "C05INCIDENT",
    name: "incident-orders",
    created: 1739090000,
    creator: "U04ALEXKIM",
    is_archived: false,
    is_general: false,
    members: ["U04ALEXKIM", "U05PRIYA"],
    topic: {
      value: "Orders API 5xx",
      creator: "U04ALEXKIM",
      last_set: 1739090000,
    },
    purpose: {
      value: "Incident channel",
      creator: "U04ALEXKIM",
      last_set: 1739090000,
    },
  },
  {
    id: "C01GENERAL",
    name: "general",
    created: 1600000000,
    creator: "U04ALEXKIM",
    is_archived: false,
    is_general: true,
    members: ["U04ALEXKIM", "U05PRIYA"],
    topic: {
      value: "",
      creator: "",
      last_set: 0,
    },
    purpose: {
      value: "Company-wide",
      creator: "",
      last_set: 0,
    },
  },
];
const INTEGRATION_LOGS = {
  ok: true,
  logs: [
    {
      service_id: "1234567890",
      service_type: "PagerDuty",
      user_id: "U04ALEXKIM",
      user_name: "alex.kim",
      channel: "C05INCIDENT",
      date: "1739095000",
      change_type: "added",
      scope: "incoming-webhook",
    },
    {
      app_id: "A0W7UKG8E",
      app_type: "GitHub",
      user_id: "U05PRIYA",
      user_name: "priya",
      date: "1739095100",
      change_type: "removed",
      reason: "user_removed",
    },
  ],
  paging: {
    count: 100,
    total: 2,
    page: 1,
    pages: 1,
  },
};
const CANVASES = [
  {
    id: "F07CANVAS1",
    created: 1739095200,
    timestamp: 1739095200,
    name: "Incident notes",
    title: "Incident notes",
    mimetype: "application/vnd.slack-docs",
    filetype: "quip",
    user: "U04ALEXKIM",
    is_channel_space: true,
    linked_channel_id: "C05INCIDENT",
  },
];
const DAY = [
  {
    type: "message",
    subtype: "channel_join",
    ts: "1739094900.000100",
    user: "U05PRIYA",
    text: "<@U05PRIYA> has joined the channel",
  },
  {
    type: "message",
    subtype: "bot_message",
    ts: "1739095211.000200",
    bot_id: "B06PDBOT",
    username: "PagerDuty",
    text: "Triggered #1234: HighErrorRate orders-api",
    attachments: [
      {
        fallback: "Triggered #1234",
        color: "a80000",
        text: "HighErrorRate",
        id: 1,
      },
    ],
  },
  {
    client_msg_id: "0f1e2d3c-aaaa-bbbb-cccc-111122223333",
    type: "message",
    text: "Customers report checkout errors, <@U05PRIYA> can you look at orders-api?",
    user: "U04ALEXKIM",
    ts: "1739095300.000300",
    team: "T01EXAMPLE",
    user_team: "T01EXAMPLE",
    source_team: "T01EXAMPLE",
    user_profile: {
      real_name: "Alex Kim",
      display_name: "alex",
      name: "alex.kim",
      is_restricted: false,
    },
    edited: {
      user: "U04ALEXKIM",
      ts: "1739095320.000000",
    },
    blocks: [
      {
        type: "rich_text",
        block_id: "abc",
        elements: [
          {
            type: "rich_text_section",
            elements: [
              {
                type: "text",
                text: "Customers report checkout errors",
              },
            ],
          },
        ],
      },
    ],
    thread_ts: "1739095300.000300",
    reply_count: 1,
    reply_users_count: 1,
    latest_reply: "1739095400.000400",
    reply_users: ["U05PRIYA"],
    replies: [
      {
        user: "U05PRIYA",
        ts: "1739095400.000400",
      },
    ],
    is_locked: false,
    subscribed: false,
    reactions: [
      {
        name: "eyes",
        users: ["U05PRIYA"],
        count: 1,
      },
    ],
  },
  {
    client_msg_id: "0f1e2d3c-aaaa-bbbb-cccc-444455556666",
    type: "message",
    text: "rolling back orders-api to v2.3.0 now",
    user: "U05PRIYA",
    ts: "1739095400.000400",
    thread_ts: "1739095300.000300",
    parent_user_id: "U04ALEXKIM",
    team: "T01EXAMPLE",
    user_profile: {
      real_name: "Priya Raman",
      display_name: "priya.r",
      name: "priya",
    },
  },
  {
    type: "message",
    subtype: "message_changed",
    hidden: true,
    ts: "1739095500.000500",
    message: {
      type: "message",
      user: "U05PRIYA",
      text: "rollback done",
      ts: "1739095450.000450",
      edited: {
        user: "U05PRIYA",
        ts: "1739095500.000500",
      },
    },
  },
  {
    type: "message",
    subtype: "thread_broadcast",
    text: "Error rate back to baseline",
    user: "U05PRIYA",
    ts: "1739095800.000600",
    thread_ts: "1739095300.000300",
    root: {
      text: "Customers report checkout errors",
      user: "U04ALEXKIM",
      ts: "1739095300.000300",
    },
  },
];

function write(path: string, value: unknown): void {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), `${JSON.stringify(value, null, 4)}\n`);
}

write("users.json", USERS);
write("channels.json", CHANNELS);
write("integration_logs.json", INTEGRATION_LOGS);
write("canvases.json", CANVASES);
write("content_flags.json", []);
write("incident-orders/2025-02-09.json", DAY);
write("general/2025-02-09.json", []);

async function readAll() {
  const events: RawEvent[] = [];
  const { sources } = await readEvidence([root], { baseDir: root, onEvent: (e) => events.push(e) });
  return { sources, events };
}

describe("a standard Slack export folder", () => {
  it("is read whole: every file recognised, no warning, nothing skipped", async () => {
    const { sources } = await readAll();
    expect(Object.fromEntries(sources.map((s) => [s.path, s.format]))).toEqual({
      "canvases.json": "slack-metadata",
      "channels.json": "slack-metadata",
      "content_flags.json": "slack-metadata",
      "general/2025-02-09.json": "slack-export",
      "incident-orders/2025-02-09.json": "slack-export",
      "integration_logs.json": "slack-integration-logs",
      "users.json": "slack-metadata",
    });
    for (const s of sources) {
      expect(s.warnings ?? [], s.path).toEqual([]);
      expect(s.skipped.total, s.path).toBe(0);
    }
  });

  it("names people from users.json (real name, else profile name), keeps threads and reads edits", async () => {
    const { events } = await readAll();
    // every message of the day file, in order (a chat line announcing a rollback is read as a change)
    const chat = events.filter((e) => e.path === "incident-orders/2025-02-09.json");
    expect(chat.map((e) => [new Date(e.ts).toISOString(), e.actor, e.attributes.subtype ?? null])).toEqual([
      ["2025-02-09T09:55:00.000Z", "Priya Raman", "channel_join"],
      ["2025-02-09T10:00:11.000Z", "PagerDuty", "bot_message"],
      ["2025-02-09T10:01:40.000Z", "Alex Kim", null],
      ["2025-02-09T10:03:20.000Z", "Priya Raman", null],
      ["2025-02-09T10:05:00.000Z", "Priya Raman", "message_changed"],
      ["2025-02-09T10:10:00.000Z", "Priya Raman", "thread_broadcast"],
    ]);
    expect(chat[2]?.message).toBe("Customers report checkout errors, @Priya Raman can you look at orders-api?");
    expect(chat[2]?.attributes).toMatchObject({ edited: true, editedBy: "Alex Kim" });
    expect(chat[3]?.kind).toBe("change");
    expect(chat[3]?.attributes.threadTs).toBe("1739095300.000300");
    expect(chat[4]?.message).toBe("rollback done");
    expect(chat[4]?.attributes).toMatchObject({ edited: true, originalTs: "1739095450.000450" });
  });

  it("reads integration_logs.json in the API shape as integration changes by their user", async () => {
    const { events } = await readAll();
    const changes = events.filter((e) => e.path === "integration_logs.json");
    expect(changes.map((e) => [new Date(e.ts).toISOString(), e.actor, e.message])).toEqual([
      ["2025-02-09T09:56:40.000Z", "alex.kim", "Slack integration PagerDuty added in C05INCIDENT"],
      ["2025-02-09T09:58:20.000Z", "priya", "Slack integration GitHub removed (user_removed)"],
    ]);
  });
});
