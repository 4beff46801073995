import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cleanStaleTemporaries,
  createFileAtomic,
  withFileLock,
  writeFileAtomic,
  writeFileAtomicSync,
} from "./atomic-write.js";

const fresh = () => mkdtempSync(join(tmpdir(), "debrief-atomic-"));

describe("writeFileAtomic", () => {
  it("100 concurrent writes to one file: no error, the file is always one whole version, no temporaries left", async () => {
    const dir = fresh();
    const file = join(dir, "postmortem.md");
    const versions = Array.from({ length: 100 }, (_, i) => `version ${i}\n${"x".repeat(10_000 + i)}\n`);
    await Promise.all(versions.map((v) => writeFileAtomic(file, v)));
    expect(versions).toContain(readFileSync(file, "utf8"));
    expect(readdirSync(dir)).toEqual(["postmortem.md"]);
  });

  it("creates missing folders and keeps a requested mode", async () => {
    const dir = fresh();
    const file = join(dir, ".debrief", "token");
    await writeFileAtomic(file, "secret", { mode: 0o600 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("removes temporaries a killed writer left behind, but not fresh ones or look-alike user files", async () => {
    const dir = fresh();
    const file = join(dir, "report.html");
    const stale = join(dir, "report.html.123456789");
    const fresher = join(dir, "report.html.987654321");
    const user = join(dir, "report.html.bak");
    for (const p of [stale, fresher, user]) writeFileSync(p, "x");
    const old = new Date(Date.now() - 3600_000);
    utimesSync(stale, old, old);
    utimesSync(user, old, old);
    await writeFileAtomic(file, "new");
    expect(readdirSync(dir).sort()).toEqual(["report.html", "report.html.987654321", "report.html.bak"]);
    expect(await cleanStaleTemporaries(file, Date.now() + 3600_000)).toBe(1);
  });

  it("sync variant writes the same way", () => {
    const dir = fresh();
    writeFileAtomicSync(join(dir, "a.json"), "{}\n");
    expect(readFileSync(join(dir, "a.json"), "utf8")).toBe("{}\n");
  });

  it("writes any content byte for byte (property)", async () => {
    const dir = fresh();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        await writeFileAtomic(join(dir, "f.bin"), bytes);
        expect(Buffer.compare(readFileSync(join(dir, "f.bin")), Buffer.from(bytes))).toBe(0);
      }),
      { numRuns: 50 },
    );
  });
});

describe("createFileAtomic", () => {
  it("20 racing creators: exactly one wins, the file is whole, nothing else is left", async () => {
    const dir = fresh();
    const file = join(dir, "postmortem.md");
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => createFileAtomic(file, `creator ${i}\n`)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(readFileSync(file, "utf8")).toBe(`creator ${results.indexOf(true)}\n`);
    expect(readdirSync(dir)).toEqual(["postmortem.md"]);
  });
});

describe("withFileLock", () => {
  it("serialises read-modify-write: 50 concurrent increments lose none", async () => {
    const dir = fresh();
    const file = join(dir, "counter");
    writeFileSync(file, "0");
    await Promise.all(
      Array.from({ length: 50 }, () =>
        withFileLock(file, async () => {
          const n = Number(readFileSync(file, "utf8"));
          await new Promise((r) => setTimeout(r, 1));
          await writeFileAtomic(file, String(n + 1));
        }),
      ),
    );
    expect(readFileSync(file, "utf8")).toBe("50");
    expect(readdirSync(dir)).toEqual(["counter"]);
  });
});
