import type { ActionItem } from "../../model/postmortem.js";
import { actionItemMarker } from "../github-client.js";
import type { PlannedStep, PublishChannel, PublishContext } from "../publish-types.js";
import { githubTracker } from "../trackers/github.js";
import { markerText, type Tracker } from "../trackers/tracker-types.js";

const LABEL = "post-mortem";

/** The GitHub login for an owner cell: `@handle`, or a mapped name. */
export function githubLogin(owner: string | null, users: Record<string, string> | undefined): string | undefined {
  if (!owner) return undefined;
  const trimmed = owner.trim();
  const mapped = users?.[trimmed];
  if (mapped) return mapped.replace(/^@/, "");
  const handle = /^@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))$/.exec(trimmed);
  return handle?.[1];
}

/** The issue body: enough to act on without opening the post-mortem, plus the marker that finds it again. */
export function issueBody(ctx: PublishContext, item: ActionItem): string {
  return [
    `Action item **${item.id}** from post-mortem **${ctx.summary.id}: ${ctx.summary.title}** (${ctx.summary.severity}).`,
    "",
    `> ${item.action}`,
    "",
    "| Owner | Deadline | Priority |",
    "|---|---|---|",
    `| ${item.owner ?? "unassigned"} | ${item.deadline ?? "none"} | ${item.priority ?? "none"} |`,
    "",
    ctx.options.link ? `Post-mortem: ${ctx.options.link}` : `Post-mortem: \`${ctx.file}\``,
    "",
    actionItemMarker(ctx.summary.id, item.id),
  ].join("\n");
}

/**
 * Files every action item without a tracker reference as a GitHub issue, through the GitHub tracker plugin (the same
 * interface as Jira, Linear and GitLab): the marker in the body finds an issue again after a crash, an assignee
 * GitHub refuses is dropped rather than failing the item.
 */
export const githubChannel: PublishChannel = {
  id: "github",
  enabled: (o) => Boolean(o.github),
  async plan(ctx: PublishContext): Promise<PlannedStep[]> {
    const gh = ctx.options.github!;
    const items = ctx.parsed.postmortem.actionItems.filter((i) => !i.tracker?.trim());
    if (items.length === 0) return [];
    const make = () =>
      githubTracker.open(
        { kind: "github", repo: gh.repo, ...(gh.apiUrl ? { apiUrl: gh.apiUrl } : {}) },
        { credentials: { GITHUB_TOKEN: ctx.env.GITHUB_TOKEN } },
      );
    // a bad OWNER/REPO or a missing token is a settings problem: refuse before any step runs (a dry run needs neither)
    let tracker: Tracker | undefined = ctx.options.dryRun ? undefined : make();
    const client = () => {
      tracker ??= make();
      return tracker;
    };
    return items.map((item): PlannedStep => {
      const login = githubLogin(item.owner, ctx.options.githubUsers);
      const priority = item.priority && /^P\d$/i.test(item.priority.trim()) ? item.priority.trim().toUpperCase() : null;
      const labels = [LABEL, ...(priority ? [priority] : [])];
      const title = `${item.id}: ${item.action}`.slice(0, 250);
      const body = issueBody(ctx, item);
      const find = async () => {
        const existing = await client().findByMarker({
          marker: markerText(ctx.summary.id, item.id),
          postmortemId: ctx.summary.id,
          itemId: item.id,
        });
        return existing ? { url: existing.url, number: Number(existing.key), found: true } : undefined;
      };
      return {
        id: `github:${item.id}`,
        channel: "github",
        description: `file GitHub issue "${title}" in ${gh.repo}${login ? ` assigned to @${login}` : ""}`,
        preview: { repo: gh.repo, title, labels, assignees: login ? [login] : [], body },
        // the marker makes creation idempotent: an issue that already carries it is adopted, not filed again
        idempotent: true,
        reconcile: find,
        async run() {
          const existing = await find();
          if (existing) return existing;
          const issue = await client().create({
            marker: markerText(ctx.summary.id, item.id),
            postmortemId: ctx.summary.id,
            itemId: item.id,
            title,
            // the plugin appends the marker, as the last paragraph of the body, exactly where issueBody puts it
            body: body.slice(0, body.lastIndexOf("\n\n")),
            priority,
            assignee: login ?? null,
            due: null,
            labels: [],
          });
          ctx.options.onPhase?.(`github:${item.id}:created`);
          for (const note of issue.notes) ctx.log(`github: ${item.id}: ${note}`);
          return { url: issue.url, number: Number(issue.key), found: false, assigneeDropped: issue.notes.length > 0 };
        },
      };
    });
  },
};
