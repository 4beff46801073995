import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { isDebriefError } from "../model/debrief-error.js";
import { resolveInWorkspace } from "./workspace-path.js";

const base = realpathSync(mkdtempSync(join(tmpdir(), "debrief-wspath-")));
const workspace = join(base, "ws");
const outside = join(base, "outside");
mkdirSync(join(workspace, "inc", "evidence"), { recursive: true });
mkdirSync(outside, { recursive: true });
writeFileSync(join(workspace, "inc", "postmortem.md"), "# x\n");
writeFileSync(join(outside, "secret.txt"), "secret\n");
symlinkSync("/", join(workspace, "rootlink"));
symlinkSync(outside, join(workspace, "outlink"));
symlinkSync(join(outside, "secret.txt"), join(workspace, "inc", "evidence", "secret.log"));
symlinkSync(join(workspace, "inc"), join(workspace, "inlink"));
symlinkSync(join(outside, "not-yet"), join(workspace, "dangling"));
symlinkSync("loop-b", join(workspace, "loop-a"));
symlinkSync("loop-a", join(workspace, "loop-b"));

afterAll(() => rmSync(base, { recursive: true, force: true }));

const ctx = { cwd: workspace, workspace };

function codeOf(path: string, c: { cwd: string; workspace?: string } = ctx): string {
  try {
    resolveInWorkspace(c, path);
    return "OK";
  } catch (error) {
    return isDebriefError(error) ? error.code : "THROWN";
  }
}

describe("resolveInWorkspace", () => {
  it("accepts paths inside the workspace, existing or not, and returns the lexical absolute path", () => {
    expect(resolveInWorkspace(ctx, "inc/postmortem.md")).toBe(join(workspace, "inc", "postmortem.md"));
    expect(resolveInWorkspace(ctx, ".")).toBe(workspace);
    expect(resolveInWorkspace(ctx, "new-incident/evidence")).toBe(join(workspace, "new-incident", "evidence"));
    expect(resolveInWorkspace(ctx, "inc/../inc/postmortem.md")).toBe(join(workspace, "inc", "postmortem.md"));
    expect(resolveInWorkspace(ctx, join(workspace, "inc"))).toBe(join(workspace, "inc"));
    expect(resolveInWorkspace({ cwd: join(workspace, "inc"), workspace }, "evidence")).toBe(
      join(workspace, "inc", "evidence"),
    );
  });

  it("accepts a symlink that stays inside", () => {
    expect(codeOf("inlink/postmortem.md")).toBe("OK");
  });

  it.each([
    ["..", "parent"],
    ["../outside/secret.txt", "dot-dot"],
    ["inc/../../outside/secret.txt", "dot-dot deeper"],
    ["/etc/passwd", "absolute"],
    [outside, "absolute sibling"],
    [`${workspace}-evil/x`, "prefix sibling"],
    ["%2e%2e/outside/secret.txt", "URL-encoded dots"],
    ["..%2foutside%2fsecret.txt", "URL-encoded slash"],
    ["%2E%2E%5Coutside", "URL-encoded backslash"],
    ["rootlink/etc/hostname", "symlink to /"],
    ["rootlink", "symlink to / itself"],
    ["outlink/secret.txt", "symlink to a sibling folder"],
    ["inc/evidence/secret.log", "symlinked file"],
    ["dangling", "dangling symlink pointing outside"],
    ["outlink/new-file.html", "output through a symlinked folder"],
    ["loop-a/x", "symlink loop"],
  ])("refuses %s (%s) with PATH_OUTSIDE_WORKSPACE", (path) => {
    expect(codeOf(path)).toBe("PATH_OUTSIDE_WORKSPACE");
  });

  it("names the path as given, never the resolved absolute one, in the error", () => {
    try {
      resolveInWorkspace(ctx, "rootlink/etc/hostname");
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toBe("rootlink/etc/hostname is outside the workspace");
    }
  });

  it("refuses empty paths and NUL bytes as USAGE", () => {
    expect(codeOf("")).toBe("USAGE");
    expect(codeOf("inc/\0/x")).toBe("USAGE");
  });

  it("confines nothing without a workspace (the CLI)", () => {
    expect(resolveInWorkspace({ cwd: workspace }, "/etc/passwd")).toBe("/etc/passwd");
    expect(resolveInWorkspace({ cwd: workspace }, "../outside")).toBe(outside);
  });

  it("property: whatever the path, the answer is inside the workspace or a DebriefError", () => {
    const segment = fc.constantFrom("..", ".", "inc", "rootlink", "outlink", "inlink", "%2e%2e", "x", "", "/");
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (parts) => {
        const path = parts.join("/");
        try {
          const resolved = resolveInWorkspace(ctx, path);
          const real = (() => {
            try {
              return realpathSync(resolved);
            } catch {
              return resolved;
            }
          })();
          return real === workspace || real.startsWith(`${workspace}/`);
        } catch (error) {
          return isDebriefError(error);
        }
      }),
      { numRuns: 500 },
    );
  });
});
