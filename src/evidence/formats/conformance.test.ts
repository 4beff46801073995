import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RawEvent } from "../../model/event.js";
import { detectFormat, makeSample } from "../detect-format.js";
import { readEvidence } from "../read-evidence.js";
import { defaultFormatRegistry } from "./index.js";

const tmp = mkdtempSync(join(tmpdir(), "debrief-conformance-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Formats that inventory a file without producing events (references, metadata). */
const INVENTORY_ONLY = new Set(["runbook", "collect-manifest", "slack-metadata"]);

const registry = defaultFormatRegistry();

describe("every registered evidence format", () => {
  it("has a unique id and at least one sample", () => {
    expect(new Set(registry.ids()).size).toBe(registry.formats.length);
    for (const f of registry.formats) expect(f.samples.length, f.id).toBeGreaterThan(0);
  });

  describe.each(registry.formats.map((f) => [f.id, f] as const))("%s", (id, format) => {
    it.each(format.samples.map((s, i) => [i, s] as const))(
      "sample %i: detected, parsed, nothing skipped",
      async (i, text) => {
        const name = format.sampleName ?? "sample.log";
        const sample = makeSample(name, text, Buffer.byteLength(text), true);
        expect(detectFormat(sample, registry.formats)?.format.id).toBe(id);
        const dir = join(tmp, `${id}-${i}`);
        mkdirSync(dir, { recursive: true });
        const file = join(dir, name);
        writeFileSync(file, `${text}\n`);
        const events: RawEvent[] = [];
        const { sources } = await readEvidence([file], { onEvent: (e) => events.push(e), formats: registry });
        const source = sources[0];
        expect(source?.format).toBe(id);
        // comment and metadata lines are part of some formats (Prometheus `# HELP`): anything else is a reading failure
        const { metadata: _m, blank: _b, "empty-line": _e, ...problems } = source?.skipped.byReason ?? {};
        expect(problems).toEqual({});
        if (!INVENTORY_ONLY.has(id)) expect(events.length).toBeGreaterThan(0);
        for (const e of events) expect(Number.isFinite(e.ts)).toBe(true);
      },
    );
  });
});
