import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { collapseWildcards, maskMessage, maskWord } from "./mask.js";
import { templateToRegExp } from "./template-pattern.js";

const masked = (m: string) => maskMessage(m).join(" ");

describe("maskMessage", () => {
  it.each([
    [
      "connection pool exhausted (20/20 in use), waited 5000ms",
      "connection pool exhausted (<*>/<*> in use), waited <*>",
    ],
    [
      "Received block blk_-1608999687919862906 of size 91178 from /10.250.10.6",
      "Received block <*> of size <*> from <*>",
    ],
    ["Connected to 10.0.0.5:6379 in 12.5ms", "Connected to <*>:<*> in <*>"],
    ["GET https://api.example.com/v1/users?id=42 returned 503", "GET https://<*> returned <*>"],
    ["request 3fa85f64-5717-4562-b3fc-2c963f66afa6 failed: deadline exceeded", "request <*> failed: deadline exceeded"],
    ["user=alice retries=3 ok=true", "user=alice retries=<*> ok=<*>"],
    ["Opening /var/log/app/current.log for writing", "Opening <*> for writing"],
    ["generating core.1234", "generating core.<*>"],
    ["connection from 1.2.3.4 () at Sat Jun 18 02:08:10 2005", "connection from <*> () at <*>:<*>:<*>"],
    ["Ido chip status changed: FF:F2:9C:00:4E:7A ip=10.0.0.1", "Ido chip status changed: <*> ip=<*>"],
    ["program interrupt: illegal instruction......0", "program interrupt: illegal instruction......<*>"],
    ["pointer 0x7fff5fbff8a8 freed twice", "pointer <*> freed twice"],
    ["uploaded 1.5GB in 3m20s", "uploaded <*> in <*>"],
    ["Failed password for root from 1.2.3.4 port 22 ssh2", "Failed password for <*> from <*> port <*> ssh2"],
    ["attempt_1445144423722_0020_m_000001_1 TaskAttempt Transitioned", "<*> TaskAttempt Transitioned"],
    ["Changing view acls to: yarn,curi", "Changing view acls to: yarn,curi"],
  ])("masks %j", (input, expected) => {
    expect(masked(input)).toBe(expected);
  });

  it("keeps identifiers that only carry a version digit, which clustering masks only if they vary", () => {
    expect(masked("ssh2 jk2_init() L2 cache HttpServer2")).toBe("ssh2 jk2_init() L2 cache HttpServer2");
  });

  it("normalises whitespace runs and trims", () => {
    expect(maskMessage("  spaced\tout   words \r\n")).toEqual(["spaced", "out", "words"]);
  });

  it("handles empty, blank and huge input without throwing", () => {
    expect(maskMessage("")).toEqual([]);
    expect(maskMessage(" \t ")).toEqual([]);
    const huge = `start ${"x1 ".repeat(200_000)}end`;
    const words = maskMessage(huge);
    expect(words).toHaveLength(200_002);
    expect(words[1]).toBe("x1");
    expect(words.at(-1)).toBe("end");
  });

  it("handles non-ASCII text and control characters", () => {
    expect(masked("Benutzer „müller“ angemeldet nach 3 Versuchen")).toBe(
      "Benutzer „müller“ angemeldet nach <*> Versuchen",
    );
    expect(masked("bad\u0000byte 12")).toBe("bad\u0000byte <*>");
  });

  it("property: words never contain whitespace and the masked message matches the original", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const words = maskMessage(s);
        for (const w of words) expect(w).not.toMatch(/\s/);
        expect(templateToRegExp(words.join(" ")).test(s)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("property: masking a masked message changes nothing (idempotent)", () => {
    const token = fc.oneof(
      fc.constantFrom("user", "GET", "failed:", "(uid=0)", "ssh2", "[preauth]", "Jun", "Sat", "core.12", "...."),
      fc.integer().map(String),
      fc.ipV4(),
      fc.uuid(),
      fc.webUrl(),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 20 }), (tokens) => {
        const once = masked(tokens.join(" "));
        expect(masked(once)).toBe(once);
      }),
      { numRuns: 150 },
    );
  });
});

describe("maskWord and collapseWildcards", () => {
  it("returns the very same string when nothing is variable", () => {
    const w = "PacketResponder";
    expect(maskWord(w)).toBe(w);
  });

  it("collapses adjacent and dot-joined wildcards", () => {
    expect(collapseWildcards("<*><*>.<*> x <*>.<*>")).toBe("<*> x <*>");
    expect(collapseWildcards("no wildcards")).toBe("no wildcards");
  });
});
