import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDebriefError } from "../model/debrief-error.js";
import { parseCsv } from "./parse-csv.js";

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
    expect(parseCsv('\ufeffa,b\r\n1,"x, ""y"""\r\n2,\n')).toEqual([
      ["a", "b"],
      ["1", 'x, "y"'],
      ["2", ""],
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
