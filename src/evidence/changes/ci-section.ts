import type { ChangeRecogniser, ChangeType } from "./change-recogniser.js";

/**
 * Named step markers of CI systems: Azure Pipelines `##[section]Starting: NAME` / `##[section]Finishing: NAME`,
 * TeamCity service messages `##teamcity[blockOpened name='NAME']` / `##teamcity[blockClosed name='NAME']`, Jenkins
 * Pipeline stage starts `[Pipeline] { (NAME)` and Buildkite group headers `--- NAME` / `+++ NAME` / `~~~ NAME`.
 */
const MARKER =
  /^##\[section\](Starting|Finishing): (.+)$|^##teamcity\[(blockOpened|blockClosed) name='([^']+)'|^\[Pipeline\] \{ \((.+)\)$|^(?:---|\+\+\+|~~~) (?![ab]\/|\/dev\/null|(?:PASS|FAIL|SKIP|RUN):)(?::[\w-]+: )*(.+)$/;
/** A step whose name says it changes a running system (a deploy, a release, a migration), not a build or a test. */
const CHANGING_STEP =
  /(?:^|[\s_:/-])(?:deploy\w*|release|rollout|roll-out|promot\w*|publish\w*|migrat\w*|revok\w*|rotat\w*|apply|provision\w*|upgrade|rollback|roll-back|switch(?:over)?|cutover|failover)(?=$|[\s_:/.-])/i;
/** Migration tools announcing what they apply: EF Core `Applying migration 'X'.`, Flyway `Migrating schema "s" to version "2 - x"`. */
const MIGRATION =
  /^Applying migration '([^']+)'\.?$|^Migrating schema [`"]?([\w.]+)[`"]? to version [`"]?([^`"]+)[`"]?/;

/** Buildkite's group header (`--- :rocket: Deploy web`, `+++ …`, `~~~ …`): the group's name, emoji removed. */
const BUILDKITE_GROUP = /^(?:---|\+\+\+|~~~) (?![ab]\/|\/dev\/null|(?:PASS|FAIL|SKIP|RUN):)(?::[\w-]+: )*(.+)$/;

/** True when a step's name says it changes a running system rather than building or testing. */
function isChangingStep(name: string): boolean {
  return CHANGING_STEP.test(name) && !/\b(?:build|test|lint|plan|dry[- ]?run|preview)\b/i.test(name);
}

/**
 * The name of the Buildkite group a log line opens when that group changes something (a deploy, a migration), else
 * null. Buildkite marks no group's end: its reader closes the group at the next header or the log's end and emits the
 * header again there with `attributes.section = "end"`, which this recogniser reads as the step in effect.
 */
export function buildkiteChangingGroup(line: string): string | null {
  const name = BUILDKITE_GROUP.exec(line.trim())?.[1]?.trim();
  return name && isChangingStep(name) ? name : null;
}

/** True for any Buildkite group header, changing or not (it ends the group before it). */
export function isBuildkiteGroupHeader(line: string): boolean {
  return BUILDKITE_GROUP.test(line.trim());
}

function stepType(name: string): ChangeType {
  if (/migrat|revok|rotat/i.test(name)) return "config";
  if (/rollback|roll-back/i.test(name)) return "rollback";
  if (/provision|apply|switch|cutover|failover/i.test(name)) return "infra";
  return "deploy";
}

/**
 * A CI step that changes something, from the CI system's own step markers: the step starting is when the change
 * started; where the system marks the step's end by name (Azure Pipelines `Finishing:`, TeamCity `blockClosed`), the
 * end is when it was in effect (its last command had finished). Migration tools' own "applying" lines are the start
 * of a schema change. Step names are what the pipeline's author called them (`Deploy_prod`, `Release to production`).
 */
export const ciSectionRecogniser: ChangeRecogniser = {
  id: "ci-section",
  documentation:
    "Azure Pipelines logging commands (##[section]): https://learn.microsoft.com/azure/devops/pipelines/scripts/logging-commands; TeamCity service messages (blockOpened/blockClosed): https://www.jetbrains.com/help/teamcity/service-messages.html; Jenkins Pipeline stage markers: https://www.jenkins.io/doc/book/pipeline/syntax/#stage; Buildkite log groups: https://buildkite.com/docs/pipelines/configure/managing-log-output; EF Core migrations: https://learn.microsoft.com/ef/core/cli/dotnet#dotnet-ef-database-update; Flyway: https://documentation.red-gate.com/fd/migrate-184127460.html",
  hint: /^##\[section\]|^##teamcity\[block|^\[Pipeline\] \{ \(|^(?:---|\+\+\+|~~~) \S|^Applying migration '|^Migrating schema /,
  samples: [
    "##[section]Starting: Deploy to production",
    "##[section]Finishing: Deploy to production",
    "##teamcity[blockClosed name='Release payments']",
    "[Pipeline] { (Deploy prod)",
    "--- :rocket: Deploy web",
    { message: "~~~ :key: Revoke old signing key and deploy", attributes: { section: "end" } },
    "Applying migration '20250304100000_AddOrderIndex'.",
  ],
  recognise(e) {
    const m = e.message.trim();
    const mig = MIGRATION.exec(m);
    if (mig) {
      const what = mig[1] ? `migration ${mig[1]}` : `schema ${mig[2]} to version ${mig[3]}`;
      return { type: "config", what: `applying ${what}`, phase: "started", tool: "migration" };
    }
    const r = MARKER.exec(m);
    if (!r) return null;
    const name = (r[2] ?? r[4] ?? r[5] ?? r[6] ?? "").trim();
    if (!name || !isChangingStep(name)) return null;
    const end =
      r[1] === "Finishing" || r[3] === "blockClosed" || (r[6] !== undefined && e.attributes.section === "end");
    return {
      type: stepType(name),
      what: `CI step ${end ? "finished" : "started"}: ${name}`,
      phase: end ? "effective" : "started",
      tool: r[1] ? "azure-pipelines" : r[3] ? "teamcity" : r[5] ? "jenkins" : "buildkite",
    };
  },
};
