import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import { isRecord, type JsonRecord, str } from "./document-helpers.js";

/**
 * A Mattermost bulk export (`mmctl export create`, the JSONL the bulk loader reads): one object a line, a `version`
 * line first, then `team`, `channel`, `user` lines, then `post` lines (`{team, channel, user, message, create_at,
 * replies: [{user, message, create_at}]}`) and `direct_post` lines (`{channel_members, user, message, create_at}`).
 * `create_at` is epoch milliseconds. Every post and reply is a `chat` event by its author (the user's first and last
 * name when the export has them, else the username), so announcements ("deployed payments 4.2 to prod") become
 * changes through the chat recogniser. Documented: https://docs.mattermost.com/onboard/bulk-loading-data-format.html
 * and https://docs.mattermost.com/administration-guide/manage/bulk-export-tool.
 */
export const mattermostExport: DocumentFormat = {
  id: "mattermost-export",
  description: "Mattermost bulk export (JSONL): posts, replies and direct messages as chat events",
  kind: "chat",
  shape: "document",
  samples: [
    [
      '{"type":"version","version":1,"info":{"generator":"mattermost-server","version":"9.11.0","created":"2025-03-05T08:00:00Z"}}',
      '{"type":"team","team":{"name":"ops","display_name":"Ops","type":"O"}}',
      '{"type":"channel","channel":{"team":"ops","name":"deploys","display_name":"Deploys","type":"O"}}',
      '{"type":"user","user":{"username":"jroe","email":"jane.roe@example.com","first_name":"Jane","last_name":"Roe","teams":[{"name":"ops","channels":[{"name":"deploys"}]}]}}',
      '{"type":"post","post":{"team":"ops","channel":"deploys","user":"jroe","message":"deployed payments 4.2.0 to production","create_at":1741082442000,"replies":[{"user":"jroe","message":"error rate back to normal","create_at":1741082700000}]}}',
      '{"type":"direct_post","direct_post":{"channel_members":["jroe","bot"],"user":"bot","message":"reminder: freeze starts at 18:00","create_at":1741083000000}}',
    ].join("\n"),
  ],
  sampleName: "export.jsonl",
  detect(sample) {
    const first = sample.lines.find((l) => l.trim().length > 0) ?? "";
    if (!/^\s*\{"type"\s*:\s*"version"/.test(first) && !/^\s*\{.*"type"\s*:\s*"version".*"version"\s*:\s*1/.test(first))
      return 0;
    return /"type"\s*:\s*"(?:post|direct_post|user|channel|team)"/.test(sample.text) ? 0.98 : 0;
  },
  parse(text, ctx) {
    const names = new Map<string, string>();
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const raw = lines[i] ?? "";
      const line = raw.trim();
      if (line.length === 0) continue;
      let o: unknown;
      try {
        o = JSON.parse(line);
      } catch {
        ctx.skip(i + 1, "invalid-json", line.slice(0, 120));
        continue;
      }
      if (!isRecord(o)) {
        ctx.skip(i + 1, "unexpected-shape", line.slice(0, 120));
        continue;
      }
      const type = str(o.type) ?? "";
      const body = o[type];
      if (!isRecord(body)) {
        ctx.skip(i + 1, "metadata", line.slice(0, 120));
        continue;
      }
      if (type === "user") {
        const u = str(body.username);
        const full = [str(body.first_name), str(body.last_name)].filter(Boolean).join(" ");
        if (u && full) names.set(u, full);
        ctx.skip(i + 1, "metadata", `user ${u ?? ""}`);
        continue;
      }
      if (type !== "post" && type !== "direct_post") {
        ctx.skip(i + 1, "metadata", `${type}`);
        continue;
      }
      const channel =
        str(body.channel) ?? (Array.isArray(body.channel_members) ? `dm:${body.channel_members.join(",")}` : null);
      emitPost(body, i + 1, channel, names, ctx, null);
      if (Array.isArray(body.replies))
        for (const r of body.replies) if (isRecord(r)) emitPost(r, i + 1, channel, names, ctx, body);
    }
  },
};

function emitPost(
  p: JsonRecord,
  line: number,
  channel: string | null,
  names: Map<string, string>,
  ctx: FormatContext,
  parent: JsonRecord | null,
): void {
  const at = typeof p.create_at === "number" ? p.create_at : Number(str(p.create_at) ?? Number.NaN);
  if (!Number.isFinite(at)) {
    ctx.skip(line, "invalid-timestamp", `create_at ${String(p.create_at)}`);
    return;
  }
  const user = str(p.user);
  ctx.emit({
    ts: at,
    path: ctx.path,
    line,
    kind: "chat",
    severity: null,
    service: null,
    host: null,
    actor: user ? (names.get(user) ?? user) : null,
    message: str(p.message) ?? "",
    attributes: {
      ...(channel ? { channel } : {}),
      ...(user ? { username: user } : {}),
      ...(parent && typeof parent.create_at === "number" ? { threadTs: parent.create_at } : {}),
    },
  });
}
