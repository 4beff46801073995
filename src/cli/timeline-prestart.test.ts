import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { PARALLEL_MIN_BYTES } from "../util/worker-prestart.js";
import { timelineWorkersToPrestart } from "./timeline-prestart.js";

describe("timelineWorkersToPrestart", () => {
  const dir = mkdtempSync(join(tmpdir(), "debrief-prestart-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // sparse files: the guess reads sizes only
  const big = (name: string, bytes = PARALLEL_MIN_BYTES / 2) => {
    const f = join(dir, name);
    writeFileSync(f, "");
    truncateSync(f, bytes);
    return f;
  };
  const a = big("a.log");
  const b = big("b.jsonl");
  const c = big("c.log");
  const small = big("small.log", 1000);

  it("counts one worker per file, at most one per core plus one, from the timeline's size rule", () => {
    expect(timelineWorkersToPrestart(["timeline", a, b, "--json"], 2)).toBe(2);
    expect(timelineWorkersToPrestart(["timeline", a, b, c], 1)).toBe(2);
    expect(timelineWorkersToPrestart(["--debug", "timeline", "--format", "json", a, b], 4)).toBe(2);
    expect(timelineWorkersToPrestart(["timeline", "--tz", `${a}=Europe/Berlin`, a, b], 2)).toBe(2);
  });

  it("follows --threads and its = form", () => {
    expect(timelineWorkersToPrestart(["timeline", small, small, "--threads", "2"], 2)).toBe(2);
    expect(timelineWorkersToPrestart(["timeline", a, b, c, "--threads=2"], 8)).toBe(2);
    expect(timelineWorkersToPrestart(["timeline", a, b, "--threads", "1"], 2)).toBe(0);
    expect(timelineWorkersToPrestart(["timeline", a, b, "--threads", "x"], 2)).toBe(0);
  });

  it("starts none when the timeline would merge in one stream or the guess is unclear", () => {
    expect(timelineWorkersToPrestart(["timeline", small, small], 2)).toBe(0);
    expect(timelineWorkersToPrestart(["timeline", a], 2)).toBe(0);
    expect(timelineWorkersToPrestart(["timeline", a, dir], 2)).toBe(0);
    expect(timelineWorkersToPrestart(["timeline", a, join(dir, "missing.log")], 2)).toBe(0);
    expect(timelineWorkersToPrestart(["timeline", "--incident", dir], 2)).toBe(0);
    expect(timelineWorkersToPrestart(["timeline", a, b, "--help"], 2)).toBe(0);
    expect(timelineWorkersToPrestart(["lint", a, b], 2)).toBe(0);
    expect(timelineWorkersToPrestart([], 2)).toBe(0);
  });

  it("never guesses more workers than files or cores plus one, whatever the words", () => {
    const words = fc.constantFrom(a, b, c, small, dir, "timeline", "--json", "--threads", "3", "--format", "-h", "x");
    fc.assert(
      fc.property(fc.array(words, { maxLength: 8 }), fc.integer({ min: 1, max: 8 }), (args, cores) => {
        const n = timelineWorkersToPrestart(["timeline", ...args], cores);
        expect(n).toBeGreaterThanOrEqual(0);
        expect(n === 0 || n >= 2).toBe(true);
        expect(n).toBeLessThanOrEqual(args.filter((w) => w === a || w === b || w === c || w === small).length);
      }),
      { seed: 16 },
    );
  });
});
