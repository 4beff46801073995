import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { DebriefError } from "../model/debrief-error.js";
import { parsePostmortem } from "./parse-postmortem.js";
import {
  assertPostmortemSize,
  decodePostmortem,
  firstInvalidUtf8,
  MAX_POSTMORTEM_BYTES,
  readPostmortemFile,
} from "./postmortem-file.js";

const dir = mkdtempSync(join(tmpdir(), "debrief-pm-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(fn: () => unknown): DebriefError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DebriefError) return error;
    throw error;
  }
  throw new Error("expected a DebriefError");
}

describe("firstInvalidUtf8", () => {
  it("agrees with a fatal TextDecoder on random bytes (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const bad = firstInvalidUtf8(bytes);
        const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
        if (bad === bytes.length) expect(() => fatal.decode(bytes)).not.toThrow();
        else {
          expect(() => fatal.decode(bytes)).toThrow();
          // everything before the bad byte is well-formed
          expect(() => fatal.decode(bytes.subarray(0, bad))).not.toThrow();
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("counts overlong forms, surrogates and truncated sequences as bad", () => {
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0xe0, 0x80, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xed, 0xa0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0x42, 0xe2, 0x82]))).toBe(2);
    expect(firstInvalidUtf8(Buffer.from("café ✓ 𝄞"))).toBe(Buffer.byteLength("café ✓ 𝄞"));
  });
});

describe("decodePostmortem", () => {
  it("names the first bad byte's offset and line, never replacing it", () => {
    const bytes = new Uint8Array([...Buffer.from("# T\n\nCaf"), 0xe9, 10]);
    const e = refusal(() => decodePostmortem(bytes, "pm.md"));
    expect(e.code).toBe("INPUT_UNREADABLE");
    expect(e.toString()).toBe("pm.md:3: is not valid UTF-8 (first bad byte at offset 8); nothing was changed");
  });

  it("reads UTF-16 with a BOM unless the caller writes the file back", () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from("# T\n", "utf16le")]);
    expect(decodePostmortem(bytes, "pm.md")).toBe("# T\n");
    expect(refusal(() => decodePostmortem(bytes, "pm.md", { utf16: false })).message).toMatch(/is UTF-16/);
  });

  it("refuses a document over the limit, naming the file, its size and the limit", () => {
    const e = refusal(() => decodePostmortem(Buffer.from("x".repeat(3 * 1024 * 1024)), "big.md", { limit: 2 << 20 }));
    expect(e.code).toBe("INPUT_INVALID");
    expect(e.toString()).toMatch(/^big\.md: post-mortem is 3 MiB, over the 2 MiB limit for one document: not read/);
    expect(MAX_POSTMORTEM_BYTES).toBeGreaterThanOrEqual(1 << 20);
    expect(() => assertPostmortemSize("ok.md", MAX_POSTMORTEM_BYTES)).not.toThrow();
  });
});

describe("readPostmortemFile", () => {
  it("refuses an oversized file from its size, and a missing one as INPUT_NOT_FOUND", async () => {
    const big = join(dir, "big.md");
    writeFileSync(big, "# T\n".repeat(1000));
    await expect(readPostmortemFile(big, { limit: 1000 })).rejects.toMatchObject({ code: "INPUT_INVALID" });
    await expect(readPostmortemFile(join(dir, "none.md"))).rejects.toMatchObject({ code: "INPUT_NOT_FOUND" });
    await expect(readPostmortemFile(dir)).rejects.toMatchObject({ code: "INPUT_UNREADABLE" });
  });
});

describe("parsePostmortem on an oversized text", () => {
  it("parses nothing and reports document-too-large instead of building a huge tree", () => {
    const row = "| 2025-02-09 10:00:00 | event happened here | `evidence/app.log:1` | |\n";
    const source = `---\nid: INC-1\ntitle: t\nseverity: SEV2\n---\n# T\n\n## Timeline\n\n| Time | Event | Source | Actor |\n|---|---|---|---|\n${row.repeat(Math.ceil((MAX_POSTMORTEM_BYTES + 1) / row.length))}`;
    const started = performance.now();
    const parsed = parsePostmortem(source, "big/postmortem.md");
    expect(performance.now() - started).toBeLessThan(5000);
    expect(parsed.problems.map((p) => p.code)).toContain("document-too-large");
    expect(parsed.postmortem.sections).toEqual([]);
    expect(parsed.source).toBe(source);
  });
});
