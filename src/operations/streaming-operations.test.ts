import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { evidenceEventsOperation } from "./evidence-events.js";
import { findOperation, type OperationContext, parseOperationInput } from "./index.js";
import type { StreamingOperation } from "./operation.js";
import { templatesMineOperation } from "./templates-mine.js";

const base = realpathSync(mkdtempSync(join(tmpdir(), "debrief-streams-")));
mkdirSync(join(base, "inc", "evidence"), { recursive: true });
const lines = Array.from(
  { length: 1200 },
  (_, i) =>
    `2025-02-09T10:${String(Math.floor(i / 60)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}Z ERROR request ${i} failed after ${i % 7} retries`,
);
writeFileSync(join(base, "inc", "evidence", "app.log"), `${lines.join("\n")}\n`);
afterAll(() => rmSync(base, { recursive: true, force: true }));
const ctx: OperationContext = { cwd: base, env: {}, log: () => {} };

async function drain<Item, Summary>(
  op: StreamingOperation<never, unknown, Item, Summary>,
  raw: Record<string, unknown>,
): Promise<{ items: Item[]; summary: Summary; batches: number }> {
  const input = parseOperationInput(op as never, raw) as never;
  const stream = op.stream(input, ctx);
  const items: Item[] = [];
  let batches = 0;
  for (let next = await stream.next(); ; next = await stream.next()) {
    if (next.done) return { items, summary: next.value, batches };
    batches++;
    items.push(...next.value);
  }
}

describe("streaming operations", () => {
  it("evidence_events streams every event in file order (no cap), then the sources; run caps them", async () => {
    const streamed = await drain(evidenceEventsOperation as never, { paths: ["inc/evidence"] });
    expect(streamed.items).toHaveLength(1200);
    expect(streamed.items.map((e) => (e as { line: number }).line)).toEqual(lines.map((_, i) => i + 1));
    expect((streamed.summary as { sources: { events: number }[] }).sources[0]?.events).toBe(1200);
    const capped = await evidenceEventsOperation.run(
      parseOperationInput(evidenceEventsOperation as never, { paths: ["inc/evidence"], limit: 10 }) as never,
      ctx,
    );
    expect(capped.events).toHaveLength(10);
    expect(capped.total).toBe(1200);
    expect(capped.events).toEqual(streamed.items.slice(0, 10));
  });

  it("evidence_events: an incident folder without debrief.yaml is INPUT_NOT_FOUND from the first next()", async () => {
    await expect(drain(evidenceEventsOperation as never, { incident: "inc" })).rejects.toMatchObject({
      code: "INPUT_NOT_FOUND",
    });
  });

  it("templates_mine streams one mined line per event and ends with the counts run reports", async () => {
    const streamed = await drain(templatesMineOperation as never, { file: "inc/evidence/app.log" });
    expect(streamed.items).toHaveLength(1200);
    const summary = streamed.summary as { events: number; totalTemplates: number; changedWhileReading: boolean };
    expect(summary.events).toBe(1200);
    expect(summary.changedWhileReading).toBe(false);
    const ran = await templatesMineOperation.run({ file: "inc/evidence/app.log", top: 1 }, ctx);
    expect(ran.totalTemplates).toBe(summary.totalTemplates);
    expect(ran.templates[0]?.count).toBe(1200);
    expect(new Set(streamed.items.map((l) => (l as { templateId: string }).templateId))).toEqual(
      new Set([ran.templates[0]?.templateId]),
    );
  });

  it("the registry's wrapped operations keep their stream", () => {
    expect(
      typeof (findOperation("evidence_events") as Partial<StreamingOperation<never, unknown, unknown, unknown>>).stream,
    ).toBe("function");
    expect(
      typeof (findOperation("templates_mine") as Partial<StreamingOperation<never, unknown, unknown, unknown>>).stream,
    ).toBe("function");
  });
});
