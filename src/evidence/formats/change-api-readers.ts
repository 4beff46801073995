import type { ChangeType } from "../changes/change-recogniser.js";
import { changeEvent } from "../changes/change-record.js";
import type { FormatContext } from "../evidence-format.js";
import { epochSecondsToMs, field, isRecord, type JsonRecord, parseIsoTime, str } from "./document-helpers.js";

/** One change read from a record of a deploy service's or control plane's API. */
export interface ApiChange {
  ts: number;
  type: ChangeType;
  what: string;
  where: string[];
  by: string | null;
  tool: string;
  /** False for an attempt that was rejected or failed (kept: a failed change is part of the story). */
  ok: boolean;
  /** True when `ts` is when the change took effect (rollout finished, update ended, flag flipped). */
  effective: boolean;
  startedAt?: number;
  version?: string;
  id?: string;
  /** A control loop's own write (a controller, the kubelet), not a change someone made. */
  automatic?: boolean;
}

/**
 * What a reader says about one record: a change, `null` for a record of its kind that changed nothing (a read, a
 * refresh, an unchanged run), or `undefined` when the record is not of its kind at all.
 */
export type ReadResult = ApiChange | null | undefined;

/**
 * Emit one change read from an API record as a `change` event: phase `failed` for a rejected attempt, `effective` when
 * the record says the change is in place, else `started`; a start time the record gives is `startedAt`, never
 * `committedAt` (an API record of a deploy or a call holds no commit time).
 */
export function emitApiChange(ctx: FormatContext, line: number, c: ApiChange): void {
  ctx.emit(
    changeEvent({
      path: ctx.path,
      line,
      at: c.ts,
      type: c.type,
      what: c.what,
      where: c.where,
      by: c.by,
      tool: c.tool,
      phase: !c.ok ? "failed" : c.effective ? "effective" : "started",
      ...(c.startedAt !== undefined ? { startedAt: c.startedAt } : {}),
      version: c.version ?? null,
      id: c.id ?? null,
      service: c.where[0] ?? null,
      ...(c.automatic ? { attributes: { automatic: true } } : {}),
    }),
  );
}

/** A time given as RFC 3339 text or as epoch seconds (APIs print both for the same field). */
export function anyTime(value: unknown, ctx: FormatContext): number {
  if (typeof value === "number") return value > 1e11 ? value : epochSecondsToMs(value);
  if (typeof value === "string" && /^\d{9,10}(?:\.\d+)?$/.test(value.trim())) return epochSecondsToMs(value);
  return parseIsoTime(value, ctx);
}

const K8S_WRITE = new Set(["create", "update", "patch", "delete", "deletecollection"]);
/** Resources the control plane itself rewrites all the time (leader leases, events, endpoints, access reviews). */
const K8S_CHURN =
  /^(?:leases|events|endpoints|endpointslices|tokenreviews|subjectaccessreviews|selfsubjectaccessreviews|localsubjectaccessreviews|selfsubjectrulesreviews|serviceaccounts\/token)$/;

/**
 * Kubernetes API server audit events (`audit.k8s.io/v1` `Event`, one per line in the log backend's file): a write
 * (create/update/patch/delete) is a change once it reached `ResponseComplete`; its `stageTimestamp` is when the API
 * server persisted it, `requestReceivedTimestamp` when it was asked for. A response code ≥ 400 is a rejected attempt.
 * Writes by the control plane's own components (`system:kube-controller-manager`, `system:node:…`) are automatic.
 * Documented: https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/ and the Event type in
 * https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/.
 */
export function kubernetesAudit(it: JsonRecord, ctx: FormatContext): ReadResult {
  if (typeof it.auditID !== "string" || typeof it.verb !== "string" || typeof it.stage !== "string") return undefined;
  if (it.stage !== "ResponseComplete" && it.stage !== "Panic") return null;
  const verb = it.verb;
  if (!K8S_WRITE.has(verb)) return null;
  const ref = isRecord(it.objectRef) ? it.objectRef : {};
  const resource = str(ref.resource) ?? "";
  const sub = str(ref.subresource);
  if (K8S_CHURN.test(resource) || sub === "status" || resource === "") return null;
  const name = str(ref.name) ?? "";
  const ns = str(ref.namespace);
  const target = `${ns ? `${ns}/` : ""}${name}`;
  const user = field(it, "impersonatedUser", "username") ?? field(it, "user", "username");
  const code = Number(field(it, "responseStatus", "code") ?? 200);
  const ok = it.stage !== "Panic" && code < 400;
  const workload = /^(?:deployments|statefulsets|daemonsets|replicasets|cronjobs|jobs|rollouts)$/.test(resource);
  const type: ChangeType =
    sub === "scale" || /horizontalpodautoscalers/.test(resource)
      ? "scale"
      : verb === "delete" && resource === "pods"
        ? "restart"
        : workload
          ? "deploy"
          : /configmaps|secrets|ingresses|services|networkpolic|roles|rolebindings/.test(resource)
            ? "config"
            : "infra";
  const agent = str(it.userAgent)?.split(" ")[0];
  return {
    ts: parseIsoTime(it.stageTimestamp, ctx),
    type,
    what: `${verb} ${resource}${sub ? `/${sub}` : ""} ${target}${agent ? ` (${agent})` : ""}${ok ? "" : ` rejected: HTTP ${code}`}`,
    where: name ? [target] : [],
    by: user,
    tool: "kubernetes-audit",
    ok,
    effective: ok,
    automatic: user !== null && /^system:(?:kube-|node:|apiserver|serviceaccount:kube-system:)/.test(user),
    startedAt: parseIsoTime(it.requestReceivedTimestamp, ctx),
    id: it.auditID,
  };
}

/** Actions that only look or sign in: audit records of them are not changes. */
const READ_ACTION = /^(?:read|get|list|view|viewed|accessed|login|logged_in|signed_in|logout|search|export|evaluat)/i;
const FAILED_STATUS = /^(?:denied|failed?|failure|error|rejected|forbidden|unauthori[sz]ed)$/i;

function actorName(a: unknown): string | null {
  if (typeof a === "string") return a;
  if (!isRecord(a)) return null;
  return str(a.email) ?? str(a.name) ?? str(a.username) ?? str(a.login) ?? str(a.id) ?? null;
}

/**
 * Generic audit events of the actor / action / entity / time shape many services emit: Flipt's audit sink
 * (`{version, type, action, status, metadata.actor, payload, timestamp}`, https://docs.flipt.io/configuration/auditing/overview)
 * and WorkOS-style events (`{action, occurred_at, actor, targets}`, https://workos.com/docs/audit-logs). A write
 * takes effect when it is recorded; a `denied`/`failed` status is a rejected attempt.
 */
export function auditEvent(it: JsonRecord, ctx: FormatContext): ReadResult {
  const action = str(it.action);
  const actorSrc = isRecord(it.metadata) && it.metadata.actor !== undefined ? it.metadata.actor : it.actor;
  const time = it.timestamp ?? it.occurred_at ?? it.occurredAt ?? it.created_at ?? it.createdAt ?? it.time;
  if (!action || actorSrc === undefined || time === undefined) return undefined;
  if (READ_ACTION.test(action)) return null;
  const payload = isRecord(it.payload) ? it.payload : {};
  const entity = str(it.type) ?? str(it.entity) ?? str(it.resource_type) ?? "";
  const targets = Array.isArray(it.targets) ? it.targets.filter(isRecord) : [];
  const key = str(payload.flag_key) ?? str(payload.key) ?? str(payload.segment_key) ?? str(payload.name) ?? null;
  const target = key ?? (targets[0] ? (str(targets[0].name) ?? str(targets[0].id)) : null);
  const scope = str(payload.namespace_key) ?? str(payload.environment_key) ?? str(it.environment) ?? null;
  const status = str(it.status) ?? str(it.outcome) ?? "success";
  const ok = !FAILED_STATUS.test(status);
  const flagish = /flag|variant|segment|constraint|rule|rollout|distribution|feature/i.test(`${entity} ${action}`);
  const enabled = typeof payload.enabled === "boolean" ? ` (enabled: ${payload.enabled})` : "";
  return {
    ts: anyTime(time, ctx),
    type: flagish ? "flag" : /config|setting|secret|variable/i.test(`${entity} ${action}`) ? "config" : "other",
    what: `${entity ? `${entity} ` : ""}${target ? `${target} ` : ""}${action}${enabled}${scope ? ` in ${scope}` : ""}${ok ? "" : ` (${status}, nothing changed)`}`,
    where: [...(scope ? [scope] : []), ...(target ? [target] : [])],
    by: actorName(actorSrc),
    tool: typeof it.version === "string" && isRecord(it.payload) ? "flipt" : "audit",
    ok,
    effective: ok,
  };
}

const PULUMI_CHANGING = new Set(["update", "destroy", "import", "rename"]);

/**
 * Pulumi stack updates: the Cloud REST API's `GET /api/stacks/{org}/{project}/{stack}/updates` (`{updates: [{info,
 * updateID, requestedBy, version}]}`, `info` an AppUpdateInfo with epoch-second `startTime`/`endTime`) and
 * `pulumi stack history --json` (the same fields at the top level). An update, destroy or import takes effect at its
 * `endTime`; a refresh or preview changes nothing, nor does an update whose `resourceChanges` are all `same`.
 * Documented: https://www.pulumi.com/docs/reference/cloud-rest-api/stack-updates and
 * https://www.pulumi.com/docs/reference/cloud-rest-api/schema/appupdateinfo/.
 */
export function pulumiUpdate(it: JsonRecord, ctx: FormatContext): ReadResult {
  const info = isRecord(it.info) ? it.info : it;
  if (typeof info.kind !== "string" || info.startTime === undefined || info.result === undefined) return undefined;
  if (!PULUMI_CHANGING.has(info.kind)) return null;
  const changes = isRecord(info.resourceChanges) ? info.resourceChanges : null;
  if (changes && !Object.entries(changes).some(([k, v]) => k !== "same" && Number(v) > 0)) return null;
  const result = String(info.result);
  const start = anyTime(info.startTime, ctx);
  const end = anyTime(info.endTime, ctx);
  const done = result === "succeeded" || result === "failed";
  const counts = changes
    ? Object.entries(changes)
        .filter(([k]) => k !== "same")
        .map(([k, v]) => `${k} ${String(v)}`)
        .join(", ")
    : "";
  const version = str(info.version) ?? str(it.version);
  const message = str(info.message) ?? "";
  return {
    ts: done && Number.isFinite(end) ? end : start,
    type: "infra",
    what: `pulumi ${info.kind}${version ? ` v${version}` : ""}${message ? `: ${message}` : ""}${counts ? ` (${counts})` : ""}${result === "failed" ? " failed" : ""}`,
    where: [str(it.stackName) ?? str(field(info, "environment", "PULUMI_STACK")) ?? ""].filter((s) => s !== ""),
    by: actorName(it.requestedBy) ?? null,
    tool: "pulumi",
    ok: result !== "failed",
    effective: result === "succeeded",
    ...(Number.isFinite(start) ? { startedAt: start } : {}),
    ...(str(it.updateID) ? { id: str(it.updateID) as string } : {}),
  };
}

/**
 * PuppetDB report summaries (`GET /pdb/query/v4/reports`, and the older hyphenated field names): a run whose status
 * is `changed` applied its catalog by `end_time`; a `failed` run is a failed change (it may have changed some
 * resources); `unchanged` and no-op runs changed nothing. Documented: https://www.puppet.com/docs/puppetdb/8/api/query/v4/reports.
 */
export function puppetdbReport(it: JsonRecord, ctx: FormatContext): ReadResult {
  const host = str(it.certname);
  const end = it.end_time ?? it["end-time"];
  if (!host || end === undefined || typeof it.status !== "string") return undefined;
  if (it.status === "unchanged" || it.noop === true) return null;
  const catalog = str(it.configuration_version) ?? str(it["configuration-version"]);
  const ok = it.status !== "failed";
  const start = parseIsoTime(it.start_time ?? it["start-time"], ctx);
  return {
    ts: parseIsoTime(end, ctx),
    type: "config",
    what: `puppet run on ${host}${catalog ? ` applied catalog ${catalog}` : ""}${ok ? "" : " failed"}${str(it.environment) ? ` (${str(it.environment)})` : ""}`,
    where: [host],
    by: null,
    tool: "puppetdb",
    ok,
    effective: ok,
    ...(Number.isFinite(start) ? { startedAt: start } : {}),
    ...(str(it.hash) ? { id: str(it.hash) as string } : {}),
  };
}

/**
 * GitLab deployments (`GET /projects/:id/deployments`, one deployment): a `success` deployment took effect when its
 * job finished (`deployable.finished_at`, else `updated_at`); `failed` and `canceled` ones are failed changes; a
 * `created`/`running` one has only started. Documented: https://docs.gitlab.com/ee/api/deployments.html.
 */
export function gitlabDeployment(it: JsonRecord, ctx: FormatContext): ReadResult {
  if (it.iid === undefined || !isRecord(it.environment) || it.status === undefined || it.sha === undefined)
    return undefined;
  const status = String(it.status);
  if (status === "blocked") return null;
  const env = str(it.environment.name) ?? "";
  const job = isRecord(it.deployable) ? it.deployable : {};
  const done = status === "success" || status === "failed" || status === "canceled";
  const at = done ? anyTime(job.finished_at ?? it.finished_at ?? it.updated_at, ctx) : anyTime(it.created_at, ctx);
  const ref = str(it.ref) ?? "";
  const project = field(job, "pipeline", "project_id");
  return {
    ts: Number.isFinite(at) ? at : anyTime(it.updated_at, ctx),
    type: "deploy",
    what: `deploy ${ref}${str(it.sha) ? ` (${(str(it.sha) as string).slice(0, 8)})` : ""} to ${env}: ${status}${str(job.name) ? ` by job ${str(job.name)}` : ""}`,
    where: [env, ...(project ? [project] : [])].filter((s) => s !== ""),
    by: field(it, "user", "username") ?? field(job, "user", "username"),
    tool: "gitlab",
    ok: status !== "failed" && status !== "canceled",
    effective: status === "success",
    ...(ref ? { version: ref } : {}),
    id: `${env}#${String(it.iid)}`,
  };
}

/**
 * Amazon EventBridge events of deploy services: ECS `ECS Deployment State Change` (`SERVICE_DEPLOYMENT_COMPLETED`
 * when the service reached a steady state after a deployment, `…_FAILED`, `…_IN_PROGRESS`) and CodeDeploy
 * `CodeDeploy Deployment State-change Notification` (`state` SUCCESS / FAILURE / START). Other event types are not
 * changes. Documented: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_deployment_events.html,
 * https://docs.aws.amazon.com/codedeploy/latest/userguide/monitoring-cloudwatch-events.html.
 */
export function eventBridgeDeployment(it: JsonRecord, ctx: FormatContext): ReadResult {
  const kind = str(it["detail-type"]);
  if (!kind || !isRecord(it.detail)) return undefined;
  const d = it.detail;
  const state = (str(d.eventName) ?? str(d.state) ?? "").toUpperCase();
  if (!/Deployment/i.test(kind) || !state) return null;
  const resource = Array.isArray(it.resources) ? str(it.resources[0]) : null;
  const service =
    resource?.split("/").pop() ?? str(d.application) ?? str(d.deploymentGroup) ?? str(d.deploymentId) ?? "";
  const done = /COMPLETED|SUCCESS|SUCCEEDED/.test(state);
  const failed = /FAIL|STOP|ROLLBACK/.test(state);
  return {
    ts: anyTime(d.updatedAt ?? it.time, ctx),
    type: /ROLLBACK/.test(state) || /rollback/i.test(str(d.reason) ?? "") ? "rollback" : "deploy",
    what: `${kind}: ${state} ${str(d.deploymentId) ?? ""}${str(d.reason) ? ` (${str(d.reason)})` : ""}`.trim(),
    where: service ? [service] : [],
    by: null,
    tool: str(it.source)?.replace(/^aws\./, "") ?? "eventbridge",
    ok: !failed,
    effective: done,
    ...(str(d.deploymentId) ? { id: str(d.deploymentId) as string } : {}),
  };
}
