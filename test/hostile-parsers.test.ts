import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { defaultFormatRegistry } from "../src/evidence/formats/index.js";
import { readEvidence } from "../src/evidence/read-evidence.js";
import { isDebriefError } from "../src/model/debrief-error.js";
import { parsePostmortem } from "../src/postmortem/index.js";

/**
 * Property tests on hostile input: every evidence format's reader (fed mutated copies of its own samples and random
 * bytes, with the format forced and detected) and the post-mortem parser never throw anything but a DebriefError
 * and always return (vitest's timeout is the hang detector).
 */

const tmp = mkdtempSync(join(tmpdir(), "debrief-hostile-props-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const registry = defaultFormatRegistry();
let n = 0;

/** Flip, drop, duplicate and insert bytes; cut at random places; add CR, NUL and invalid UTF-8. */
const mutated = (sample: string) =>
  fc
    .array(
      fc.oneof(
        fc.record({ op: fc.constant("flip" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
        fc.record({ op: fc.constant("cut" as const), at: fc.nat() }),
        fc.record({ op: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 16 }) }),
        fc.record({ op: fc.constant("dup" as const), at: fc.nat() }),
      ),
      { maxLength: 6 },
    )
    .map((ops) => {
      let b = Buffer.from(sample);
      for (const o of ops) {
        const at = b.length === 0 ? 0 : o.at % b.length;
        if (o.op === "flip" && b.length > 0) b[at] = o.byte;
        else if (o.op === "cut") b = b.subarray(0, at);
        else if (o.op === "insert") b = Buffer.concat([b.subarray(0, at), Buffer.from(o.bytes), b.subarray(at)]);
        else if (o.op === "dup") b = Buffer.concat([b.subarray(0, at), b.subarray(0, at), b.subarray(at)]);
      }
      return b;
    });

async function readQuietly(name: string, content: Uint8Array, format?: string): Promise<void> {
  const dir = join(tmp, String(n++));
  mkdirSync(dir);
  const file = join(dir, name);
  writeFileSync(file, content);
  try {
    await readEvidence([file], { formats: registry, ...(format ? { format } : {}), onEvent: () => {} });
  } catch (error) {
    if (!isDebriefError(error)) throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("evidence readers on hostile input", () => {
  describe.each(registry.formats.map((f) => [f.id, f] as const))("%s", (id, format) => {
    it("mutated samples, format detected or forced: never a non-Debrief throw", async () => {
      const name = format.sampleName ?? "sample.log";
      const samples = format.samples.map((s) => `${s}\n`);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...samples).chain((s) => mutated(s)),
          fc.boolean(),
          async (bytes, forced) => {
            await readQuietly(name, bytes, forced ? id : undefined);
          },
        ),
        { numRuns: 25 },
      );
    }, 60_000);

    it("random bytes: never a non-Debrief throw", async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
          await readQuietly(format.sampleName ?? "random.log", bytes, id);
        }),
        { numRuns: 10 },
      );
    }, 60_000);
  });
});

describe("post-mortem parser on hostile input", () => {
  const skeleton = [
    "---",
    "id: INC-1",
    "title: t",
    "window: {start: 2025-02-09T10:00:00Z}",
    "---",
    "# T",
    "## Timeline",
    "| Time | Event |",
    "|---|---|",
    "| 2025-02-09 10:00 | x |",
    "<!-- debrief:begin timeline -->",
    "## Action Items",
    "| ID | Action | Owner |",
    "|---|---|---|",
    "| A1 | fix | me |",
    "",
  ].join("\n");

  it("random text and mutated documents: never a non-Debrief throw", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 2000 }),
          mutated(skeleton).map((b) => b.toString("utf8")),
        ),
        (text) => {
          try {
            parsePostmortem(text, "postmortem.md");
          } catch (error) {
            expect(isDebriefError(error), String(error)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
