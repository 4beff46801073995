import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isDebriefError } from "../model/debrief-error.js";
import { planEvidence } from "./plan-evidence.js";

const fresh = () => mkdtempSync(join(tmpdir(), "debrief-special-"));

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    return isDebriefError(error) ? `${error.code}: ${error.message}` : String(error);
  }
}

describe("special files in evidence folders", () => {
  it("a folder of only a FIFO, device links or a link loop is an error naming each skip, never an empty plan", async () => {
    const dir = fresh();
    execFileSync("mkfifo", [join(dir, "fifo.log")]);
    symlinkSync("/dev/zero", join(dir, "zero.log"));
    symlinkSync("a.log", join(dir, "b.log"));
    symlinkSync("b.log", join(dir, "a.log"));
    symlinkSync(".", join(dir, "self"));
    const outcome = await codeOf(planEvidence([dir]));
    expect(outcome).toMatch(/^INPUT_UNREADABLE: no readable evidence file; skipped 5/);
    expect(outcome).toContain("a FIFO");
    expect(outcome).toContain("a link to a device");
    expect(outcome).toContain("a symbolic-link loop");
    expect(outcome).toContain("a link back to a folder already read");
  });

  it("beside readable files, special entries are listed in plan.skipped", async () => {
    const dir = fresh();
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub", "app.log"), "2025-02-09T10:00:00Z ERROR x\n");
    execFileSync("mkfifo", [join(dir, "fifo.log")]);
    const plan = await planEvidence([dir]);
    expect(plan.files.map((f) => f.absolute)).toEqual([join(dir, "sub", "app.log")]);
    expect(plan.skipped?.map((s) => s.reason)).toEqual(["a FIFO (named pipe): it may never end"]);
  });
});
