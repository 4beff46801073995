import type { ChangeRecogniser } from "./change-recogniser.js";

const ROW =
  /^(deployed|superseded|failed|pending-install|pending-upgrade|pending-rollback|uninstalled|uninstalling)\s+([\w.-]+?)-(v?\d[\w.+-]*)\s+(\S+)(?:\s+(.*))?$/;

/**
 * A row of `helm history RELEASE` (table output: REVISION, UPDATED, STATUS, CHART, APP VERSION, DESCRIPTION) or of
 * `helm list` (NAME, NAMESPACE, REVISION, UPDATED, STATUS, CHART, APP VERSION: no description), read by the generic
 * reader with UPDATED as its time: each revision is a release change recorded when Helm finished it
 * ("Upgrade complete", "Install complete", "Rollback to N"; a failed one is a failed change).
 */
export const helmHistoryRecogniser: ChangeRecogniser = {
  id: "helm-history",
  documentation:
    "https://helm.sh/docs/helm/helm_history/ and https://helm.sh/docs/helm/helm_list/ (table columns), release statuses from https://helm.sh/docs/helm/helm_status/",
  hint: /^(?:deployed|superseded|failed|pending-|uninstall)/,
  samples: [
    "superseded\tcheckout-1.21.0\t2.14.0     \tUpgrade complete",
    'failed    \tcheckout-1.21.1\t2.14.1     \tUpgrade "checkout" failed: context deadline exceeded',
    "superseded\tcheckout-1.21.0\t2.14.0     \tRollback to 11",
    "deployed\tcheckout-1.21.0\t2.14.0",
  ],
  recognise(e) {
    const r = ROW.exec(e.message);
    if (!r) return null;
    const status = r[1] ?? "";
    const description = (r[5] ?? "").trim();
    const chart = r[2] ?? "";
    return {
      type: /rollback/i.test(description) ? "rollback" : "deploy",
      what: `helm ${chart} ${r[3]} (app ${r[4]})${description ? `: ${description}` : ""}`,
      phase: status === "failed" ? "failed" : status.startsWith("pending") ? "started" : "effective",
      tool: "helm",
      service: chart,
      version: r[4] ?? "",
    };
  },
};
