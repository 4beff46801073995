import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDebriefError } from "../../model/debrief-error.js";
import { loadLoghubDataset, parseCsv } from "./loghub-dataset.js";

function toCsv(rows: string[][]): string {
  return rows
    .map((r) => r.map((f) => (/[",\r\n]/.test(f) || f === "" ? `"${f.replaceAll('"', '""')}"` : f)).join(","))
    .join("\r\n");
}

describe("parseCsv", () => {
  it("reads quoted fields, doubled quotes, embedded newlines and CRLF", () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"multi\nline",\n';
    expect(parseCsv(text)).toEqual([
      ["a", "b", "c"],
      ["1", "x, y", 'say "hi"'],
      ["2", "multi\nline", ""],
    ]);
  });

  it("names the file and line of an unterminated quote", () => {
    let caught: unknown;
    try {
      parseCsv('a,b\n1,"never closed\n2,3', "bad.csv");
    } catch (error) {
      caught = error;
    }
    expect(isDebriefError(caught) && caught.toString()).toBe("bad.csv:2: unterminated quoted CSV field");
  });

  it("property: parse(serialise(rows)) gives the rows back", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 5 }), {
          minLength: 1,
          maxLength: 10,
        }),
        (rows) => {
          expect(parseCsv(toCsv(rows))).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});

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
