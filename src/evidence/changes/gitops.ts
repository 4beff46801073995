import type { ChangeRecogniser } from "./change-recogniser.js";

/**
 * GitOps controllers: Flux's kustomize/helm controllers log "Reconciliation finished in 1m28s" once a revision is
 * applied (and emit `ReconciliationSucceeded` events; `flux logs` prints the controllers' lines as
 * `<Kind>/<name>.<namespace> - <message>`: "server-side apply completed", "Helm upgrade succeeded/failed …"); Argo CD emits `OperationCompleted` ("Sync operation to <rev>
 * succeeded") and `ResourceUpdated` events on the Application. These are when the synced change took effect.
 */
/** The revision a Flux event carries in its annotations (`kustomize.toolkit.fluxcd.io/revision`). */
function revisionOf(e: { attributes: Record<string, unknown> }): string | undefined {
  for (const [k, v] of Object.entries(e.attributes)) if (/revision$/i.test(k) && typeof v === "string") return v;
  return undefined;
}

export const gitopsRecogniser: ChangeRecogniser = {
  id: "gitops",
  documentation:
    "https://fluxcd.io/flux/components/kustomize/kustomizations/ (status, events), https://argo-cd.readthedocs.io/en/stable/operator-manual/notifications/ and argocd-application-controller events",
  hint: /Reconciliation finished|ReconciliationSucceeded|Sync operation to|OperationCompleted|OperationStarted|successfully synced|HelmRelease|upgrade succeeded|install succeeded|Kustomization\/|Progressing|Applied revision|UpgradeSucceeded|InstallSucceeded|RollbackSucceeded|server-side apply completed|Helm (?:upgrade|install|rollback)|running '(?:upgrade|install|rollback)' action/i,
  samples: [
    {
      message: "Reconciliation finished in 1m28.412s, next run in 10m0s",
      attributes: { controllerGroup: "kustomize.toolkit.fluxcd.io", revision: "main@sha1:e19a7c2d" },
    },
    "Application/pricing OperationCompleted: Sync operation to e19a7c2 succeeded",
    "HelmRelease/podinfo UpgradeSucceeded: Helm upgrade succeeded for release podinfo/podinfo.v4 with chart podinfo@6.5.4",
    "HelmRelease/cart.shop - Helm upgrade failed for release shop/cart with chart cart@1.9.0: context deadline exceeded",
    "Kustomization/apps.flux-system - server-side apply completed",
  ],
  recognise(e) {
    const m = e.message;
    // Flux objects' events (kubectl get events / flux events / notification-controller): "<Kind>/<name> <Reason>: …"
    const fluxEvent =
      /^(Kustomization|HelmRelease|GitRepository|OCIRepository|HelmChart|Bucket)\/([\w.-]+) (ReconciliationSucceeded|UpgradeSucceeded|InstallSucceeded|RollbackSucceeded|TestSucceeded|Progressing): (.*)$/s.exec(
        m,
      );
    if (fluxEvent) {
      const [, kind, name, reason, note] = fluxEvent as unknown as [string, string, string, string, string];
      if (kind !== "Kustomization" && kind !== "HelmRelease") return null; // sources fetched are not applied yet
      // "Progressing" lists what was applied ("Deployment/shop/api configured"); unchanged-only runs change nothing
      if (reason === "Progressing" && !/\b(?:configured|created|deleted)\b/.test(note)) return null;
      const revision = revisionOf(e) ?? /revision:? ['"]?([\w@:./-]+?)['"]?(?:\s|$)/.exec(note)?.[1];
      return {
        type: reason === "RollbackSucceeded" ? "rollback" : "deploy",
        what: `flux ${kind}/${name} ${reason}${revision ? ` at ${revision}` : ""}: ${note.split("\n")[0]}`.slice(
          0,
          200,
        ),
        phase: "effective",
        tool: "flux",
        service: name,
        ...(revision ? { version: revision } : {}),
      };
    }
    // `flux logs` lines: "<Kind>/<name>.<namespace> - <message>" (the controllers' own log messages)
    // (a line reader may have split "<Kind>/<name>.<namespace>" off into the event's component)
    const component = typeof e.attributes.component === "string" ? e.attributes.component : "";
    const full = /^(?:Kustomization|HelmRelease)\//.test(component) ? `${component} - ${m}` : m;
    const line = /^(Kustomization|HelmRelease)\/([\w.-]+?)\.([\w-]+) - (.*)$/.exec(full);
    if (line) {
      const [, kind, name, , text] = line as unknown as [string, string, string, string, string];
      const helmDone = /^Helm (upgrade|install|rollback)\b.*\b(succeeded|failed)\b/i.exec(text);
      const phase = helmDone
        ? helmDone[2]?.toLowerCase() === "failed"
          ? "failed"
          : "effective"
        : /^server-side apply completed$|^Reconciliation finished/.test(text)
          ? "effective"
          : /^running '(?:upgrade|install|rollback)' action/.test(text)
            ? "started"
            : null;
      if (phase === null) return null;
      const version = /with chart ([\w.-]+@[\w.+-]+)/.exec(text)?.[1];
      return {
        type: /rollback/i.test(text) ? "rollback" : "deploy",
        what: `flux ${kind}/${name}: ${text}`.slice(0, 200),
        phase,
        tool: "flux",
        service: name,
        ...(version ? { version } : {}),
      };
    }
    const started = /^Application\/([\w.-]+) OperationStarted: (.*)$/.exec(m);
    if (started)
      return {
        type: "deploy",
        what: `argo cd ${started[2]}`,
        phase: "started",
        tool: "argocd",
        service: started[1] ?? null,
      };
    const flux = typeof e.attributes.controllerGroup === "string" && e.attributes.controllerGroup.includes("fluxcd");
    const name = (e.attributes.Kustomization ?? e.attributes.HelmRelease) as { name?: string } | undefined;
    const revision = typeof e.attributes.revision === "string" ? e.attributes.revision : undefined;
    if (/^Reconciliation finished/i.test(m) && (flux || /kustomiz|helmrelease/i.test(JSON.stringify(e.attributes)))) {
      return {
        type: "deploy",
        what: `flux reconciliation${name?.name ? ` of ${name.name}` : ""}${revision ? ` at ${revision}` : ""}`,
        phase: "effective",
        tool: "flux",
        service: name?.name ?? null,
        ...(revision ? { version: revision } : {}),
      };
    }
    const argo = /^Application\/([\w.-]+) (?:OperationCompleted|ResourceUpdated): (.*)$/.exec(m);
    if (argo && /succeeded|Synced|Healthy/.test(argo[2] ?? "")) {
      return {
        type: "deploy",
        what: `argo cd ${argo[2]}`,
        phase: "effective",
        tool: "argocd",
        service: argo[1] ?? null,
      };
    }
    const helm = /^HelmRelease\/([\w.-]+) (?:UpgradeSucceeded|InstallSucceeded|ReconciliationSucceeded): (.*)$/.exec(m);
    if (helm) return { type: "deploy", what: helm[2] ?? m, phase: "effective", tool: "flux", service: helm[1] ?? null };
    if (/^Sync operation to \S+ succeeded/.test(m))
      return { type: "deploy", what: m, phase: "effective", tool: "argocd" };
    return null;
  },
};
