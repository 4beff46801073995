import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateWorkspace } from "../insights/workspace-generator/index.js";
import {
  buildIncidentRecord,
  fullPostmortemParser,
  type PostmortemParseResult,
  readStandardPostmortem,
} from "./index.js";

const SMALL = join(import.meta.dirname, "../insights/fixtures/small-workspace");

function record(dir: string, parsed: PostmortemParseResult) {
  return buildIncidentRecord({
    dir,
    postmortem: parsed.postmortem,
    postmortemPath: `${dir}/postmortem.md`,
    parseProblems: parsed.problems,
    timeline: null,
    config: null,
    extraProblems: [],
  });
}

describe("readStandardPostmortem", () => {
  it("gives exactly what the full parser gives, for every field the index stores", () => {
    const out = mkdtempSync(join(tmpdir(), "debrief-fast-"));
    generateWorkspace({ count: 60, seed: 11, out });
    const docs = [
      ...readdirSync(out)
        .filter((d) => !d.endsWith(".json"))
        .map((d) => ({ dir: d, source: readFileSync(join(out, d, "postmortem.md"), "utf8") })),
      ...readdirSync(SMALL).map((d) => ({ dir: d, source: readFileSync(join(SMALL, d, "postmortem.md"), "utf8") })),
    ];
    const declined: string[] = [];
    for (const { dir, source } of docs) {
      const fast = readStandardPostmortem(source);
      if (fast === null) {
        declined.push(dir);
        continue;
      }
      expect(record(dir, fast)).toEqual(record(dir, fullPostmortemParser(source, `${dir}/postmortem.md`)));
    }
    // Generated documents follow the template exactly, so the fast path takes all of them; the one fixture declined
    // has an Impact table without rows, which the full parser reports as prose (impact-unstructured).
    expect(declined).toEqual(["2025-05-31-checkout-flag"]);
  });

  it("declines documents outside the standard template", () => {
    for (const f of ["nonstandard.md", "bad-front-matter.md"]) {
      expect(readStandardPostmortem(readFileSync(join(import.meta.dirname, "fixtures", f), "utf8"))).toBeNull();
    }
    const standard = readFileSync(join(SMALL, "2025-01-10-checkout-pool/postmortem.md"), "utf8");
    const variants = [
      standard.replace(/\n/g, "\r\n"),
      standard.replace("## Root Cause", "## Resolution and Recovery"),
      standard.replace("- The pool reached its limit of 50 connections.", "- The pool reached *its* limit."),
      standard.replace("| AI-001 |", "| |"),
      standard.replace("## Summary\n", "## Summary\n\n```\ncode\n```\n"),
      standard.replace("| Time | Event | Source | Actor |", "| When | What |"),
      `\uFEFF${standard}`,
    ];
    for (const v of variants) expect(readStandardPostmortem(v)).toBeNull();
  });

  it("never throws, whatever the input (property)", () => {
    const standard = readFileSync(join(SMALL, "2025-02-10-checkout-cert/postmortem.md"), "utf8");
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.nat(standard.length), (junk, at) => {
        expect(() => readStandardPostmortem(junk)).not.toThrow();
        const spliced = standard.slice(0, at) + junk + standard.slice(at);
        const fast = readStandardPostmortem(spliced);
        // Whatever the fast path accepts, the full parser must agree with.
        if (fast) expect(record("d", fast)).toEqual(record("d", fullPostmortemParser(spliced, "d/postmortem.md")));
      }),
      { numRuns: 150 },
    );
  });
});
