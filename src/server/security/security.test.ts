import fc from "fast-check";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { tokenMatches } from "./api-token.js";
import { concurrencyLimit } from "./concurrency-limit.js";
import { scrubMessage } from "./error-response.js";
import { hostName, isLoopback } from "./request-guards.js";

describe("scrubMessage", () => {
  it("makes workspace paths relative and cuts other absolute paths to their last segment", () => {
    expect(scrubMessage("/srv/ws/inc/postmortem.md:3: bad row", "/srv/ws")).toBe("inc/postmortem.md:3: bad row");
    expect(scrubMessage("cannot read /home/alice/.ssh/id_rsa", "/srv/ws")).toBe("cannot read …/id_rsa");
    expect(scrubMessage("Error: x\n    at f (/srv/app/x.js:1:1)", "/srv/ws")).toBe("Error: x");
  });

  it("never returns a workspace prefix or a second line (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const out = scrubMessage(`${a}/srv/ws/${b}\nat stack`, "/srv/ws");
        expect(out).not.toContain("\n");
        expect(out).not.toContain("/srv/ws/");
      }),
    );
  });
});

describe("Host names", () => {
  it("reads the name of a Host header and knows loopback", () => {
    expect(hostName("LocalHost:4477")).toBe("localhost");
    expect(hostName("[::1]:4477")).toBe("[::1]");
    expect(hostName("127.0.0.1")).toBe("127.0.0.1");
    expect(isLoopback("127.0.0.2")).toBe(true);
    expect(isLoopback("0.0.0.0")).toBe(false);
    expect(isLoopback("192.168.1.5")).toBe(false);
  });
});

describe("tokenMatches", () => {
  it("matches only the same token", () => {
    expect(tokenMatches("abc", "abc")).toBe(true);
    expect(tokenMatches("abc", "abd")).toBe(false);
    expect(tokenMatches("", "abc")).toBe(false);
  });
});

describe("concurrencyLimit", () => {
  it("runs at most `running` at once, queues `queued`, refuses the rest with 503", async () => {
    const app = new Hono();
    let now = 0;
    let peak = 0;
    app.use("*", concurrencyLimit({ running: 2, queued: 3 }));
    app.get("/", async (c) => {
      now++;
      peak = Math.max(peak, now);
      await new Promise((r) => setTimeout(r, 20));
      now--;
      return c.text("ok");
    });
    const statuses = await Promise.all(Array.from({ length: 8 }, async () => (await app.request("/")).status));
    expect(peak).toBe(2);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 503)).toHaveLength(3);
    expect((await app.request("/")).status).toBe(200);
  });
});
