import { createHash } from "node:crypto";
import { join } from "node:path";
import { loadCredentials } from "../../collect/credentials.js";
import { DebriefError, isDebriefError } from "../../model/debrief-error.js";
import { ConfluenceClient, type ConfluencePage } from "../confluence/confluence-client.js";
import { chartAttachments, confluenceStorage } from "../confluence/confluence-storage.js";
import { PublishLedger } from "../publish-ledger.js";
import type { ConfluenceTarget, PlannedStep, PublishChannel, PublishContext } from "../publish-types.js";

/**
 * Confluence export: the post-mortem as a storage-format page under a parent page, with the report's charts as
 * SVG attachments. Idempotent: the page is found again by the id an earlier publish stored in the ledger, else by
 * its title in the space, and updated with the next version number instead of created twice. A crash between
 * creating the page and recording it leaves a page the title search finds on the rerun.
 *
 * The first publication is the step `confluence`; after the post-mortem changes, a publish plans
 * `confluence:<digest>` so the page is brought up to date (the ledger skips finished steps).
 */

/** Version conflicts (someone saved the page meanwhile) are retried this many times with the fresh version. */
const CONFLICT_RETRIES = 3;

function pageTitle(ctx: PublishContext, target: ConfluenceTarget): string {
  return (target.title ?? `${ctx.summary.id}: ${ctx.summary.title}`).replace(/\s+/g, " ").trim().slice(0, 255);
}

/** Earlier Confluence results in this incident's ledger: the page id and the digest last published. */
function earlier(ctx: PublishContext): { pageId?: string; digests: Map<string, string>; first: boolean } {
  const digests = new Map<string, string>();
  let pageId: string | undefined;
  let first = true;
  try {
    const ledger = PublishLedger.open(join(ctx.dir, ".debrief", "publish-state.json"), ctx.summary.id);
    for (const [id, state] of Object.entries(ledger.all())) {
      if (id !== "confluence" && !id.startsWith("confluence:")) continue;
      first = false;
      if (state.status !== "done") continue;
      if (typeof state.result?.pageId === "string") pageId = state.result.pageId;
      if (typeof state.result?.digest === "string") digests.set(state.result.digest, id);
    }
  } catch {
    // an unreadable ledger is reported by publish itself; plan as if nothing was published
  }
  return { ...(pageId ? { pageId } : {}), digests, first };
}

async function client(ctx: PublishContext, target: ConfluenceTarget): Promise<ConfluenceClient> {
  const creds = await loadCredentials(ctx.dir, ctx.env, target.credentialsFile, process.cwd());
  const onRetry = (m: string) => ctx.log(m);
  const policy = ctx.options.trackerHttp ?? {};
  if (creds.CONFLUENCE_EMAIL && creds.CONFLUENCE_API_TOKEN) {
    return new ConfluenceClient(
      target.url,
      { kind: "basic", email: creds.CONFLUENCE_EMAIL, token: creds.CONFLUENCE_API_TOKEN },
      policy,
      onRetry,
    );
  }
  if (creds.CONFLUENCE_PAT)
    return new ConfluenceClient(target.url, { kind: "bearer", token: creds.CONFLUENCE_PAT }, policy, onRetry);
  throw new DebriefError(
    "AUTH",
    "confluence: no credentials: set CONFLUENCE_EMAIL and CONFLUENCE_API_TOKEN (Cloud) or CONFLUENCE_PAT (Data Center), in the environment or the credentials file",
  );
}

/** Create or update the page; returns the page as saved. */
async function upsert(
  api: ConfluenceClient,
  target: ConfluenceTarget,
  title: string,
  storage: string,
  storedId: string | undefined,
): Promise<{ page: ConfluencePage; created: boolean }> {
  for (let attempt = 0; ; attempt++) {
    const existing =
      (storedId ? await api.getPage(storedId) : undefined) ?? (await api.findByTitle(target.space, title));
    try {
      if (existing) return { page: await api.update(existing, target.space, title, storage), created: false };
      return { page: await api.create(target.space, title, storage, target.parentId), created: true };
    } catch (error) {
      // 409: someone saved a newer version meanwhile; 400 on create: a page of that title appeared meanwhile.
      // Both resolve by reading again; anything else, or too many rounds, is the answer.
      const retry =
        isDebriefError(error) &&
        attempt < CONFLICT_RETRIES &&
        (error.code === "CONFLICT" ||
          (!existing && error.code === "INPUT_INVALID" && /already exists/i.test(error.message)));
      if (!retry) throw error;
    }
  }
}

/** Creates or updates the post-mortem's Confluence page. */
export const confluenceChannel: PublishChannel = {
  id: "confluence",
  enabled: (o) => Boolean(o.confluence),
  async plan(ctx: PublishContext): Promise<PlannedStep[]> {
    const target = ctx.options.confluence!;
    if (!/^https?:\/\//i.test(target.url)) {
      throw new DebriefError("USAGE", `the Confluence URL must be http(s), got "${target.url}"`);
    }
    if (!/^[A-Za-z0-9_~-]+$/.test(target.space)) {
      throw new DebriefError("USAGE", `"${target.space}" is not a Confluence space key (letters and digits)`);
    }
    if (target.parentId !== undefined && !/^\d+$/.test(target.parentId)) {
      throw new DebriefError("USAGE", `the Confluence parent must be a page id (digits), got "${target.parentId}"`);
    }
    const title = pageTitle(ctx, target);
    const charts = chartAttachments(ctx.html);
    const storage = confluenceStorage(ctx, charts);
    const digest = createHash("sha256")
      .update(title)
      .update(storage)
      .update(charts.map((c) => c.svg).join("\n"))
      .digest("hex")
      .slice(0, 12);
    const before = earlier(ctx);
    // already published with exactly this content: the step that did it, which the ledger reports as done
    const id = before.first ? "confluence" : (before.digests.get(digest) ?? `confluence:${digest}`);
    return [
      {
        id,
        channel: "confluence",
        description: `${before.pageId ? "update" : "create or update"} the Confluence page "${title}" in space ${target.space}${target.parentId ? ` under page ${target.parentId}` : ""} (${charts.length} chart attachment(s))`,
        preview: {
          url: target.url,
          space: target.space,
          parentId: target.parentId ?? null,
          title,
          storage,
          attachments: charts.map((c) => c.filename),
        },
        // found again by stored id or title and updated, so a rerun never makes a second page
        idempotent: true,
        async run() {
          const api = await client(ctx, target);
          const { page, created } = await upsert(api, target, title, storage, before.pageId);
          for (const chart of charts) await api.putAttachment(page.id, chart.filename, chart.svg, "image/svg+xml");
          return { pageId: page.id, version: page.version.number, url: api.pageUrl(page), created, digest };
        },
      },
    ];
  },
};
