import { cpSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { isDebriefError } from "../src/model/debrief-error.js";
import { findOperation, type OperationContext, runOperation } from "../src/operations/index.js";
import { saveDraft } from "../src/postmortem/index.js";

const EXAMPLE = join(import.meta.dirname, "..", "examples", "incidents", "api-degradation");

let workspace: string;
let ctx: OperationContext;

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), "debrief-concurrent-"));
  cpSync(join(EXAMPLE, "evidence"), join(workspace, "inc", "evidence"), { recursive: true });
  cpSync(join(EXAMPLE, "debrief.yaml"), join(workspace, "inc", "debrief.yaml"));
  ctx = { cwd: workspace, workspace, env: {}, log: () => {} };
  await runOperation(
    findOperation("postmortem_init")!,
    { dir: "inc", title: "orders-api degradation", start: "2025-02-09T09:55:00Z", severity: "SEV2" },
    ctx,
  );
});

describe("concurrent writes of one post-mortem", () => {
  it("4 concurrent drafts (50 in bench/reliability.ts): no error, one write, every other run sees the same text already there", async () => {
    const draft = findOperation("postmortem_draft")!;
    const before = readFileSync(join(workspace, "inc", "postmortem.md"), "utf8");
    const results = (await Promise.all(
      Array.from({ length: 4 }, () => runOperation(draft, { dir: "inc" }, ctx)),
    )) as Array<{ written: boolean }>;
    const after = readFileSync(join(workspace, "inc", "postmortem.md"), "utf8");
    expect(after).not.toBe(before);
    expect(results.filter((r) => r.written)).toHaveLength(1);
    const dry = (await runOperation(draft, { dir: "inc", dryRun: true }, ctx)) as { document?: string };
    expect(dry.document).toBe(after);
    expect(readdirSync(join(workspace, "inc")).filter((f) => f.startsWith("postmortem.md"))).toEqual(["postmortem.md"]);
  }, 120_000);

  it("50 concurrent saves of different drafts of one version: exactly one written, the rest CONFLICT, no lost update", async () => {
    const path = join(workspace, "inc", "postmortem.md");
    const original = readFileSync(path, "utf8");
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        try {
          return { i, written: await saveDraft({ path, original, source: `${original}\nedit ${i}\n` }) };
        } catch (error) {
          if (isDebriefError(error) && error.code === "CONFLICT") return { i, conflict: true };
          throw error;
        }
      }),
    );
    const winners = outcomes.filter((o) => "written" in o && o.written);
    expect(winners).toHaveLength(1);
    expect(outcomes.filter((o) => "conflict" in o)).toHaveLength(49);
    expect(readFileSync(path, "utf8")).toBe(`${original}\nedit ${winners[0]!.i}\n`);
  }, 60_000);
});
