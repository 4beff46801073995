import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cp, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { renderPostmortem } from "../src/report/index.js";
import { runCli } from "./support/run-cli.js";

/**
 * One source, two renditions (issue 20): the public one (status page HTML and Markdown) contains nothing marked
 * internal and no personal data; the internal one keeps everything. Every planted string is grepped for.
 */
const root = join(import.meta.dirname, "..");
let dir: string;
let file: string;

/** Strings planted in internal parts: none may appear in a public rendition. */
const INTERNAL = [
  "CUSTOMER-ACME-991", // inline span
  "runbook-42-stale", // block paragraph
  "db-primary-7", // block table cell
  "SECURITY-SECTION-TEXT", // internal section
  "SUBSECTION-SEC-1234", // its subsection
  "Priya Raman", // authors
  "Tomás Ortega", // reviewers
  "APPENDIX-EXCERPT-5521", // appendix
];
/** Personal data planted in public text: masked in a public rendition. */
const PII = ["sre-lead@example.com", "203.0.113.77", "2001:db8::42"];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "debrief-public-"));
  await mkdir(join(dir, "evidence"));
  await cp(join(root, "examples", "incidents", "api-degradation", "evidence"), join(dir, "evidence"), {
    recursive: true,
  });
  file = join(dir, "postmortem.md");
  const source = readFileSync(join(root, "examples", "postmortems", "api-degradation.md"), "utf8")
    .replace(
      "## Summary\n",
      `## Summary\n\nCheckout broke <!-- internal -->for CUSTOMER-ACME-991 first<!-- /internal --> at 10:05 UTC; contact sre-lead@example.com. Traffic from 203.0.113.77 and 2001:db8::42 retried.\n\n<!-- internal -->\nThe runbook-42-stale link pointed nowhere.\n\n| host | state |\n| --- | --- |\n| db-primary-7 | saturated |\n<!-- /internal -->\n`,
    )
    .replace("## Appendix\n", "## Appendix\n\n```\nAPPENDIX-EXCERPT-5521 GET /api/v1/orders 503\n```\n")
    .replace(
      "## Action Items\n",
      "## Security Notes <!-- internal -->\n\nSECURITY-SECTION-TEXT\n\n### Ticket\n\nSUBSECTION-SEC-1234\n\n## Action Items\n",
    );
  writeFileSync(file, source);
}, 60_000);

describe("public rendition", () => {
  it("HTML and Markdown contain no internal string and no planted personal data", async () => {
    for (const format of ["html", "md"]) {
      const r = await renderPostmortem(file, { format, public: true, generatedAt: new Date("2025-02-20T00:00:00Z") });
      expect(r.out).toBe(join(dir, `report.public.${format === "md" ? "md" : "html"}`));
      const text = readFileSync(r.out, "utf8");
      for (const s of [...INTERNAL, ...PII]) expect(text, `${format} contains ${s}`).not.toContain(s);
      // the public story is still there
      expect(text).toContain("Checkout broke");
      expect(text).toContain("Action Items");
      expect(text).toContain("[REDACTED:email]");
    }
  });

  it("the internal rendition keeps every internal part (one source, two renditions)", async () => {
    const r = await renderPostmortem(file, { format: "md" });
    const text = readFileSync(r.out, "utf8");
    for (const s of INTERNAL.slice(0, 5)) expect(text).toContain(s);
  });

  it("`render --public --diff` lists everything left out or masked and writes nothing", async () => {
    const out = join(dir, "preview.html");
    const run = await runCli(["render", file, "--public", "--diff", "--out", out]);
    expect(run.code).toBe(0);
    for (const s of [...INTERNAL, ...PII]) expect(run.stdout, `diff lacks ${s}`).toContain(s);
    expect(run.stdout).toMatch(/@@ line \d+: internal-section/);
    expect(run.stdout).toContain("+ ");
    expect(run.stdout).toContain("nothing was written");
    expect(existsSync(out)).toBe(false);
  });

  it("an unclosed internal block is refused with its line, and --diff without --public is a usage error", async () => {
    const bad = join(dir, "bad.md");
    writeFileSync(bad, readFileSync(file, "utf8").replace("<!-- /internal -->\n", ""));
    const run = await runCli(["render", bad, "--public"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.md:\d+.*never closed/);
    const usage = await runCli(["render", file, "--diff"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("diff goes with public");
  });
});
