import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { classifyActionItem } from "./action-item-vagueness.js";

// The issue-17 helper's own action items (invented, never from the blind corpus): vague items without a checkable
// object, place or done-check, and specific items that happen to use words the rule watches for.
const file = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "vague-generalisation.dev.jsonl");
const rows = readFileSync(file, "utf8")
  .split("\n")
  .filter((l) => l.trim().length > 0)
  .map((l) => JSON.parse(l) as { text?: string; label?: "vague" | "specific" })
  .filter((r): r is { text: string; label: "vague" | "specific" } => r.text !== undefined && r.label !== undefined);

describe("vague action items on the generalisation items", () => {
  it("holds both labels", () => {
    expect(rows.filter((r) => r.label === "vague").length).toBeGreaterThan(100);
    expect(rows.filter((r) => r.label === "specific").length).toBeGreaterThan(60);
  });

  it("flags items that name a kind of deliverable and keeps items that name theirs", () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const errors: string[] = [];
    for (const r of rows) {
      const v = classifyActionItem(r.text);
      const gold = r.label === "vague";
      if (v.vague && gold) tp++;
      else if (v.vague) fp++;
      else if (gold) fn++;
      if (v.vague !== gold) errors.push(`${v.vague ? "FP" : "FN"} ${r.text} ${v.reason ?? ""}`);
    }
    expect(tp / (tp + fp), errors.join("\n")).toBeGreaterThanOrEqual(0.97);
    expect(tp / (tp + fn), errors.join("\n")).toBeGreaterThanOrEqual(0.95);
  });

  it("reads a generic deliverable as vague only without a particular target", () => {
    expect(classifyActionItem("Add monitoring to the new service.").reason).toBe("vague-scope");
    expect(classifyActionItem("Add structured logging for failed token refreshes.").vague).toBe(false);
    expect(classifyActionItem("Migrate to a managed database.").vague).toBe(true);
    expect(classifyActionItem("Buy two more nodes for the ci pool.").vague).toBe(false);
  });
});
