import type { ChangeMatch, ChangeRecogniser, ChangeType } from "./change-recogniser.js";

/**
 * Where a command is echoed before it runs: GitHub Actions `##[group]Run …`, a shell's `+ …` (`set -x`: Jenkins `sh`,
 * Buildkite, CircleCI), a prompt `$ …` (GitLab CI, Buildkite, Argo Workflows), `Running command: …`, Jenkins'
 * `[Pipeline] sh`, GitLab's `Executing "step_script" stage … $ …`, sudo's `COMMAND=…` in auth.log and apt's
 * `Commandline: …` in history.log. An optional GitLab stream marker (`01O `, `00E+`) may precede it.
 */
const STEP =
  /^(?:\d\d[OE]\+? )?(?:##\[group\]Run |\+{1,2} |\$ |> |Running command: |Running: |Executing: |\[Pipeline\] sh\s+\+ |Executing "step_script" stage.*?\$ |Commandline: )(.*)$/;
/** sudo's log line: `ops : TTY=pts/0 ; PWD=/home/ops ; USER=root ; COMMAND=/bin/rm -rf /data` (sudoers(5), "LOG FORMAT"). */
const SUDO = /^(?:sudo:\s*)?([\w.@-]+) : (?:.*; )?COMMAND=(.*)$/;

/**
 * Verbs that change a running system when a command names them: deployment tools' sub-commands (`helm upgrade`,
 * `kubectl apply`, `wafctl publish`, `fly deploy`, `./deploy.sh`), database writes, cache flushes, service restarts.
 * Build-time steps (`npm install`, `make test`, `docker build`) name none of them.
 */
const CHANGE_VERB =
  /(?:^|[\s/_:-])(?:deploy(?:ment)?s?|publish|release|rollout|roll-out|promote|apply|upgrade|install|migrate|sync|set image|set env|scale|restart|reload|flush\w*|purge|invalidat\w*|ban|failover|fail-over|cutover|switch(?:over)?|enable|disable|toggle|activate|rollback|roll-back|undo|revert|patch|update-[\w-]+|put-[\w-]+|edit|annotate|cordon|drain|taint|config set|flushdb|flushall|kill\w*|iptables|ip route)(?=$|[\s.:/_'"-])|\b(?:ALTER|UPDATE|DELETE|DROP|TRUNCATE|INSERT|DEL)\b/i;
/** What a person does on a host with sudo that changes it, beyond the deployment verbs. */
const HOST_VERB =
  /(?:^|\/)(?:rm -\w*[rf]\w*|mv|cp|chmod|chown|ln|tee|truncate|dd|mkfs\S*|resize2fs|xfs_growfs|mount|umount|shutdown|reboot|systemctl (?:start|stop)|service \S+ (?:start|stop)|vi|vim|nano)\b|\bsed -i\b/;
/** Commands that only read or build, whatever words their arguments hold. */
const READ_ONLY =
  /^(?:\S*\/)?(?:cat|less|more|head|tail|grep|egrep|ls|ll|find|journalctl|ps|top|htop|df|du|free|uptime|w|who|id|whoami|echo|printf|date|env|stat|file|diff|which|ping|dig|nslookup|curl -I|git (?:log|show|status|diff|fetch|clone|checkout)|docker (?:build|pull|ps|logs|images|login)|make (?:test|build|lint|check)|go (?:test|build|vet)|npm (?:ci|test|run (?:test|build|lint))|yarn (?:test|build)|pytest|tox)\b/i;
/** Package managers installing build dependencies in a job (not a change to production). */
const BUILD_INSTALL =
  /^(?:\S*\/)?(?:npm|yarn|pnpm|pip3?|poetry|gem|bundle|go|cargo|composer|brew|apk|apt(?:-get)?|yum|dnf|choco)(?: -\S+)* (?:install|add|update|upgrade|get|i|ci)\b|\b(?:dependency|repo|plugin) update\b/i;
/** Sub-commands of deployment tools that only look. */
const TOOL_READ =
  /\bsystemctl (?:status|is-active|show|cat|list-\w+)\b|\bkubectl (?:get|describe|logs|top|rollout status|wait|diff|version|config)\b|\bhelm (?:repo|dependency|template|lint|list|history|status|version)\b|\bterraform (?:init|plan|validate|fmt|show|output|version)\b/i;

/** The change type a command stands for, from its words. */
function commandType(command: string): ChangeType {
  if (/FLUSH|\bDEL\b|\bban\b|purge|invalidat/i.test(command)) return "cache";
  if (/rollback|roll-back|\bundo\b|\brevert\b/i.test(command)) return "rollback";
  if (/\b(?:restart|reload|kill\w*)\b/i.test(command)) return "restart";
  if (/\bscale\b|--replicas|desired-capacity/i.test(command)) return "scale";
  if (
    /terraform|tofu|pulumi|cloudformation|iptables|ip route|failover|cutover|switch|cordon|drain|taint/i.test(command)
  )
    return "infra";
  if (/\b(?:enable|disable|toggle)\b|\bflag/i.test(command)) return "flag";
  if (
    /\b(?:ALTER|UPDATE|DELETE|DROP|TRUNCATE|INSERT|rm|mv|cp|tee|chmod|chown|dd|mkfs|resize2fs)\b|put-parameter|CONFIG SET|ansible|salt|puppet|chef|set env|sed -i/i.test(
      command,
    )
  )
    return "config";
  return "deploy";
}

/** `helm upgrade orders ./chart` → `orders`; `kubectl … deployment/orders` → `orders`; `deploy.sh --service billing`. */
function commandTarget(command: string): string | null {
  const r =
    /\bhelm (?:upgrade|install|rollback)(?: --install)?(?: -\S+(?: \S+)?)* ([a-z0-9][\w.-]*)/i.exec(command) ??
    /\b(?:deployment|deploy|statefulset|sts|daemonset|ds)(?:\.apps)?\/([\w.-]+)/i.exec(command) ??
    /--(?:service|app|application|release|component)[= ]([\w.-]+)/i.exec(command) ??
    /\b(?:argocd app (?:sync|rollback)|flyctl deploy -a|heroku \S+ -a|--app) ([\w.-]+)/i.exec(command);
  return r?.[1] ?? null;
}

/**
 * What a command run by hand touches when no deploy target is named: a service unit (`systemctl restart nginx`,
 * `service nginx reload`), else its first absolute path argument, else the program itself (`/usr/bin/redis-cli` →
 * `redis-cli`).
 */
function handTarget(command: string): string {
  const c = command.trim();
  const unit = /\b(?:systemctl\s+(?:-\S+\s+)*\w[\w-]*\s+|service\s+)([\w@.-]+?)(?:\.service)?(?:\s|$)/.exec(c)?.[1];
  if (unit) return unit;
  const args = c.split(/\s+/).slice(1);
  const path = args.find((a) => a.startsWith("/"));
  if (path) return path;
  return (c.split(/\s+/)[0] ?? "").split("/").pop() ?? "";
}

/** One command line that changes something, as a change match; null for reading and building commands. */
export function commandChange(command: string, tool: string, by: string | null = null): ChangeMatch | null {
  const c = command.trim().replace(/^sudo (?:-\S+ )*/, "");
  // a job installing its build dependencies changes nothing; a person or apt doing it on a host does
  const onHost = tool !== "ci";
  if (c.length === 0 || READ_ONLY.test(c) || TOOL_READ.test(c) || (!onHost && BUILD_INSTALL.test(c))) return null;
  if (!CHANGE_VERB.test(c) && !(onHost && HOST_VERB.test(c))) return null;
  const type = commandType(c);
  // One-shot commands (a flush, a restart, a deletion, a database write) take effect as they run; deploys take
  // effect when their rollout ends, which their output (or another source) tells.
  const oneShot = type === "cache" || type === "restart" || type === "config" || type === "flag";
  return {
    type,
    what: c.slice(0, 200),
    phase: oneShot ? "effective" : "started",
    tool,
    service: commandTarget(c),
    ...(by ? { by } : {}),
  };
}

/**
 * A command that changes a running system, as CI runners and shells echo it before running it (see {@link STEP}),
 * or as sudo logs it to auth.log with the user who ran it. The step starting is when a deploy started (its output,
 * e.g. "successfully rolled out", is read by the other recognisers); one-shot commands take effect as they run.
 */
export const ciStepRecogniser: ChangeRecogniser = {
  id: "ci-step",
  documentation:
    "https://docs.github.com/en/actions/using-workflows/workflow-commands-for-github-actions (##[group] lines in raw logs), https://docs.gitlab.com/ee/ci/jobs/job_logs.html, https://www.jenkins.io/doc/pipeline/steps/workflow-durable-task-step/#sh-shell-script, https://buildkite.com/docs/pipelines/managing-log-output, sudoers(5) LOG FORMAT (https://www.sudo.ws/docs/man/sudoers.man/), apt history.log (https://manpages.debian.org/apt.conf)",
  hint: /^(?:\d\d[OE]\+? )?(?:##\[group\]Run |\+{1,2} |\$ |> |Running(?: command)?: |Executing|\[Pipeline\] sh|Commandline: )|COMMAND=/,
  samples: [
    "##[group]Run redis-cli -h cache-0.shop.svc -n 3 FLUSHDB",
    "+ kubectl --context prod -n search apply -f k8s/search-api.yaml",
    "+ helm upgrade --install checkout ./chart --set image.tag=9f3c2a1",
    "##[group]Run ./bin/wafctl publish --ruleset managed --channel global",
    "01O $ kubectl -n prod set image deployment/orders orders=registry.example.com/orders:1.8.0",
    "ops : TTY=pts/0 ; PWD=/home/ops ; USER=root ; COMMAND=/usr/bin/systemctl restart postgresql",
  ],
  recognise(e) {
    if (e.kind === "chat") return null;
    const sudo = SUDO.exec(e.message);
    if (sudo) {
      // what changed is what the command touches, never the program that logged it (syslog's tag is `sudo`)
      const m = commandChange(sudo[2] ?? "", "sudo", sudo[1] ?? null);
      return m ? { ...m, service: m.service ?? handTarget(sudo[2] ?? "") } : null;
    }
    const r = STEP.exec(e.message);
    const command = r?.[1]?.trim();
    if (!command) return null;
    return commandChange(command, /^Commandline: /.test(e.message) ? "apt" : "ci");
  },
};
