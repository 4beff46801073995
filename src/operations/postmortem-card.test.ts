import { readFileSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postmortemCardOperation } from "./postmortem-card.js";
import { postmortemEditSectionOperation, sectionHash } from "./postmortem-edit.js";
import { parseOperationInput } from "./run-operation.js";

const root = join(import.meta.dirname, "..", "..", "examples");
let work: string;
const ctx = () => ({ cwd: work, workspace: work, env: {}, log: () => {} });

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "debrief-card-"));
  await cp(join(root, "incidents", "api-degradation"), join(work, "inc"), { recursive: true });
  await cp(join(root, "postmortems", "api-degradation.md"), join(work, "inc", "postmortem.md"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function lineOf(file: string, line: number): string | undefined {
  return readFileSync(file, "utf8").split("\n")[line - 1];
}

describe("postmortem_card on the completed example", () => {
  it("every claim's pointer resolves to a real file and line, quoted in evidence_pointers", async () => {
    const input = parseOperationInput(postmortemCardOperation, { dir: "inc", asOf: "2025-02-10" });
    const { position_card: card } = await postmortemCardOperation.run(input as never, ctx());
    expect(card.claims.length).toBeGreaterThanOrEqual(13);
    for (const claim of card.claims) {
      expect(claim.evidence.length, claim.claim).toBeGreaterThan(0);
      for (const pointer of claim.evidence) {
        const m = /^(.+):(\d+)$/.exec(pointer);
        const text = m?.[1] && lineOf(join(work, "inc", m[1]), Number(m[2]));
        expect(text, pointer).toBeTruthy();
        const quoted = card.evidence_pointers.find((p) => p.pointer === pointer);
        expect(quoted?.quotedEvidence.startsWith((text ?? "").trim().slice(0, 240)), pointer).toBe(true);
      }
    }
    expect(card.confidence.level).toBe("high");
    expect(card.risks.filter((r) => /not tracked/.test(r))).toHaveLength(4);
    expect(card.plan.some((p) => p.startsWith("AI-001"))).toBe(true);
  }, 120_000);

  it("a cited line that does not exist is a risk, not a claim", async () => {
    const file = join(work, "inc", "postmortem.md");
    const source = await readFile(file, "utf8");
    await writeFile(
      join(work, "inc", "broken.md"),
      source
        .replace("evidence/deploys.json:166", "evidence/deploys.json:999999")
        .replace("evidence/alerts.json:1`", "evidence/nope.json:1`"),
    );
    const input = parseOperationInput(postmortemCardOperation, { dir: "inc", file: "inc/broken.md", timeline: false });
    const { position_card: card } = await postmortemCardOperation.run(input as never, ctx());
    expect(card.claims.flatMap((c) => c.evidence)).not.toContain("evidence/deploys.json:999999");
    expect(card.risks).toContain(
      "../inc/broken.md:52 cites evidence/deploys.json:999999, which is not a line of an existing file".replace(
        "../inc/",
        "",
      ),
    );
    expect(card.risks.some((r) => r.includes("evidence/nope.json:1"))).toBe(true);
  });
});

describe("postmortem_edit_section", () => {
  it("appends, replaces only with the hash of what was read, and never touches other bytes", async () => {
    const file = join(work, "inc", "edit.md");
    await writeFile(
      file,
      "---\nid: X\ntitle: T\nseverity: SEV2\n---\n\n# T\n\n## Summary\n\nPeople wrote this.\n\n## Impact\n\nKept.\n",
    );
    const run = (raw: unknown) =>
      postmortemEditSectionOperation.run(parseOperationInput(postmortemEditSectionOperation, raw) as never, ctx());
    await run({ file: "inc/edit.md", section: "summary", markdown: "An agent added this (`evidence/alerts.json:1`)." });
    let text = await readFile(file, "utf8");
    expect(text).toContain("People wrote this.\n\nAn agent added this");
    expect(text).toContain("## Impact\n\nKept.\n");
    await expect(run({ file: "inc/edit.md", section: "summary", markdown: "x", mode: "replace" })).rejects.toThrow(
      /baseHash/,
    );
    await expect(
      run({ file: "inc/edit.md", section: "summary", markdown: "x", mode: "replace", baseHash: "0000" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const current = sectionHash("\nPeople wrote this.\n\nAn agent added this (`evidence/alerts.json:1`).\n\n");
    const r = await run({
      file: "inc/edit.md",
      section: "summary",
      markdown: "Rewritten.",
      mode: "replace",
      baseHash: current,
    });
    text = await readFile(file, "utf8");
    expect(text).toContain("## Summary\n\nRewritten.\n\n## Impact\n\nKept.\n");
    expect(r.hash).toBe(sectionHash("Rewritten."));
    const created = await run({ file: "inc/edit.md", section: "fiveWhys", markdown: "1. **Why** x? **Because** y." });
    expect(created.created).toBe(true);
    expect(await readFile(file, "utf8")).toMatch(/## Five Whys\n\n1\. \*\*Why\*\* x\?/);
  });
});
