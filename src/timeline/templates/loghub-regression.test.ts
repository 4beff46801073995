import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { scoreParsing } from "./accuracy.js";
import { LOGHUB_2K_DATASETS, loadLoghubDataset } from "./loghub-dataset.js";
import { mineTemplates } from "./template-miner.js";

const root = resolve(process.env.LOGHUB_2K_DIR ?? join(import.meta.dirname, "../../../../shared/datasets/loghub-2k"));

/*
 * Accuracy regression on the Loghub 2k samples with the miner's single default configuration. The thresholds are
 * the levels reached when this test was written (bench/results/templates.md) minus a small margin, so a change
 * that costs accuracy fails here.
 */
describe("template mining accuracy on Loghub 2k", () => {
  it("finds the datasets", () => {
    expect(existsSync(root), `Loghub 2k samples not found at ${root} (set LOGHUB_2K_DIR)`).toBe(true);
  });

  it("keeps mean GA and PA over the 10 datasets at the reached level", () => {
    const ga: number[] = [];
    const pa: number[] = [];
    for (const name of LOGHUB_2K_DATASETS) {
      const ds = loadLoghubDataset(root, name);
      const r = mineTemplates(ds.contents);
      const templates = r.assignments.map((a) => r.templates[a]?.template ?? "");
      const s = scoreParsing(ds.eventIds, ds.templates, r.assignments, templates);
      expect(s.lines).toBe(2000);
      ga.push(s.groupAccuracy);
      pa.push(s.parsingAccuracy);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(ga)).toBeGreaterThanOrEqual(0.93);
    expect(mean(pa)).toBeGreaterThanOrEqual(0.9);
    // no dataset collapses: the worst one stays useful
    expect(Math.min(...ga)).toBeGreaterThanOrEqual(0.7);
    expect(Math.min(...pa)).toBeGreaterThanOrEqual(0.5);
  });
});
