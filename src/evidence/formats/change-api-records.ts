import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import { parseJsonLocated } from "../json-located.js";
import {
  type ApiChange,
  anyTime,
  auditEvent,
  emitApiChange,
  eventBridgeDeployment,
  gitlabDeployment,
  kubernetesAudit,
  pulumiUpdate,
  puppetdbReport,
  type ReadResult,
} from "./change-api-readers.js";
import { changeRecordsJson } from "./change-records-json.js";
import { docHead, isRecord, itemExcerpt, type JsonRecord, parseDocument, str } from "./document-helpers.js";
import { azureResourceChange, cloudFormationEvent, terraformCloudRun } from "./iac-api-readers.js";

/** The readers of one record each, tried in order (the first that knows the record's kind answers). */
const RECORD_READERS: readonly ((it: JsonRecord, ctx: FormatContext) => ReadResult)[] = [
  kubernetesAudit,
  pulumiUpdate,
  puppetdbReport,
  gitlabDeployment,
  eventBridgeDeployment,
  cloudFormationEvent,
  terraformCloudRun,
  azureResourceChange,
  auditEvent,
];

/** Read one record with the first reader that knows its kind; count it as skipped when it is not a change. */
function readRecord(it: unknown, line: number, ctx: FormatContext): void {
  if (!isRecord(it)) {
    ctx.skip(line, "unexpected-shape", itemExcerpt(it));
    return;
  }
  for (const read of RECORD_READERS) {
    const c = read(it, ctx);
    if (c === undefined) continue;
    if (c === null) ctx.skip(line, "not-a-change", itemExcerpt(it));
    else if (!Number.isFinite(c.ts)) ctx.skip(line, "invalid-timestamp", itemExcerpt(it));
    else emitApiChange(ctx, line, c);
    return;
  }
  ctx.skip(line, "unexpected-shape", itemExcerpt(it));
}

const ECS_DONE = /\bdeployment (?:\S+ )?completed\b|\bdeployment completed\b/i;
const ECS_FAILED = /\bdeployment (?:\S+ )?failed\b|\brolling back\b|\bcircuit breaker\b/i;
const ECS_STARTED = /\bhas started \d+ tasks?\b|\bregistered \d+ targets?\b|\bhas stopped \d+ running tasks?\b/i;
const ECS_STEADY = /\bhas reached a steady state\b/i;

/**
 * The `events` of an ECS service (`aws ecs describe-services`, newest first, `{id, createdAt, message}`): a
 * "deployment … completed" message is when a deployment took effect, "deployment … failed"/"rolling back" a failed
 * one, "has started N tasks" the start of a rollout; a "has reached a steady state" message ends a rollout only when
 * tasks were started since the previous steady state and no completion message said so (older services log no
 * completion message). Periodic steady-state messages alone change nothing.
 * Documented: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html.
 */
function ecsServiceEvents(service: JsonRecord, lineOf: (v: unknown) => number, ctx: FormatContext): void {
  const name = str(service.serviceName) ?? "";
  const events = (Array.isArray(service.events) ? service.events : [])
    .filter(isRecord)
    .map((e) => ({ e, ts: anyTime(e.createdAt, ctx), message: str(e.message) ?? "" }))
    .sort((a, b) => a.ts - b.ts);
  let rolling = false;
  let completed = false;
  for (const { e, ts, message } of events) {
    const line = lineOf(e);
    if (!Number.isFinite(ts)) {
      ctx.skip(line, "invalid-timestamp", itemExcerpt(e));
      continue;
    }
    const change = (ok: boolean, effective: boolean): ApiChange => ({
      ts,
      type: /rolling back/i.test(message) ? "rollback" : "deploy",
      what: message,
      where: name ? [name] : [],
      by: null,
      tool: "ecs",
      ok,
      effective,
      ...(str(e.id) ? { id: str(e.id) as string } : {}),
    });
    if (ECS_FAILED.test(message)) {
      emitApiChange(ctx, line, change(false, false));
      rolling = false;
    } else if (ECS_DONE.test(message)) {
      emitApiChange(ctx, line, change(true, true));
      completed = true;
      rolling = false;
    } else if (ECS_STARTED.test(message)) {
      if (!rolling) emitApiChange(ctx, line, change(true, false));
      rolling = true;
      completed = false;
    } else if (ECS_STEADY.test(message) && rolling && !completed) {
      emitApiChange(ctx, line, change(true, true));
      rolling = false;
    } else ctx.skip(line, "not-a-change", message.slice(0, 120));
  }
}

/** A container object's list of records: the keys the supported APIs wrap their lists in. */
function listOf(root: JsonRecord): unknown[] | undefined {
  for (const k of [
    "updates",
    "items",
    "events",
    "deployments",
    "reports",
    "data",
    "entries",
    "results",
    "StackEvents",
    "value",
  ]) {
    const v = root[k];
    if (Array.isArray(v)) return v;
  }
  return undefined;
}

/** One line of a JSON-lines file: CloudTrail records go to the CloudTrail reader, the rest to the record readers. */
function readLine(o: JsonRecord, lineNo: number, ctx: FormatContext): void {
  const cloudTrail = typeof o.eventName === "string" && typeof o.eventSource === "string";
  if (cloudTrail || (isRecord(o.protoPayload) && typeof o.protoPayload.methodName === "string")) {
    // CloudTrail or Google Cloud audit log entries delivered one record a line (CloudWatch Logs, a log sink to
    // storage, a lake export): the same records as in `{"Records":[…]}` / `gcloud logging read --format=json`
    changeRecordsJson.parse(JSON.stringify(cloudTrail ? { Records: [o] } : [o]), {
      ...ctx,
      emit: (e) => ctx.emit({ ...e, line: lineNo }),
      skip: (_l, reason, excerpt) => ctx.skip(lineNo, reason, excerpt),
    });
    return;
  }
  readRecord(o, lineNo, ctx);
}

const SIGNATURES: readonly RegExp[][] = [
  [/"auditID"\s*:/, /"stage"\s*:/, /"verb"\s*:/],
  [/"kind"\s*:\s*"(?:update|refresh|destroy|preview|import)"/, /"startTime"\s*:/, /"result"\s*:/],
  [/"certname"\s*:/, /"end[-_]time"\s*:/, /"configuration[-_]version"\s*:/],
  [/"iid"\s*:/, /"deployable"\s*:/, /"environment"\s*:/, /"sha"\s*:/],
  [/"detail-type"\s*:\s*"[^"]*Deployment/, /"detail"\s*:/],
  [/"serviceName"\s*:/, /"events"\s*:/, /"createdAt"\s*:/, /\(service [^)]+\)/],
  [/"StackEvents"\s*:|"LogicalResourceId"\s*:/, /"ResourceStatus"\s*:/, /"Timestamp"\s*:/],
  [/"type"\s*:\s*"runs"/, /"status-timestamps"\s*:/],
  [/"provisioningState"\s*:/, /"timestamp"\s*:/, /"mode"\s*:/],
  [/"operation(?:Name)?"\s*:/, /"eventTimestamp"\s*:/, /"caller"\s*:/],
  [/"action"\s*:/, /"actor"\s*:/, /"(?:timestamp|occurred_at)"\s*:/, /"(?:payload|targets)"\s*:/],
];

/**
 * Change records of deploy services and control planes, as their APIs and audit sinks write them (one JSON document,
 * or one record a line): Kubernetes API server audit events, Pulumi stack updates, PuppetDB reports, GitLab
 * deployments, ECS service events and EventBridge deployment state changes (ECS, CodeDeploy), CloudFormation stack
 * events, HCP Terraform runs, Azure Resource Manager deployments and activity-log writes (iac-api-readers.ts),
 * CloudTrail records one a line, and generic actor/action/entity audit events (Flipt's audit sink and the like). Each change becomes a
 * `change` event at the moment it took effect (see each reader in change-api-readers.ts for where that is
 * documented); records that change nothing (reads, refreshes, unchanged runs) are counted as `not-a-change`.
 */
export const changeApiRecords: DocumentFormat = {
  id: "change-api-records",
  description:
    "Deploy-service and audit change records: Kubernetes audit, Pulumi updates, PuppetDB reports, GitLab deployments, ECS events, CloudFormation stack events, Terraform Cloud runs, Azure deployments/activity log, CloudTrail lines, Flipt-style audit events",
  kind: "change",
  shape: "document",
  samples: [
    [
      '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"0d1f6b1e-2a44-4a1b-9f2e-5c8f4a3b2c10","stage":"ResponseComplete","requestURI":"/apis/apps/v1/namespaces/shop/deployments/cart","verb":"patch","user":{"username":"jane@example.com"},"userAgent":"kubectl/v1.30.2 (linux/amd64)","objectRef":{"resource":"deployments","namespace":"shop","name":"cart","apiGroup":"apps","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":200},"requestReceivedTimestamp":"2025-05-02T09:14:03.201044Z","stageTimestamp":"2025-05-02T09:14:03.219871Z"}',
      '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"7e9a0c55-1b2d-4e3f-8a9b-0c1d2e3f4a5b","stage":"ResponseComplete","requestURI":"/apis/apps/v1/namespaces/shop/deployments/cart/scale","verb":"update","user":{"username":"ops@example.com"},"objectRef":{"resource":"deployments","namespace":"shop","name":"cart","subresource":"scale","apiGroup":"apps","apiVersion":"v1"},"responseStatus":{"metadata":{},"status":"Failure","reason":"Forbidden","code":403},"requestReceivedTimestamp":"2025-05-02T09:20:11.000100Z","stageTimestamp":"2025-05-02T09:20:11.004000Z"}',
    ].join("\n"),
    '{"updates": [{"info": {"kind": "update", "startTime": 1746177000, "message": "raise cart memory", "result": "succeeded", "endTime": 1746177094, "version": 31, "resourceChanges": {"same": 12, "update": 1}}, "updateID": "b2c3", "version": 31, "requestedBy": {"name": "Jane Roe", "githubLogin": "jroe"}}], "itemsPerPage": 10, "total": 31}',
    '[{"certname": "web-3.example.org", "hash": "4c5d", "environment": "production", "status": "changed", "noop": false, "puppet_version": "8.4.0", "configuration_version": "1746177300", "start_time": "2025-05-02T09:15:00.120Z", "end_time": "2025-05-02T09:15:31.480Z", "producer_timestamp": "2025-05-02T09:15:32.001Z", "receive_time": "2025-05-02T09:15:32.450Z", "transaction_uuid": "aa-bb"}]',
    '[{"id": 88, "iid": 12, "ref": "main", "sha": "a91957a858320c0e17f3a0eca7cfacbff50ea29a", "created_at": "2025-05-02T09:10:00.000Z", "updated_at": "2025-05-02T09:13:40.000Z", "status": "success", "user": {"username": "jroe"}, "environment": {"id": 9, "name": "production"}, "deployable": {"id": 7001, "status": "success", "stage": "deploy", "name": "deploy-prod", "started_at": "2025-05-02T09:10:05.000Z", "finished_at": "2025-05-02T09:13:38.000Z"}}]',
    '{"services": [{"serviceName": "cart", "deployments": [], "events": [{"id": "e2", "createdAt": "2025-05-02T09:18:44.100000+00:00", "message": "(service cart) (deployment ecs-svc/123) deployment completed."}, {"id": "e1", "createdAt": "2025-05-02T09:15:02.000000+00:00", "message": "(service cart) has started 2 tasks: (task 1a2b) (task 3c4d)."}]}]}',
    '{"StackEvents": [{"StackId": "arn:aws:cloudformation:eu-west-1:111122223333:stack/edge/1a2b", "EventId": "ev-2", "StackName": "edge", "LogicalResourceId": "edge", "ResourceType": "AWS::CloudFormation::Stack", "Timestamp": "2025-05-02T09:40:12.281000+00:00", "ResourceStatus": "UPDATE_COMPLETE"}, {"StackId": "arn:aws:cloudformation:eu-west-1:111122223333:stack/edge/1a2b", "EventId": "ev-1", "StackName": "edge", "LogicalResourceId": "edge", "ResourceType": "AWS::CloudFormation::Stack", "Timestamp": "2025-05-02T09:38:01.005000+00:00", "ResourceStatus": "UPDATE_IN_PROGRESS", "ResourceStatusReason": "User Initiated"}]}',
    '{"data": [{"id": "run-CZcmD7eagjhyX0vN", "type": "runs", "attributes": {"status": "applied", "message": "Queued manually", "is-destroy": false, "created-at": "2025-05-02T09:50:00.000Z", "status-timestamps": {"plan-queued-at": "2025-05-02T09:50:01.000Z", "planned-at": "2025-05-02T09:50:40.000Z", "applying-at": "2025-05-02T09:51:02.000Z", "applied-at": "2025-05-02T09:52:10.000Z"}}, "relationships": {"workspace": {"data": {"id": "ws-edge", "type": "workspaces"}}}}]}',
    '[{"id": "/subscriptions/0000/resourceGroups/rg-web/providers/Microsoft.Resources/deployments/web-2025-05-02", "name": "web-2025-05-02", "resourceGroup": "rg-web", "properties": {"mode": "Incremental", "provisioningState": "Succeeded", "timestamp": "2025-05-02T10:01:30.123456+00:00", "duration": "PT1M12.5S", "correlationId": "c0ffee"}}]',
    '{"version":"0.2","type":"flag","action":"updated","status":"success","metadata":{"actor":{"authentication":"token","name":"release-bot"}},"payload":{"key":"new-checkout","enabled":true,"namespace_key":"default"},"timestamp":"2025-05-02T09:30:00Z"}',
  ],
  sampleName: "changes.json",
  detect(sample) {
    const head = docHead(sample.text);
    if (head !== "{" && head !== "[") return 0;
    const t = sample.text;
    // CloudTrail one record a line: the CloudTrail document reader (change-records-json) reads only whole documents
    const whole = sample.lines.filter((l) => /^\s*\{.*\}\s*$/.test(l)).length;
    if (whole > 1 && /"eventName"\s*:/.test(t) && /"eventSource"\s*:/.test(t)) return 0.98;
    if (whole > 1 && /"protoPayload"\s*:/.test(t) && /"methodName"\s*:/.test(t)) return 0.98;
    for (const sig of SIGNATURES) if (sig.every((r) => r.test(t))) return 0.97;
    return 0;
  },
  parse(text, ctx) {
    const whole = parseJsonLocated(text);
    const lines = text.split("\n");
    // several objects one a line: JSON lines (a JSON document's second line is never a whole object)
    const jsonLines = whole.problem !== undefined && lines.filter((l) => /^\s*\{.*\}\s*$/.test(l)).length > 1;
    if (jsonLines) {
      lines.forEach((raw, i) => {
        const line = raw.trim();
        if (line.length === 0) return;
        let o: unknown;
        try {
          o = JSON.parse(line);
        } catch {
          ctx.skip(i + 1, "invalid-json", line.slice(0, 120));
          return;
        }
        if (isRecord(o)) readLine(o, i + 1, ctx);
        else ctx.skip(i + 1, "unexpected-shape", line.slice(0, 120));
      });
      return;
    }
    const doc = whole.problem ? parseDocument(text, ctx) : whole;
    const root = doc.value;
    if (isRecord(root) && Array.isArray(root.services)) {
      for (const s of root.services) if (isRecord(s)) ecsServiceEvents(s, doc.lineOf, ctx);
      return;
    }
    const items = Array.isArray(root) ? root : isRecord(root) ? (listOf(root) ?? [root]) : undefined;
    if (!items) {
      if (root !== undefined && !doc.problem) ctx.skip(1, "unexpected-shape", "expected a list of change records");
      return;
    }
    for (const it of items) readRecord(it, doc.lineOf(it), ctx);
  },
};
