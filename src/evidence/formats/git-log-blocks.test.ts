import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";

const read = evidenceFileReader("git-log-blocks");

describe("git-log-blocks", () => {
  it("reads --pretty=raw: the commit at its committer time (epoch seconds), the author as actor", async () => {
    const text = [
      "commit e19a7c2d4b6f8a0c1e3d5f7b9a1c3e5d7f9b1a3c",
      "tree 9bd7c2f0e2e4a6b8c0d2e4f6a8b0c2d4e6f8a0b2",
      "author Ana Ruiz <ana@example.com> 1741082400 +0100",
      "committer Bo Li <bo@example.com> 1741082460 +0100",
      "",
      "    Raise checkout timeout",
      "",
      "commit a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
      "tree 0bd7c2f0e2e4a6b8c0d2e4f6a8b0c2d4e6f8a0b2",
      "author Bo Li <bo@example.com> 1741000000 -0500",
      "committer Bo Li <bo@example.com> 1741000000 -0500",
      "",
      "    Add index",
    ].join("\n");
    const { source, events } = await read("raw.log", text);
    expect(source?.format).toBe("git-log-blocks");
    expect(events.map((e) => [e.line, new Date(e.ts).toISOString(), e.actor, e.message])).toEqual([
      [4, "2025-03-04T10:01:00.000Z", "Ana Ruiz", "Raise checkout timeout"],
      [11, "2025-03-03T11:06:40.000Z", "Bo Li", "Add index"],
    ]);
  });
});
