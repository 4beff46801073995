import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DebriefError } from "../../model/debrief-error.js";
import { parsePostmortem } from "../../postmortem/parse-postmortem.js";
import type { PublishContext, PublishOptions } from "../publish-types.js";
import { teamsCard, teamsChannel, teamsShownUrl } from "./teams.js";

/**
 * Teams as the published contract describes it: a POST of `{type: "message", attachments: [{contentType:
 * "application/vnd.microsoft.card.adaptive", content: AdaptiveCard}]}`; the incoming webhook answers 200 with body
 * `1`, a Workflows trigger 202; a malformed card is a 400, a throttled sender gets 429 with Retry-After.
 */
let server: Server;
let base: string;
const seen: unknown[] = [];
const faults: Array<{ status: number; headers?: Record<string, string>; body?: string }> = [];

function validCard(body: unknown): boolean {
  const b = body as {
    type?: unknown;
    attachments?: Array<{ contentType?: unknown; content?: Record<string, unknown> }>;
  };
  const a = b.attachments?.[0];
  return (
    b.type === "message" &&
    b.attachments?.length === 1 &&
    a?.contentType === "application/vnd.microsoft.card.adaptive" &&
    a.content?.type === "AdaptiveCard" &&
    typeof a.content.version === "string" &&
    Array.isArray(a.content.body)
  );
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const fault = faults.shift();
      if (fault) {
        res.writeHead(fault.status, fault.headers ?? {});
        res.end(fault.body ?? "");
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        body = undefined;
      }
      seen.push(body);
      if (req.method !== "POST" || !validCard(body)) {
        res.writeHead(400, { "content-type": "text/plain" });
        res.end("Bad payload received by generic incoming webhook.");
        return;
      }
      const workflows = req.url?.startsWith("/workflows/");
      res.writeHead(workflows ? 202 : 200, { "content-type": "text/plain" });
      res.end(workflows ? "" : "1");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const DOC = `---
id: inc-7
title: Checkout errors
severity: SEV2
---
# Checkout errors

## Summary

Checkout failed for 12 minutes; ask ops@example.com.

## Action Items

| ID | Action | Owner | Deadline | Priority | Status | Tracker |
| --- | --- | --- | --- | --- | --- | --- |
| AI-001 | Raise the pool | @a | 2025-03-01 | P1 | open | |
| AI-002 | Alert on pool saturation | @b | 2025-03-08 | P2 | open | |
`;

function context(options: PublishOptions): PublishContext {
  return {
    dir: "/nonexistent",
    file: "/nonexistent/postmortem.md",
    parsed: parsePostmortem(DOC, "postmortem.md"),
    summary: {
      id: "inc-7",
      title: "Checkout errors",
      severity: "SEV2",
      status: "resolved",
      duration: "12m",
      impact: "1,784 requests failed",
      topFactors: ["pool too small"],
      actionItems: 2,
      resolvedAt: "2025-02-10T10:00:00Z",
    },
    html: "",
    markdown: "",
    pdf: undefined,
    ics: undefined,
    options,
    env: {},
    log: () => {},
  };
}

const SECRET = "a1b2c3d4e5f6a7b8c9d0";

describe("teams channel", () => {
  it("posts an Adaptive Card the incoming webhook accepts (200), with summary, impact, duration, items and link", async () => {
    const url = `${base}/webhookb2/${SECRET}@tenant/IncomingWebhook/${SECRET}/owner`;
    const [step] = await teamsChannel.plan(context({ teamsWebhook: url, link: "https://reports.example.com/inc-7" }));
    expect(step?.description).not.toContain(SECRET);
    const result = await step!.run();
    expect(result.status).toBe(200);
    const card = JSON.stringify(seen.at(-1));
    for (const want of ["Checkout errors", "12m", "1,784 requests failed", "AI-002", "Alert on pool saturation"]) {
      expect(card).toContain(want);
    }
    expect(card).toContain('"type":"Action.OpenUrl"');
    expect(card).toContain("2025-02-10 10:00 UTC");
    // the summary's e-mail address is masked: what is published leaves the team
    expect(card).not.toContain("ops@example.com");
  });

  it("a Workflows trigger answers 202, which is success", async () => {
    const [step] = await teamsChannel.plan(
      context({ teamsWebhook: `${base}/workflows/${SECRET}/triggers/manual/paths/invoke?sig=${SECRET}` }),
    );
    expect((await step!.run()).status).toBe(202);
  });

  it("waits out a 429 with Retry-After and a 503, then delivers once", async () => {
    faults.push({ status: 429, headers: { "retry-after": "1" } }, { status: 503 });
    const before = seen.length;
    const [step] = await teamsChannel.plan(context({ teamsWebhook: `${base}/webhookb2/x` }));
    const started = Date.now();
    expect((await step!.run()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(seen.length - before).toBe(1);
  }, 20_000);

  it("a refused card (400) and a revoked webhook (401/403) fail with coded errors naming no secret", async () => {
    const url = `${base}/webhookb2/${SECRET}/IncomingWebhook/${SECRET}`;
    const [step] = await teamsChannel.plan(context({ teamsWebhook: url }));
    faults.push({ status: 400, body: "Summary or Text is required." });
    const bad = await step!.run().catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(DebriefError);
    expect((bad as DebriefError).code).toBe("NETWORK");
    expect((bad as Error).message).toContain("400");
    expect((bad as Error).message).not.toContain(SECRET);
    faults.push({ status: 403 });
    await expect(step!.run()).rejects.toMatchObject({ code: "AUTH" });
  });

  it("refuses a URL that is not http(s) before sending anything", async () => {
    await expect(teamsChannel.plan(context({ teamsWebhook: "ftp://example.com/x" }))).rejects.toMatchObject({
      code: "USAGE",
    });
  });

  it("shows only the host and first path segment of a webhook URL", () => {
    expect(teamsShownUrl(`https://acme.webhook.office.com/webhookb2/${SECRET}/IncomingWebhook/${SECRET}`)).toBe(
      "https://acme.webhook.office.com/webhookb2/…",
    );
  });

  it("lists at most ten action items and says how many more there are", () => {
    const items = Array.from({ length: 14 }, (_, i) => ({ id: `AI-${i}`, action: "a", owner: null, deadline: null }));
    const card = JSON.stringify(teamsCard(context({}).summary, { summaryText: null, actionItems: items }, undefined));
    expect(card).toContain("AI-9");
    expect(card).not.toContain("AI-10");
    expect(card).toContain("and 4 more in the report");
  });
});
