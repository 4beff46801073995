import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import type { RawEvent } from "../../model/event.js";

const read = evidenceFileReader("json-log-document");

const row = (e: RawEvent) => [e.line, new Date(e.ts).toISOString(), e.severity, e.message];

describe("json-log-document", () => {
  it("reads aws logs get-log-events output: each record on the line of its time key", async () => {
    const text = JSON.stringify(
      {
        events: [
          { timestamp: 1741082405123, message: "START RequestId: 8f5e Version: $LATEST", ingestionTime: 1741082406000 },
          { timestamp: 1741082405456, message: "ERROR Unhandled exception", ingestionTime: 1741082406000 },
        ],
        nextForwardToken: "f/1",
      },
      null,
      4,
    );
    const { source, events } = await read("events.json", text);
    expect(source?.format).toBe("json-log-document");
    expect(events.map(row)).toEqual([
      [4, "2025-03-04T10:00:05.123Z", null, "START RequestId: 8f5e Version: $LATEST"],
      [9, "2025-03-04T10:00:05.456Z", null, "ERROR Unhandled exception"],
    ]);
  });

  it("reads gcloud logging read --format=json (textPayload, jsonPayload.message, severity)", async () => {
    const text = JSON.stringify(
      [
        { insertId: "a1", severity: "ERROR", textPayload: "db timeout", timestamp: "2025-03-04T10:00:05.123456Z" },
        { insertId: "a2", jsonPayload: { message: "ok" }, severity: "INFO", timestamp: "2025-03-04T10:00:06Z" },
        { insertId: "a3", severity: "INFO" },
      ],
      null,
      2,
    );
    const { source, events } = await read("gcp.json", text);
    expect(source?.format).toBe("json-log-document");
    expect(events.map(row)).toEqual([
      [6, "2025-03-04T10:00:05.123Z", "error", "db timeout"],
      [14, "2025-03-04T10:00:06.000Z", "info", "ok"],
    ]);
    expect(source?.skipped.total).toBe(1);
  });

  it("leaves JSON lines to the JSON-lines reader", async () => {
    const text = '{"time":"2025-03-04T10:00:05Z","msg":"a"}\n{"time":"2025-03-04T10:00:06Z","msg":"b"}\n';
    const { source } = await read("lines.json", text);
    expect(source?.format).toBe("json-lines");
  });
  it("a pretty-printed API listing under any wrapper, timed by camelCase keys, is read record by record, not as a text log", async () => {
    // Class: vendor API listings (`{"builds": [...]}`, `{"results": [...]}`) whose records carry `createdAt` /
    // `finishedAt`; before, the indented key lines passed for continuation lines and the generic text reader took the
    // file, losing every record's fields (and with them the change it recorded).
    const records = [0, 1, 2].map((i) => ({
      id: i,
      createdAt: `2025-03-04T10:1${i}:00Z`,
      actor: { email: "ana@example.com" },
      action: "UpdateService",
      resource: `svc-${i}`,
    }));
    const wrapped = await read("listing.json", JSON.stringify({ page: 1, builds: records }, null, 2));
    expect(wrapped.source?.format).toBe("json-log-document");
    expect(wrapped.events.map((e) => new Date(e.ts).toISOString())).toEqual([
      "2025-03-04T10:10:00.000Z",
      "2025-03-04T10:11:00.000Z",
      "2025-03-04T10:12:00.000Z",
    ]);
    const bare = await read("listing.json", JSON.stringify(records, null, 4));
    expect(bare.source?.format).toBe("json-log-document");
    expect(bare.events).toHaveLength(3);
    expect(bare.source?.skipped.total).toBe(0);
  });

  it("a document with no list of objects is one record, timed by its first instant key", async () => {
    const text = JSON.stringify(
      { count: 2, names: ["a", "b"], createdAt: "2025-03-04T10:10:00Z", updatedAt: "2025-03-04T10:11:00Z" },
      null,
      2,
    );
    const { events, source } = await read("odd.json", text);
    expect(source?.format).toBe("json-log-document");
    expect(events.map((e) => [e.line, new Date(e.ts).toISOString()])).toEqual([[7, "2025-03-04T10:10:00.000Z"]]);
    expect(source?.skipped.total).toBe(0);
  });
});
