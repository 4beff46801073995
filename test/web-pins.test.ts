import { mkdtempSync, rmSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { isDebriefError } from "../src/model/debrief-error.js";
import { startHttpServer } from "../src/server/index.js";
import { recordTimelinePin } from "../src/server/web/timeline-pins.js";
import { openTeamStore, readTimelinePins } from "../src/store/index.js";
import { makeWebWorkspace } from "./support/web-workspace.js";

/**
 * Timeline pins live in the post-mortem (front matter `timelinePins:`), the Markdown in git being the source of
 * truth: pinning or removing a row in the web app writes the file (only that key, atomically, under the lock),
 * and a team store rebuilt from the files has the pin again.
 */
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** The text without its `timelinePins:` front-matter line: what must stay byte-for-byte as it was. */
const withoutPins = (text: string) => text.replace(/^timelinePins: .*\n/m, "");

/** The pins of a post-mortem's text, read the way the store reads them. */
function pinsOf(text: string) {
  const fm = /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? "";
  return readTimelinePins((parse(fm) as Record<string, unknown>).timelinePins);
}

async function serve(workspace: string) {
  const started = await startHttpServer({ workspace, version: "test", port: 0, log: () => {} });
  const base = `http://127.0.0.1:${started.port}`;
  const page = await (await fetch(`${base}/incidents/api-degradation/edit?section=summary`)).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
  const pin = (ref: string, state: string) =>
    fetch(`${base}/incidents/api-degradation/pins`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/json", origin: base, "x-csrf-token": csrf },
      body: JSON.stringify({ ref, state, back: "incident", _csrf: csrf }),
    });
  return { base, pin, close: started.close };
}

describe("timeline pins in the post-mortem", () => {
  it("writes a pin and a removal into the front matter and keeps them through a rebuilt team store", async () => {
    const workspace = await makeWebWorkspace();
    temps.push(workspace);
    const file = join(workspace, "api-degradation", "postmortem.md");
    const before = await readFile(file, "utf8");
    // the first evidence the example's timeline cites: removing it strikes that row out
    const cited = /`(evidence\/[\w./-]+:\d+)`/.exec(before)?.[1] ?? "";
    expect(cited, "the example cites evidence in its timeline").not.toBe("");
    let server = await serve(workspace);
    try {
      expect((await server.pin("evidence/alerts.json:2", "pinned")).status).toBe(303);
      expect((await server.pin(cited, "removed")).status).toBe(303);
    } finally {
      await server.close();
    }
    const after = await readFile(file, "utf8");
    // only the new key: people's text (and the rest of the front matter) byte-for-byte as before
    expect(withoutPins(after)).toBe(before);
    const line = /^timelinePins: (.*)$/m.exec(after)?.[1] ?? "";
    expect(line).toContain("ref: evidence/alerts.json:2, state: pinned, by: local user");
    expect(line).toContain(`ref: ${cited}, state: removed`);

    // the database is only a mirror: throw it away and rebuild it from the files
    rmSync(join(workspace, ".debrief"), { recursive: true, force: true });
    const store = await openTeamStore({ workspace });
    try {
      await store.refresh();
      const pins = await store.listPins("api-degradation");
      expect(pins.map((p) => [p.ref, p.state, p.by]).sort()).toEqual(
        [
          ["evidence/alerts.json:2", "pinned", "local user"],
          [cited, "removed", "local user"],
        ].sort(),
      );
      expect(pins.every((p) => Number.isFinite(p.at) && p.at > Date.parse("2026-01-01"))).toBe(true);
    } finally {
      await store.close();
    }
    server = await serve(workspace);
    try {
      const page = await (await fetch(`${server.base}/incidents/api-degradation`)).text();
      expect(page).toContain("evidence/alerts.json:2");
      expect(page).toMatch(/badge ok">pinned</);
      expect(page).toMatch(/badge warn">removed</);
      // unpinning replaces the entry for that line, never adds a second one
      expect((await server.pin("evidence/alerts.json:2", "removed")).status).toBe(303);
    } finally {
      await server.close();
    }
    const last = await readFile(file, "utf8");
    expect(withoutPins(last)).toBe(before);
    expect(last.match(/evidence\/alerts\.json:2/g)?.length).toBe(
      (before.match(/evidence\/alerts\.json:2/g)?.length ?? 0) + 1,
    );
    expect(pinsOf(last).find((p) => p.ref === "evidence/alerts.json:2")?.state).toBe("removed");
  });

  it("refuses without writing when the post-mortem is missing or its front matter is broken", async () => {
    const dir = mkdtempSync(join(tmpdir(), "debrief-pins-"));
    temps.push(dir);
    const missing = await recordTimelinePin(join(dir, "postmortem.md"), "x", {
      ref: "a.log:1",
      state: "pinned",
      by: "dana",
    }).catch((e: unknown) => e);
    expect(isDebriefError(missing) && missing.code).toBe("INPUT_NOT_FOUND");
    const broken = "---\ntitle: [unclosed\n---\n\n# Broken\n";
    await writeFile(join(dir, "postmortem.md"), broken);
    const error = await recordTimelinePin(join(dir, "postmortem.md"), "x", {
      ref: "a.log:1",
      state: "pinned",
      by: "dana",
    }).catch((e: unknown) => e);
    expect(isDebriefError(error) && error.code).toBe("INPUT_INVALID");
    expect(await readFile(join(dir, "postmortem.md"), "utf8")).toBe(broken);
  });

  it("for any name and line, a pin reads back as written and leaves hand-written entries and the body alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "debrief-pins-prop-"));
    temps.push(dir);
    const file = join(dir, "postmortem.md");
    const body = "\n# Title\n\n## Summary\n\nText a person wrote: keep it, *exactly*.\n";
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
        fc.stringMatching(/^[a-z][a-z0-9_/.-]{0,20}$/),
        fc.integer({ min: 1, max: 99_999 }),
        fc.constantFrom("pinned" as const, "removed" as const),
        async (by, path, line, state) => {
          const source = `---\ntitle: T\ntimelinePins:\n  - { ref: "hand.log:7", state: pinned, by: "Lee, Sam" }\n---\n${body}`;
          await writeFile(file, source);
          const ref = `${path}:${line}`;
          await recordTimelinePin(file, "t", { ref, state, by });
          const text = await readFile(file, "utf8");
          expect(text.endsWith(`---\n${body}`)).toBe(true);
          expect(text.startsWith("---\ntitle: T\n")).toBe(true);
          const pins = pinsOf(text);
          const mine = pins.find((p) => p.ref === ref);
          expect(mine).toMatchObject({ ref, state, by: by.trim() });
          if (ref !== "hand.log:7") {
            expect(pins.find((p) => p.ref === "hand.log:7")).toMatchObject({ state: "pinned", by: "Lee, Sam" });
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
