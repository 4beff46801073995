import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fullPostmortemParser } from "./parser.js";
import { readIncident, scanWorkspace } from "./workspace-scan.js";

function workspace(): string {
  const ws = mkdtempSync(join(tmpdir(), "debrief-scan-"));
  mkdirSync(join(ws, "inc-a"));
  writeFileSync(join(ws, "inc-a", "postmortem.md"), "---\nid: inc-a\ntitle: A\nseverity: SEV2\n---\n# A\n");
  writeFileSync(join(ws, "inc-a", "timeline.json"), "{ not json");
  mkdirSync(join(ws, "inc-b", "postmortem.md"), { recursive: true }); // a folder named like the file
  mkdirSync(join(ws, ".debrief"));
  writeFileSync(join(ws, ".debrief", "postmortem.md"), "hidden");
  mkdirSync(join(ws, "node_modules", "x"), { recursive: true });
  mkdirSync(join(ws, "empty"));
  return ws;
}

describe("scanWorkspace", () => {
  it("lists the incident files of visible folders and reports irregular ones", () => {
    const { files, dirs, irregular } = scanWorkspace(workspace());
    expect(files.map((f) => [f.rel, f.kind])).toEqual([
      ["inc-a/postmortem.md", "postmortem"],
      ["inc-a/timeline.json", "timeline"],
    ]);
    expect([...dirs].sort()).toEqual(["inc-a", "inc-b"]);
    expect(irregular.map((p) => [p.path, p.code])).toEqual([["inc-b/postmortem.md", "file-not-regular"]]);
  });

  it("a missing workspace is INPUT_UNREADABLE", () => {
    expect(() => scanWorkspace(join(tmpdir(), "debrief-no-such-ws-9f2"))).toThrow(
      expect.objectContaining({ code: "INPUT_UNREADABLE" }),
    );
  });
});

describe("readIncident", () => {
  it("parses the post-mortem and records a broken timeline as a problem with its line, never throwing", () => {
    const ws = workspace();
    const { files } = scanWorkspace(ws);
    const { record, hashes } = readIncident("inc-a", files, fullPostmortemParser, []);
    expect(record.id).toBe("inc-a");
    expect(hashes.get("inc-a/postmortem.md")).toMatch(/^[0-9a-f]{64}$/);
    const problem = record.problems.find((p) => p.code === "timeline-invalid");
    expect(problem).toMatchObject({ path: "inc-a/timeline.json", line: 1 });
  });
});
