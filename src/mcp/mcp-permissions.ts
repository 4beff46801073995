import { DebriefError } from "../model/debrief-error.js";
import type { AnyOperation } from "../operations/index.js";

/** What the person who started `debrief mcp` allowed. */
export interface McpPermissions {
  /** `--allow-write`: operations may create and change files in the workspace. */
  allowWrite: boolean;
  /** `--allow-publish`: operations may send things outside (e-mail, chat, issues), after a preview. */
  allowPublish: boolean;
}

/**
 * The per-session gate in front of every MCP tool: read-only unless writes were allowed (Debrief's own index cache
 * excepted), external effects only with `--allow-publish` and only after a preview of the same input in this session.
 */
export class McpGate {
  private readonly previewed = new Set<string>();

  constructor(private readonly permissions: McpPermissions) {}

  /** Key of a publish request: the same input must have been previewed. */
  private static key(input: Record<string, unknown>): string {
    return JSON.stringify(Object.entries(input).sort(([a], [b]) => a.localeCompare(b)));
  }

  /** @throws DebriefError `PERMISSION_DENIED` with what to do instead */
  check(operation: AnyOperation, input: Record<string, unknown>): void {
    const a = operation.annotations;
    if (a.externalEffect) {
      if (!this.permissions.allowPublish) {
        throw new DebriefError(
          "PERMISSION_DENIED",
          `${operation.name} sends things outside this machine; the MCP server was not started with --allow-publish (run publish_preview to see what it would do)`,
        );
      }
      if (!this.previewed.has(McpGate.key(input))) {
        throw new DebriefError(
          "PERMISSION_DENIED",
          `${operation.name} runs only after publish_preview with the same arguments in this session; call publish_preview first and show its result to the user`,
        );
      }
    }
    if (!a.readOnly && !a.cacheOnly && !this.permissions.allowWrite && !a.externalEffect) {
      throw new DebriefError(
        "PERMISSION_DENIED",
        `${operation.name} writes files; the MCP server is read-only unless started with --allow-write`,
      );
    }
  }

  /** Record a successful call (a preview unlocks the matching publish). */
  record(operation: AnyOperation, input: Record<string, unknown>): void {
    if (operation.name === "publish_preview") this.previewed.add(McpGate.key(input));
  }
}
