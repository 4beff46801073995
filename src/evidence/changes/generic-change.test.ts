import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RawEvent } from "../../model/event.js";
import type { ChangeRecord } from "./change-recogniser.js";
import { actionVerb } from "./change-verbs.js";
import { createChangeDetector } from "./index.js";

const T = Date.UTC(2025, 5, 1, 8);
const detect = createChangeDetector();

function event(message: string, attributes: Record<string, unknown> = {}, kind: RawEvent["kind"] = "log"): RawEvent {
  return {
    ts: T,
    path: "x.log",
    line: 1,
    kind,
    severity: null,
    service: null,
    host: null,
    actor: null,
    message,
    attributes,
  };
}

function change(message: string, attributes: Record<string, unknown> = {}): { e: RawEvent; c: ChangeRecord } | null {
  const e = detect(event(message, attributes));
  return e.kind === "change" ? { e, c: e.attributes.change as ChangeRecord } : null;
}

describe("actionVerb", () => {
  it("reads change verbs out of API, event and status names", () => {
    expect(actionVerb("UpdateStack")).toMatchObject({ stem: "update", rest: ["Stack"] });
    expect(actionVerb("ModifyListener")?.stem).toBe("modify");
    expect(actionVerb("PutRule")?.stem).toBe("put");
    expect(actionVerb("settingValueChanged")).toMatchObject({ stem: "change", done: true });
    expect(actionVerb("UPDATE_COMPLETE")?.stem).toBe("update");
    expect(actionVerb("flag.updated")?.stem).toBe("update");
    expect(actionVerb("created")).toMatchObject({ stem: "create", rest: [] });
  });

  it("reads no verb from reads, nouns or free text", () => {
    for (const v of ["get", "list", "GetObject", "DescribeStacks", "login", "flag", "", "x".repeat(100)]) {
      expect(actionVerb(v), v).toBeNull();
    }
    expect(actionVerb("the service was updated after a long and careful review by the team")).toBeNull();
  });
});

describe("generic-record-change", () => {
  it("a plan, a dry run or a change under way is not a change in effect (Terraform -json planned_change, apply_start)", () => {
    const resource = { addr: "aws_lb_listener_rule.web", resource: "aws_lb_listener_rule.web" };
    expect(
      change("aws_lb_listener_rule.web: Plan to update", {
        type: "planned_change",
        change: { resource, action: "update" },
      }),
    ).toBeNull();
    expect(
      change("Plan: 0 to add, 1 to change, 0 to destroy.", {
        type: "change_summary",
        changes: { change: 1, operation: "plan" },
      }),
    ).toBeNull();
    expect(
      change("aws_lb_listener_rule.web: Modifying...", { type: "apply_start", hook: { resource, action: "update" } }),
    ).toBeNull();
    expect(change("", { action: "update", resource: "web", mode: "dry-run" })).toBeNull();
    // the same record without those marks is a change
    expect(change("", { action: "update", resource: "web" })?.c.phase).toBe("effective");
  });

  it("an audit record with an action on a resource is a change: where, who, phase", () => {
    const r = change("", {
      type: "flag",
      action: "created",
      status: "success",
      metadata: { actor: { email: "maya@example.com", name: "Maya" } },
      payload: { key: "new-tax-service", name: "New tax service" },
    });
    expect(r?.c).toMatchObject({ phase: "effective", by: "maya@example.com", where: ["new-tax-service"] });
    expect(r?.e.actor).toBe("maya@example.com");
  });

  it("a CamelCase API call is a change; an error code makes it a failed one", () => {
    const ok = change("", {
      eventName: "UpdateFunctionConfiguration20150331v2",
      requestParameters: { functionName: "billing" },
    });
    expect(ok?.c.phase).toBe("effective");
    const denied = change("", {
      eventName: "PutRule",
      errorCode: "AccessDenied",
      userIdentity: { arn: "arn:aws:iam::1:user/ci" },
    });
    expect(denied?.c).toMatchObject({ phase: "failed", by: "arn:aws:iam::1:user/ci" });
    expect(denied?.e.severity).toBe("error");
  });

  it("takes the record's zoned end time as the effective time and its start as startedAt", () => {
    const r = change("", {
      verb: "patch",
      objectRef: { resource: "deployments", name: "ledger-api" },
      user: { username: "system:serviceaccount:ci:deployer" },
      requestReceivedTimestamp: "2025-06-01T08:00:00.100Z",
      stageTimestamp: "2025-06-01T08:00:02.500Z",
      responseStatus: { code: 200 },
    });
    expect(r?.e.ts).toBe(Date.parse("2025-06-01T08:00:02.500Z"));
    expect(r?.c).toMatchObject({ effectiveAt: "2025-06-01T08:00:02.500Z", startedAt: "2025-06-01T08:00:00.100Z" });
    expect(r?.c.where[0]).toBe("ledger-api");
    const forbidden = change("", { verb: "delete", objectRef: { name: "x" }, responseStatus: { code: 403 } });
    expect(forbidden?.c.phase).toBe("failed");
  });

  it("a JSON log whose message is an event name is read as the action; finish/completion keys give the effective time", () => {
    const r = change("release.created", {
      app: "shop",
      finished_at: "2025-06-01T08:00:40Z",
      started_at: 1748764800000,
    });
    expect(r?.c).toMatchObject({ phase: "effective", where: ["shop"], startedAt: "2025-06-01T08:00:00.000Z" });
    expect(r?.e.ts).toBe(Date.parse("2025-06-01T08:00:40Z"));
    // a status saying the managed resource changed (configuration-management reports)
    expect(change("", { status: "changed", certname: "lb-01", name: "lb-01" })?.c.phase).toBe("effective");
    expect(change("", { status: "unchanged", name: "lb-01" })).toBeNull();
    // an event name in prose is not read as one
    expect(change("user created an order", { app: "shop" })).toBeNull();
  });

  it("reads, bare verbs without a resource, job states and ordinary fields are not changes", () => {
    expect(change("", { verb: "get", objectRef: { name: "ledger-api" } })).toBeNull();
    expect(change("", { action: "created" })).toBeNull();
    expect(change("", { status: "succeeded", name: "build 12" })).toBeNull();
    expect(change("", { method: "PUT", path: "/api/orders/1", name: "orders" })).toBeNull();
    expect(change("request done", { user: "bob", latency: 12 })).toBeNull();
  });

  it("bad input: odd value types and nesting never throw", () => {
    for (const attributes of [
      { action: 42, resource: "x" },
      { action: null, name: "x" },
      { action: ["update"], name: { deep: { deeper: { deepest: {} } } } },
      { accesses: [], name: "x" },
      { accesses: [{ action: "updateOn", resource: "proj/default:flag/x" }] },
      { eventName: "UpdateStack", stageTimestamp: "not a time", startTime: -1 },
    ]) {
      expect(() => detect(event("", attributes))).not.toThrow();
    }
  });
});

describe("generic-line-change", () => {
  it("a completed change verb with an object is an effective change", () => {
    for (const m of [
      "reloaded configuration from /etc/app/app.yaml",
      "upgraded nginx 1.24 -> 1.25",
      "rolled out revision 7 of checkout",
      "migrated to version 20250601093000",
      "worker: restarted unit billing.service",
      "server-side apply completed",
      "All upgrades installed",
    ]) {
      expect(change(m)?.c.phase, m).toBe("effective");
    }
    expect(change("upgraded nginx 1.24 -> 1.25")?.c.type).toBe("release");
  });

  it("failed to <verb> <object> is a failed change", () => {
    expect(change("failed to reload nginx: syntax error in nginx.conf")?.c).toMatchObject({
      phase: "failed",
      type: "config",
    });
  });

  it("plans, negations, questions, waits and counts of nothing are not changes", () => {
    for (const m of [
      "will deploy checkout at 10:00",
      "deploy?",
      "rolled out revision 7?",
      "config not reloaded: unchanged",
      "nothing deployed today",
      "Waiting for deployment rollout to finish: 1 of 3 updated replicas",
      "updated 12 rows in 4 ms",
      "cds: added/updated 0 cluster(s)",
      "we would have upgraded nginx if the window allowed",
      "deploy failed: image not found",
    ]) {
      expect(change(m), m).toBeNull();
    }
  });

  it("chat is left to the chat announcement recogniser", () => {
    const e = detect(event("thinking: reloaded configuration then lunch", {}, "chat"));
    expect((e.attributes.change as ChangeRecord | undefined)?.tool ?? "none").not.toBe("log");
  });

  it("property: ordinary application log lines are never changes", () => {
    const word = fc.constantFrom(
      "request",
      "served",
      "GET",
      "/api/orders",
      "200",
      "user",
      "login",
      "cache",
      "miss",
      "connection",
      "opened",
      "closed",
      "took",
      "12ms",
      "processing",
      "job",
      "queued",
      "started",
      "worker",
      "heartbeat",
      "ok",
      "timeout",
      "retrying",
      "listening",
      "on",
      "port",
      "8080",
      "error",
      "invalid",
      "token",
    );
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 12 }),
        fc.dictionary(fc.constantFrom("user", "path", "status", "latency_ms", "name"), fc.string({ maxLength: 12 })),
        (words, attributes) => {
          const e = detect(event(words.join(" "), attributes));
          expect(e.kind).toBe("log");
        },
      ),
      { seed: 20251208, numRuns: 300 },
    );
  });
});
