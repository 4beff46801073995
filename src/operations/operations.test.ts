import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isDebriefError } from "../model/debrief-error.js";
import { ERROR_TABLE, findOperation, OPERATIONS, type OperationContext, parseOperationInput } from "./index.js";

/**
 * The conformance suite every operation runs through: a valid sample input, the fields that name files (each must
 * refuse `..`, absolute, URL-encoded and symlink escapes) and the fields that are instants (each must refuse a time
 * without a zone). Adding an operation without a row here fails the first test.
 */
const CASES: Record<string, { sample: Record<string, unknown>; paths: string[]; instants?: string[] }> = {
  postmortem_init: {
    sample: { dir: "new-inc", title: "Checkout errors", start: "2025-02-09T10:00:00Z", severity: "SEV2" },
    paths: ["dir"],
    instants: ["start", "end"],
  },
  evidence_collect: { sample: { dir: "inc" }, paths: ["dir", "credentials"], instants: ["start", "end"] },
  evidence_inventory: {
    sample: { paths: ["inc/evidence"] },
    paths: ["paths", "incident"],
    instants: ["windowStart", "windowEnd"],
  },
  evidence_events: {
    sample: { paths: ["inc/evidence"] },
    paths: ["paths", "incident"],
    instants: ["from", "to", "windowStart", "windowEnd"],
  },
  templates_mine: { sample: { file: "inc/evidence/app.log" }, paths: ["file"] },
  timeline_build: { sample: { paths: ["inc/evidence"] }, paths: ["paths", "incident"], instants: ["from", "to"] },
  postmortem_draft: { sample: { dir: "inc" }, paths: ["dir", "timeline"] },
  prevention_suggest: { sample: { incident: "inc" }, paths: ["incident", "paths"] },
  postmortem_lint: { sample: { files: ["inc/postmortem.md"] }, paths: ["files", "config"] },
  postmortem_edit_section: {
    sample: { file: "inc/postmortem.md", section: "summary", markdown: "Checkout failed." },
    paths: ["file"],
  },
  postmortem_card: { sample: { dir: "inc", timeline: false }, paths: ["dir", "file", "workspace"] },
  report_render: { sample: { file: "inc/postmortem.md" }, paths: ["file", "out"] },
  publish_preview: { sample: { dir: "inc" }, paths: ["dir"] },
  publish: { sample: { dir: "inc" }, paths: ["dir"] },
  workspace_index: { sample: {}, paths: ["workspace"] },
  workspace_search: { sample: { query: "pool" }, paths: ["workspace"] },
  workspace_review: { sample: {}, paths: ["workspace"] },
  workspace_sync: { sample: {}, paths: ["workspace"] },
  workspace_insights: { sample: {}, paths: ["workspace"] },
  review_transition: { sample: { dir: "inc", to: "in-review" }, paths: ["dir"] },
  review_comment: { sample: { dir: "inc", section: "summary", body: "Which deploy?" }, paths: ["dir"] },
  review_comments: { sample: { dir: "inc" }, paths: ["dir"] },
  review_reviewers: { sample: { dir: "inc" }, paths: ["dir"] },
  incident_members: { sample: { dir: "inc", private: true }, paths: ["dir"] },
};

const base = realpathSync(mkdtempSync(join(tmpdir(), "debrief-ops-")));
const workspace = join(base, "ws");
mkdirSync(join(workspace, "inc", "evidence"), { recursive: true });
mkdirSync(join(base, "outside"), { recursive: true });
writeFileSync(join(workspace, "inc", "postmortem.md"), "# Checkout errors\n");
writeFileSync(join(workspace, "inc", "evidence", "app.log"), "2025-02-09T10:00:00Z ERROR boom\n");
symlinkSync("/", join(workspace, "rootlink"));
symlinkSync(join(base, "outside"), join(workspace, "outlink"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const ctx: OperationContext = { cwd: workspace, workspace, env: {}, log: () => {} };

const ESCAPES = [
  "../outside",
  "/etc/passwd",
  "%2e%2e/outside",
  "..%2Foutside",
  "rootlink/etc/hostname",
  "outlink/x",
  "inc/../../outside",
];

describe("operations conformance", () => {
  it("every operation has a conformance row, a unique snake_case name, a title and a description", () => {
    const names = OPERATIONS.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(CASES).sort()).toEqual([...names].sort());
    for (const op of OPERATIONS) {
      expect(op.name).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(op.title.length).toBeGreaterThan(5);
      expect(op.description.length).toBeGreaterThan(40);
      expect(findOperation(op.name)).toBe(op);
    }
  });

  it("annotations are consistent: read-only never destructive, external effects are open-world", () => {
    for (const op of OPERATIONS) {
      const a = op.annotations;
      if (a.readOnly) expect(a.destructive, op.name).toBe(false);
      if (a.readOnly) expect(a.cacheOnly ?? false, op.name).toBe(false);
      if (a.externalEffect) expect(a.openWorld, op.name).toBe(true);
    }
  });

  it("the error table covers the codes the adapters map", () => {
    for (const mapping of Object.values(ERROR_TABLE)) {
      expect([1, 2]).toContain(mapping.exitCode);
      expect(mapping.httpStatus).toBeGreaterThanOrEqual(400);
    }
    expect(ERROR_TABLE.PATH_OUTSIDE_WORKSPACE.exitCode).toBe(2);
    expect(ERROR_TABLE.CONFLICT.exitCode).toBe(1);
  });

  for (const op of OPERATIONS) {
    const c = CASES[op.name];
    if (!c) continue;
    describe(op.name, () => {
      it("accepts its sample input and rejects unknown-typed fields", () => {
        expect(() => parseOperationInput(op, c.sample)).not.toThrow();
        expect(() => parseOperationInput(op, "not an object")).toThrow(/input|expected/);
      });

      for (const field of c.instants ?? []) {
        it(`${field}: refuses a time without a zone, accepts one with`, () => {
          for (const bad of ["2025-02-09T10:00:00", "2025-02-09 10:00", "yesterday", "1739095200000"]) {
            let caught: unknown;
            try {
              parseOperationInput(op, { ...c.sample, [field]: bad });
            } catch (error) {
              caught = error;
            }
            expect(isDebriefError(caught) && caught.code === "USAGE", `${field}=${bad}`).toBe(true);
            expect((caught as Error).message).toMatch(new RegExp(`^${field}: .*zone`));
          }
          expect(() => parseOperationInput(op, { ...c.sample, [field]: "2025-02-09T11:00:00+01:00" })).not.toThrow();
        });
      }

      for (const field of c.paths) {
        it(`${field}: refuses .., absolute, URL-encoded and symlink escapes before touching anything`, async () => {
          for (const hostile of ESCAPES) {
            const isArray = Array.isArray(c.sample[field]) || ["paths", "files"].includes(field);
            const input = parseOperationInput(op, { ...c.sample, [field]: isArray ? [hostile] : hostile });
            const outcome = await op.run(input, ctx).then(
              () => "OK",
              (error: unknown) => (isDebriefError(error) ? error.code : String(error)),
            );
            expect(outcome, `${field}=${hostile}`).toBe("PATH_OUTSIDE_WORKSPACE");
          }
        });
      }
    });
  }
});
