import type { ChangeType } from "../changes/change-recogniser.js";
import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import { type ApiChange, emitApiChange } from "./change-api-readers.js";
import {
  docHead,
  field,
  isRecord,
  itemExcerpt,
  type JsonRecord,
  parseDocument,
  parseIsoTime,
  str,
} from "./document-helpers.js";

/** API calls that only read (CloudTrail `readOnly`, GCP audit `DATA_READ`): by their verb. */
const READ_CALL =
  /^(?:Get|Describe|List|Head|Lookup|Search|Select|Scan|Query|Batch(?:Get|Describe)|Check|Validate|Estimate|Preview|Test)/;
const READ_METHOD = /\.(?:get|list|search|describe|watch|lookup|aggregatedList|testIamPermissions|getIamPolicy)\w*$/i;

function callType(name: string): ChangeType {
  if (/Scal|Capacity|Resize|setSize|DesiredCount/i.test(name)) return "scale";
  if (/Reboot|Restart|Stop|Start/i.test(name)) return "restart";
  if (/Parameter|Config|Setting|Policy|Rule|SecurityGroup|Route|Record|Attribute|Tag|Iam|Permission/i.test(name))
    return "config";
  // Cloud Run / Knative replace the whole Service object to roll out a new revision
  if (
    /Deploy|Release|(?:Update|Replace|Create)Service|Revision|UpdateFunction|TaskDefinition|Image|Version|Rollout/i.test(
      name,
    )
  )
    return "deploy";
  return "infra";
}

/** AWS CloudTrail (`{"Records":[…]}` as delivered to S3, or `lookup-events` output's `CloudTrailEvent`). */
function cloudTrail(it: JsonRecord, ctx: FormatContext): ApiChange | null {
  const inner = typeof it.CloudTrailEvent === "string" ? safeParse(it.CloudTrailEvent) : it;
  if (!isRecord(inner) || typeof inner.eventName !== "string" || inner.eventTime === undefined) return null;
  const name = inner.eventName;
  if (inner.readOnly === true || READ_CALL.test(name) || inner.eventType === "AwsConsoleSignIn") return null;
  const req = isRecord(inner.requestParameters) ? inner.requestParameters : {};
  const target =
    str(req.service) ??
    str(req.functionName) ??
    str(req.autoScalingGroupName) ??
    str(req.name) ??
    str(req.dBInstanceIdentifier) ??
    str(req.bucketName) ??
    str(req.groupId) ??
    str(req.loadBalancerName) ??
    null;
  const who =
    field(inner, "userIdentity", "userName") ??
    field(inner, "userIdentity", "sessionContext", "sessionIssuer", "userName") ??
    field(inner, "userIdentity", "arn");
  const source = (str(inner.eventSource) ?? "").replace(/\.amazonaws\.com$/, "");
  return {
    ts: parseIsoTime(inner.eventTime, ctx),
    type: callType(name),
    what: `${source ? `${source} ` : ""}${name}${target ? ` ${target}` : ""}`,
    where: target ? [target] : [],
    by: who,
    tool: "cloudtrail",
    ok: inner.errorCode === undefined,
    effective: inner.errorCode === undefined,
    ...(str(inner.eventID) ? { id: str(inner.eventID) as string } : {}),
  };
}

/** EC2 Auto Scaling `describe-scaling-activities` (`{"Activities":[…]}`): in effect when the activity ended. */
function scalingActivity(it: JsonRecord, ctx: FormatContext): ApiChange | null {
  if (it.AutoScalingGroupName === undefined || it.StartTime === undefined) return null;
  const start = parseIsoTime(it.StartTime, ctx);
  const end = parseIsoTime(it.EndTime, ctx);
  const status = str(it.StatusCode) ?? "";
  const ok = !/Failed|Cancelled/i.test(status);
  const done = Number.isFinite(end) && ok && /Successful/i.test(status);
  const group = str(it.AutoScalingGroupName) as string;
  const cause = /changing the desired capacity from (\d+) to (\d+)/.exec(str(it.Cause) ?? "");
  const by = /\ba user request\b/.test(str(it.Cause) ?? "")
    ? "user request"
    : (/policy ([\w.-]+)/.exec(str(it.Cause) ?? "")?.[1] ?? null);
  const automatic =
    !/\ba user request\b/.test(str(it.Cause) ?? "") &&
    /monitor alarm|policy|scheduled action/i.test(str(it.Cause) ?? "");
  return {
    automatic,
    ts: done ? end : start,
    type: "scale",
    what: `${group}: ${str(it.Description) ?? "scaling activity"}${cause ? ` (desired ${cause[1]} → ${cause[2]})` : ""}`,
    where: [group],
    by,
    tool: "aws-autoscaling",
    ok,
    effective: done,
    ...(Number.isFinite(start) ? { startedAt: start } : {}),
    ...(str(it.ActivityId) ? { id: str(it.ActivityId) as string } : {}),
  };
}

/** `helm history RELEASE -o json|yaml` rows: revision, updated, status, chart, app_version, description. */
function helmRevision(it: JsonRecord, ctx: FormatContext): ApiChange | null {
  if (it.revision === undefined || it.updated === undefined || it.chart === undefined) return null;
  const chart = str(it.chart) ?? "";
  const status = str(it.status) ?? "";
  const description = str(it.description) ?? "";
  const release = chart.replace(/-v?\d[\w.+-]*$/, "");
  return {
    ts: parseIsoTime(it.updated, ctx),
    type: /rollback/i.test(description) ? "rollback" : "deploy",
    what: `helm revision ${str(it.revision)} ${chart} (app ${str(it.app_version) ?? "?"}): ${description}`,
    where: release ? [release] : [],
    by: null,
    tool: "helm",
    ok: status !== "failed",
    effective: status === "deployed" || status === "superseded",
    ...(str(it.app_version) ? { version: str(it.app_version) as string } : {}),
    id: `${release}#${str(it.revision)}`,
  };
}

/** Google Cloud audit log entries (`protoPayload.methodName`), as `gcloud logging read --format=json` prints them. */
function gcpAudit(it: JsonRecord, ctx: FormatContext): ApiChange | null {
  const p = isRecord(it.protoPayload) ? it.protoPayload : null;
  if (!p || typeof p.methodName !== "string") return null;
  if (READ_METHOD.test(p.methodName) || /data_access/.test(str(it.logName) ?? "")) return null;
  const resource = str(p.resourceName) ?? "";
  const name = resource.split("/").pop() ?? "";
  const ok = !isRecord(p.status) || p.status.code === undefined || p.status.code === 0;
  return {
    ts: parseIsoTime(it.timestamp ?? it.receiveTimestamp, ctx),
    type: callType(p.methodName.split(".").pop() ?? ""),
    what: `${p.methodName}${name ? ` ${name}` : ""}`,
    where: name ? [name] : [],
    by: field(p, "authenticationInfo", "principalEmail"),
    tool: "gcp-audit",
    ok,
    // a long-running operation (Cloud Run ReplaceService, a GKE update) logs its request with `operation.first` and
    // its end with `operation.last`: only the end is when the change took effect (or failed)
    effective: ok && !(isRecord(it.operation) && it.operation.first === true && it.operation.last !== true),
    ...((field(it, "operation", "id") ?? str(it.insertId))
      ? { id: (field(it, "operation", "id") ?? str(it.insertId)) as string }
      : {}),
  };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const READERS = [cloudTrail, scalingActivity, helmRevision, gcpAudit];

/**
 * Change records of control planes, as their APIs and CLIs return them: AWS CloudTrail (write calls only), EC2 Auto
 * Scaling activities, `helm history -o json`, Google Cloud audit logs (admin activity). Each becomes a `change` event
 * at the moment it took effect when the record says so (an activity's end, a call's time), with the actor the record
 * names. Documented: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html,
 * https://docs.aws.amazon.com/cli/latest/reference/autoscaling/describe-scaling-activities.html,
 * https://helm.sh/docs/helm/helm_history/, https://cloud.google.com/logging/docs/audit/understanding-audit-logs.
 */
export const changeRecordsJson: DocumentFormat = {
  id: "change-records-json",
  description:
    "Control-plane change records: AWS CloudTrail, Auto Scaling activities, helm history -o json, GCP audit logs",
  kind: "change",
  shape: "document",
  samples: [
    '{"Records": [{"eventVersion": "1.08", "userIdentity": {"type": "IAMUser", "userName": "ana"}, "eventTime": "2025-03-04T10:00:20Z", "eventSource": "ecs.amazonaws.com", "eventName": "UpdateService", "requestParameters": {"cluster": "prod", "service": "checkout"}, "readOnly": false, "eventType": "AwsApiCall"}]}',
    '{"Activities": [{"ActivityId": "f9f2d65b", "AutoScalingGroupName": "web-asg", "Description": "Launching a new EC2 instance: i-0d44", "Cause": "At 2025-03-04T10:00:30Z a user request update of AutoScalingGroup constraints to min: 1, max: 5, desired: 3 changing the desired capacity from 2 to 3.", "StartTime": "2025-03-04T10:00:40.567Z", "EndTime": "2025-03-04T10:01:45Z", "StatusCode": "Successful", "Progress": 100}]}',
    '[{"revision": 41, "updated": "2025-03-03T09:00:00.000000+00:00", "status": "superseded", "chart": "payments-1.4.0", "app_version": "2.4.0", "description": "Install complete"}, {"revision": 42, "updated": "2025-03-04T10:01:10.123456+00:00", "status": "deployed", "chart": "payments-1.4.1", "app_version": "2.4.1", "description": "Upgrade complete"}]',
    '[{"insertId": "abc1", "logName": "projects/p/logs/cloudaudit.googleapis.com%2Factivity", "protoPayload": {"@type": "type.googleapis.com/google.cloud.audit.AuditLog", "methodName": "v1.compute.instances.setMachineType", "resourceName": "projects/p/zones/us-central1-a/instances/db-1", "authenticationInfo": {"principalEmail": "ana@example.com"}}, "timestamp": "2025-03-04T10:00:20.123Z"}]',
  ],
  sampleName: "changes.json",
  detect(sample) {
    const head = docHead(sample.text);
    const t = sample.text;
    if (head !== "{" && head !== "[") {
      // `helm history RELEASE -o yaml`: a sequence of revisions
      const yamlKey = (k: string) => new RegExp(`^(?:- |  )${k}:\\s`, "m").test(t);
      return yamlKey("revision") && yamlKey("updated") && yamlKey("chart") ? 0.95 : 0;
    }
    if (/"eventName"\s*:/.test(t) && /"eventTime"\s*:/.test(t) && /"eventSource"\s*:/.test(t)) return 0.97;
    if (/"AutoScalingGroupName"\s*:/.test(t) && /"StartTime"\s*:/.test(t) && /"Activit/.test(t)) return 0.97;
    if (/"revision"\s*:/.test(t) && /"updated"\s*:/.test(t) && /"chart"\s*:/.test(t)) return 0.97;
    if (/"protoPayload"\s*:/.test(t) && /"methodName"\s*:/.test(t)) return 0.97;
    return 0;
  },
  parse(text, ctx) {
    const doc = parseDocument(text, ctx);
    const root = doc.value;
    const items = Array.isArray(root)
      ? root
      : isRecord(root)
        ? ((root.Records ?? root.Activities ?? root.Events ?? root.entries ?? root.items) as unknown)
        : undefined;
    if (!Array.isArray(items)) {
      if (root !== undefined && !doc.problem) ctx.skip(1, "unexpected-shape", "expected a list of change records");
      return;
    }
    for (const it of items) {
      const line = doc.lineOf(it);
      if (!isRecord(it)) {
        ctx.skip(line, "unexpected-shape", itemExcerpt(it));
        continue;
      }
      let entry: ApiChange | null = null;
      let known = false;
      for (const read of READERS) {
        entry = read(it, ctx);
        if (entry) break;
      }
      if (!entry) {
        // a read-only call or an unknown record: not a change, said once per record
        known = typeof it.eventName === "string" || isRecord(it.protoPayload);
        ctx.skip(line, known ? "not-a-change" : "unexpected-shape", itemExcerpt(it));
        continue;
      }
      if (!Number.isFinite(entry.ts)) {
        ctx.skip(line, "invalid-timestamp", itemExcerpt(it));
        continue;
      }
      emitApiChange(ctx, line, entry);
    }
  },
};
