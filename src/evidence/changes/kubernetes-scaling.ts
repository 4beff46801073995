import type { ChangeRecogniser } from "./change-recogniser.js";

const SCALED =
  /^(Deployment|StatefulSet|ReplicaSet|DaemonSet|HorizontalPodAutoscaler|Rollout|ScaledObject|VerticalPodAutoscaler)\/([\w.-]+) (ScalingReplicaSet|SuccessfulRescale|DeploymentRollback|RollingUpdate|DeploymentUpdated|SuccessfulUpdate|SuccessfulCreate|SuccessfulDelete|KEDAScaleTargetActivated|EvictedPod): (.*)$/;

/**
 * Kubernetes events of workload controllers (as `kubectl get events -o json` items, read by `kubernetes-events`):
 * `ScalingReplicaSet` (Deployment controller: "Scaled up replica set web-7c9f to 3"), HPA `SuccessfulRescale`,
 * `DeploymentRollback`, StatefulSet `SuccessfulUpdate`. Scaling the new replica set up is when a rollout takes effect.
 */
export const kubernetesScalingRecogniser: ChangeRecogniser = {
  id: "kubernetes-scaling",
  documentation:
    "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/ (events of pkg/controller/deployment: ScalingReplicaSet), https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/",
  hint: /ScalingReplicaSet|SuccessfulRescale|DeploymentRollback|RollingUpdate|DeploymentUpdated|SuccessfulUpdate|SuccessfulCreate|SuccessfulDelete|KEDAScaleTargetActivated|EvictedPod/,
  samples: [
    "Deployment/checkout ScalingReplicaSet: Scaled up replica set checkout-7c9f8d6b5 to 3",
    "HorizontalPodAutoscaler/api SuccessfulRescale: New size: 6; reason: cpu resource utilization above target",
    "StatefulSet/ingester SuccessfulCreate: create Pod ingester-5 in StatefulSet ingester successful",
  ],
  recognise(e) {
    const r = SCALED.exec(e.message);
    if (!r) return null;
    const reason = r[3] ?? "";
    const note = r[4] ?? "";
    // a ReplicaSet replacing a pod that died is not a change; a StatefulSet/DaemonSet creating or deleting pods is
    // how its rollouts and scaling show (statefulset-controller events)
    if ((reason === "SuccessfulCreate" || reason === "SuccessfulDelete") && r[1] === "ReplicaSet") return null;
    const service = (r[2] ?? "").replace(/-[a-f0-9]{6,10}$/, "");
    return {
      type:
        reason === "DeploymentRollback"
          ? "rollback"
          : reason === "ScalingReplicaSet" || reason === "SuccessfulRescale"
            ? "scale"
            : "deploy",
      what: `${r[1]}/${r[2]} ${note}`.trim(),
      phase: "effective",
      tool: "kubernetes",
      service,
    };
  },
};
