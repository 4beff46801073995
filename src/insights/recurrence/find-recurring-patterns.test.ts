import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listIncidents, withFreshIndex } from "../../store/index.js";
import { generateWorkspace, type WorkspaceTruth } from "../workspace-generator/index.js";
import { findRecurringPatterns, type RecurrenceInput } from "./find-recurring-patterns.js";
import { normaliseTerms } from "./normalise-text.js";

function pairs(groups: string[][]): Set<string> {
  const out = new Set<string>();
  for (const g of groups) {
    const ids = [...g].sort();
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) out.add(`${ids[i]}|${ids[j]}`);
  }
  return out;
}

function generated(count: number, seed: number): { truth: WorkspaceTruth; inputs: RecurrenceInput[] } {
  const out = mkdtempSync(join(tmpdir(), "debrief-recur-"));
  const truth = generateWorkspace({ count, seed, out });
  const inputs = withFreshIndex(out, {}, (index) =>
    listIncidents(index).map((i) => ({ ...i, impactStart: i.milestones.impactStart })),
  );
  return { truth, inputs };
}

describe("findRecurringPatterns on generated workspaces with planted recurrences", () => {
  for (const [count, seed] of [
    [40, 7],
    [60, 11],
    [48, 2024],
  ] as const) {
    it(`finds the planted groups and merges no unrelated incidents (count ${count}, seed ${seed})`, () => {
      const { truth, inputs } = generated(count, seed);
      const { patterns } = findRecurringPatterns(inputs);
      const truthPairs = pairs(truth.groups.map((g) => g.incidents));
      const found = pairs(patterns.map((p) => p.incidents.map((i) => i.id)));
      const tp = [...found].filter((p) => truthPairs.has(p)).length;
      const precision = found.size === 0 ? 1 : tp / found.size;
      const recall = tp / truthPairs.size;
      expect(precision).toBeGreaterThanOrEqual(0.95);
      expect(recall).toBeGreaterThanOrEqual(0.8);
      // No singleton (an archetype that happened once) is put in any group.
      const grouped = new Set(patterns.flatMap((p) => p.incidents.map((i) => i.id)));
      expect(truth.singletons.filter((id) => grouped.has(id))).toEqual([]);
    });
  }

  it("describes a group as the nth occurrence over its span, oldest first, with a recommendation", () => {
    const { inputs } = generated(40, 7);
    const { patterns, method } = findRecurringPatterns(inputs);
    const p = patterns[0];
    expect(p).toBeDefined();
    if (!p) return;
    expect(p.description).toMatch(/^\d+(st|nd|rd|th) .+ in \d+ months? \(INC-\d{4}-\d{4}(, INC-\d{4}-\d{4})+\)$/);
    expect(p.description.startsWith(`${p.incidents.length}`)).toBe(true);
    const starts = p.incidents.map((i) => i.impactStart ?? "");
    expect([...starts].sort()).toEqual(starts);
    expect(p.recommendation).toMatch(/deeper review|action items/);
    expect(method.threshold).toBe(0.42);
    expect(method.comparedPairs).toBeLessThanOrEqual(method.candidatePairs);
  });

  it("is deterministic and independent of input order", () => {
    const { inputs } = generated(40, 7);
    const a = findRecurringPatterns(inputs).patterns.map((p) => p.incidents.map((i) => i.id).join(","));
    const b = findRecurringPatterns([...inputs].reverse()).patterns.map((p) => p.incidents.map((i) => i.id).join(","));
    expect(b.sort()).toEqual(a.sort());
  });
});

describe("findRecurringPatterns on hand-written incidents", () => {
  const base = { factors: [], errorSignatures: [], dir: "d", title: "" };
  const inc = (id: string, rootCause: string, services: string[], month: number): RecurrenceInput => ({
    ...base,
    id,
    dir: id,
    rootCause,
    services,
    impactStart: Date.UTC(2025, month, 1),
  });

  it("links paraphrases through synonym folding and keeps a different failure on the same service apart", () => {
    const { patterns } = findRecurringPatterns([
      inc("INC-1", "The orders database connection pool was exhausted by slow queries.", ["orders"], 0),
      inc(
        "INC-2",
        "Connection pool saturation on the orders database: slow queries held every connection.",
        ["orders"],
        3,
      ),
      inc("INC-3", "Orders ran out of database connections; pool starvation from slow queries.", ["orders"], 6),
      inc("INC-4", "The TLS certificate for orders expired and clients rejected the handshake.", ["orders"], 7),
    ]);
    expect(patterns).toHaveLength(1);
    expect(patterns[0]?.incidents.map((i) => i.id)).toEqual(["INC-1", "INC-2", "INC-3"]);
    expect(patterns[0]?.description).toMatch(/^3rd .* in 6 months \(INC-1, INC-2, INC-3\)$/);
    expect(patterns[0]?.label.toLowerCase()).toMatch(/pool|connection|exhaustion/);
  });

  it("returns nothing for an empty or single-incident workspace", () => {
    expect(findRecurringPatterns([]).patterns).toEqual([]);
    expect(findRecurringPatterns([inc("INC-1", "disk full", ["a"], 0)]).patterns).toEqual([]);
  });

  it("folds domain synonyms onto shared terms", () => {
    const a = new Set(normaliseTerms("connection pool exhausted"));
    const b = new Set(normaliseTerms("connections pool saturation"));
    expect([...a].filter((t) => b.has(t)).sort()).toEqual(["connect", "exhaust", "pool"]);
    expect(normaliseTerms("No space left on device")).toEqual(["diskfull"]);
    expect(normaliseTerms("pods were OOMKilled")).toContain("oom");
    expect(normaliseTerms("checkout-api pool exhausted", ["checkout-api"])).toEqual(["pool", "exhaust"]);
  });
});
