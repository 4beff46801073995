import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLoghubDataset } from "./loghub-dataset.js";

describe("loadLoghubDataset", () => {
  it("prefers the corrected ground truth and reports missing columns and files", () => {
    const root = mkdtempSync(join(tmpdir(), "loghub-"));
    mkdirSync(join(root, "X"));
    writeFileSync(
      join(root, "X", "X_2k.log_structured.csv"),
      "LineId,Content,EventId,EventTemplate\n1,old 1,E1,old <*>\n",
    );
    writeFileSync(
      join(root, "X", "X_2k.log_structured_corrected.csv"),
      'LineId,Content,EventId,EventTemplate\n1,"new, 1",E1,"new, <*>"\n',
    );
    const ds = loadLoghubDataset(root, "X");
    expect(ds.truthKind).toBe("corrected");
    expect(ds.contents).toEqual(["new, 1"]);
    expect(ds.templates).toEqual(["new, <*>"]);

    mkdirSync(join(root, "Y"));
    writeFileSync(join(root, "Y", "Y_2k.log_structured.csv"), "LineId,Text\n1,x\n");
    expect(() => loadLoghubDataset(root, "Y")).toThrow(/missing column Content/);
    expect(() => loadLoghubDataset(root, "Z")).toThrow(/no ground truth for Z/);
  });
});
