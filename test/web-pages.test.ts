import { readFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer } from "../src/server/index.js";
import { safeSnippet } from "../src/server/web/incidents-page.js";
import { linkEvidenceRefs, refsIn } from "../src/server/web/postmortem-doc.js";
import { backTo } from "../src/server/web/web-actions.js";
import { makeWebWorkspace } from "./support/web-workspace.js";

/**
 * The web pages over real HTTP without a browser (the local user): bad input to every form and query is refused
 * with a page, never a stack or a file outside the incident; edits keep people's text; and property tests for the
 * helpers that put stored or user text into HTML.
 */
let base: string;
let workspace: string;
let close: () => Promise<void>;
let csrf: string;

beforeAll(async () => {
  workspace = await makeWebWorkspace();
  const started = await startHttpServer({ workspace, version: "test", port: 0, log: () => {} });
  base = `http://127.0.0.1:${started.port}`;
  close = started.close;
  const page = await (await fetch(`${base}/incidents/api-degradation/edit?section=summary`)).text();
  csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
});

afterAll(async () => {
  await close?.();
});

const post = (path: string, body: Record<string, string>) =>
  fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/json", origin: base, "x-csrf-token": csrf },
    body: JSON.stringify({ ...body, _csrf: csrf }),
  });

const doc = () => readFile(join(workspace, "api-degradation", "postmortem.md"), "utf8");

describe("web pages over HTTP", () => {
  it("refuses evidence paths that leave the incident folder, and shows no file content", async () => {
    for (const path of [
      "../payroll-leak/postmortem.md",
      "/etc/passwd",
      "evidence/../../payroll-leak/postmortem.md",
      "",
    ]) {
      const r = await fetch(`${base}/incidents/api-degradation/evidence?path=${encodeURIComponent(path)}&line=1`);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      const text = await r.text();
      expect(text, path).not.toContain("Payroll export exposed");
      expect(text, path).not.toContain("root:x:0");
      expect(text, path).not.toMatch(/\n\s+at /);
      expect(text, path).not.toContain(workspace);
    }
  });

  it("answers 404 pages for unknown incidents and malformed folder names", async () => {
    for (const dir of ["nope", "..%2F..%2Fetc", ".debrief"]) {
      expect((await fetch(`${base}/incidents/${dir}`)).status, dir).toBe(404);
    }
  });

  it("ignores malformed list filters instead of failing", async () => {
    const r = await fetch(`${base}/?from=yesterday&to=2025-13-45&offset=-5&review=bogus`);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain("Orders API degradation");
  });

  it("refuses a pin that is not path:line, and records one that is", async () => {
    expect((await post("/incidents/api-degradation/pins", { ref: "../../x:1", state: "pinned" })).status).toBe(400);
    expect(
      (await post("/incidents/api-degradation/pins", { ref: "evidence/alerts.json:2", state: "maybe" })).status,
    ).toBe(400);
    const ok = await post("/incidents/api-degradation/pins", { ref: "evidence/alerts.json:2", state: "pinned" });
    expect(ok.status).toBe(303);
    const page = await (await fetch(`${base}/incidents/api-degradation`)).text();
    expect(page).toContain("evidence/alerts.json:2");
  });

  it("never overwrites a section someone changed since the editor opened it (409, file unchanged)", async () => {
    const before = await doc();
    const r = await post("/incidents/api-degradation/edit", {
      section: "summary",
      markdown: "My stale text.",
      baseHash: "0000000000000000",
    });
    expect(r.status).toBe(409);
    const page = await r.text();
    expect(page).toContain("Someone changed this section");
    expect(page).toContain("My stale text.");
    expect(await doc()).toBe(before);
  });

  it("previews and lints the text as typed", async () => {
    const r = await post("/incidents/api-degradation/preview", {
      section: "rootCause",
      markdown: "Bob made a careless mistake and broke production.",
    });
    const body = (await r.json()) as { html: string; findings: Array<{ rule: string; line: number }> };
    expect(body.html).toContain("<p>Bob made a careless mistake");
    expect(body.findings.length).toBeGreaterThan(0);
    expect(body.findings.every((f) => f.line === 1)).toBe(true);
  });

  it("marks an action item done in postmortem.md and refuses an unknown item", async () => {
    const r = await post("/incidents/api-degradation/actions/AI-002", { status: "done", back: "//evil.example/" });
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe("/incidents/api-degradation");
    expect(await doc()).toMatch(/\| AI-002 \|[^\n]*\| done \|/);
    expect((await post("/incidents/api-degradation/actions/AI-999", { status: "done" })).status).toBe(400);
  });

  it("serves the weekly review's printable view without navigation", async () => {
    const text = await (await fetch(`${base}/actions/review?print=1`)).text();
    expect(text).toContain("Weekly review of action items");
    expect(text).not.toContain('<nav aria-label="Main">');
  });
});

describe("helpers that put text into HTML", () => {
  it("snippets keep only <mark> as markup", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = safeSnippet(s);
        expect(out.replace(/<\/?mark>/g, "")).not.toContain("<");
      }),
    );
  });

  it("evidence links never point outside the incident folder", () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(), (path, line) => {
        const html = linkEvidenceRefs(`<code>${path}:${line}</code>`, "inc");
        for (const m of html.matchAll(/href="([^"]*)"/g)) {
          const target = new URL(m[1]?.replace(/&amp;/g, "&") ?? "", "http://x").searchParams.get("path") ?? "";
          expect(target.startsWith("/")).toBe(false);
          expect(target.split("/")).not.toContain("..");
        }
      }),
    );
    expect(refsIn("`evidence/a.log:12`, `../../etc/passwd:1`")).toEqual([{ path: "evidence/a.log", line: 12 }]);
  });

  it("goes back only to same-site paths", () => {
    for (const bad of ["//evil.example", "https://evil.example/", "/\\evil", "javascript:alert(1)", undefined]) {
      expect(backTo(bad, "/fallback")).toBe("/fallback");
    }
    expect(backTo("/actions?owner=dana", "/x")).toBe("/actions?owner=dana");
  });
});
