import type { ChangeRecogniser } from "./change-recogniser.js";

/** `[d-7QX2LM4KB]LifecycleEvent - ValidateService` as the agent writes it (the deployment id may have been cut off). */
const EVENT = /(?:\[(d-[A-Z0-9]+)\])?LifecycleEvent - (\w+)\s*$/;

/**
 * AWS CodeDeploy agent's deployment log (`codedeploy-agent-deployments.log`): each AppSpec hook of a deployment starts
 * with a `LifecycleEvent - HOOK` line. An in-place deployment starts by stopping the old revision (`ApplicationStop`,
 * else `BeforeInstall`), runs the new one from `ApplicationStart`, and is in service once `ValidateService` (or, with a
 * load balancer, `AfterAllowTraffic`) runs; the other hooks are steps inside it.
 * Documented: https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html
 * (hook order) and https://docs.aws.amazon.com/codedeploy/latest/userguide/deployments-view-logs.html (the log file).
 */
export const codedeployLifecycleRecogniser: ChangeRecogniser = {
  id: "codedeploy-lifecycle",
  documentation:
    "https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html, https://docs.aws.amazon.com/codedeploy/latest/userguide/deployments-view-logs.html",
  hint: /LifecycleEvent - /,
  samples: ["[d-AB12CD34E]LifecycleEvent - ApplicationStop", "LifecycleEvent - ValidateService"],
  recognise(e) {
    const r = EVENT.exec(e.message);
    if (!r) return null;
    const hook = r[2] ?? "";
    const id = r[1] ? ` ${r[1]}` : "";
    if (hook === "ApplicationStop" || hook === "ApplicationStart")
      return { type: "deploy", what: `CodeDeploy deployment${id}: ${hook}`, phase: "started", tool: "codedeploy" };
    if (hook === "ValidateService" || hook === "AfterAllowTraffic")
      return {
        type: "deploy",
        what: `CodeDeploy deployment${id}: new revision in service (${hook})`,
        phase: "effective",
        tool: "codedeploy",
      };
    return null;
  },
};
