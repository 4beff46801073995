import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import type { RawEvent } from "../../model/event.js";

const read = evidenceFileReader("helm-status");

const row = (e: RawEvent) => {
  const c = e.attributes.change as { phase: string; type: string; what: string };
  return [new Date(e.ts).toISOString(), e.line, c.type, c.phase, e.service];
};

describe("helm-release-status", () => {
  it("reads the summary of helm upgrade/status: in effect at LAST DEPLOYED (zone-less: the source's zone)", async () => {
    const text = [
      'Release "checkout" has been upgraded. Happy Helming!',
      "NAME: checkout",
      "LAST DEPLOYED: Tue Mar  4 10:00:42 2025",
      "NAMESPACE: shop",
      "STATUS: deployed",
      "REVISION: 12",
      "TEST SUITE: None",
      "NOTES:",
      "Visit http://checkout.shop.svc",
      "NAME: payments",
      "LAST DEPLOYED: Tue Mar  4 10:03:00 2025",
      "NAMESPACE: shop",
      "STATUS: failed",
      "REVISION: 7",
    ].join("\n");
    const { source, events } = await read("helm.txt", text);
    expect(source?.format).toBe("helm-release-status");
    expect(events.map(row)).toEqual([
      ["2025-03-04T10:00:42.000Z", 3, "deploy", "effective", "checkout"],
      ["2025-03-04T10:03:00.000Z", 11, "deploy", "failed", "payments"],
    ]);
  });

  it("names the line of a LAST DEPLOYED it cannot read", async () => {
    const { events, source } = await read(
      "bad.txt",
      "NAME: checkout\nLAST DEPLOYED: yesterday\nNAMESPACE: shop\nSTATUS: deployed\n",
    );
    expect(events).toEqual([]);
    expect(source?.skipped.total).toBe(1);
  });
});
