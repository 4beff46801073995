import type { FormatContext } from "../evidence-format.js";
import { type ApiChange, anyTime, type ReadResult } from "./change-api-readers.js";
import { field, isRecord, type JsonRecord, str } from "./document-helpers.js";

/**
 * AWS CloudFormation stack events (`aws cloudformation describe-stack-events`, `{StackEvents: [{StackName,
 * LogicalResourceId, ResourceType, Timestamp, ResourceStatus, ResourceStatusReason}]}`, newest first). The stack's
 * own `CREATE_COMPLETE`/`UPDATE_COMPLETE`/`DELETE_COMPLETE` is when the operation took effect, its `…_IN_PROGRESS`
 * when it started, `…_ROLLBACK_COMPLETE`/`…_FAILED` a failed change; a resource's `…_FAILED` is a failed change of
 * that resource; the resources' own progress events are steps of the stack operation.
 * Documented: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackEvent.html.
 */
export function cloudFormationEvent(it: JsonRecord, ctx: FormatContext): ReadResult {
  const status = str(it.ResourceStatus);
  const stack = str(it.StackName);
  if (!status || !stack || it.Timestamp === undefined || it.LogicalResourceId === undefined) return undefined;
  const ofStack = str(it.ResourceType) === "AWS::CloudFormation::Stack" && it.LogicalResourceId === stack;
  const failed = /FAILED$|ROLLBACK_COMPLETE$/.test(status);
  const cleanup = /CLEANUP|ROLLBACK_IN_PROGRESS/.test(status);
  if ((!ofStack && !failed) || cleanup) return null;
  const done = /^(?:CREATE|UPDATE|DELETE|IMPORT)_COMPLETE$/.test(status);
  const reason = str(it.ResourceStatusReason);
  const resource = ofStack ? "" : ` ${str(it.LogicalResourceId)} (${str(it.ResourceType) ?? "?"})`;
  return {
    ts: anyTime(it.Timestamp, ctx),
    type: /ROLLBACK/.test(status) ? "rollback" : "infra",
    what: `CloudFormation stack ${stack}${resource}: ${status}${reason ? ` (${reason})` : ""}`,
    where: [stack],
    by: null,
    tool: "cloudformation",
    ok: !failed,
    effective: done,
    ...(str(it.EventId) ? { id: str(it.EventId) as string } : {}),
  };
}

/**
 * HCP Terraform / Terraform Enterprise runs (`GET /api/v2/workspaces/:id/runs`, JSON:API `{data: [{type: "runs",
 * attributes: {status, message, is-destroy, status-timestamps: {applied-at, errored-at, …}}}]}`): an `applied` run
 * took effect at `applied-at`, an `errored` one failed at `errored-at`; plan-only and discarded runs changed nothing,
 * and a run still applying has started. Documented: https://developer.hashicorp.com/terraform/cloud-docs/api-docs/run.
 */
export function terraformCloudRun(it: JsonRecord, ctx: FormatContext): ReadResult {
  if (it.type !== "runs" || !isRecord(it.attributes)) return undefined;
  const a = it.attributes;
  const status = str(a.status) ?? "";
  const ts = isRecord(a["status-timestamps"]) ? a["status-timestamps"] : {};
  if (!/^(?:applied|errored|applying|apply_queued|confirmed)$/.test(status)) return null;
  if (status === "errored" && ts["applied-at"] === undefined && ts["applying-at"] === undefined) return null;
  const at =
    status === "applied"
      ? ts["applied-at"]
      : status === "errored"
        ? ts["errored-at"]
        : (ts["applying-at"] ?? ts["confirmed-at"] ?? a["created-at"]);
  const workspace = field(it, "relationships", "workspace", "data", "id");
  return {
    ts: anyTime(at ?? a["created-at"], ctx),
    type: "infra",
    what: `terraform run ${str(it.id) ?? ""} ${status}${a["is-destroy"] === true ? " (destroy)" : ""}${str(a.message) ? `: ${str(a.message)}` : ""}`,
    where: workspace ? [workspace] : [],
    by: null,
    tool: "terraform-cloud",
    ok: status !== "errored",
    effective: status === "applied",
    ...(str(it.id) ? { id: str(it.id) as string } : {}),
  };
}

/**
 * Azure Resource Manager: deployments (`az deployment group list`, `{name, properties: {provisioningState,
 * timestamp, duration}}`, the timestamp being when the deployment ended) and activity-log entries (`az monitor
 * activity-log list`, `{operationName, status, eventTimestamp, caller, resourceId}`), where a succeeded or failed
 * `…/write`, `…/delete` or `…/action` is a change and the `Started`/`Accepted` entries of the same operation are not.
 * Documented: https://learn.microsoft.com/cli/azure/deployment/group#az-deployment-group-list and
 * https://learn.microsoft.com/azure/azure-monitor/essentials/activity-log-schema.
 */
export function azureResourceChange(it: JsonRecord, ctx: FormatContext): ReadResult {
  const p = isRecord(it.properties) ? it.properties : null;
  if (p && typeof p.provisioningState === "string" && p.timestamp !== undefined && p.mode !== undefined) {
    const state = p.provisioningState;
    if (!/^(?:Succeeded|Failed|Canceled|Running|Accepted)$/.test(state)) return null;
    const name = str(it.name) ?? "";
    const group = str(it.resourceGroup) ?? "";
    const c: ApiChange = {
      ts: anyTime(p.timestamp, ctx),
      type: "infra",
      what: `ARM deployment ${name}${group ? ` in ${group}` : ""}: ${state}${str(p.duration) ? ` after ${str(p.duration)}` : ""}`,
      where: [group, name].filter((s) => s !== ""),
      by: null,
      tool: "azure-arm",
      ok: state === "Succeeded" || state === "Running" || state === "Accepted",
      effective: state === "Succeeded",
    };
    return c;
  }
  // `az monitor activity-log list --query "[].{operation:operationName.value, status:status.value, …}"` renames the keys
  const op = field(it, "operationName", "value") ?? str(it.operationName) ?? str(it.operation);
  const status = field(it, "status", "value") ?? str(it.status);
  if (!op || !status || it.eventTimestamp === undefined) return undefined;
  if (!/\/(?:write|delete|action)$/i.test(op) || !/^(?:Succeeded|Failed)$/.test(status)) return null;
  // `/subscriptions/…/providers/Microsoft.Web/sites/checkout-web/config/appsettings`: the site, then the leaf
  const path = (str(it.resourceId) ?? "").split("/").filter((x) => x.length > 0);
  const resource = path.at(-1) ?? "";
  const p0 = path.findIndex((x) => x.toLowerCase() === "providers");
  const top = p0 >= 0 ? (path[p0 + 3] ?? "") : "";
  return {
    ts: anyTime(it.eventTimestamp, ctx),
    type: /restart/i.test(op)
      ? "restart"
      : /config|appsettings/i.test(op)
        ? "config"
        : /slotsswap|deploy/i.test(op)
          ? "deploy"
          : "infra",
    what: `${op}${resource ? ` ${resource}` : ""}: ${status}`,
    where: [top, resource].filter((x) => x !== ""),
    by: str(it.caller),
    tool: "azure-activity-log",
    // an operation's Succeeded or Failed event is when it ended (its Started event only says it began)
    ok: status === "Succeeded",
    effective: status === "Succeeded",
    ...(str(it.eventDataId) ? { id: str(it.eventDataId) as string } : {}),
  };
}
