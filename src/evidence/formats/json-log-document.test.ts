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
});
