import type { DocumentFormat } from "../evidence-format.js";
import { docHead, epochSecondsToMs, field, isRecord, itemExcerpt, parseDocument, str } from "./document-helpers.js";

const DAY_FILE = /^\d{4}-\d{2}-\d{2}\.json$/;
/** Files at the root of a Slack export that describe it rather than hold messages. */
const METADATA_FILES = new Set([
  "users.json",
  "channels.json",
  "groups.json",
  "dms.json",
  "mpims.json",
  "canvases.json",
  "org_users.json",
  "content_flags.json",
]);

/** Parse Slack's `users.json` into id → display name (real name, else display name, else handle). */
export function slackUserNames(text: string | undefined): Map<string, string> {
  const names = new Map<string, string>();
  if (text === undefined) return names;
  let users: unknown;
  try {
    users = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return names;
  }
  if (!Array.isArray(users)) return names;
  for (const u of users) {
    const id = field(u, "id");
    if (!id) continue;
    const name =
      field(u, "real_name") ||
      field(u, "profile", "real_name") ||
      field(u, "profile", "display_name") ||
      field(u, "name");
    if (name) names.set(id, name);
  }
  return names;
}

/**
 * Slack's message markup to plain text: `<@U123>` → `@Real Name`, `<#C1|general>` → `#general`, `<!here>` → `@here`,
 * `<https://x|label>` → `label (https://x)`, and the three HTML entities Slack escapes.
 */
export function slackText(text: string, users: Map<string, string>): string {
  return text
    .replace(/<([^<>]+)>/g, (_m, inner: string) => {
      const [target = "", label] = inner.split("|", 2);
      if (target.startsWith("@")) return `@${users.get(target.slice(1)) ?? label ?? target.slice(1)}`;
      if (target.startsWith("#")) return `#${label ?? target.slice(1)}`;
      if (target.startsWith("!")) {
        const word = target.slice(1).split("^")[0] ?? "";
        return `@${label ?? (word === "subteam" ? "group" : word)}`;
      }
      return label ? `${label} (${target})` : target;
    })
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function channelOf(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts.length >= 2 ? (parts[parts.length - 2] ?? "") : "";
}

/**
 * A Slack export day file (`<channel>/YYYY-MM-DD.json`, an array of messages with `ts` like `"1739095725.000200"`).
 * One `chat` event per message; the actor is the user's real name from the export's `users.json` (found next to
 * the channel folder or above it), bots get their bot name and `attributes.bot: true`, and `<@U123>` mentions in
 * the text are resolved to names. Thread replies keep `threadTs`; an edit (`message_changed`) is an event at the
 * edit's time with the edited text and author, and edited messages say so (`edited`, `editedBy`). A missing `users.json` is a source warning (ids are kept as they are).
 */
export const slackExport: DocumentFormat = {
  id: "slack-export",
  samples: [
    '[{"type": "message", "subtype": "bot_message", "text": "", "ts": "1739095635.000100", "username": "Alertmanager", "bot_id": "B03ALERTS", "attachments": [{"fallback": "[FIRING:1] HighErrorRate orders-api (critical)", "title": "[FIRING:1] HighErrorRate"}]}, {"client_msg_id": "2b1a6f0e-8f4e-4f67-9d5e-0a1b2c3d4e5f", "type": "message", "text": "ack, looking. <@U05SAMLEE> can you check the DB? &lt;orders&gt; looks slow", "user": "U04ALEXKIM", "ts": "1739095925.000200", "team": "T01EXAMPLE", "user_profile": {"real_name": "Alex Kim", "display_name": "alex", "name": "alex.kim"}}, {"type": "message", "text": "slow queries on orders table identified, see <https://grafana.example.com/d/db|dashboard>", "user": "U05SAMLEE", "ts": "1739096325.000000", "thread_ts": "1739095925.000200", "reactions": [{"name": "eyes", "users": ["U04ALEXKIM"], "count": 1}]}, {"type": "message", "text": "message from someone not in users.json", "user": "U09GHOST", "ts": "1739096400.123456"}]',
  ],
  sampleName: "2025-02-09.json",
  description: "Slack export channel day file (<channel>/YYYY-MM-DD.json; users.json at the export root)",
  kind: "chat",
  shape: "document",
  detect(sample) {
    if (!DAY_FILE.test(sample.name) || docHead(sample.text) !== "[") return 0;
    if (/"ts"\s*:\s*"\d+\.\d+"/.test(sample.text)) return 0.98;
    return /^\s*\[\s*\]\s*$/.test(sample.text) ? 0.6 : 0.2;
  },
  parse(text, ctx) {
    const doc = parseDocument(text, ctx);
    const root = doc.value;
    if (!Array.isArray(root)) {
      if (root !== undefined && !doc.problem) ctx.skip(1, "unexpected-shape", "expected an array of messages");
      return;
    }
    const usersText = ctx.related?.("users.json");
    if (usersText === undefined && root.length > 0) {
      ctx.warn?.("users.json not found in the export: user ids are shown instead of names");
    }
    const users = slackUserNames(usersText);
    const channel = channelOf(ctx.path);
    ctx.noteZoneFromData("UTC");
    for (const msg of root) {
      const line = doc.lineOf(msg);
      if (!isRecord(msg) || doc.isPartial(msg)) {
        ctx.skip(line, isRecord(msg) ? "incomplete-item" : "unexpected-shape", itemExcerpt(msg));
        continue;
      }
      const tsText = str(msg.ts);
      const ts = epochSecondsToMs(tsText);
      if (!Number.isFinite(ts)) {
        ctx.skip(line, "invalid-timestamp", itemExcerpt(msg));
        continue;
      }
      // an edit (`subtype: message_changed`) carries the edited message under `message`: its author and new text
      const edited = msg.subtype === "message_changed" && isRecord(msg.message) ? msg.message : undefined;
      const userId = str(msg.user) ?? (edited ? str(edited.user) : null);
      const botName = str(msg.username) ?? field(msg, "bot_profile", "name");
      const isBot = msg.subtype === "bot_message" || str(msg.bot_id) !== null;
      const actor = isBot
        ? (botName ?? (userId ? (users.get(userId) ?? userId) : "bot"))
        : userId
          ? (users.get(userId) ?? field(msg, "user_profile", "real_name") ?? userId)
          : botName;
      let body = str(msg.text) || (edited ? (str(edited.text) ?? "") : "");
      if (body.length === 0 && Array.isArray(msg.attachments)) {
        // bot posts (Alertmanager, PagerDuty) often put everything in attachments
        body = msg.attachments
          .map((a) => field(a, "fallback") ?? field(a, "title") ?? field(a, "text") ?? "")
          .filter((s) => s.length > 0)
          .join(" | ");
      }
      const attributes: Record<string, unknown> = { channel, ts: tsText };
      if (userId) attributes.user = userId;
      if (isBot) attributes.bot = true;
      const subtype = str(msg.subtype);
      if (subtype) attributes.subtype = subtype;
      const edit = isRecord(msg.edited) ? msg.edited : edited && isRecord(edited.edited) ? edited.edited : undefined;
      if (edit) {
        attributes.edited = true;
        const by = str(edit.user);
        if (by) attributes.editedBy = users.get(by) ?? by;
      }
      if (edited && str(edited.ts)) attributes.originalTs = str(edited.ts);
      const thread = str(msg.thread_ts);
      if (thread && thread !== tsText) attributes.threadTs = thread;
      if (Array.isArray(msg.reactions)) {
        attributes.reactions = msg.reactions
          .map((r) => (isRecord(r) ? { name: str(r.name), count: typeof r.count === "number" ? r.count : 0 } : null))
          .filter((r) => r !== null);
      }
      ctx.emit({
        ts,
        path: ctx.path,
        line,
        kind: "chat",
        severity: null,
        service: null,
        host: null,
        actor: actor ?? null,
        message: slackText(body, users),
        attributes,
      });
    }
  },
};

/**
 * The descriptive files at the root of a Slack export (`users.json`, `channels.json`, ...): inventoried with their
 * checksum, no events (they give names to the day files' ids).
 */
export const slackMetadata: DocumentFormat = {
  id: "slack-metadata",
  samples: [
    '[{"id": "U04ALEXKIM", "team_id": "T01EXAMPLE", "name": "alex.kim", "deleted": false, "real_name": "Alex Kim", "tz": "Europe/Berlin", "profile": {"real_name": "Alex Kim", "display_name": "alex", "email": "alex.kim@example.com"}, "is_bot": false}, {"id": "U05SAMLEE", "team_id": "T01EXAMPLE", "name": "sam.lee", "deleted": false, "profile": {"real_name": "Sam Lee", "display_name": "sam"}, "is_bot": false}]',
  ],
  sampleName: "users.json",
  description: "Slack export metadata (users.json, channels.json...): inventoried, no events",
  kind: "chat",
  shape: "document",
  detect(sample) {
    if (!METADATA_FILES.has(sample.name) || docHead(sample.text) !== "[") return 0;
    // ids: U/W users, C/G/D channels, F canvases (files)
    return /"id"\s*:\s*"[UCDGWF]/.test(sample.text) || /^\s*\[\s*\]\s*$/.test(sample.text) ? 0.9 : 0.3;
  },
  parse(text, ctx) {
    const doc = parseDocument(text, ctx);
    if (doc.value !== undefined && !Array.isArray(doc.value) && !doc.problem) {
      ctx.skip(1, "unexpected-shape", "expected an array");
    }
  },
};
