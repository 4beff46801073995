import { createHash } from "node:crypto";
import { DebriefError } from "../../model/debrief-error.js";
import { formatInstant, humanizeIsoTimes } from "../../report/time-format.js";
import { redact } from "../../util/redact/index.js";
import { postJson } from "../http-post.js";
import type { PlannedStep, PublishChannel, PublishContext, PublishSummary } from "../publish-types.js";

/**
 * Microsoft Teams: an Adaptive Card posted to a channel's incoming webhook or to a Workflows ("When a Teams webhook
 * request is received") URL. Both take the same envelope — a `message` whose one attachment has the content type
 * `application/vnd.microsoft.card.adaptive` and the card as `content` — and answer 200 (incoming webhook, body `1`)
 * or 202 (Workflows). Cards stay at schema 1.4, the highest both render, and under the 28 KB message limit.
 */

/** Teams refuses messages above about 28 KB; the card is kept well below. */
const MAX_PAYLOAD_BYTES = 24_000;
const MAX_ITEMS = 10;

/** An action item line as the card lists it. */
export interface TeamsActionItem {
  id: string;
  action: string;
  owner: string | null;
  deadline: string | null;
}

/** `2025-02-10 10:00 UTC`, the reports' style, for a front-matter instant. */
function readableTime(value: string): string {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? humanizeIsoTimes(value) : formatInstant(ms);
}

function clip(text: string, n: number): string {
  return text.length <= n ? text : `${text.slice(0, n - 1)}…`;
}

/** Adaptive Card text is a small Markdown subset: escape what would start a list or emphasis by accident. */
function plain(text: string): string {
  return text.replace(/[`*_]/g, "").replace(/\s+/g, " ").trim();
}

/**
 * The Adaptive Card summarising a post-mortem: title, facts (severity, status, duration, impact, resolved), the
 * summary paragraph, the top contributing factors, the action items and a button to the report.
 */
export function teamsCard(
  summary: PublishSummary,
  details: { summaryText: string | null; actionItems: TeamsActionItem[] },
  link: string | undefined,
): Record<string, unknown> {
  const facts = [
    { title: "Severity", value: summary.severity },
    { title: "Status", value: summary.status },
    { title: "Duration", value: summary.duration ?? "unknown" },
    { title: "Impact", value: summary.impact ?? "see report" },
    ...(summary.resolvedAt ? [{ title: "Resolved", value: readableTime(summary.resolvedAt) }] : []),
    { title: "Action items", value: String(summary.actionItems) },
  ].map((f) => ({ title: f.title, value: clip(plain(f.value), 300) }));
  const body: Array<Record<string, unknown>> = [
    {
      type: "TextBlock",
      text: clip(`Post-mortem: ${plain(summary.title)}`, 200),
      size: "Large",
      weight: "Bolder",
      wrap: true,
      style: "heading",
    },
    { type: "TextBlock", text: `${summary.id} · sent by Debrief`, isSubtle: true, spacing: "None", wrap: true },
    { type: "FactSet", facts },
  ];
  if (details.summaryText) {
    body.push({ type: "TextBlock", text: clip(plain(details.summaryText), 1500), wrap: true });
  }
  if (summary.topFactors.length > 0) {
    body.push(
      { type: "TextBlock", text: "Top contributing factors", weight: "Bolder", wrap: true, spacing: "Medium" },
      {
        type: "TextBlock",
        text: summary.topFactors
          .slice(0, 3)
          .map((f) => `- ${clip(plain(f), 240)}`)
          .join("\r"),
        wrap: true,
      },
    );
  }
  if (details.actionItems.length > 0) {
    const shown = details.actionItems.slice(0, MAX_ITEMS);
    body.push(
      { type: "TextBlock", text: "Action items", weight: "Bolder", wrap: true, spacing: "Medium" },
      {
        type: "FactSet",
        facts: shown.map((i) => ({
          title: i.id,
          value: clip(
            `${plain(i.action)} (owner ${plain(i.owner ?? "unassigned")}, due ${plain(i.deadline ?? "not set")})`,
            300,
          ),
        })),
      },
    );
    if (details.actionItems.length > shown.length) {
      body.push({
        type: "TextBlock",
        text: `and ${details.actionItems.length - shown.length} more in the report`,
        isSubtle: true,
        wrap: true,
      });
    }
  }
  const card: Record<string, unknown> = {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: "1.4",
    body,
    msteams: { width: "Full" },
  };
  if (link) card.actions = [{ type: "Action.OpenUrl", title: "Read the post-mortem", url: link }];
  return {
    type: "message",
    attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: card }],
  };
}

/**
 * How a Teams URL appears in plans and errors: host and first path segment only. Both URL kinds carry their secret
 * in several places (incoming webhooks: the ids after `/webhookb2/`; Workflows: the `sig` query parameter).
 */
export function teamsShownUrl(url: string): string {
  try {
    const u = new URL(url);
    const first = u.pathname.split("/").filter(Boolean)[0];
    return `${u.protocol}//${u.host}/${first ? `${first}/…` : ""}`;
  } catch {
    return "(invalid URL)";
  }
}

/** The card of a publish context, with the summary paragraph and action items redacted like the summary. */
export function teamsPayload(ctx: PublishContext): Record<string, unknown> {
  const pii = ctx.options.redactPii !== false;
  const clean = (text: string) => redact(text, { pii }).text;
  const pm = ctx.parsed.postmortem;
  const payload = teamsCard(
    ctx.summary,
    {
      summaryText: pm.summary ? clean(pm.summary) : null,
      actionItems: pm.actionItems.map((i) => ({
        id: i.id,
        action: clean(i.action),
        owner: i.owner ? clean(i.owner) : null,
        deadline: i.deadline ?? null,
      })),
    },
    ctx.options.link,
  );
  const size = Buffer.byteLength(JSON.stringify(payload));
  if (size > MAX_PAYLOAD_BYTES) {
    // fewer words rather than a refused message: the link carries the rest
    return teamsCard(ctx.summary, { summaryText: null, actionItems: [] }, ctx.options.link);
  }
  return payload;
}

/** Posts an Adaptive Card summary to a Microsoft Teams incoming webhook or Workflows URL. */
export const teamsChannel: PublishChannel = {
  id: "teams",
  enabled: (o) => Boolean(o.teamsWebhook),
  async plan(ctx: PublishContext): Promise<PlannedStep[]> {
    const url = ctx.options.teamsWebhook!;
    if (!/^https?:\/\//i.test(url)) {
      throw new DebriefError("USAGE", `the Teams webhook must be an http(s) URL, got "${teamsShownUrl(url)}"`);
    }
    const payload = teamsPayload(ctx);
    return [
      {
        id: "teams",
        channel: "teams",
        description: `post an Adaptive Card summary to the Microsoft Teams webhook ${teamsShownUrl(url)}`,
        preview: payload,
        // neither incoming webhooks nor Workflows take an idempotency key: a second post is a second message
        idempotent: false,
        async run() {
          const r = await postJson(url, payload, { shownAs: teamsShownUrl(url) });
          return {
            status: r.status,
            digest: createHash("sha256").update(JSON.stringify(payload)).digest("hex").slice(0, 12),
          };
        },
      },
    ];
  },
};
