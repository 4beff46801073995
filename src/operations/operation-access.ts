import { relative, resolve } from "node:path";
import type { z } from "zod";
import { DebriefError } from "../model/debrief-error.js";
import type { AccessScope, Role } from "../store/index.js";
import type { AnyOperation, OperationContext, StreamingOperation } from "./operation.js";

/**
 * Roles and the audit log for every operation, applied once in the registry (`OPERATIONS`), so the HTTP API, the
 * MCP server and the pages run each operation under the same rules: a signed-in viewer may run what only reads (or
 * refreshes Debrief's own cache), an editor what changes post-mortems, an admin everything; and every run by a
 * signed-in user on the team server is written to the audit log (who, which tool, on what). The local user (CLI,
 * loopback server without sign-in) is an admin.
 * @module
 */

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

/** The least role `operation` needs. */
export function requiredRole(operation: AnyOperation): Role {
  if (operation.minRole) return operation.minRole;
  return operation.annotations.readOnly || operation.annotations.cacheOnly ? "viewer" : "editor";
}

/** True when `scope` holds at least `role`. */
export function hasRole(scope: AccessScope | undefined, role: Role): boolean {
  return !scope || scope.kind === "local" || RANK[scope.viewer.role] >= RANK[role];
}

/**
 * Who acts, for audit entries, comments and sign-offs: the signed-in user, or the local user (named by
 * `DEBRIEF_USER` or `USER` when set).
 */
export function actorOf(ctx: Pick<OperationContext, "scope" | "env">): { id: string | null; name: string; role: Role } {
  const scope = ctx.scope;
  if (scope?.kind === "user") return { id: scope.viewer.userId, name: scope.viewer.name, role: scope.viewer.role };
  return { id: null, name: ctx.env.DEBRIEF_USER || ctx.env.USER || "local user", role: "admin" };
}

/** The thing an operation's input points at, workspace-relative, for the audit log. */
function targetOf(input: Record<string, unknown>, ctx: OperationContext): string {
  const value = input.dir ?? input.file ?? input.incident ?? input.workspace ?? input.paths ?? input.files;
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first !== "string") return "";
  const root = ctx.workspace ?? ctx.cwd;
  return relative(root, resolve(ctx.cwd, first)) || ".";
}

/**
 * `operation` with the role check before it runs and an audit entry after it succeeded (when the context carries a
 * team store and a signed-in user: the CLI's local runs are not audited).
 * @throws DebriefError PERMISSION_DENIED when the scope's role is too low
 */
export function withAccessRules(operation: AnyOperation): AnyOperation {
  const role = requiredRole(operation);
  const streaming = operation as Partial<Pick<StreamingOperation<z.ZodObject, unknown, unknown, unknown>, "stream">>;
  const stream = streaming.stream;
  return {
    ...operation,
    // a streaming operation's stream runs under the same role check (it is not audited: only the CLI streams)
    ...(stream
      ? {
          stream(input: Record<string, unknown>, ctx: OperationContext) {
            if (!hasRole(ctx.scope, role)) {
              throw new DebriefError("PERMISSION_DENIED", `${operation.name} needs the ${role} role`);
            }
            return stream.call(operation, input, ctx);
          },
        }
      : {}),
    async run(input, ctx) {
      if (!hasRole(ctx.scope, role)) {
        throw new DebriefError("PERMISSION_DENIED", `${operation.name} needs the ${role} role`);
      }
      const result = await operation.run(input, ctx);
      if (ctx.team && ctx.scope?.kind === "user") {
        const actor = actorOf(ctx);
        try {
          const store = await ctx.team();
          await store.audit({
            actorId: actor.id,
            actorName: actor.name,
            action: operation.annotations.readOnly ? "view" : "edit",
            target: targetOf(input as Record<string, unknown>, ctx),
            detail: { tool: operation.name },
          });
        } catch (error) {
          ctx.log(`audit log: ${(error as Error).message}`);
        }
      }
      return result;
    },
  };
}
