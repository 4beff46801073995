import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { openTeamStore, type TeamStore } from "../store/index.js";
import type { OperationContext } from "./operation.js";
import { reviewTransitionOperation } from "./review-transition.js";

const ws = mkdtempSync(join(tmpdir(), "debrief-review-transition-"));
mkdirSync(join(ws, "inc"), { recursive: true });
let store: TeamStore | undefined;
afterAll(async () => {
  await store?.close();
  rmSync(ws, { recursive: true, force: true });
});

describe("review_transition", () => {
  it("changes only the front matter's status and signOff, whatever people wrote around them", async () => {
    store = await openTeamStore({ workspace: ws });
    const opened = store;
    const ctx: OperationContext = {
      cwd: ws,
      workspace: ws,
      env: { DEBRIEF_USER: "Ana" },
      log: () => {},
      team: () => Promise.resolve(opened),
    };
    const file = join(ws, "inc", "postmortem.md");
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 300 }),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        async (text, eol, withComment) => {
          const body = `${eol}# Title${eol}${eol}## Summary${eol}${eol}${text.replace(/^---/gm, "- --")}${eol}`;
          const front = [
            "---",
            "id: INC-1",
            ...(withComment ? ["# kept: a person's note"] : []),
            "owner: ann",
            "status: draft",
            "---",
          ];
          const before = front.join(eol) + body;
          writeFileSync(file, before);
          await reviewTransitionOperation.run({ dir: "inc", to: "in-review" }, ctx);
          await reviewTransitionOperation.run({ dir: "inc", to: "approved" }, ctx);
          const after = readFileSync(file, "utf8");
          expect(after.endsWith(body)).toBe(true);
          expect(after).toContain(`status: approved${eol}`);
          expect(after).toContain("signOff: [{ by: Ana, role: admin, at:");
          if (withComment) expect(after).toContain("# kept: a person's note");
          expect(after.startsWith(`---${eol}id: INC-1${eol}`)).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
