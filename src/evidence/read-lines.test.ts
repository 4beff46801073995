import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineSplitter, sniffEncoding, trimPartialUtf8 } from "./read-lines.js";

interface Collected {
  lines: [number, string][];
  skips: [number, string][];
  splitter: LineSplitter;
}

function split(chunks: Buffer[], maxLineBytes?: number): Collected {
  const out: Collected = { lines: [], skips: [], splitter: undefined as unknown as LineSplitter };
  const s = new LineSplitter(
    { line: (t, n) => out.lines.push([n, t]), skip: (n, r) => out.skips.push([n, r]) },
    maxLineBytes === undefined ? {} : { maxLineBytes },
  );
  for (const c of chunks) s.push(c);
  s.end();
  out.splitter = s;
  return out;
}

function chunked(buf: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(buf.subarray(prev, p));
    prev = p;
  }
  out.push(buf.subarray(prev));
  return out;
}

describe("LineSplitter", () => {
  it("splits LF and CRLF lines and keeps a last line without newline", () => {
    const r = split([Buffer.from("a\r\nb\n\nc")]);
    expect(r.lines).toEqual([
      [1, "a"],
      [2, "b"],
      [3, ""],
      [4, "c"],
    ]);
    expect(r.splitter.lines).toBe(4);
  });

  it("counts no line for an empty file and one for a lone newline", () => {
    expect(split([]).splitter.lines).toBe(0);
    expect(split([Buffer.from("\n")]).lines).toEqual([[1, ""]]);
  });

  it("gives the same lines whatever the chunk boundaries (multi-byte characters included)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "grapheme" }), { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (parts, cuts) => {
          const text = parts.map((p) => p.replace(/[\r\n\u0000]/g, "")).join("\n");
          const buf = Buffer.from(text, "utf8");
          const r = split(chunked(buf, cuts));
          const all = text.split("\n");
          const expected = text.length === 0 ? [] : text.endsWith("\n") ? all.slice(0, -1) : all;
          expect(r.lines.map((l) => l[1])).toEqual(expected);
          expect(r.splitter.lines).toBe(expected.length);
        },
      ),
    );
  });

  it("never throws on arbitrary bytes and accounts for every line", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.integer({ min: 4, max: 64 }),
        (bytes, cuts, cap) => {
          const buf = Buffer.from(bytes);
          const r = split(chunked(buf, cuts), cap);
          expect(r.lines.length + r.skips.length).toBe(r.splitter.lines);
          const numbers = [...r.lines.map((l) => l[0]), ...r.skips.map((s) => s[0])].sort((a, b) => a - b);
          expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
        },
      ),
    );
  });

  it("skips over-long lines without holding them, at the right line numbers", () => {
    const long = "x".repeat(100);
    const r = split(
      [Buffer.from(`ok\n${long.slice(0, 40)}`), Buffer.from(long.slice(40)), Buffer.from("\nafter\n")],
      50,
    );
    expect(r.lines).toEqual([
      [1, "ok"],
      [3, "after"],
    ]);
    expect(r.skips).toEqual([[2, "line-too-long"]]);
  });

  it("skips an over-long last line with no newline", () => {
    const r = split([Buffer.from("a\n"), Buffer.from("y".repeat(80))], 50);
    expect(r.skips).toEqual([[2, "line-too-long"]]);
    expect(r.splitter.lines).toBe(2);
  });

  it("marks lines with NUL bytes as binary", () => {
    const r = split([Buffer.from("good\nb\u0000d\nfine")]);
    expect(r.lines.map((l) => l[1])).toEqual(["good", "fine"]);
    expect(r.skips).toEqual([[2, "binary"]]);
  });

  it("decodes UTF-16 LE and BE with BOM, even when a chunk splits a code unit", () => {
    const text = "Jörg\r\nStraße €\n";
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const r = split([le.subarray(0, 5), le.subarray(5)]);
    expect(r.lines.map((l) => l[1])).toEqual(["Jörg", "Straße €"]);
    expect(r.splitter.encoding).toBe("utf-16le");
    const be = Buffer.from(le);
    be.swap16();
    const rb = split([be.subarray(0, 3), be.subarray(3)]);
    expect(rb.lines.map((l) => l[1])).toEqual(["Jörg", "Straße €"]);
    expect(rb.splitter.encoding).toBe("utf-16be");
  });

  it("strips a UTF-8 BOM and reads latin-1 as windows-1252", () => {
    const bom = split([Buffer.from("\ufeffhello\n", "utf8")]);
    expect(bom.lines).toEqual([[1, "hello"]]);
    expect(bom.splitter.encoding).toBe("utf-8-bom");
    const latin = split([Buffer.from("Müller \x80\n", "latin1")]);
    expect(latin.lines).toEqual([[1, "Müller €"]]);
    expect(latin.splitter.encoding).toBe("windows-1252");
  });

  it("reads multi-megabyte chunks (decoded in pieces) line for line, ASCII and UTF-8 alike", () => {
    for (const sample of ["GET /api/orders 200 ok", "café ü → 503"]) {
      const lines = Array.from({ length: 120_000 }, (_, i) => `${i} ${sample}`);
      // one 2 MiB chunk (pieces end at newlines), a line longer than a piece, and no final newline
      const long = "x".repeat(700_000);
      const text = `${lines.join("\n")}\n${long}\nlast`;
      const r = split([Buffer.from(text, "utf8")]);
      expect(r.lines).toHaveLength(lines.length + 2);
      expect(r.lines[0]).toEqual([1, lines[0]]);
      expect(r.lines[99_999]).toEqual([100_000, lines[99_999]]);
      expect(r.lines[lines.length]).toEqual([lines.length + 1, long]);
      expect(r.lines[lines.length + 1]).toEqual([lines.length + 2, "last"]);
      expect(r.lines.every(([n], i) => n === i + 1)).toBe(true);
    }
  });

  it("records where a UTF-8 file turns invalid and still reads those lines", () => {
    const r = split([Buffer.from("ok ü\n", "utf8"), Buffer.from("caf\xe9\n", "latin1")], undefined);
    expect(r.lines.map((l) => l[1])).toEqual(["ok ü", "café"]);
    expect(r.splitter.mixedEncodingAt).toBe(2);
    expect(r.splitter.mixedEncodingColumn).toBe(4);
  });

  it("names the exact line and byte of the first invalid one inside a block of many lines", () => {
    const r = split([Buffer.from("ok\nfine\n", "utf8"), Buffer.from("a\nbb\nxy\xff\nz\xe9\n", "latin1")], undefined);
    expect(r.lines.map((l) => l[1])).toEqual(["ok", "fine", "a", "bb", "xyÿ", "zé"]);
    expect(r.splitter.mixedEncodingAt).toBe(5);
    expect(r.splitter.mixedEncodingColumn).toBe(3);
  });
});

describe("sniffEncoding", () => {
  it("recognises BOMs, UTF-8 cut mid-character, and latin-1", () => {
    expect(sniffEncoding(Buffer.from([0xff, 0xfe, 0x41, 0]))).toBe("utf-16le");
    expect(sniffEncoding(Buffer.from([0xfe, 0xff, 0, 0x41]))).toBe("utf-16be");
    expect(sniffEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toBe("utf-8-bom");
    const euro = Buffer.from("ab€", "utf8");
    expect(sniffEncoding(euro.subarray(0, euro.length - 1))).toBe("utf-8");
    expect(sniffEncoding(Buffer.from("caf\xe9 ok", "latin1"))).toBe("windows-1252");
    expect(trimPartialUtf8(euro.subarray(0, 3)).length).toBe(2);
  });
});
