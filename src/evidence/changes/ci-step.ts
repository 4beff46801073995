import type { ChangeRecogniser } from "./change-recogniser.js";

const STEP =
  /^(?:##\[group\]Run |\+ |\$ |Running command: |\[Pipeline\] sh\s+\+ |Executing "step_script" stage.*?\$ )(.*)$/;
const CHANGE_COMMAND =
  /\b(?:helm\b.*\b(?:upgrade|install|rollback)|kubectl\b.*\b(?:apply|set image|rollout (?:restart|undo)|scale|patch|delete|annotate)|terraform apply|tofu apply|ansible-playbook|redis-cli\b.*\b(?:FLUSHDB|FLUSHALL|DEL|CONFIG SET)|(?:psql|mysql)\b.*\b(?:ALTER|UPDATE|DELETE|DROP|INSERT)\b|aws .* (?:update-service|deploy|put-parameter)|gcloud .* deploy|flyctl deploy|argocd app (?:sync|rollback)|flux reconcile|varnishadm ban|curl .*(?:purge|PURGE))/i;

/**
 * A CI step that runs a changing command, as CI runners echo it before running it: GitHub Actions `##[group]Run …`,
 * shell `+ …` (Jenkins `sh`, GitLab CI, Buildkite with `set -x`): helm/kubectl/terraform/ansible/database and cache
 * commands. The step starting is when the change started (its output, e.g. `OK` or "successfully rolled out", is
 * read by the other recognisers).
 */
export const ciStepRecogniser: ChangeRecogniser = {
  id: "ci-step",
  documentation:
    "https://docs.github.com/en/actions/using-workflows/workflow-commands-for-github-actions (##[group] lines in raw logs), https://docs.gitlab.com/ee/ci/jobs/job_logs.html, https://www.jenkins.io/doc/pipeline/steps/workflow-durable-task-step/#sh-shell-script",
  hint: /^(?:##\[group\]Run |\+ |\$ |Running command: |\[Pipeline\] sh|Executing ")/,
  samples: [
    "##[group]Run redis-cli -h cache-0.shop.svc -n 3 FLUSHDB",
    "+ kubectl --context prod -n search apply -f k8s/search-api.yaml",
    "+ helm upgrade --install checkout ./chart --set image.tag=9f3c2a1",
  ],
  recognise(e) {
    const r = STEP.exec(e.message);
    const command = r?.[1]?.trim();
    if (!command || !CHANGE_COMMAND.test(command)) return null;
    const type = /FLUSH|DEL\b|ban|purge/i.test(command)
      ? "cache"
      : /rollback|undo/i.test(command)
        ? "rollback"
        : /terraform|tofu/i.test(command)
          ? "infra"
          : /ALTER|UPDATE|DELETE|DROP|INSERT|put-parameter|CONFIG SET|ansible/i.test(command)
            ? "config"
            : "deploy";
    // a cache flush or a one-shot command takes effect as it runs; deploys take effect when their rollout ends
    return { type, what: command.slice(0, 200), phase: type === "cache" ? "effective" : "started", tool: "ci" };
  },
};
