import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateWorkspace } from "./index.js";

const tmp = () => mkdtempSync(join(tmpdir(), "debrief-gen-"));

describe("generateWorkspace", () => {
  it("is deterministic for a seed and records its planted groups in truth.json", () => {
    const a = tmp();
    const b = tmp();
    const truth = generateWorkspace({ count: 30, seed: 9, out: a });
    generateWorkspace({ count: 30, seed: 9, out: b });
    const dirs = readdirSync(a).sort();
    expect(readdirSync(b).sort()).toEqual(dirs);
    for (const d of dirs.filter((x) => x !== "truth.json")) {
      expect(readFileSync(join(b, d, "postmortem.md"), "utf8")).toBe(readFileSync(join(a, d, "postmortem.md"), "utf8"));
    }
    expect(JSON.parse(readFileSync(join(a, "truth.json"), "utf8"))).toEqual(truth);
    expect(truth.incidents).toHaveLength(30);
    const grouped = truth.groups.flatMap((g) => g.incidents);
    expect(new Set([...grouped, ...truth.singletons]).size).toBe(30);
    expect(truth.groups.every((g) => g.incidents.length >= 2)).toBe(true);
    const other = generateWorkspace({ count: 30, seed: 10, out: tmp() });
    expect(other.incidents.map((i) => i.archetype)).not.toEqual(truth.incidents.map((i) => i.archetype));
  });

  it("rejects a bad count or start date as usage errors", () => {
    expect(() => generateWorkspace({ count: 0, seed: 1, out: tmp() })).toThrow(
      /--count expects a positive whole number/,
    );
    expect(() => generateWorkspace({ count: 3, seed: 1, out: tmp(), start: "soon" })).toThrow(/--start expects a date/);
  });
});
