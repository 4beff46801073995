import type { ActionItem } from "../../model/postmortem.js";
import { actionItemMarker, GitHubTracker } from "../github-client.js";
import type { PlannedStep, PublishChannel, PublishContext } from "../publish-types.js";

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

/** Files every action item without a tracker reference as a GitHub issue. */
export const githubChannel: PublishChannel = {
  id: "github",
  enabled: (o) => Boolean(o.github),
  async plan(ctx: PublishContext): Promise<PlannedStep[]> {
    const gh = ctx.options.github!;
    const items = ctx.parsed.postmortem.actionItems.filter((i) => !i.tracker?.trim());
    if (items.length === 0) return [];
    const make = () =>
      new GitHubTracker({ repo: gh.repo, token: ctx.env.GITHUB_TOKEN, ...(gh.apiUrl ? { apiUrl: gh.apiUrl } : {}) });
    // a bad OWNER/REPO or a missing token is a settings problem: refuse before any step runs (a dry run needs neither)
    let tracker: GitHubTracker | undefined = ctx.options.dryRun ? undefined : make();
    const client = () => {
      tracker ??= make();
      return tracker;
    };
    return items.map((item): PlannedStep => {
      const login = githubLogin(item.owner, ctx.options.githubUsers);
      const labels = [
        LABEL,
        ...(item.priority && /^P\d$/i.test(item.priority.trim()) ? [item.priority.trim().toUpperCase()] : []),
      ];
      const title = `${item.id}: ${item.action}`.slice(0, 250);
      const marker = actionItemMarker(ctx.summary.id, item.id);
      const find = async () => {
        const existing = (await client().issuesByMarker(LABEL)).get(marker);
        return existing ? { url: existing.url, number: existing.number, found: true } : undefined;
      };
      return {
        id: `github:${item.id}`,
        channel: "github",
        description: `file GitHub issue "${title}" in ${gh.repo}${login ? ` assigned to @${login}` : ""}`,
        preview: { repo: gh.repo, title, labels, assignees: login ? [login] : [], body: issueBody(ctx, item) },
        // the marker makes creation idempotent: an issue that already carries it is adopted, not filed again
        idempotent: true,
        reconcile: find,
        async run() {
          const existing = await find();
          if (existing) return existing;
          const issue = await client().createIssue({
            title,
            body: issueBody(ctx, item),
            labels,
            assignees: login ? [login] : [],
          });
          ctx.options.onPhase?.(`github:${item.id}:created`);
          if (issue.assigneeDropped)
            ctx.log(`github: ${item.id}: @${login} cannot be assigned in ${gh.repo}; filed unassigned`);
          return { url: issue.url, number: issue.number, found: false, assigneeDropped: issue.assigneeDropped };
        },
      };
    });
  },
};
