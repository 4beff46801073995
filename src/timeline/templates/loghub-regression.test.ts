import { describe, expect, it } from "vitest";
import { canRunLoghub, loghubDir } from "../../../test/support/skip-reason.js";
import { scoreParsing } from "./accuracy.js";
import { LOGHUB_2K_DATASETS, loadLoghubDataset } from "./loghub-dataset.js";
import { mineTemplates } from "./template-miner.js";

const root = loghubDir() ?? "";

/*
 * Accuracy regression on the Loghub 2k samples with the miner's single default configuration. The thresholds are
 * the levels reached when this test was written (bench/results/templates.md) minus a small margin, so a change
 * that costs accuracy fails here.
 */
describe.runIf(canRunLoghub("the template-mining accuracy regression tests"))(
  "template mining accuracy on Loghub 2k",
  () => {
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
  },
);
