import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.js";

/** The review workflow from the command line: the same operations as the web app and the MCP tools. */

const ws = mkdtempSync(join(tmpdir(), "debrief-workflow-cli-"));
const pm = join(ws, "inc", "postmortem.md");
mkdirSync(join(ws, "inc"), { recursive: true });
const BODY = "\n# Checkout errors\n\n## Summary\n\nWritten by people.\n";
writeFileSync(pm, `---\nid: INC-9\ntitle: Checkout errors\nstatus: draft\n---\n${BODY}`);
afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe("debrief workflow", () => {
  const env = { ...process.env, NO_COLOR: "1", DEBRIEF_USER: "Ana Ruiz", DEBRIEF_DATABASE_URL: "" };

  it("moves a post-mortem through review and signs it off in the front matter", async () => {
    expect((await runCli(["workflow", "inc", "--to", "in-review"], { cwd: ws, env })).code).toBe(0);
    const comment = await runCli(["workflow", "inc", "--comment", "summary", "Which", "deploy?"], { cwd: ws, env });
    expect(comment.out).toContain("[summary] Ana Ruiz: Which deploy?");
    const approve = await runCli(["workflow", "inc", "--to", "approved"], { cwd: ws, env });
    expect(approve.code).toBe(0);
    expect(approve.out).toContain("in-review → approved (signed off by Ana Ruiz)");
    const text = readFileSync(pm, "utf8");
    expect(text).toMatch(/^status: approved$/m);
    expect(text).toMatch(/signOff: \[\{ by: Ana Ruiz, role: admin, at: "?\d{4}-\d\d-\d\dT[\d:]+Z"? \}\]/);
    expect(text.endsWith(BODY)).toBe(true);
  });

  it("refuses a step the workflow does not allow, naming what it allows", async () => {
    const r = await runCli(["workflow", "inc", "--to", "draft"], { cwd: ws, env });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/approved: it can go to published or in-review, not draft/);
    const bad = await runCli(["workflow", "inc", "--to", "done"], { cwd: ws, env });
    expect(bad.code).toBe(2);
  });
});
