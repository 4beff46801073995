import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import type { RawEvent } from "../../model/event.js";

const read = evidenceFileReader("argocd-cli");

const row = (e: RawEvent) => {
  const c = e.attributes.change as { phase: string; by: string | null; version?: string };
  return [new Date(e.ts).toISOString(), e.line, c.phase, c.by, c.version ?? null];
};

describe("argocd-cli", () => {
  it("reads argocd app get --show-operation: started at Start, in effect at Finished, in the CLI user's zone", async () => {
    const text = [
      "Name:               argocd/orders",
      "Project:            default",
      "Namespace:          shop",
      "Sync Status:        Synced to main (4c1e0f7)",
      "Health Status:      Healthy",
      "",
      "Operation:          Sync",
      "Sync Revision:      4c1e0f7a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e",
      "Phase:              Succeeded",
      "Start:              2025-03-04 11:00:11 +0100 CET",
      "Finished:           2025-03-04 11:00:40 +0100 CET",
      "Duration:           29s",
      "Message:            successfully synced (all tasks run)",
      "Initiated by:       automated sync policy",
      "",
      "GROUP  KIND        NAMESPACE  NAME    STATUS  HEALTH   HOOK  MESSAGE",
      "apps   Deployment  shop       orders  Synced  Healthy        deployment.apps/orders configured",
    ].join("\n");
    const { source, events } = await read("app.txt", text);
    expect(source?.format).toBe("argocd-cli");
    expect(events.map(row)).toEqual([
      ["2025-03-04T10:00:11.000Z", 10, "started", "automated sync policy", "4c1e0f7a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e"],
      [
        "2025-03-04T10:00:40.000Z",
        11,
        "effective",
        "automated sync policy",
        "4c1e0f7a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e",
      ],
    ]);
    expect(events[1]?.service).toBe("orders");
  });

  it("a failed operation is a failed change; a running one has no effective time", async () => {
    const op = (phase: string, finished: string) =>
      [
        "Operation:          Sync",
        `Phase:              ${phase}`,
        "Start:              2025-03-04 10:00:11 +0000 UTC",
        `Finished:           ${finished}`,
      ].join("\n");
    const failed = await read("failed.txt", op("Failed", "2025-03-04 10:02:00 +0000 UTC"));
    expect(failed.events.map(row).map((r) => r[2])).toEqual(["started", "failed"]);
    const running = await read("running.txt", op("Running", "<nil>"));
    expect(running.events.map(row).map((r) => r[2])).toEqual(["started"]);
  });

  it("reads argocd app history: each row a sync completed at its DATE", async () => {
    const text = [
      "SOURCE  https://git.example.com/platform/deploy.git",
      "ID      DATE                           REVISION",
      "11      2025-03-03 09:00:00 +0000 UTC  main (4c1e0f7)",
      "12      2025-03-04 02:00:42 -0800 PST  main (9f3c2a1)",
    ].join("\n");
    const { source, events } = await read("history.txt", text);
    expect(source?.format).toBe("argocd-cli");
    expect(events.map(row)).toEqual([
      ["2025-03-03T09:00:00.000Z", 3, "effective", null, "4c1e0f7"],
      ["2025-03-04T10:00:42.000Z", 4, "effective", null, "9f3c2a1"],
    ]);
  });

  it("is not chosen for text that merely has a Phase: line", async () => {
    const { source } = await read("notes.txt", "Phase: planning\nStart: tomorrow\n");
    expect(source?.format).not.toBe("argocd-cli");
  });
});
