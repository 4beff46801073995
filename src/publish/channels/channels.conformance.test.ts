import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DebriefError } from "../../model/debrief-error.js";
import { parsePostmortem } from "../../postmortem/parse-postmortem.js";
import type { PublishChannel, PublishContext, PublishOptions } from "../publish-types.js";
import { PUBLISH_CHANNELS } from "./index.js";

/**
 * One contract for every publish channel in the registry: a unique id, enabled by its own option only, a plan on a
 * minimal context whose steps carry unique ids, their channel and a description, and steps that either succeed or
 * fail with a `DebriefError` carrying a code (a server that refuses connections here). GitHub is planned in dry-run
 * mode only: its client retries with Octokit's back-off, which this suite does not wait for.
 */

const DEAD = "http://127.0.0.1:9";

const DOC = `---
id: inc-1
title: Checkout errors
severity: SEV2
---
# Checkout errors

## Summary

Checkout failed for 12 minutes.

## Action Items

| ID | Action | Owner | Deadline | Priority | Status | Tracker |
| --- | --- | --- | --- | --- | --- | --- |
| AI-001 | Raise the pool | @a | 2025-03-01 | P1 | open | |
`;

/** Options that enable each channel and nothing else (a channel missing here fails the suite). */
const MINIMAL: Record<string, PublishOptions> = {
  ics: {},
  github: { github: { repo: "acme/api", apiUrl: DEAD }, dryRun: true },
  email: { email: { smtp: "smtp://127.0.0.1:9", to: ["oncall@example.com"], from: "debrief@example.com" } },
  slack: { slackWebhook: `${DEAD}/services/T000/B000/XXXXXXXXXXXXXXXX` },
  // no credentials in the suite's environment: a run refuses with AUTH
  confluence: { confluence: { url: DEAD, space: "OPS", parentId: "900" } },
  teams: { teamsWebhook: `${DEAD}/workflows/XXXXXXXXXXXXXXXX/triggers/manual/paths/invoke?sig=XXXXXXXXXXXXXXXX` },
  webhook: { webhook: `${DEAD}/hooks/postmortem` },
  // trackers are planned in dry-run mode (no credentials needed); a step run then refuses with AUTH
  "jira-cloud": { tracker: { kind: "jira-cloud", url: DEAD, project: "OPS" }, dryRun: true },
  "jira-dc": { tracker: { kind: "jira-dc", url: DEAD, project: "OPS" }, dryRun: true },
  linear: { tracker: { kind: "linear", url: DEAD, team: "ENG" }, dryRun: true },
  gitlab: { tracker: { kind: "gitlab", url: DEAD, project: "acme/api" }, dryRun: true },
};

function context(options: PublishOptions): PublishContext {
  const dir = mkdtempSync(join(tmpdir(), "debrief-channel-"));
  const file = join(dir, "postmortem.md");
  return {
    dir,
    file,
    parsed: parsePostmortem(DOC, file),
    summary: {
      id: "inc-1",
      title: "Checkout errors",
      severity: "SEV2",
      status: "resolved",
      duration: "12m",
      impact: null,
      topFactors: [],
      actionItems: 1,
      resolvedAt: "2025-02-10T10:00:00Z",
    },
    html: "<html><body>report</body></html>",
    markdown: "# report\n",
    pdf: undefined,
    ics: {
      file: join(dir, "follow-up-review.ics"),
      content: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
      start: new Date(0),
    },
    options,
    env: { GITHUB_TOKEN: "ghp_conformance0000" },
    log: () => {},
  };
}

describe("publish channel registry", () => {
  it("is frozen and its ids are unique", () => {
    expect(Object.isFrozen(PUBLISH_CHANNELS)).toBe(true);
    const ids = PUBLISH_CHANNELS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  it.each(PUBLISH_CHANNELS.map((c) => [c.id, c] as [string, PublishChannel]))(
    "%s: enabled by its own option, plans well-formed steps, fails only with a coded DebriefError",
    async (id, channel) => {
      const options = MINIMAL[id];
      expect(options, `no minimal options for channel ${id} in this suite`).toBeDefined();
      if (id !== "ics") expect(channel.enabled({})).toBe(false);
      expect(channel.enabled(options as PublishOptions)).toBe(true);
      const ctx = context(options as PublishOptions);
      const steps = await channel.plan(ctx);
      expect(steps.length).toBeGreaterThan(0);
      expect(new Set(steps.map((s) => s.id)).size).toBe(steps.length);
      for (const step of steps) {
        expect(step.channel).toBe(id);
        expect(step.description.length).toBeGreaterThan(0);
        expect(typeof step.idempotent).toBe("boolean");
        expect(JSON.stringify(step.preview ?? null)).not.toContain("XXXXXXXXXXXXXXXX");
        if (id === "github") continue;
        try {
          const result = await step.run();
          expect(typeof result).toBe("object");
        } catch (error) {
          expect(error).toBeInstanceOf(DebriefError);
          expect((error as DebriefError).code).toMatch(/^[A-Z_]+$/);
          expect((error as Error).message).not.toContain("XXXXXXXXXXXXXXXX");
        }
      }
      if (id === "ics") expect(readFileSync(ctx.ics?.file as string, "utf8")).toContain("BEGIN:VCALENDAR");
    },
    30_000,
  );

  it("bad settings are a USAGE DebriefError from plan, before anything is sent", async () => {
    const email = PUBLISH_CHANNELS.find((c) => c.id === "email") as PublishChannel;
    const noTo = { email: { smtp: "smtp://127.0.0.1:9", to: [], from: "d@example.com" } };
    await expect(email.plan(context(noTo))).rejects.toMatchObject({ code: "USAGE" });
    const github = PUBLISH_CHANNELS.find((c) => c.id === "github") as PublishChannel;
    const badRepo = { github: { repo: "not-a-repo" } };
    await expect(github.plan(context(badRepo))).rejects.toMatchObject({ code: "USAGE" });
  });
});

describe("publishPostmortem uses the registry it is given", () => {
  it("plans the channels passed in and no others", async () => {
    const { writeFileSync } = await import("node:fs");
    const { publishPostmortem } = await import("../publish-postmortem.js");
    const dir = mkdtempSync(join(tmpdir(), "debrief-publish-registry-"));
    writeFileSync(join(dir, "postmortem.md"), DOC);
    const fake: PublishChannel = {
      id: "fake",
      enabled: () => true,
      plan: async () => [
        { id: "fake", channel: "fake", description: "nothing", preview: null, idempotent: true, run: async () => ({}) },
      ],
    };
    const report = await publishPostmortem(dir, { dryRun: true, force: true, pdf: false, channels: [fake] });
    expect(report.steps.map((s) => [s.id, s.outcome])).toEqual([["fake", "would-run"]]);
  });
});
