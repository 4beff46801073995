import type { ActionItem } from "../../model/postmortem.js";
import type { PlannedStep, PublishChannel, PublishContext } from "../publish-types.js";
import { openTracker, type TrackerSettings } from "./tracker-config.js";
import { mapUser } from "./tracker-http.js";
import { markerText, type Tracker, type TrackerIssueInput, type TrackerKind } from "./tracker-types.js";

const NON_OWNER = /^(tbd|tba|n\/?a|none|someone|everyone|all|\?+|-|—)$/i;

/** The issue Debrief files for an action item: enough to act on without opening the post-mortem. */
export function trackerIssueInput(ctx: PublishContext, item: ActionItem, settings: TrackerSettings): TrackerIssueInput {
  const owner = item.owner?.trim() && !NON_OWNER.test(item.owner.trim()) ? item.owner.trim() : null;
  const deadline = item.deadline?.trim() ?? "";
  const priority = item.priority?.trim().toUpperCase() ?? "";
  return {
    marker: markerText(ctx.summary.id, item.id),
    postmortemId: ctx.summary.id,
    itemId: item.id,
    title: `${item.id}: ${item.action}`.slice(0, 250),
    body: [
      `Action item **${item.id}** from post-mortem **${ctx.summary.id}: ${ctx.summary.title}** (${ctx.summary.severity}).`,
      "",
      `> ${item.action}`,
      "",
      `Owner: ${item.owner ?? "unassigned"} · Deadline: ${item.deadline ?? "none"} · Priority: ${item.priority ?? "none"}`,
      "",
      ctx.options.link ? `Post-mortem: ${ctx.options.link}` : `Post-mortem: \`${ctx.file}\``,
    ].join("\n"),
    priority: /^P[0-4]$/.test(priority) ? priority : null,
    // the owner cell as the tracker knows the person: through `users:`, else the handle without its @
    assignee: owner ? (mapUser(owner, settings.users)?.replace(/^@/, "") ?? null) : null,
    due: /^\d{4}-\d{2}-\d{2}$/.test(deadline) ? deadline : null,
    labels: [],
  };
}

/**
 * The publish channel of one tracker kind: one step per action item without a Tracker cell, `KIND:AI-001`.
 * Idempotent twice over: the ledger keeps the issue's key once created, and after a crash between creating the issue
 * and recording it, `reconcile` finds the issue by its marker (Jira label, Linear/GitLab description marker) and
 * adopts it instead of filing a second one. The link back to the incident is an upsert, so it is simply redone.
 */
export function trackerChannel(kind: Exclude<TrackerKind, "github">, title: string): PublishChannel {
  return {
    id: kind,
    enabled: (o) => o.tracker?.kind === kind,
    async plan(ctx: PublishContext): Promise<PlannedStep[]> {
      const settings = ctx.options.tracker as TrackerSettings;
      const items = ctx.parsed.postmortem.actionItems.filter((i) => !i.tracker?.trim());
      if (items.length === 0) return [];
      const open = () =>
        openTracker(settings, {
          incidentDir: ctx.dir,
          env: ctx.env,
          ...(ctx.options.trackerHttp ? { http: ctx.options.trackerHttp } : {}),
          onRetry: (m) => ctx.log(m),
        });
      // missing credentials or unusable settings are refused before any step runs (a dry run needs neither)
      let tracker: Tracker | undefined = ctx.options.dryRun ? undefined : await open();
      const client = async () => {
        tracker ??= await open();
        return tracker;
      };
      const link = ctx.options.link;
      return items.map((item): PlannedStep => {
        const input = trackerIssueInput(ctx, item, settings);
        const id = `${kind}:${item.id}`;
        const linkBack = async (t: Tracker, key: string) => {
          if (!link) return;
          await t.link(key, { url: link, title: `Post-mortem ${ctx.summary.id}: ${ctx.summary.title}` });
          ctx.options.onPhase?.(`${id}:linked`);
        };
        const find = async () => {
          const t = await client();
          const found = await t.findByMarker(input);
          if (!found) return undefined;
          // the crash may have come between creating the issue and linking it; the link is an upsert
          await linkBack(t, found.key);
          return { url: found.url, key: found.key, found: true };
        };
        return {
          id,
          channel: kind,
          description: `file ${title} issue "${input.title}"${input.assignee ? ` assigned to ${input.assignee}` : ""}`,
          preview: { tracker: kind, ...input, ...(link ? { link } : {}) },
          idempotent: true,
          reconcile: find,
          async run() {
            const existing = await find();
            if (existing) return existing;
            const t = await client();
            const issue = await t.create(input);
            ctx.options.onPhase?.(`${id}:created`);
            for (const note of issue.notes) ctx.log(`${kind}: ${item.id}: ${note}`);
            await linkBack(t, issue.key);
            return {
              url: issue.url,
              key: issue.key,
              found: false,
              ...(issue.notes.length ? { notes: issue.notes } : {}),
            };
          },
        };
      });
    },
  };
}
