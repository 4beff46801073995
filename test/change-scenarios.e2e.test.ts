import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readEvidence } from "../src/evidence/read-evidence.js";
import type { RawEvent } from "../src/model/event.js";

/*
 * Incidents whose trigger is recorded in one place only, each written the way the tool prints it: the change must come
 * out as a `change` event at the moment it took effect. And local time: a zone-less source is never silently UTC.
 */
const dir = mkdtempSync(join(tmpdir(), "debrief-change-scenarios-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, text: string) {
  const file = join(dir, name);
  writeFileSync(file, text);
  const events: RawEvent[] = [];
  const { sources } = await readEvidence([file], { baseDir: dir, onEvent: (e) => events.push(e) });
  const source = sources[0];
  if (!source) throw new Error("no source");
  const changes = events.filter((e) => e.kind === "change");
  const effective = changes.filter((e) => (e.attributes.change as { effective?: boolean } | undefined)?.effective);
  return { source, events, changes, effective, iso: (e: RawEvent | undefined) => e && new Date(e.ts).toISOString() };
}

const k8sEvent = (kind: string, name: string, reason: string, message: string, at: string) => ({
  apiVersion: "v1",
  kind: "Event",
  count: 1,
  firstTimestamp: at,
  lastTimestamp: at,
  involvedObject: {
    apiVersion: kind === "Application" ? "argoproj.io/v1alpha1" : "apps/v1",
    kind,
    name,
    namespace: "shop",
  },
  metadata: { name: `${name}.17f0`, namespace: "shop", creationTimestamp: at },
  reason,
  message,
  source: { component: kind === "Application" ? "argocd-application-controller" : "deployment-controller" },
  type: "Normal",
});

describe("a trigger recorded in only one place", () => {
  it("a CI deploy log: the rollout finishing is when the deploy took effect", async () => {
    const r = await read(
      "deploy-job.log",
      [
        "2025-06-02T14:00:01.1000000Z ##[group]Run kubectl -n pay set image deployment/payments payments=registry.example.com/payments:4.1.0",
        "2025-06-02T14:00:02.2000000Z deployment.apps/payments image updated",
        "2025-06-02T14:00:02.3000000Z ##[endgroup]",
        '2025-06-02T14:00:03.0000000Z Waiting for deployment "payments" rollout to finish: 1 out of 2 new replicas have been updated...',
        '2025-06-02T14:01:10.5000000Z deployment "payments" successfully rolled out',
      ].join("\n"),
    );
    expect(r.effective).toHaveLength(1);
    expect(r.iso(r.effective[0])).toBe("2025-06-02T14:01:10.500Z");
    expect(r.effective[0]?.service).toBe("payments");
    expect(r.changes.some((e) => e.line === 2 && (e.attributes.change as { phase: string }).phase === "started")).toBe(
      true,
    );
  });

  it("Argo CD events: the sync operation succeeding", async () => {
    const r = await read(
      "argocd-events.json",
      JSON.stringify({
        apiVersion: "v1",
        kind: "List",
        items: [
          k8sEvent(
            "Application",
            "payments",
            "OperationStarted",
            "Initiated automated sync to 'a1b2c3d'",
            "2025-06-02T14:00:00Z",
          ),
          k8sEvent(
            "Application",
            "payments",
            "OperationCompleted",
            "Sync operation to a1b2c3d succeeded",
            "2025-06-02T14:00:41Z",
          ),
        ],
      }),
    );
    expect(r.effective.map((e) => [r.iso(e), e.service])).toEqual([["2025-06-02T14:00:41.000Z", "payments"]]);
  });

  it("ReplicaSet scaling events: the new replica set scaled up", async () => {
    const r = await read(
      "events.json",
      JSON.stringify({
        apiVersion: "v1",
        kind: "List",
        items: [
          k8sEvent(
            "Deployment",
            "payments",
            "ScalingReplicaSet",
            "Scaled up replica set payments-6d5f7c9b8 to 2",
            "2025-06-02T14:00:05Z",
          ),
          k8sEvent(
            "Deployment",
            "payments",
            "ScalingReplicaSet",
            "Scaled down replica set payments-5c4b3a2f1 to 0",
            "2025-06-02T14:01:02Z",
          ),
        ],
      }),
    );
    expect(r.effective.map((e) => r.iso(e))).toEqual(["2025-06-02T14:00:05.000Z", "2025-06-02T14:01:02.000Z"]);
    expect(r.effective[0]?.attributes.change).toMatchObject({ type: "scale", tool: "kubernetes", where: ["payments"] });
  });

  it("a Terraform apply: each resource change is effective when Terraform reports it complete", async () => {
    const r = await read(
      "terraform.log",
      [
        "2025-06-02T13:58:00Z Terraform will perform the following actions:",
        "2025-06-02T13:58:00Z Plan: 0 to add, 1 to change, 0 to destroy.",
        "2025-06-02T13:58:10Z aws_elasticache_parameter_group.sessions: Modifying... [id=sessions]",
        "2025-06-02T13:58:14Z aws_elasticache_parameter_group.sessions: Modifications complete after 4s [id=sessions]",
        "2025-06-02T13:58:14Z Apply complete! Resources: 0 added, 1 changed, 0 destroyed.",
      ].join("\n"),
    );
    expect(r.effective.map((e) => [e.line, r.iso(e)])).toEqual([
      [4, "2025-06-02T13:58:14.000Z"],
      [5, "2025-06-02T13:58:14.000Z"],
    ]);
  });

  it("an Ansible run: a changed task is effective when the next task starts", async () => {
    const r = await read(
      "ansible.txt",
      [
        "PLAY [db] **********************************************************************",
        "",
        "TASK [postgres : set max_connections] *****************************************",
        "Tuesday 03 June 2025  08:10:00 +0200 (0:00:01.100)       0:00:05.000 *******",
        "changed: [db-1]",
        "",
        "TASK [postgres : reload] ******************************************************",
        "Tuesday 03 June 2025  08:10:12 +0200 (0:00:12.000)       0:00:17.000 *******",
        "ok: [db-1]",
      ].join("\n"),
    );
    expect(r.source.format).toBe("ansible-run");
    expect(r.effective.map((e) => [r.iso(e), e.host])).toEqual([["2025-06-03T06:10:12.000Z", "db-1"]]);
  });

  it("a feature-flag audit log (Unleash events): the flag flipped", async () => {
    const r = await read(
      "unleash-events.json",
      JSON.stringify({
        version: 1,
        events: [
          {
            id: 9,
            type: "feature-environment-enabled",
            createdBy: "kim@example.com",
            createdAt: "2025-06-02T13:59:30.000Z",
            featureName: "new-pricing",
            environment: "production",
          },
        ],
      }),
    );
    expect(r.source.format).toBe("feature-flag-audit");
    expect(r.effective.map((e) => [r.iso(e), e.actor])).toEqual([["2025-06-02T13:59:30.000Z", "kim@example.com"]]);
  });

  it("a git log written with a | separator", async () => {
    const r = await read(
      "git.txt",
      [
        "9f3c2a1b4d | 2025-06-02T13:40:00+02:00 | Sam Lee | payments: raise retry budget",
        "1a2b3c4d5e | 2025-06-01T09:00:00+02:00 | Kim Ito | docs",
      ].join("\n"),
    );
    expect(r.source.format).toBe("git-log");
    expect(r.changes.map((e) => [r.iso(e), e.actor, e.message])).toEqual([
      ["2025-06-02T11:40:00.000Z", "Sam Lee", "payments: raise retry budget"],
      ["2025-06-01T07:00:00.000Z", "Kim Ito", "docs"],
    ]);
  });
});

describe("local time is never silently UTC", () => {
  it("a database syslog in local time: the zone abbreviation inside the lines corrects the syslog stamp", async () => {
    const r = await read(
      "db-syslog.log",
      [
        "Jun  2 08:59:58 db-1 postgres[811]: [3-1] 2025-06-02 08:59:58.120 CST LOG:  checkpoint starting: time",
        "Jun  2 09:00:01 db-1 postgres[811]: [4-1] 2025-06-02 09:00:01.004 CST PANIC:  could not write to file",
        "Jun  2 09:00:02 db-1 systemd[1]: postgresql.service: Main process exited",
      ].join("\n"),
    );
    expect(r.events.map((e) => r.iso(e))).toEqual([
      "2025-06-02T14:59:58.120Z",
      "2025-06-02T15:00:01.004Z",
      "2025-06-02T15:00:02.000Z",
    ]);
    expect(r.source.timezoneAssumed).toBe(false);
    expect(r.source.timezone).toBe("-06:00");
  });

  it("a firewall log in local time with no zone stays marked as assumed UTC", async () => {
    const r = await read(
      "firewall.log",
      [
        "2025-06-02 16:59:58 DROP IN=eth0 SRC=203.0.113.7 DST=10.0.0.5 PROTO=TCP DPT=5432",
        "2025-06-02 17:00:01 DROP IN=eth0 SRC=203.0.113.7 DST=10.0.0.5 PROTO=TCP DPT=5432",
      ].join("\n"),
    );
    expect(r.events).toHaveLength(2);
    expect(r.source).toMatchObject({ timezone: "UTC", timezoneAssumed: true, timezoneOrigin: "default" });
  });
});

describe("a standard Slack export", () => {
  it("every file is recognised without warnings (so `debrief evidence` exits 0); integration logs are changes", async () => {
    const root = join(dir, "slack");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(root, "incident-42"), { recursive: true });
    const users = [
      { id: "U01AAA", name: "sam", real_name: "Sam Lee", profile: { real_name: "Sam Lee", display_name: "sam" } },
      { id: "U02BBB", name: "kim", real_name: "Kim Ito", profile: { real_name: "Kim Ito", display_name: "kim" } },
    ];
    writeFileSync(join(root, "users.json"), JSON.stringify(users, null, 4));
    writeFileSync(
      join(root, "channels.json"),
      JSON.stringify([{ id: "C01INC", name: "incident-42", created: 1748872800, members: ["U01AAA"] }], null, 4),
    );
    writeFileSync(join(root, "canvases.json"), "[]");
    writeFileSync(join(root, "dms.json"), "[]");
    writeFileSync(
      join(root, "integration_logs.json"),
      JSON.stringify(
        {
          ok: true,
          logs: [
            {
              app_id: "A01",
              app_type: "PagerDuty",
              user_id: "U02BBB",
              user_name: "kim",
              date: "1748872900",
              change_type: "added",
              channel: "incident-42",
            },
          ],
        },
        null,
        4,
      ),
    );
    writeFileSync(
      join(root, "incident-42", "2025-06-02.json"),
      JSON.stringify(
        [
          { type: "message", user: "U01AAA", text: "Deploying payments 4.1.0 to prod now", ts: "1748872860.000100" },
          {
            type: "message",
            user: "U02BBB",
            text: "errors spiking",
            ts: "1748872920.000200",
            thread_ts: "1748872860.000100",
            parent_user_id: "U01AAA",
          },
          {
            type: "message",
            user: "U01AAA",
            text: "rolled back payments",
            ts: "1748873000.000300",
            edited: { user: "U01AAA", ts: "1748873010.000000" },
          },
        ],
        null,
        4,
      ),
    );
    const events: RawEvent[] = [];
    const { sources } = await readEvidence([root], { baseDir: root, onEvent: (e) => events.push(e) });
    expect(sources.map((s) => [s.path, s.format, s.warnings ?? []])).toEqual([
      ["canvases.json", "slack-metadata", []],
      ["channels.json", "slack-metadata", []],
      ["dms.json", "slack-metadata", []],
      ["incident-42/2025-06-02.json", "slack-export", []],
      ["integration_logs.json", "slack-integration-logs", []],
      ["users.json", "slack-metadata", []],
    ]);
    const changes = events.filter((e) => e.kind === "change");
    expect(changes.map((e) => [e.actor, (e.attributes.change as { tool: string }).tool])).toEqual([
      ["Sam Lee", "chat"],
      ["Sam Lee", "chat"],
      ["kim", "slack"],
    ]);
  });
});
