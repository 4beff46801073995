import type { ChangeRecogniser } from "./change-recogniser.js";

/**
 * A version the line names: after `v`, `version`, `release` or `@`, or a bare three-part version. A bare `5.3` is
 * more often a duration ("in 5.3 seconds") or part of a time than a version.
 */
const VERSION =
  /(?:\bv|\b(?:version|release|build)[ =:]+v?|@)(\d+\.\d+(?:\.\d+)?(?:[-+][\w.]+)?)\b|(?<![\d.:])(\d+\.\d+\.\d+(?:[-+][\w.]+)?)(?![\d.:])/i;
const STARTING =
  /^(?:starting|started|booting|launching)\b|\brunning (?:version|release|build)\b|\b(?:starting|started) (?:version|release|build)\b|\bversion\b.*\b(?:starting|started)\b/i;
const RELOADED =
  /\b(?:config(?:uration)?|settings) (?:re)?loaded\b|\breloaded (?:config(?:uration)?|settings)\b|\bconfiguration change\b/i;
const FLAG =
  /\bflag(?:Key)?\b.*\b(?:updated|changed|toggled|enabled|disabled|turned on|turned off)\b|\bconfiguration change \(\w+\) for flag(?:Key)? (\S+)/i;

const AGENT_RUN = /\b(?:Chef (?:Infra )?Client|puppet agent|salt-minion|ansible-playbook)\b/i;

function attr(e: { attributes: Record<string, unknown> }, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = e.attributes[k];
    if (typeof v === "string" && v.length > 0) return v;
  }
  return undefined;
}

/**
 * Release and reload markers written by applications themselves: "starting quote-api version=3.5.0" (a new version
 * running is when a deploy took effect on that instance), "config reloaded", and flag daemons' "configuration change
 * (update) for flagKey X" (flagd/OpenFeature) — the moment a configuration or flag change took effect.
 */
export const appReleaseRecogniser: ChangeRecogniser = {
  id: "app-release",
  documentation:
    "flagd: https://flagd.dev/reference/monitoring/ (runtime log messages); release markers follow https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/annotate-visualizations/ conventions; app start lines as logged by slog/zap/logback",
  hint: /start|boot|launch|running|reload|config|flag/i,
  samples: [
    { message: "starting quote-api", attributes: { version: "3.5.0" } },
    "starting orders-api v2.3.1",
    "config reloaded",
    "configuration change (update) for flagKey checkout-v2 (/etc/flagd/flags.json)",
  ],
  recognise(e) {
    const m = e.message;
    if (m.length > 300) return null;
    const flag = FLAG.exec(m);
    if (flag) return { type: "flag", what: flag[1] ? `flag ${flag[1]} updated` : m, phase: "effective", tool: "flagd" };
    if (RELOADED.test(m)) {
      const changed = attr(e, "changed", "file", "path");
      return { type: "config", what: changed ? `${m} (${changed})` : m, phase: "effective", tool: "app" };
    }
    // "Started Chef Infra Client, version 18.3.0": a configuration agent starting its run, not a release
    if (STARTING.test(m) && !AGENT_RUN.test(m)) {
      const v = VERSION.exec(m);
      const version = attr(e, "version", "app_version", "release", "build") ?? v?.[1] ?? v?.[2];
      if (version === undefined) return null;
      return { type: "release", what: `${m} (version ${version})`, phase: "effective", tool: "app", version };
    }
    return null;
  },
};
