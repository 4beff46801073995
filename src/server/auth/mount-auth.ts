import { createHash } from "node:crypto";
import type { Hono } from "hono";
import type { AnyOperation, OperationContext } from "../../operations/index.js";
import type { AccessScope, TeamStore } from "../../store/index.js";
import { registerAdminRoutes } from "./admin-page.js";
import { type AuthConfig, signInConfigured } from "./auth-config.js";
import { type AuthRuntime, authMiddleware } from "./auth-middleware.js";
import { csrfGuard } from "./csrf.js";
import { registerSignInRoutes } from "./sign-in-routes.js";

/** What {@link mountAuth} needs from the server. */
export interface MountAuthOptions {
  ctx: OperationContext;
  config: AuthConfig;
  /** The workspace's API token. */
  apiToken: string;
  /** The team store (opened on first use). */
  store(): Promise<TeamStore>;
  /** The team store mirrored from the files recently (`force`: now). */
  fresh(force?: boolean): Promise<TeamStore>;
  operations: readonly AnyOperation[];
}

/** Incident pages whose views go to the audit log: `/incidents/<dir>` and everything below it. */
const INCIDENT_PAGE = /^\/incidents\/([^/]+)(?:\/|$)/;

/**
 * Mount sign-in on `app`, after the security layer and before any page or API route: the middleware that sets
 * `c.var.scope` on every request, the CSRF guard on page forms, the sign-in and admin routes, and the audit entry
 * for each incident page a signed-in person opens. Returns the runtime (for the API and MCP routes).
 */
export function mountAuth(app: Hono, options: MountAuthOptions): AuthRuntime {
  const auth: AuthRuntime = {
    config: options.config,
    signIn: signInConfigured(options.config),
    store: () => options.store(),
    apiToken: options.apiToken,
    // one key per workspace token: replicas sharing the workspace (or its token) agree on it
    key: createHash("sha256").update(`debrief-sign-in\n${options.apiToken}`).digest("base64url"),
  };
  app.use("*", authMiddleware(auth));
  app.use("*", csrfGuard());
  app.use("/incidents/*", async (c, next) => {
    await next();
    const scope = c.get("scope") as AccessScope | undefined;
    const dir = INCIDENT_PAGE.exec(c.req.path)?.[1];
    if (c.req.method !== "GET" || c.res.status !== 200 || scope?.kind !== "user" || !dir) return;
    try {
      const store = await options.store();
      await store.audit({
        actorId: scope.viewer.userId,
        actorName: scope.viewer.name,
        action: "view",
        target: decodeURIComponent(dir),
        detail: { page: c.req.path },
      });
    } catch (error) {
      options.ctx.log(`audit log: ${(error as Error).message}`);
    }
  });
  registerSignInRoutes(app, auth);
  registerAdminRoutes(app, {
    ctx: options.ctx,
    store: () => options.fresh(),
    refresh: async () => {
      await options.fresh(true);
    },
    operations: options.operations,
  });
  return auth;
}
