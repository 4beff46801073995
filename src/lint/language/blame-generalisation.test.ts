import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BlameDetector } from "./blame-detector.js";

// The issue-17 helper's own development sentences (invented, many cultures' names, handles, roles and teams; never
// from the blind corpus): classes of blame and of blameless wording that the rules must keep apart.
const file = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "blame-generalisation.dev.jsonl");
const [head = "{}", ...lines] = readFileSync(file, "utf8")
  .split("\n")
  .filter((l) => l.trim().length > 0);
const meta = JSON.parse(head) as { people: string[] };
const rows = lines.map((l) => JSON.parse(l) as { text: string; label: "blame" | "blameless"; category: string });

function score(detector: BlameDetector): { precision: number; recall: number; errors: string[] } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const errors: string[] = [];
  for (const r of rows) {
    const pred = detector.detect(r.text).length > 0;
    const gold = r.label === "blame";
    if (pred && gold) tp++;
    else if (pred) fp++;
    else if (gold) fn++;
    if (pred !== gold) errors.push(`${pred ? "FP" : "FN"} [${r.category}] ${r.text}`);
  }
  return { precision: tp / (tp + fp), recall: tp / (tp + fn), errors };
}

describe("blame rules on the generalisation sentences", () => {
  it("holds both labels in every batch", () => {
    expect(rows.filter((r) => r.label === "blame").length).toBeGreaterThan(200);
    expect(rows.filter((r) => r.label === "blameless").length).toBeGreaterThan(150);
  });

  it("finds blame in any wording and stays quiet on blameless text, with the incident's people known", () => {
    const s = score(new BlameDetector({ people: meta.people, peopleComplete: true }));
    expect(s.precision, s.errors.join("\n")).toBeGreaterThanOrEqual(0.97);
    expect(s.recall, s.errors.join("\n")).toBeGreaterThanOrEqual(0.95);
  });

  it("keeps most of its recall without a people list", () => {
    const s = score(new BlameDetector());
    expect(s.precision, s.errors.join("\n")).toBeGreaterThanOrEqual(0.97);
    expect(s.recall, s.errors.join("\n")).toBeGreaterThanOrEqual(0.9);
  });
});
