import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { isDebriefError } from "../model/debrief-error.js";
import {
  FILE_PROBLEM_CODES,
  indexWorkspace,
  listActionItems,
  listIncidents,
  listProblems,
  openWorkspaceIndex,
  SCHEMA_VERSION,
  withFreshIndex,
} from "./index.js";

const SMALL = join(import.meta.dirname, "../insights/fixtures/small-workspace");

function copyWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "debrief-ws-"));
  cpSync(SMALL, dir, { recursive: true });
  return dir;
}

/** Rewrite a file with new content and a clearly newer mtime, as an editor would. */
function edit(path: string, change: (s: string) => string): void {
  writeFileSync(path, change(readFileSync(path, "utf8")));
  const later = new Date(Date.now() + 5000);
  utimesSync(path, later, later);
}

describe("indexWorkspace", () => {
  it("indexes every incident, action item and timeline summary", () => {
    const ws = copyWorkspace();
    const report = indexWorkspace(ws);
    expect(report).toMatchObject({ incidents: 4, actionItems: 6, added: 4, updated: 0, removed: 0, rebuilt: true });
    expect(report.indexPath).toBe(join(ws, ".debrief", "index.sqlite"));
    withFreshIndex(ws, {}, (index) => {
      const incidents = listIncidents(index);
      expect(incidents.map((i) => i.id)).toEqual(["INC-A", "INC-B", "INC-C", "INC-D"]);
      const a = incidents[0];
      expect(a?.milestoneSource).toBe("timeline.json");
      expect(a?.milestones.acknowledged).toBe(Date.parse("2025-01-10T10:05:00Z"));
      expect(a?.errorSignatures).toContain("timeout acquiring connection from pool after <*> ms");
      const b = incidents[1];
      expect(b?.milestoneSource).toBe("postmortem");
      expect(b?.milestones.recovered).toBe(Date.parse("2025-02-10T09:30:00Z"));
      expect(incidents[3]?.sectionsMissing).toEqual(["rootCause", "contributingFactors", "lessonsLearned"]);
      const items = listActionItems(index);
      expect(items.map((i) => `${i.incidentId}/${i.itemId}/${i.status}`)).toEqual([
        "INC-A/AI-001/done",
        "INC-A/AI-002/open",
        "INC-B/AI-001/in-progress",
        "INC-B/AI-002/wont-do",
        "INC-C/AI-001/open",
        "INC-D/AI-001/open",
      ]);
      expect(items[1]).toMatchObject({
        deadline: "2025-05-01",
        priority: "P1",
        path: "2025-01-10-checkout-pool/postmortem.md",
      });
      expect(items[5]).toMatchObject({ owner: "TBD", deadline: null, tracker: null });
      // WAL and the schema version table are in place.
      expect(index.db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(index.db.prepare("SELECT version FROM schema_version").pluck().get()).toBe(SCHEMA_VERSION);
    });
  });

  it("skips unchanged files, re-reads only a changed one, and removes a deleted incident", () => {
    const ws = copyWorkspace();
    indexWorkspace(ws);
    expect(indexWorkspace(ws)).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 4, rebuilt: false });

    edit(join(ws, "2025-03-01-search-disk/postmortem.md"), (s) => s.replace("status: in-review", "status: published"));
    const changed = indexWorkspace(ws);
    expect(changed).toMatchObject({ added: 0, updated: 1, removed: 0, unchanged: 3 });
    withFreshIndex(ws, {}, (index) => {
      expect(listIncidents(index).find((i) => i.id === "INC-C")?.status).toBe("published");
    });

    // Touching a file without changing it costs a hash, not a re-index.
    const later = new Date(Date.now() + 10_000);
    utimesSync(join(ws, "2025-01-10-checkout-pool/postmortem.md"), later, later);
    expect(indexWorkspace(ws)).toMatchObject({ updated: 0, unchanged: 4 });

    rmSync(join(ws, "2025-05-31-checkout-flag"), { recursive: true });
    expect(indexWorkspace(ws)).toMatchObject({ incidents: 3, removed: 1, actionItems: 5 });

    // Removing only timeline.json re-reads that incident from its post-mortem.
    rmSync(join(ws, "2025-01-10-checkout-pool/timeline.json"));
    expect(indexWorkspace(ws)).toMatchObject({ incidents: 3, updated: 1 });
    withFreshIndex(ws, {}, (index) => {
      const a = listIncidents(index).find((i) => i.id === "INC-A");
      expect(a?.milestoneSource).toBe("postmortem");
      expect(a?.milestones.detected).toBeNull();
    });

    mkdirSync(join(ws, "2025-06-02-new"));
    cpSync(join(SMALL, "2025-03-01-search-disk/postmortem.md"), join(ws, "2025-06-02-new/postmortem.md"));
    expect(indexWorkspace(ws)).toMatchObject({ incidents: 4, added: 1, updated: 0 });
  });

  it("records unusable files as problems instead of failing", () => {
    const ws = copyWorkspace();
    mkdirSync(join(ws, "bad-yaml"));
    cpSync(join(import.meta.dirname, "fixtures/bad-front-matter.md"), join(ws, "bad-yaml/postmortem.md"));
    mkdirSync(join(ws, "latin1"));
    writeFileSync(
      join(ws, "latin1/postmortem.md"),
      Buffer.from("---\nid: X\ntitle: caf\xe9\nseverity: SEV3\n---\n", "latin1"),
    );
    mkdirSync(join(ws, "bad-json"));
    writeFileSync(join(ws, "bad-json/timeline.json"), '{"milestones": {');
    mkdirSync(join(ws, "huge"));
    writeFileSync(join(ws, "huge/postmortem.md"), "");
    truncateSync(join(ws, "huge/postmortem.md"), 9 * 1024 * 1024);
    mkdirSync(join(ws, "not-a-file/postmortem.md"), { recursive: true });
    mkdirSync(join(ws, "truncated"));
    writeFileSync(
      join(ws, "truncated/postmortem.md"),
      "---\nid: INC-T\ntitle: cut off\nseverity: SEV2\n---\n\n## Summ",
    );

    const report = indexWorkspace(ws);
    expect(report.incidents).toBe(10);
    const byDir = (dir: string) => report.problems.filter((p) => p.incidentDir === dir).map((p) => p.code);
    expect(byDir("bad-yaml")).toContain("front-matter-invalid");
    expect(byDir("latin1")).toContain("file-encoding");
    expect(report.problems.find((p) => p.incidentDir === "latin1")?.message).toMatch(
      /latin1\/postmortem\.md:3 is not valid UTF-8/,
    );
    expect(byDir("bad-json")).toEqual(["timeline-invalid"]);
    expect(report.problems.find((p) => p.incidentDir === "bad-json")?.message).toMatch(
      /bad-json\/timeline\.json.*not valid JSON/,
    );
    expect(byDir("huge")).toEqual(["file-too-large"]);
    expect(byDir("not-a-file")).toEqual(["file-not-regular"]);
    expect(byDir("truncated").every((c) => !FILE_PROBLEM_CODES.has(c))).toBe(true);
    withFreshIndex(ws, {}, (index) => {
      expect(listProblems(index).length).toBe(report.totalProblems);
      expect(listIncidents(index).find((i) => i.dir === "truncated")?.id).toBe("INC-T");
    });
    // A second refresh does not re-read the broken files that did not change.
    expect(indexWorkspace(ws)).toMatchObject({ updated: 0, added: 0 });
  });

  it("rebuilds a corrupt index file with a warning", () => {
    const ws = copyWorkspace();
    indexWorkspace(ws);
    const path = join(ws, ".debrief/index.sqlite");
    for (const suffix of ["-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
    writeFileSync(path, "this is not a database, it was overwritten by accident ".repeat(200));
    const warnings: string[] = [];
    const report = indexWorkspace(ws, { onWarning: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/index\.sqlite is corrupt .*rebuilding it from the files/);
    expect(report).toMatchObject({ incidents: 4, added: 4, rebuilt: true });
    expect(report.warnings).toEqual(warnings);
  });

  it("rebuilds an index written by a newer schema, and honours --rebuild", () => {
    const ws = copyWorkspace();
    indexWorkspace(ws);
    const db = new Database(join(ws, ".debrief/index.sqlite"));
    db.prepare("UPDATE schema_version SET version = ?").run(SCHEMA_VERSION + 5);
    db.close();
    const warnings: string[] = [];
    expect(indexWorkspace(ws, { onWarning: (m) => warnings.push(m) })).toMatchObject({ incidents: 4, rebuilt: true });
    expect(warnings[0]).toMatch(/newer Debrief/);
    expect(indexWorkspace(ws, { rebuild: true })).toMatchObject({ added: 4, rebuilt: true });
  });

  it("refuses a missing workspace or a file given as workspace with input errors", () => {
    const missing = join(tmpdir(), "debrief-no-such-workspace-xyz");
    try {
      indexWorkspace(missing);
      expect.unreachable();
    } catch (error) {
      expect(isDebriefError(error) && error.code).toBe("INPUT_NOT_FOUND");
    }
    const ws = copyWorkspace();
    const file = join(ws, "2025-01-10-checkout-pool/postmortem.md");
    expect(() => openWorkspaceIndex(file)).toThrow(/is not a directory/);
  });

  it("keeps hidden folders and stray files out of the index", () => {
    const ws = copyWorkspace();
    mkdirSync(join(ws, ".git/objects"), { recursive: true });
    writeFileSync(join(ws, ".git/postmortem.md"), "# not an incident");
    writeFileSync(join(ws, "README.md"), "# Incidents");
    expect(indexWorkspace(ws).incidents).toBe(4);
  });
});
