import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DebriefError } from "../model/debrief-error.js";
import { renderPostmortem } from "./render-postmortem.js";
import { RENDERERS, type Renderer } from "./renderers.js";
import { loadReportInput } from "./report-input.js";

/**
 * One contract for every report renderer in the registry: a unique id, an extension, a description, and on a minimal
 * post-mortem either output that names the incident or a `DebriefError` with a code (the PDF renderer without a
 * Chromium says EXTERNAL_TOOL). `renderPostmortem` renders with the registry it is given.
 */

const DOC = `---
id: inc-1
title: Checkout errors
severity: SEV2
---
# Checkout errors

## Summary

Checkout failed for 12 minutes; token=hunter2hunter2hunter2 leaked in a log line.
`;

function incident(): string {
  const dir = mkdtempSync(join(tmpdir(), "debrief-render-"));
  const file = join(dir, "postmortem.md");
  writeFileSync(file, DOC);
  return file;
}

// no Chromium at this path: the PDF renderer must say so with a code, not crash
const NO_CHROMIUM = { DEBRIEF_CHROMIUM: "/nonexistent/chromium-for-conformance" };

describe("renderer registry", () => {
  it("is frozen; ids unique; every renderer has an extension and a description", () => {
    expect(Object.isFrozen(RENDERERS)).toBe(true);
    const ids = RENDERERS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RENDERERS) {
      expect(r.id).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(r.extension).toMatch(/^\.[a-z0-9]+$/);
      expect(r.description.length).toBeGreaterThan(0);
      expect(typeof r.render).toBe("function");
    }
  });

  it.each(RENDERERS.map((r) => [r.id, r] as [string, Renderer]))(
    "%s: renders a minimal post-mortem or fails with a coded DebriefError",
    async (_id, renderer) => {
      const input = await loadReportInput(incident(), { evidence: false });
      try {
        const out = await renderer.render(input, { env: NO_CHROMIUM, generatedAt: new Date(0) });
        const text = typeof out.content === "string" ? out.content : out.content.toString("latin1");
        expect(text).toContain("Checkout errors");
        expect(text).not.toContain("hunter2hunter2hunter2");
        expect(typeof out.redactions).toBe("object");
      } catch (error) {
        expect(error).toBeInstanceOf(DebriefError);
        expect((error as DebriefError).code).toMatch(/^[A-Z_]+$/);
      }
    },
  );

  it("renderPostmortem uses the registry it is given and names its ids for an unknown format", async () => {
    const file = incident();
    const fake: Renderer = {
      id: "txt",
      extension: ".txt",
      description: "plain text",
      render: async (input) => ({ content: input.parsed.postmortem.frontMatter.title, redactions: {} as never }),
    };
    const out = join(file, "..", "report.txt");
    const r = await renderPostmortem(file, { format: "txt", out, evidence: false, renderers: [fake] });
    expect(readFileSync(r.out, "utf8")).toBe("Checkout errors");
    await expect(renderPostmortem(file, { format: "html", renderers: [fake] })).rejects.toMatchObject({
      code: "USAGE",
      message: expect.stringContaining("expected one of txt"),
    });
  });
});
