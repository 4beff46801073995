import fc from "fast-check";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { safeNext, secureCookies, writeSessionCookie } from "./session-cookie.js";
import { addressMatcher } from "./trusted-proxy.js";

function cookieFor(host: string, publicUrl?: string): Promise<string> {
  const app = new Hono();
  app.get("/", (c) => {
    writeSessionCookie(c, secureCookies(c, publicUrl ? new URL(publicUrl) : undefined), "abc", Date.now() + 60_000);
    return c.text("ok");
  });
  return Promise.resolve(app.request("/", { headers: { host } })).then((r) => r.headers.get("set-cookie") ?? "");
}

describe("session cookie", () => {
  it("is HttpOnly and SameSite=Lax, plain on loopback", async () => {
    const cookie = await cookieFor("127.0.0.1:4477");
    expect(cookie).toMatch(/^debrief_session=abc;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it("is __Host- prefixed and Secure off loopback and behind an https public URL", async () => {
    for (const cookie of [
      await cookieFor("debrief.example.com"),
      await cookieFor("127.0.0.1", "https://debrief.example.com"),
    ]) {
      expect(cookie).toMatch(/^__Host-debrief_session=abc;/);
      expect(cookie).toMatch(/Secure/);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).not.toMatch(/Domain=/);
    }
  });
});

describe("where to go after sign-in", () => {
  it("is only ever a path on this site", () => {
    expect(safeNext("/incidents/a?x=1")).toBe("/incidents/a?x=1");
    for (const bad of [
      "//evil.example",
      "https://evil.example/",
      "/\\evil.example",
      "javascript:alert(1)",
      "",
      undefined,
    ]) {
      expect(safeNext(bad)).toBe("/");
    }
    fc.assert(
      fc.property(fc.string(), (s) => {
        const next = safeNext(s);
        expect(new URL(next, "https://debrief.example.com").origin).toBe("https://debrief.example.com");
      }),
    );
  });
});

describe("trusted proxy addresses", () => {
  it("match IPs and CIDR ranges, IPv4 and IPv6, and nothing else", () => {
    const trusted = addressMatcher(["10.0.0.0/8", "192.168.1.7", "fd00::/8"]);
    expect(trusted("10.200.3.4")).toBe(true);
    expect(trusted("192.168.1.7")).toBe(true);
    expect(trusted("192.168.1.8")).toBe(false);
    expect(trusted("fd00::1")).toBe(true);
    expect(trusted("11.0.0.1")).toBe(false);
    expect(trusted("not an ip")).toBe(false);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        (a, b, c) => {
          expect(trusted(`10.${a}.${b}.${c}`)).toBe(true);
          expect(trusted(`172.${a}.${b}.${c}`)).toBe(false);
        },
      ),
    );
  });
});
