import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import type { RawEvent } from "../../model/event.js";

const read = evidenceFileReader("change-api");

const row = (e: RawEvent) => {
  const c = e.attributes.change as { phase: string; type: string; by: string | null; where: string[] };
  return [new Date(e.ts).toISOString(), e.line, c.type, c.phase, c.by, c.where.join(",")];
};

/** One audit.k8s.io/v1 Event line, as the API server's log backend writes it (fields from the Event type's docs). */
function audit(o: {
  verb: string;
  stage?: string;
  code?: number;
  resource?: string;
  sub?: string;
  user?: string;
  t: string;
}) {
  return JSON.stringify({
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID: `id-${o.t}`,
    stage: o.stage ?? "ResponseComplete",
    requestURI: "/apis/apps/v1/namespaces/web/deployments/front",
    verb: o.verb,
    user: { username: o.user ?? "sam@example.org" },
    objectRef: {
      resource: o.resource ?? "deployments",
      namespace: "web",
      name: "front",
      ...(o.sub ? { subresource: o.sub } : {}),
    },
    responseStatus: { metadata: {}, code: o.code ?? 200 },
    requestReceivedTimestamp: o.t.replace(/\.\d+Z$/, ".000001Z"),
    stageTimestamp: o.t,
  });
}

describe("change-api-records", () => {
  it("Kubernetes audit: writes at ResponseComplete are changes, reads and lease renewals are not, a 403 is a failed change", async () => {
    const text = [
      audit({ verb: "get", t: "2025-06-01T08:00:00.100000Z" }),
      audit({ verb: "patch", stage: "RequestReceived", t: "2025-06-01T08:00:01.000001Z" }),
      audit({ verb: "patch", t: "2025-06-01T08:00:01.020000Z" }),
      audit({ verb: "update", resource: "leases", user: "system:kube-scheduler", t: "2025-06-01T08:00:02.000000Z" }),
      audit({ verb: "update", sub: "scale", code: 403, user: "kim@example.org", t: "2025-06-01T08:00:03.500000Z" }),
      audit({ verb: "delete", resource: "pods", user: "system:node:n1", t: "2025-06-01T08:00:04.000000Z" }),
    ].join("\n");
    const { source, events } = await read("audit.log", text);
    expect(source?.format).toBe("change-api-records");
    expect(events.map(row)).toEqual([
      ["2025-06-01T08:00:01.020Z", 3, "deploy", "effective", "sam@example.org", "web/front"],
      ["2025-06-01T08:00:03.500Z", 5, "scale", "failed", "kim@example.org", "web/front"],
      ["2025-06-01T08:00:04.000Z", 6, "restart", "effective", "system:node:n1", "web/front"],
    ]);
    expect(events[2]?.attributes.automatic).toBe(true);
    expect(source?.skipped.byReason).toEqual({ "not-a-change": 3 });
  });

  it("Pulumi: an update in effect at endTime (epoch seconds or ISO), a refresh and an all-same update are not changes", async () => {
    const text = JSON.stringify(
      {
        updates: [
          { info: { kind: "refresh", startTime: 1748764800, result: "succeeded", endTime: 1748764810, version: 12 } },
          {
            info: {
              kind: "update",
              startTime: 1748765000,
              message: "bump",
              result: "failed",
              endTime: 1748765100,
              version: 13,
              resourceChanges: { same: 3, update: 1 },
            },
            requestedBy: { name: "Kim Lee" },
          },
          {
            info: {
              kind: "update",
              startTime: 1748766000,
              result: "succeeded",
              endTime: 1748766001,
              resourceChanges: { same: 9 },
            },
          },
        ],
      },
      null,
      2,
    );
    const { events, source } = await read("updates.json", text);
    expect(events.map(row)).toEqual([["2025-06-01T08:05:00.000Z", 12, "infra", "failed", "Kim Lee", ""]]);
    expect(source?.skipped.byReason).toEqual({ "not-a-change": 2 });
    const cli = JSON.stringify([
      {
        kind: "update",
        startTime: "2025-06-01T08:00:00Z",
        endTime: "2025-06-01T08:01:30Z",
        result: "succeeded",
        version: 4,
      },
    ]);
    expect((await read("history.json", cli)).events.map(row)).toEqual([
      ["2025-06-01T08:01:30.000Z", 1, "infra", "effective", null, ""],
    ]);
  });

  it("PuppetDB reports (v4 and the older hyphenated fields), GitLab deployments and ECS events", async () => {
    const pdb = JSON.stringify([
      {
        certname: "db-1",
        status: "unchanged",
        "configuration-version": "7",
        "start-time": "2025-06-01T07:00:00Z",
        "end-time": "2025-06-01T07:00:20Z",
      },
      {
        certname: "db-2",
        status: "failed",
        configuration_version: "8",
        start_time: "2025-06-01T07:10:00Z",
        end_time: "2025-06-01T07:10:40Z",
      },
    ]);
    expect((await read("reports.json", pdb)).events.map(row)).toEqual([
      ["2025-06-01T07:10:40.000Z", 1, "config", "failed", null, "db-2"],
    ]);
    const gl = JSON.stringify([
      {
        id: 1,
        iid: 3,
        ref: "v2",
        sha: "0123456789abcdef",
        status: "running",
        created_at: "2025-06-01T07:20:00Z",
        updated_at: "2025-06-01T07:20:05Z",
        environment: { name: "prod" },
        deployable: {},
      },
      {
        id: 2,
        iid: 4,
        ref: "v2",
        sha: "0123456789abcdef",
        status: "success",
        created_at: "2025-06-01T07:20:00Z",
        updated_at: "2025-06-01T07:24:00Z",
        user: { username: "kim" },
        environment: { name: "prod" },
        deployable: { name: "deploy", finished_at: "2025-06-01T07:23:58Z" },
      },
    ]);
    expect((await read("deployments.json", gl)).events.map(row)).toEqual([
      ["2025-06-01T07:20:00.000Z", 1, "deploy", "started", null, "prod"],
      ["2025-06-01T07:23:58.000Z", 1, "deploy", "effective", "kim", "prod"],
    ]);
    const ecs = JSON.stringify({
      services: [
        {
          serviceName: "api",
          events: [
            {
              id: "4",
              createdAt: "2025-06-01T13:00:00.000000+00:00",
              message: "(service api) has reached a steady state.",
            },
            {
              id: "3",
              createdAt: "2025-06-01T07:31:10.000000+00:00",
              message: "(service api) has reached a steady state.",
            },
            {
              id: "2",
              createdAt: "2025-06-01T07:30:00.000000+00:00",
              message: "(service api) has started 1 tasks: (task 9f).",
            },
            {
              id: "1",
              createdAt: "2025-06-01T01:00:00.000000+00:00",
              message: "(service api) has reached a steady state.",
            },
          ],
        },
      ],
    });
    const e = await read("services.json", ecs);
    expect(e.events.map(row).map((r) => r.slice(0, 4))).toEqual([
      ["2025-06-01T07:30:00.000Z", 1, "deploy", "started"],
      ["2025-06-01T07:31:10.000Z", 1, "deploy", "effective"],
    ]);
    expect(e.source?.skipped.byReason).toEqual({ "not-a-change": 2 });
  });

  it("CloudTrail one record a line and Flipt audit events; a broken line is named by its number", async () => {
    const ct = [
      JSON.stringify({
        eventVersion: "1.09",
        userIdentity: { type: "IAMUser", userName: "kim" },
        eventTime: "2025-06-01T09:00:00Z",
        eventSource: "ecs.amazonaws.com",
        eventName: "DescribeServices",
        readOnly: true,
      }),
      JSON.stringify({
        eventVersion: "1.09",
        userIdentity: { type: "IAMUser", userName: "kim" },
        eventTime: "2025-06-01T09:00:05Z",
        eventSource: "ecs.amazonaws.com",
        eventName: "UpdateService",
        requestParameters: { service: "api" },
        readOnly: false,
      }),
      '{"eventVersion": "1.09", "eventTime": ',
    ].join("\n");
    const c = await read("trail.jsonl", ct);
    expect(c.source?.format).toBe("change-api-records");
    expect(c.events.map(row)).toEqual([["2025-06-01T09:00:05.000Z", 2, "deploy", "effective", "kim", "api"]]);
    expect(c.source?.skipped.examples.map((x) => [x.line, x.reason])).toEqual([
      [1, "not-a-change"],
      [3, "invalid-json"],
    ]);
    const flipt = [
      '{"version":"0.2","type":"flag","action":"updated","status":"success","metadata":{"actor":{"authentication":"oidc","email":"kim@example.org"}},"payload":{"key":"search-v2","enabled":false,"namespace_key":"default"},"timestamp":"2025-06-01T09:10:00Z"}',
      '{"version":"0.2","type":"variant","action":"deleted","status":"denied","metadata":{"actor":{"authentication":"token","name":"ci"}},"payload":{"flag_key":"search-v2","key":"b","namespace_key":"default"},"timestamp":"2025-06-01T09:11:00Z"}',
    ].join("\n");
    expect((await read("audit.json", flipt)).events.map(row)).toEqual([
      ["2025-06-01T09:10:00.000Z", 1, "flag", "effective", "kim@example.org", "default,search-v2"],
      ["2025-06-01T09:11:00.000Z", 2, "flag", "failed", "ci", "default,search-v2"],
    ]);
  });

  it("CloudFormation: the stack's own COMPLETE is in effect, a resource's failure and a rollback are failed changes, resource progress is a step", async () => {
    const ev = (id: string, logical: string, type: string, status: string, t: string) => ({
      StackName: "edge",
      EventId: id,
      LogicalResourceId: logical,
      ResourceType: type,
      Timestamp: t,
      ResourceStatus: status,
    });
    const text = JSON.stringify({
      StackEvents: [
        ev("5", "edge", "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_COMPLETE", "2025-06-01T10:09:00.000000+00:00"),
        ev(
          "4",
          "edge",
          "AWS::CloudFormation::Stack",
          "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
          "2025-06-01T10:08:00.000000+00:00",
        ),
        ev("3", "Queue", "AWS::SQS::Queue", "UPDATE_FAILED", "2025-06-01T10:05:00.000000+00:00"),
        ev("2", "Bucket", "AWS::S3::Bucket", "UPDATE_COMPLETE", "2025-06-01T10:04:00.000000+00:00"),
        ev("1", "edge", "AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS", "2025-06-01T10:00:00.000000+00:00"),
      ],
    });
    const { events, source } = await read("stack-events.json", text);
    expect(events.map(row).map((r) => r.slice(2, 4))).toEqual([
      ["rollback", "failed"],
      ["infra", "failed"],
      ["infra", "started"],
    ]);
    expect(source?.skipped.byReason).toEqual({ "not-a-change": 2 });
  });

  it("HCP Terraform runs and Azure activity-log writes: applied/Succeeded in effect, errored/Failed failed, plans and Started not changes", async () => {
    const runs = JSON.stringify({
      data: [
        {
          id: "run-1",
          type: "runs",
          attributes: { status: "planned_and_finished", "status-timestamps": { "planned-at": "2025-06-01T11:00:00Z" } },
        },
        {
          id: "run-2",
          type: "runs",
          attributes: {
            status: "errored",
            "status-timestamps": { "applying-at": "2025-06-01T11:05:00Z", "errored-at": "2025-06-01T11:06:00Z" },
          },
        },
      ],
    });
    expect((await read("runs.json", runs)).events.map(row).map((r) => [r[0], r[3]])).toEqual([
      ["2025-06-01T11:06:00.000Z", "failed"],
    ]);
    const activity = JSON.stringify([
      {
        caller: "kim@example.org",
        eventDataId: "a",
        eventTimestamp: "2025-06-01T11:10:00Z",
        operationName: { value: "Microsoft.Web/sites/config/write" },
        status: { value: "Started" },
        resourceId: "/subscriptions/1/resourceGroups/rg/providers/Microsoft.Web/sites/shop",
      },
      {
        caller: "kim@example.org",
        eventDataId: "b",
        eventTimestamp: "2025-06-01T11:10:04Z",
        operationName: { value: "Microsoft.Web/sites/config/write" },
        status: { value: "Succeeded" },
        resourceId: "/subscriptions/1/resourceGroups/rg/providers/Microsoft.Web/sites/shop",
      },
    ]);
    expect((await read("activity.json", activity)).events.map(row)).toEqual([
      ["2025-06-01T11:10:04.000Z", 1, "config", "effective", "kim@example.org", "shop"],
    ]);
  });

  it("property: every audit write becomes one change at its stageTimestamp, whatever its time and verb", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            ms: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
            verb: fc.constantFrom("get", "list", "watch", "create", "update", "patch", "delete"),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        async (records) => {
          const text = records
            .map((r) => audit({ verb: r.verb, t: new Date(r.ms).toISOString().replace("Z", "000Z") }))
            .join("\n");
          const { events } = await read("prop-audit.log", text);
          const writes = records.filter((r) => !["get", "list", "watch"].includes(r.verb)).map((r) => r.ms);
          expect(events.map((e) => e.ts)).toEqual(writes);
        },
      ),
      { numRuns: 25, seed: 15 },
    );
  });
});

describe("cloud audit records one a line and CLI projections", () => {
  it("Google Cloud audit entries one a line: a long-running operation is in effect at its last entry, a denied call failed", async () => {
    const entry = (o: Record<string, unknown>) =>
      JSON.stringify({
        protoPayload: {
          "@type": "type.googleapis.com/google.cloud.audit.AuditLog",
          serviceName: "run.googleapis.com",
          methodName: "google.cloud.run.v1.Services.ReplaceService",
          resourceName: "namespaces/shop/services/checkout",
          authenticationInfo: { principalEmail: "deploy@shop.iam.gserviceaccount.com" },
          ...(o.status ? { status: o.status } : { status: {} }),
        },
        insertId: String(o.t),
        timestamp: o.t,
        logName: "projects/shop/logs/cloudaudit.googleapis.com%2Factivity",
        ...(o.op ? { operation: { id: "operations/1", producer: "run.googleapis.com", ...(o.op as object) } } : {}),
      });
    const text = [
      entry({ t: "2026-06-03T15:12:40.118392Z", op: { first: true } }),
      entry({ t: "2026-06-03T15:13:21.604117Z", op: { last: true } }),
      entry({ t: "2026-06-03T15:46:12.904418Z", status: { code: 7, message: "PERMISSION_DENIED" } }),
    ].join("\n");
    const { source, events } = await read("audit.jsonl", text);
    expect(source?.format).toBe("change-api-records");
    expect(events.map(row)).toEqual([
      ["2026-06-03T15:12:40.118Z", 1, "deploy", "started", "deploy@shop.iam.gserviceaccount.com", "checkout"],
      ["2026-06-03T15:13:21.604Z", 2, "deploy", "effective", "deploy@shop.iam.gserviceaccount.com", "checkout"],
      ["2026-06-03T15:46:12.904Z", 3, "deploy", "failed", "deploy@shop.iam.gserviceaccount.com", "checkout"],
    ]);
  });

  it("az monitor activity-log list --query projection (operation, status as strings): the site and the leaf changed", async () => {
    const text = JSON.stringify(
      [
        {
          caller: "renata@contoso.example",
          correlationId: "42ff",
          eventTimestamp: "2026-04-21T13:42:00.0045508Z",
          operation: "Microsoft.Web/sites/config/write",
          resourceId:
            "/subscriptions/1/resourceGroups/rg/providers/Microsoft.Web/sites/checkout-web/config/appsettings",
          status: "Succeeded",
        },
      ],
      null,
      2,
    );
    const { events } = await read("activity.json", text);
    expect(events.map(row)).toEqual([
      ["2026-04-21T13:42:00.004Z", 2, "config", "effective", "renata@contoso.example", "checkout-web,appsettings"],
    ]);
  });
});
