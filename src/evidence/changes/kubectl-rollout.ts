import type { ChangeRecogniser } from "./change-recogniser.js";

const ROLLED_OUT = /^(deployment|daemon set|statefulset|daemonset) "([^"]+)" successfully rolled out/i;
const STS_DONE = /^(?:statefulset |partitioned )?roll(?:ing)? update complete \d+ pods? at revision (\S+)/i;
const APPLIED =
  /^(deployment|statefulset|daemonset)\.apps\/([\w.-]+) (image updated|configured|restarted|rolled back|created)\b/i;

/**
 * `kubectl rollout status` and `kubectl set image/apply/rollout restart|undo` output, wherever it is logged (CI job
 * logs of GitHub Actions, GitLab CI, Jenkins, Buildkite, Argo Workflows): "successfully rolled out" is when the
 * change took effect (every new replica updated and available); "image updated"/"configured" is when it started.
 */
export const kubectlRolloutRecogniser: ChangeRecogniser = {
  id: "kubectl-rollout",
  documentation:
    "https://kubernetes.io/docs/reference/kubectl/generated/kubectl_rollout/kubectl_rollout_status/ (messages from k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go)",
  hint: /rolled out|roll(?:ing)? update complete|\.apps\/[\w.-]+ (?:image updated|configured|restarted|rolled back|created)/i,
  samples: [
    'deployment "checkout" successfully rolled out',
    "deployment.apps/checkout image updated",
    "deployment.apps/search-api rolled back",
    "statefulset rolling update complete 3 pods at revision web-7c9f8d6b5...",
  ],
  recognise(e) {
    const m = e.message;
    let r = ROLLED_OUT.exec(m);
    if (r) {
      return {
        type: "deploy",
        what: `rollout of ${r[1]?.toLowerCase()} ${r[2]}`,
        phase: "effective",
        tool: "kubectl-rollout",
        service: r[2] ?? null,
      };
    }
    r = STS_DONE.exec(m);
    if (r)
      return {
        type: "deploy",
        what: `statefulset rolling update to ${r[1]}`,
        phase: "effective",
        tool: "kubectl-rollout",
        version: r[1] ?? "",
      };
    r = APPLIED.exec(m);
    if (r) {
      const verb = (r[3] ?? "").toLowerCase();
      return {
        type:
          verb === "rolled back"
            ? "rollback"
            : verb === "restarted"
              ? "restart"
              : verb === "configured"
                ? "config"
                : "deploy",
        what: `${r[1]?.toLowerCase()} ${r[2]} ${verb}`,
        phase: "started",
        tool: "kubectl",
        service: r[2] ?? null,
      };
    }
    return null;
  },
};
