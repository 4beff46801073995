import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { DEFAULT_HTTP_POLICY, FetchFailure, HttpClient, retryAfterMs } from "./http-client.js";
import { Scrubber } from "./scrub.js";

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A local server answering with `handler`; `n` counts requests from 1. */
async function serve(handler: Handler): Promise<{ url: string; count: () => number }> {
  let n = 0;
  const server = createServer((req, res) => handler(req, res, ++n));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  close = () => new Promise((r) => server.close(() => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, count: () => n };
}

const fast = {
  ...DEFAULT_HTTP_POLICY,
  timeoutMs: 2_000,
  retries: 2,
  baseDelayMs: 1,
  maxDelayMs: 5,
  maxRetryAfterMs: 2_000,
};

describe("HttpClient", () => {
  it("retries a 503 and honours Retry-After in seconds, then validates the JSON", async () => {
    const waits: number[] = [];
    const s = await serve((_req, res, n) => {
      if (n === 1) res.writeHead(503, { "retry-after": "0" }).end("busy");
      else res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
    const client = new HttpClient(fast, new Scrubber(), (r) => waits.push(r.delayMs));
    const r = await client.request({ url: `${s.url}/x`, schema: z.object({ ok: z.boolean() }) });
    expect(r).toMatchObject({ status: 200, data: { ok: true }, attempts: 2 });
    expect(waits).toEqual([0]);
  });

  it("honours Retry-After as an HTTP date on 429", async () => {
    const waits: number[] = [];
    const s = await serve((_req, res, n) => {
      if (n === 1) res.writeHead(429, { "retry-after": new Date(Date.now() - 5_000).toUTCString() }).end();
      else res.writeHead(200).end("ok");
    });
    const client = new HttpClient(fast, new Scrubber(), (r) => waits.push(r.delayMs));
    const r = await client.requestText({ url: s.url, method: "POST", body: { a: 1 } });
    expect(r).toMatchObject({ status: 200, text: "ok", attempts: 2 });
    expect(waits).toEqual([0]);
  });

  it("gives up after the bounded number of attempts", async () => {
    const s = await serve((_req, res) => res.writeHead(502).end("bad gateway"));
    const client = new HttpClient(fast, new Scrubber());
    const failure = await client.requestText({ url: s.url }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(FetchFailure);
    expect((failure as FetchFailure).kind).toBe("http");
    expect(s.count()).toBe(3);
  });

  it("refuses to wait longer than the policy allows", async () => {
    const s = await serve((_req, res) => res.writeHead(429, { "retry-after": "3600" }).end());
    const failure = await new HttpClient(fast, new Scrubber()).requestText({ url: s.url }).catch((e: unknown) => e);
    expect((failure as FetchFailure).message).toMatch(/asks to wait 3600 s, more than the 2 s allowed/);
    expect(s.count()).toBe(1);
  });

  it("does not retry a refused credential and never shows a secret URL", async () => {
    const s = await serve((_req, res) => res.writeHead(401).end());
    const secret = `${s.url}/hooks/T000/B000/XXXXXXXXXXXXXXXXXXXX`;
    const failure = await new HttpClient(fast, new Scrubber())
      .requestText({ url: secret, shownAs: "hook" })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ kind: "auth", message: "hook: HTTP 401: credentials missing or refused" });
    expect(s.count()).toBe(1);
  });
});

describe("retryAfterMs", () => {
  it("reads seconds, an HTTP date, and nothing", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "2" }), now)).toBe(2_000);
    expect(retryAfterMs(new Headers({ "retry-after": "Wed, 01 Jan 2025 00:00:30 GMT" }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers({}), now)).toBeUndefined();
  });
});
