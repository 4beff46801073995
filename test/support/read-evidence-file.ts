import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { readEvidence } from "../../src/evidence/read-evidence.js";
import type { RawEvent } from "../../src/model/event.js";

/**
 * For a reader's tests: `read(name, text)` writes `text` as `name` into a temporary folder (removed after the file's
 * tests) and reads it through the real evidence reader, as `debrief evidence` would, returning the one source and
 * its events.
 */
export function evidenceFileReader(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), `debrief-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return async function read(name: string, text: string) {
    writeFileSync(join(dir, name), text);
    const events: RawEvent[] = [];
    const { sources } = await readEvidence([join(dir, name)], { baseDir: dir, onEvent: (e) => events.push(e) });
    return { source: sources[0], events };
  };
}
