import type { Context } from "hono";
import { raw } from "hono/html";
import type { OperationContext } from "../../operations/index.js";
import { type AccessScope, openTeamStore, type TeamStore } from "../../store/index.js";
import { type Html, h } from "./layout.js";

/**
 * The team store as the pages use it: opened on first use, mirrored from the workspace files in the background at
 * most once per `refreshIntervalMs` or 20 times the last refresh's duration, whichever is longer (the first use and a
 * page after an edit wait for the refresh), closed with the server.
 */
export interface TeamStoreHandle {
  get(): Promise<TeamStore>;
  /** Mirror the files now when the last refresh is older than the interval (or `force`). */
  fresh(force?: boolean): Promise<TeamStore>;
  close(): Promise<void>;
}

/** A {@link TeamStoreHandle} over `store` (or a store opened for the workspace, `DEBRIEF_DATABASE_URL` when set). */
export function teamStoreHandle(options: {
  workspace: string;
  env: Record<string, string | undefined>;
  store?: TeamStore | undefined;
  refreshIntervalMs?: number;
  /** Where a background refresh's failure is reported (default: dropped; the next page load tries again). */
  onError?: (error: unknown) => void;
}): TeamStoreHandle {
  let opened: Promise<TeamStore> | undefined = options.store ? Promise.resolve(options.store) : undefined;
  let refreshed = 0;
  let lastDuration = 0;
  let running: Promise<unknown> | undefined;
  const minInterval = options.refreshIntervalMs ?? 5000;
  // A refresh stats every file of the workspace, and on SQLite it holds the event loop while it does (~1–2 s for
  // 10,000 incidents on a loaded machine): every request arriving meanwhile waits. Spacing refreshes by 20 times
  // their own duration keeps that under 5 % of the time however large the workspace grows (a refresh of a small
  // workspace takes milliseconds, so it stays at the minimum interval); writes through the app refresh at once.
  const interval = () => Math.max(minInterval, 20 * lastDuration);
  const get = () => {
    opened ??= openTeamStore({ workspace: options.workspace, url: options.env.DEBRIEF_DATABASE_URL });
    return opened;
  };
  return {
    get,
    async fresh(force = false) {
      const store = await get();
      const start = () => {
        if (!running) {
          const began = Date.now();
          running = store.refresh(options.workspace).finally(() => {
            refreshed = Date.now();
            lastDuration = refreshed - began;
            running = undefined;
          });
        }
        return running;
      };
      if (force) {
        // a forced refresh follows a write: one already running may have read the files before it, so wait for
        // that one and run another, and answer only when the write is mirrored
        if (running) await running.catch(() => undefined);
        await start();
      } else if (refreshed === 0) {
        await start();
      } else if (Date.now() - refreshed > interval() && !running) {
        // stale: mirror in the background and answer from what the store holds (a no-change refresh of 10,000
        // folders stats every file, ~2 s; no page load should wait for it)
        start().catch((error: unknown) => options.onError?.(error));
      }
      return store;
    },
    async close() {
      if (opened) await (await opened).close();
    },
  };
}

/** What every page handler gets. */
export interface WebDeps {
  ctx: OperationContext;
  workspace: string;
  stores: TeamStoreHandle;
}

/**
 * The scope of the request: what the sign-in middleware put in `c.var.scope`, else `local` (no sign-in configured:
 * the server is bound to loopback and its one user sees everything).
 */
export function scopeOf(c: Context): AccessScope {
  const scope = (c.var as { scope?: AccessScope }).scope;
  return scope ?? { kind: "local" };
}

/** Who acts, for pins, audit entries and comments. */
export function actorOf(scope: AccessScope): { id: string | null; name: string } {
  return scope.kind === "local"
    ? { id: null, name: "local user" }
    : { id: scope.viewer.userId, name: scope.viewer.name };
}

/** True when the scope may change post-mortems (editor or admin; the local user is an admin). */
export function canEdit(scope: AccessScope): boolean {
  return scope.kind === "local" || scope.viewer.role !== "viewer";
}

/** The session's CSRF token (set by the sign-in middleware), if any. */
export function csrfToken(c: Context): string | undefined {
  const vars = c.var as { csrfToken?: string; session?: { csrfToken?: string } | null };
  return vars.csrfToken ?? vars.session?.csrfToken ?? undefined;
}

/** The hidden CSRF field every form carries (empty without a session: the local server has no sessions). */
export function csrfInput(c: Context): Html {
  const token = csrfToken(c);
  return token ? h`<input type="hidden" name="_csrf" value="${token}">` : (raw("") as Html);
}

/**
 * The fields of a form post, whether the browser sent it as a form or the page script sent it as JSON (which is
 * how the script submits forms: the API guards accept only JSON bodies for state-changing requests).
 */
export async function formFields(c: Context): Promise<Record<string, string>> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (type.startsWith("application/json")) {
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(body ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : String(v ?? "")]),
    );
  }
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === "string" ? v : ""]));
}
