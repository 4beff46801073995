import type { ChangeMatch, ChangeRecogniser, ChangeType } from "./change-recogniser.js";

/**
 * Statements that a change is now in place, in the words deployment tools, package managers, migration tools and
 * platform logs use: `Release "x" has been upgraded` (helm), `x is live`, `ruleset y is ACTIVE on 194/194
 * locations`, `Successfully applied 3 migrations` (Flyway), `== 2025… AddIndex: migrated` (Rails), `Applying
 * orders.0042… OK` (Django), `All upgrades installed` (unattended-upgrades), `status installed pkg ver` (dpkg),
 * `Release v142 created by user x` (Heroku), `cache purged`, `failover completed`. A vocabulary, not one regular
 * expression per tool: a change noun or verb in its completed form, not negated, not a failure, not a future.
 */

/** Helm's own completion lines (pkg/action): upgrade, install, rollback. */
const HELM = /^Release "([^"]+)" has been upgraded|^Rollback was a success|^NAME: ([\w.-]+)\s*$/;
/** Heroku platform lines from the `api` process (devcenter "Logging": "Release v42 created by user …"). */
const HEROKU =
  /^(?:app\[api\]: )?(Release v\d+ created|Deploy [0-9a-f]{6,40}|Rollback to v\d+|Set [\w, ]+ config vars?|Scaled? to [\w:@=, ]+|Promote \S+) by (?:user )?(\S+)/;
/** dpkg.log (dpkg(1) "--log"): `status installed pkg:arch version`; unattended-upgrades' summary lines. */
const PACKAGES =
  /^(?:status installed ([\w.+:-]+) (\S+)|All upgrades installed|Packages that will be upgraded: (.+)|End-Date: .*)$/;
/** Database migration tools' success lines. */
const MIGRATION =
  /^(?:Successfully applied \d+ migrations?.*|== \d+ (\w+): migrated\b.*|\s*Applying ([\w.]+)\.{3} OK|Liquibase(?: command '\w+' was executed successfully| Update Successful).*|Update has been successful.*|Migrat(?:ed|ion(?:s)? (?:complete|completed|finished|applied))\b.*)$/i;

/** A thing (version, release, ruleset, config) in effect: "… is live", "… is ACTIVE on 194/194", "now serving v2". */
const IN_EFFECT =
  /\b(?:is|are) (?:now )?(?:live|active|in effect|in service|serving(?: traffic)?|deployed|released|rolled out|enabled|disabled|applied)\b|\bnow (?:live|active|serving|running (?:version|release|v\d))\b|\bswitched (?:traffic )?(?:over )?to\b|\b(?:failover|switchover|cutover|promotion|rollout|roll-out|deploy(?:ment)?|release|migration|upgrade) (?:has )?(?:completed?|succeeded|successful|finished|done)\b|\bpromoted to (?:primary|master|leader)\b/i;
/** A completed change verb with something it acted on: "deployed billing 7.2.0 to production", "cache purged". */
const DONE =
  /^(?:\W*\s*)?(?:(?:successfully|finished|completed?)\s+)?(deployed|released|published|promoted|rolled (?:out|back)|reverted|activated|applied|upgraded|migrated|synced|purged|invalidated|flushed|reloaded|restarted|switched|failed over|scaled (?:up|down|out|in|to))\b\s+(?!to be\b)(\S.*)|\b(?:cache|CDN|config(?:uration)?|ruleset|rules?|flag|feature|release|version|schema|certificate|route|routes|dns record|policy)\b[^.]{0,60}\b(?:successfully )?(?:purged|invalidated|flushed|cleared|deployed|published|activated|applied|updated|reloaded|rolled out|switched|rotated|replaced|changed)\b/i;
/** Words that make a line about a change that did not (yet) happen. */
const NOT_DONE =
  /\b(?:not|never|no|failed|failure|fail|error|errors|unable|cannot|can't|couldn't|won't|skip(?:ped|ping)?|waiting|wait for|will|would|should|to be|pending|dry[- ]run|planned|plan:|if|whether|retry|retrying|rejected|denied|aborted|timed out|timeout)\b|\?\s*$/i;
/** Request lines of access logs: their paths may hold any word. */
const REQUEST = /\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \/|\bHTTP\/\d/;

function typeOf(text: string): ChangeType {
  if (/roll(?:ed)? ?back|revert/i.test(text)) return "rollback";
  if (/cache|CDN|purg|invalidat|flush/i.test(text)) return "cache";
  if (/restart|reload(?!ed config)/i.test(text) && !/config/i.test(text)) return "restart";
  if (/scal(?:e|ed) (?:up|down|out|in|to)|Scaled? to/i.test(text)) return "scale";
  if (/migrat|schema|config|setting|ruleset|rules?\b|policy|route|dns|certificate/i.test(text)) return "config";
  if (/\bflag|feature\b|enabled|disabled/i.test(text)) return "flag";
  if (/failover|failed over|switchover|cutover|promoted to|switched/i.test(text)) return "infra";
  if (/upgrad|install|package/i.test(text)) return "release";
  return "deploy";
}

/** `Release "payments"`, `deployment "x"`, `deployed billing 7.2.0`, `service=x`. */
function subjectOf(text: string): string | null {
  const r =
    /\b(?:release|deployment|service|app|application|statefulset|daemonset)[ =:]+"?([a-z][\w.-]*)"?/i.exec(text) ??
    /^(?:successfully )?(?:deployed|released|published|promoted|rolled out|restarted|reloaded|activated) ([a-z][\w.-]*[a-z0-9])\b/i.exec(
      text,
    ) ??
    /^([a-z][\w-]*[a-z0-9])(?:[ @:]v?\d[\w.-]*)? (?:is|are) (?:now )?(?:live|active|serving|deployed|released)/i.exec(
      text,
    );
  const s = r?.[1] ?? null;
  return s && !/^(?:the|a|an|to|version|release|new|all|ruleset)$/i.test(s) ? s : null;
}

const VERSION = /(?:^|[\s@:=v])(v?\d+\.\d+(?:\.\d+)?(?:[-+][\w.]+)?|[0-9a-f]{7,40})\b/;

function match(type: ChangeType, text: string, tool: string, extra: Partial<ChangeMatch> = {}): ChangeMatch {
  const version = VERSION.exec(text)?.[1];
  return {
    type,
    what: text.slice(0, 200),
    phase: "effective",
    tool,
    service: subjectOf(text),
    ...(version ? { version } : {}),
    ...extra,
  };
}

/** Completed-change statements in any log (see the file comment). */
export const changeOutcomeRecogniser: ChangeRecogniser = {
  id: "change-outcome",
  documentation:
    "helm upgrade/rollback output (https://helm.sh/docs/helm/helm_upgrade/), Heroku release log lines (https://devcenter.heroku.com/articles/logging#log-format), dpkg --log (https://manpages.debian.org/dpkg), unattended-upgrades log, Flyway migrate output (https://documentation.red-gate.com/fd/migrate-184127460.html), Rails migration output (https://guides.rubyonrails.org/active_record_migrations.html), Django migrate output (https://docs.djangoproject.com/en/stable/ref/django-admin/#migrate), Liquibase update output",
  hint: /has been upgraded|Rollback was a success|^NAME: |created by|Deploy [0-9a-f]| by user |installed|upgraded|End-Date|migrat|Applying|Liquibase|Update has been|\b(?:is|are|now) (?:now )?(?:live|active|in effect|in service|serving|deployed|released|rolled out|enabled|disabled|applied|running)|switch|complete|succeeded|successful|finished|done\b|promoted|deployed|released|published|rolled|reverted|activated|applied|synced|purged|invalidated|flushed|reloaded|restarted|failed over|scaled|cleared|rotated|replaced|changed/i,
  samples: [
    'Release "payments" has been upgraded. Happy Helming!',
    "wafctl: ruleset managed@4c1e0f7 is ACTIVE on 194/194 locations (global)",
    "billing 7.2.0 is live on 6/6 hosts",
    "Deployed shop-api v3.1.0 to production",
    "Release v142 created by user ana@example.com",
    "status installed systemd:amd64 249.11-0ubuntu3.16",
    "All upgrades installed",
    'Successfully applied 2 migrations to schema "public", now at version v12 (execution time 00:00.041s)',
    "== 20250304100000 AddIndexToOrders: migrated (0.0123s) =======================",
    "CDN cache purged for /assets/*",
  ],
  recognise(e) {
    if (e.kind === "chat") return null; // chat-announcement reads people's sentences
    if (e.severity === "error" || e.severity === "critical" || e.severity === "fatal") return null;
    const m = e.message.replace(/^\d\d[OE]\+? /, "").trim();
    if (m.length === 0 || m.length > 400 || REQUEST.test(m)) return null;
    const helm = HELM.exec(m);
    if (helm) {
      if (helm[2]) return null; // `NAME:` alone says nothing; the `STATUS: deployed` line follows
      return match(helm[1] ? "deploy" : "rollback", m, "helm", { service: helm[1] ?? null });
    }
    const heroku = HEROKU.exec(m);
    if (heroku) {
      const what = heroku[1] ?? m;
      return match(
        /^Rollback/.test(what) ? "rollback" : /^Scale/.test(what) ? "scale" : /^Set/.test(what) ? "config" : "deploy",
        m,
        "heroku",
        {
          by: heroku[2] ?? null,
          service: null,
        },
      );
    }
    const pkg = PACKAGES.exec(m);
    if (pkg) {
      if (pkg[3]) return { ...match("release", m, "apt"), phase: "started", service: null };
      return {
        ...match("release", m, pkg[1] ? "dpkg" : "apt"),
        service: null,
        ...(pkg[1] ? { version: pkg[2] ?? "" } : {}),
      };
    }
    if (MIGRATION.test(m)) return { ...match("config", m, "migration"), service: null };
    if (NOT_DONE.test(m)) return null;
    if (IN_EFFECT.test(m) || DONE.test(m)) return match(typeOf(m), m, "log");
    return null;
  },
};
