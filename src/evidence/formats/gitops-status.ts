import type { RawEvent } from "../../model/event.js";
import type { ChangePhase, ChangeType } from "../changes/change-recogniser.js";
import { changeEvent } from "../changes/change-record.js";
import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import { docHead, field, isRecord, type JsonRecord, parseDocument, parseIsoTime, str } from "./document-helpers.js";

interface Found {
  ts: number;
  line: number;
  type: ChangeType;
  phase: ChangePhase;
  what: string;
  app: string;
  by: string | null;
  tool: "argocd" | "flux";
  version: string | null;
}

function event(ctx: FormatContext, c: Found): RawEvent {
  return changeEvent({
    path: ctx.path,
    line: c.line,
    at: c.ts,
    type: c.type,
    what: c.what,
    where: [c.app],
    by: c.by,
    tool: c.tool,
    phase: c.phase,
    service: c.app,
    version: c.version,
  });
}

/**
 * Argo CD `Application` status: every `status.history[]` entry is a sync that completed at `deployedAt` (begun at
 * `deployStartedAt`); the last operation (`status.operationState`) adds its outcome when the history does not hold it
 * (a failed or running sync). `initiatedBy.username` (or `automated`) is who applied it.
 */
function argoApplication(app: JsonRecord, line: (n: unknown) => number, ctx: FormatContext): Found[] {
  const name = field(app, "metadata", "name") ?? "application";
  const status = isRecord(app.status) ? app.status : {};
  const out: Found[] = [];
  const history = Array.isArray(status.history) ? status.history : [];
  const deployed: number[] = [];
  for (const h of history) {
    if (!isRecord(h)) continue;
    const ts = parseIsoTime(h.deployedAt, ctx);
    if (!Number.isFinite(ts)) continue;
    deployed.push(ts);
    const revision = str(h.revision) ?? (Array.isArray(h.revisions) ? str(h.revisions[0]) : null);
    const by = field(h, "initiatedBy", "username") ?? (field(h, "initiatedBy", "automated") ? "automated" : null);
    out.push({
      ts,
      line: line(h),
      type: "deploy",
      phase: "effective",
      what: `Argo CD sync #${str(h.id) ?? "?"} of ${name}${revision ? ` to ${revision.slice(0, 7)}` : ""}`,
      app: name,
      by,
      tool: "argocd",
      version: revision,
    });
  }
  const op = isRecord(status.operationState) ? status.operationState : null;
  if (op) {
    const phase = str(op.phase) ?? "";
    const finished = parseIsoTime(op.finishedAt, ctx);
    const revision = field(op, "syncResult", "revision") ?? field(op, "operation", "sync", "revision");
    const by =
      field(op, "operation", "initiatedBy", "username") ??
      (field(op, "operation", "initiatedBy", "automated") ? "automated" : null);
    const inHistory = deployed.some((t) => Number.isFinite(finished) && Math.abs(t - finished) <= 1000);
    const failed = phase === "Failed" || phase === "Error";
    if (!inHistory && (failed || Number.isFinite(finished) || Number.isFinite(parseIsoTime(op.startedAt, ctx)))) {
      const ts = Number.isFinite(finished) ? finished : parseIsoTime(op.startedAt, ctx);
      out.push({
        ts,
        line: line(op),
        type: "deploy",
        phase: failed ? "failed" : phase === "Succeeded" && Number.isFinite(finished) ? "effective" : "started",
        what: `Argo CD sync of ${name}${revision ? ` to ${revision.slice(0, 7)}` : ""} (${phase}${
          str(op.message) ? `: ${str(op.message)}` : ""
        })`,
        app: name,
        by,
        tool: "argocd",
        version: revision,
      });
    }
  }
  return out;
}

/**
 * Flux `Kustomization` / `HelmRelease` status: the `Ready` (or HelmRelease `Released`) condition that is `True` with a
 * success reason is when the applied revision took effect (`lastTransitionTime`); a `False` one with a failure reason
 * is a failed apply. HelmRelease v2 `status.history[]` snapshots add each release at `lastDeployed`.
 */
function fluxObject(obj: JsonRecord, line: (n: unknown) => number, ctx: FormatContext): Found[] {
  const kind = str(obj.kind) ?? "Kustomization";
  const name = field(obj, "metadata", "name") ?? kind;
  const status = isRecord(obj.status) ? obj.status : {};
  const revision = str(status.lastAppliedRevision) ?? str(status.lastAttemptedRevision);
  const out: Found[] = [];
  const conditions = Array.isArray(status.conditions) ? status.conditions : [];
  for (const c of conditions) {
    if (!isRecord(c) || (c.type !== "Ready" && c.type !== "Released")) continue;
    const reason = str(c.reason) ?? "";
    const ok = c.status === "True" && /Succeeded$/.test(reason);
    const failed = c.status === "False" && /Failed$/.test(reason);
    if (!ok && !failed) continue;
    const ts = parseIsoTime(c.lastTransitionTime, ctx);
    // HelmRelease reports the same release as Ready and Released
    if (!Number.isFinite(ts) || out.some((o) => Math.abs(o.ts - ts) <= 1000)) continue;
    out.push({
      ts,
      line: line(c),
      type: /Rollback/.test(reason) ? "rollback" : "deploy",
      phase: ok ? "effective" : "failed",
      what: `flux ${kind}/${name} ${reason}${revision ? ` at ${revision}` : ""}: ${str(c.message) ?? ""}`.trim(),
      app: name,
      by: null,
      tool: "flux",
      version: revision,
    });
  }
  const history = Array.isArray(status.history) ? status.history : [];
  for (const h of history) {
    if (!isRecord(h)) continue;
    const ts = parseIsoTime(h.lastDeployed, ctx);
    if (!Number.isFinite(ts) || out.some((o) => Math.abs(o.ts - ts) <= 1000)) continue;
    const state = str(h.status) ?? "";
    out.push({
      ts,
      line: line(h),
      type: "deploy",
      phase: state === "failed" ? "failed" : "effective",
      what: `flux HelmRelease/${name} release ${str(h.chartName) ?? ""}@${str(h.chartVersion) ?? "?"} ${state}`.trim(),
      app: name,
      by: null,
      tool: "flux",
      version: str(h.appVersion) ?? str(h.chartVersion),
    });
  }
  return out;
}

const KINDS =
  /"kind"\s*:\s*"(?:Application|Kustomization|HelmRelease)"|^\s*kind:\s*(?:Application|Kustomization|HelmRelease)\s*$/m;

/**
 * The sync status of GitOps resources, as `kubectl get application|kustomization|helmrelease -o yaml|json` or
 * `argocd app get -o json|yaml` print it (one object or a `List`): Argo CD Application history and last operation,
 * Flux Kustomization/HelmRelease conditions and release history, each a change at the time it took effect.
 * Documented: https://argo-cd.readthedocs.io/en/stable/user-guide/commands/argocd_app_get/ and the Application CRD
 * (`status.history[].deployedAt`, `status.operationState`: https://argo-cd.readthedocs.io/en/stable/operator-manual/declarative-setup/),
 * https://fluxcd.io/flux/components/kustomize/kustomizations/#kustomization-status and
 * https://fluxcd.io/flux/components/helm/helmreleases/#helmrelease-status.
 */
export const gitopsStatus: DocumentFormat = {
  id: "gitops-status",
  description: "Argo CD Application and Flux Kustomization/HelmRelease status (-o json|yaml): syncs and applies",
  kind: "change",
  shape: "document",
  samples: [
    JSON.stringify({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: { name: "pricing", namespace: "argocd" },
      status: {
        history: [
          {
            deployStartedAt: "2025-03-04T10:00:11Z",
            deployedAt: "2025-03-04T10:00:40Z",
            id: 12,
            revision: "9f3c2a1b7d0e4c6a8b2d4f6e8a0c2e4b6d8f0a1c",
            initiatedBy: { username: "ana@example.com" },
          },
        ],
        operationState: {
          phase: "Succeeded",
          startedAt: "2025-03-04T10:00:11Z",
          finishedAt: "2025-03-04T10:00:40Z",
          syncResult: { revision: "9f3c2a1b7d0e4c6a8b2d4f6e8a0c2e4b6d8f0a1c" },
        },
      },
    }),
    [
      "apiVersion: kustomize.toolkit.fluxcd.io/v1",
      "kind: Kustomization",
      "metadata:",
      "  name: apps",
      "  namespace: flux-system",
      "status:",
      "  conditions:",
      "  - lastTransitionTime: '2025-03-04T10:00:42Z'",
      "    message: 'Applied revision: main@sha1:9f3c2a1b'",
      "    reason: ReconciliationSucceeded",
      "    status: 'True'",
      "    type: Ready",
      "  lastAppliedRevision: main@sha1:9f3c2a1b",
    ].join("\n"),
  ],
  sampleName: "app.yaml",
  detect(sample) {
    const t = sample.text;
    if (!KINDS.test(t)) return 0;
    const json = docHead(t) === "{";
    const argo = json
      ? /"(?:deployedAt|operationState)"\s*:/.test(t)
      : /^\s*(?:- )?(?:deployedAt|operationState):/m.test(t);
    const flux = json
      ? /"lastTransitionTime"\s*:/.test(t) && /toolkit\.fluxcd\.io/.test(t)
      : /^\s*(?:- )?lastTransitionTime:/m.test(t) && /toolkit\.fluxcd\.io/.test(t);
    return argo || flux ? 0.95 : 0;
  },
  parse(text, ctx) {
    const doc = parseDocument(text, ctx);
    const root = doc.value;
    const objects = isRecord(root)
      ? Array.isArray(root.items)
        ? root.items
        : [root]
      : Array.isArray(root)
        ? root
        : [];
    const found: Found[] = [];
    for (const obj of objects) {
      if (!isRecord(obj)) continue;
      const api = str(obj.apiVersion) ?? "";
      if (obj.kind === "Application" && api.startsWith("argoproj.io"))
        found.push(...argoApplication(obj, doc.lineOf, ctx));
      else if (/toolkit\.fluxcd\.io/.test(api)) found.push(...fluxObject(obj, doc.lineOf, ctx));
    }
    if (found.length === 0 && root !== undefined && !doc.problem) {
      ctx.skip(1, "no-change", "no sync history, operation or ready condition with a time");
    }
    for (const c of found.sort((a, b) => a.ts - b.ts)) ctx.emit(event(ctx, c));
  },
};
