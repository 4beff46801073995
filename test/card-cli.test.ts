import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { main } from "../src/cli/main.js";

/** `debrief card` on the completed example: YAML whose every claim points at a real line of a real file. */
const root = join(import.meta.dirname, "..");
const dir = join(root, "examples", "incidents", "api-degradation");

async function card(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(["node", "debrief", "card", ...args], {
    cwd: root,
    env: {},
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
  });
  return { code, out, err };
}

describe("debrief card", () => {
  it("prints the position card of the completed example, every pointer resolving", async () => {
    const r = await card(dir, "--file", "examples/postmortems/api-degradation.md", "--as-of", "2025-02-10");
    expect(r.code, r.err).toBe(0);
    const { position_card: c } = parse(r.out) as {
      position_card: {
        agent: string;
        claims: Array<{ claim: string; evidence: string[] }>;
        plan: string[];
        evidence_pointers: Array<{ pointer: string; quotedEvidence: string }>;
        confidence: { level: string; score: number; basis: string[] };
        risks: string[];
      };
    };
    expect(Object.keys(c)).toEqual(
      expect.arrayContaining(["agent", "claims", "plan", "evidence_pointers", "confidence", "risks"]),
    );
    expect(c.claims.length).toBeGreaterThanOrEqual(20); // 13 timeline rows + 7 milestones from the evidence
    for (const claim of c.claims) {
      expect(claim.evidence.length, claim.claim).toBeGreaterThan(0);
      for (const p of claim.evidence) {
        const [, path, line] = /^(.+):(\d+)$/.exec(p) ?? [];
        const lines = readFileSync(join(dir, path ?? ""), "utf8").split("\n");
        expect(Number(line), p).toBeLessThanOrEqual(lines.length);
        expect(lines[Number(line) - 1]?.trim(), p).not.toBe("");
      }
    }
    expect(c.confidence.score).toBeGreaterThan(0.8);
  }, 180_000);

  it("names the missing post-mortem instead of failing obscurely", async () => {
    const r = await card(join(root, "examples"), "--no-timeline");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no post-mortem to make a card of/);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });
});
