import { DebriefError } from "../model/debrief-error.js";

/**
 * Parse RFC 4180 CSV (quoted fields, `""` escapes, CRLF or LF). Throws on an unterminated quote, naming the line.
 * @param path used in error messages only
 */
export function parseCsv(text: string, path = "<csv>"): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  let line = 1;
  let quoted = false;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n) {
    const c = text[i];
    if (c === '"' && field === "") {
      quoted = true;
      const startLine = line;
      i++;
      for (;;) {
        if (i >= n) {
          throw new DebriefError("INPUT_INVALID", "unterminated quoted CSV field", {
            location: { path, line: startLine },
          });
        }
        const d = text[i];
        if (d === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (d === "\n") line++;
        field += d;
        i++;
      }
      continue;
    }
    if (c === ",") {
      row.push(field);
      field = "";
      quoted = false;
      i++;
    } else if (c === "\r" || c === "\n") {
      row.push(field);
      field = "";
      quoted = false;
      rows.push(row);
      row = [];
      if (c === "\r" && text[i + 1] === "\n") i++;
      i++;
      line++;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== "" || quoted || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
