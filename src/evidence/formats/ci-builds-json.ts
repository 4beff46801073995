import type { ChangePhase } from "../changes/change-recogniser.js";
import { changeEvent } from "../changes/change-record.js";
import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import {
  docHead,
  field,
  isRecord,
  itemExcerpt,
  type JsonRecord,
  parseDocument,
  parseIsoTime,
  str,
} from "./document-helpers.js";

/**
 * Names of builds, jobs and pipelines that change something outside CI: a deploy, release, rollout, promotion, an
 * apply or migration, or a build aimed at an environment (`… -> prod`, `to production`). A test or lint build is not
 * a change and is counted as `not-a-change`.
 */
const CHANGING =
  /deploy|release|roll-?out|promot|publish|ship|provision|\bapply\b|terraform|migrat|upgrade|revert|rollback|\bprod(?:uction)?\b|\bstaging\b|->|→/i;

/** One CI run that changed something, read from its API record. */
interface Run {
  line: number;
  /** When it finished (NaN while running). */
  end: number;
  start: number;
  phase: ChangePhase;
  what: string;
  service: string | null;
  by: string | null;
  tool: string;
  id: string | null;
  version: string | null;
}

/** A version named in a build's title (`inventory-svc 4.17.1 -> prod`, `Bump payments-api to 4.18.2`). */
function versionIn(text: string): string | null {
  return /\bv?(\d+\.\d+(?:\.\d+)?(?:[-+][\w.]+)?)\b/.exec(text)?.[1] ?? null;
}

/** The job a Jenkins URL names (`…/job/folder/job/deploy-prod/412/`), the last `job/` segment. */
function jenkinsJob(url: string | null): string | null {
  if (!url) return null;
  const parts = [...url.matchAll(/\/job\/([^/]+)/g)].map((m) => decodeURIComponent(m[1] ?? ""));
  return parts.at(-1) ?? null;
}

const JENKINS_FAILED = /^(?:FAILURE|ABORTED|NOT_BUILT)$/;

/**
 * A Jenkins build from the remote access API (`…/job/NAME/api/json?tree=builds[…]`, `…/lastBuild/api/json`): the
 * build started at `timestamp` (epoch ms) and ran `duration` ms, so it finished at their sum; `result` is null while
 * `building`. The build's last step is its deploy, so a successful build's change was in place when it finished.
 * Documented: https://www.jenkins.io/doc/book/using/remote-access-api/ (fields of `hudson.model.Run`).
 */
function jenkinsBuild(b: JsonRecord, job: string | null, line: number): Run | undefined {
  if (typeof b.timestamp !== "number" || (b.number === undefined && b.id === undefined)) return undefined;
  const start = b.timestamp;
  const duration = typeof b.duration === "number" ? b.duration : Number.NaN;
  const result = str(b.result);
  const building = b.building === true || result === null;
  const name = job ?? jenkinsJob(str(b.url));
  const title = str(b.fullDisplayName) ?? `${name ?? "build"} ${str(b.displayName) ?? `#${String(b.number)}`}`;
  if (!CHANGING.test(`${title} ${name ?? ""} ${str(b.description) ?? ""}`)) return undefined;
  const causes = Array.isArray(b.actions)
    ? b.actions.filter(isRecord).flatMap((a) => (Array.isArray(a.causes) ? a.causes : []))
    : [];
  const by = causes.map((c) => field(c, "userName") ?? field(c, "userId")).find((x) => x !== null) ?? null;
  const phase: ChangePhase = building ? "started" : JENKINS_FAILED.test(result ?? "") ? "failed" : "effective";
  return {
    line,
    start,
    end: building || !Number.isFinite(duration) ? Number.NaN : start + duration,
    phase,
    what: `Jenkins ${title}${result ? ` ${result}` : " building"}`,
    service: name,
    by,
    tool: "jenkins",
    id: `${name ?? "jenkins"}#${String(b.number ?? b.id)}`,
    version: versionIn(title),
  };
}

const BK_FAILED = /^(?:failed|canceled|cancelled|timed_out|broken|expired)$/;
const BK_DONE = /^(?:passed|failed|canceled|cancelled|timed_out|broken|expired)$/;

/**
 * A Buildkite build from the REST API (`GET /v2/organizations/{org}/pipelines/{pipeline}/builds[/{n}]`): the change
 * is the job whose name says it deploys (its `finished_at` is when the change was in place, its `started_at` when it
 * began), else the whole build when its message or pipeline says so. `creator.name` is who started it.
 * Documented: https://buildkite.com/docs/apis/rest-api/builds (build and job data model).
 */
function buildkiteBuild(
  b: JsonRecord,
  ctx: FormatContext,
  line: number,
  lineOf: (v: unknown) => number,
): Run[] | undefined {
  if (b.number === undefined || typeof b.state !== "string" || !("created_at" in b || "started_at" in b))
    return undefined;
  const message = (str(b.message) ?? "").split("\n")[0] ?? "";
  const pipeline = field(b, "pipeline", "slug") ?? field(b, "pipeline", "name");
  const by = field(b, "creator", "name") ?? field(b, "creator", "email") ?? field(b, "author", "name");
  const jobs = (Array.isArray(b.jobs) ? b.jobs : [])
    .filter(isRecord)
    .filter((j) => CHANGING.test(str(j.name) ?? str(j.label) ?? ""));
  const run = (rec: JsonRecord, label: string, at: number): Run => {
    const state = str(rec.state) ?? "";
    const end = BK_DONE.test(state) ? parseIsoTime(rec.finished_at, ctx) : Number.NaN;
    return {
      line: at,
      start: parseIsoTime(rec.started_at, ctx),
      end,
      phase: BK_FAILED.test(state) ? "failed" : Number.isFinite(end) ? "effective" : "started",
      what: `Buildkite build #${String(b.number)}${label}${message ? `: ${message}` : ""} ${state}`,
      service: pipeline,
      by,
      tool: "buildkite",
      id: `${pipeline ?? "buildkite"}#${String(b.number)}`,
      version: versionIn(message),
    };
  };
  if (jobs.length > 0) return jobs.map((j) => run(j, ` ${str(j.name) ?? str(j.label) ?? "job"}`, lineOf(j)));
  if (!CHANGING.test(`${message} ${pipeline ?? ""}`)) return undefined;
  return [run(b, "", line)];
}

/**
 * A GitHub Actions workflow run (`GET /repos/{o}/{r}/actions/runs` → `workflow_runs[]`) or job (`…/runs/{id}/jobs` →
 * `jobs[]`): a completed run ends at `updated_at` (a job at `completed_at`); `conclusion` failure/cancelled/timed_out
 * is a failed change. Documented: https://docs.github.com/en/rest/actions/workflow-runs and
 * https://docs.github.com/en/rest/actions/workflow-jobs.
 */
function githubRun(r: JsonRecord, ctx: FormatContext, line: number): Run | undefined {
  const isRun = r.run_started_at !== undefined || (r.workflow_id !== undefined && r.head_sha !== undefined);
  const isJob = r.run_id !== undefined && r.started_at !== undefined;
  if (!isRun && !isJob) return undefined;
  const name = str(r.name) ?? "workflow";
  const title = str(r.display_title) ?? "";
  if (!CHANGING.test(`${name} ${title} ${str(r.workflow_name) ?? ""}`)) return undefined;
  const status = str(r.status) ?? "";
  const conclusion = str(r.conclusion) ?? "";
  const done = status === "completed";
  const end = done ? parseIsoTime(isJob ? r.completed_at : r.updated_at, ctx) : Number.NaN;
  return {
    line,
    start: parseIsoTime(isJob ? r.started_at : (r.run_started_at ?? r.created_at), ctx),
    end,
    phase: /^(?:failure|cancelled|timed_out|startup_failure)$/.test(conclusion)
      ? "failed"
      : done && Number.isFinite(end)
        ? "effective"
        : "started",
    what: `GitHub Actions ${name}${title ? `: ${title}` : ""} ${conclusion || status}`,
    service: field(r, "repository", "name"),
    by: field(r, "triggering_actor", "login") ?? field(r, "actor", "login"),
    tool: "github-actions",
    id: str(r.id) ?? (typeof r.id === "number" ? String(r.id) : null),
    version: versionIn(title),
  };
}

/**
 * A GitLab CI job (`GET /projects/:id/jobs`, `…/pipelines/:id/jobs`): a deploy-named job or one in a deploy stage
 * finished at `finished_at`; `status` failed/canceled is a failed change. Documented: https://docs.gitlab.com/ee/api/jobs.html.
 */
function gitlabJob(j: JsonRecord, ctx: FormatContext, line: number): Run | undefined {
  if (j.stage === undefined || j.status === undefined || !("finished_at" in j) || !("pipeline" in j)) return undefined;
  const name = str(j.name) ?? "job";
  if (!CHANGING.test(`${name} ${str(j.stage) ?? ""}`)) return undefined;
  const status = str(j.status) ?? "";
  const end = status === "success" ? parseIsoTime(j.finished_at, ctx) : Number.NaN;
  const failed = /^(?:failed|canceled)$/.test(status);
  return {
    line,
    start: parseIsoTime(j.started_at, ctx),
    end: failed ? parseIsoTime(j.finished_at, ctx) : end,
    phase: failed ? "failed" : Number.isFinite(end) ? "effective" : "started",
    what: `GitLab CI job ${name} (stage ${str(j.stage)}) ${status}`,
    service: field(j, "project", "name"),
    by: field(j, "user", "username"),
    tool: "gitlab-ci",
    id: typeof j.id === "number" ? String(j.id) : str(j.id),
    version: versionIn(str(j.ref) ?? ""),
  };
}

function emitRun(ctx: FormatContext, r: Run): void {
  const at = Number.isFinite(r.end) ? r.end : r.start;
  if (!Number.isFinite(at)) {
    ctx.skip(r.line, "invalid-timestamp", r.what.slice(0, 120));
    return;
  }
  ctx.emit(
    changeEvent({
      path: ctx.path,
      line: r.line,
      at,
      type: /revert|rollback/i.test(r.what) ? "rollback" : "deploy",
      what: r.what,
      where: r.service ? [r.service] : [],
      by: r.by,
      tool: r.tool,
      phase: r.phase,
      ...(Number.isFinite(r.end) && Number.isFinite(r.start) ? { startedAt: r.start } : {}),
      service: r.service,
      id: r.id,
      version: r.version,
    }),
  );
}

/**
 * CI systems' build and job records as their APIs return them: Jenkins builds (`api/json`, start `timestamp` +
 * `duration`), Buildkite builds with their jobs, GitHub Actions workflow runs and jobs, GitLab CI jobs. A run that
 * deploys or releases (by its job, stage, pipeline or title) is a change in effect when it finished successfully, a
 * failed change when it failed, a started one while it runs; other runs (tests, lint) are `not-a-change`.
 */
export const ciBuildsJson: DocumentFormat = {
  id: "ci-builds-json",
  description:
    "CI build/run API records: Jenkins api/json builds, Buildkite builds, GitHub Actions runs/jobs, GitLab jobs",
  kind: "change",
  shape: "document",
  samples: [
    '{"_class": "hudson.model.FreeStyleProject", "builds": [{"_class": "hudson.model.FreeStyleBuild", "building": false, "duration": 342117, "fullDisplayName": "deploy-prod #408", "number": 408, "result": "SUCCESS", "timestamp": 1773068531204, "url": "https://ci.example.org/job/deploy-prod/408/", "actions": [{"_class": "hudson.model.CauseAction", "causes": [{"shortDescription": "Started by user Ana", "userId": "ana", "userName": "Ana"}]}]}]}',
    '[{"number": 5127, "state": "passed", "message": "Bump payments-api to 4.18.2", "creator": {"name": "Priya"}, "pipeline": {"slug": "payments-api"}, "created_at": "2026-05-14T09:12:44.512Z", "started_at": "2026-05-14T09:12:51.012Z", "finished_at": "2026-05-14T09:22:53.012Z", "jobs": [{"type": "script", "name": ":rocket: Deploy production", "state": "passed", "started_at": "2026-05-14T09:19:43.312Z", "finished_at": "2026-05-14T09:22:51.712Z"}]}]',
    '{"total_count": 1, "workflow_runs": [{"id": 30433642, "name": "Deploy", "display_title": "Release 2.4.1", "status": "completed", "conclusion": "success", "workflow_id": 159038, "head_sha": "acb5820ced9479c074f688cc328bf03f341a511d", "created_at": "2025-03-04T10:00:00Z", "run_started_at": "2025-03-04T10:00:05Z", "updated_at": "2025-03-04T10:04:41Z", "actor": {"login": "octocat"}, "repository": {"name": "checkout"}}]}',
    '[{"id": 7, "name": "deploy-prod", "stage": "deploy", "status": "success", "ref": "v2.4.1", "started_at": "2025-03-04T10:00:05.000Z", "finished_at": "2025-03-04T10:03:40.000Z", "user": {"username": "jroe"}, "pipeline": {"id": 6, "status": "success"}}]',
  ],
  sampleName: "builds.json",
  detect(sample) {
    const head = docHead(sample.text);
    if (head !== "{" && head !== "[") return 0;
    const t = sample.text;
    if (
      /"timestamp"\s*:\s*\d{12,13}\b/.test(t) &&
      /"duration"\s*:/.test(t) &&
      /"(?:building|result)"\s*:/.test(t) &&
      /"number"\s*:/.test(t)
    )
      return 0.96;
    if (
      /"number"\s*:/.test(t) &&
      /"state"\s*:\s*"(?:passed|failed|running|canceled|scheduled|blocked)"/.test(t) &&
      /"(?:jobs|creator|pipeline)"\s*:/.test(t)
    )
      return 0.96;
    if (/"workflow_runs"\s*:|"run_started_at"\s*:/.test(t) || (/"run_id"\s*:/.test(t) && /"completed_at"\s*:/.test(t)))
      return 0.96;
    if (/"stage"\s*:/.test(t) && /"finished_at"\s*:/.test(t) && /"pipeline"\s*:/.test(t) && /"status"\s*:/.test(t))
      return 0.9;
    return 0;
  },
  parse(text, ctx) {
    const doc = parseDocument(text, ctx);
    const root = doc.value;
    const job = isRecord(root) ? (str(root.name) ?? str(root.fullName) ?? jenkinsJob(str(root.url))) : null;
    const list = Array.isArray(root)
      ? root
      : isRecord(root)
        ? ((root.builds ??
            root.workflow_runs ??
            root.jobs ??
            (root.lastBuild !== undefined ? [root.lastBuild] : [root])) as unknown)
        : undefined;
    if (!Array.isArray(list)) {
      if (root !== undefined && !doc.problem) ctx.skip(1, "unexpected-shape", "expected a list of builds or runs");
      return;
    }
    for (const it of list) {
      if (!isRecord(it)) {
        ctx.skip(doc.lineOf(it), "unexpected-shape", itemExcerpt(it));
        continue;
      }
      const line = doc.lineOf(it);
      const runs = ((): Run[] | undefined => {
        const jk = jenkinsBuild(it, job, line);
        if (jk) return [jk];
        const bk = buildkiteBuild(it, ctx, line, doc.lineOf);
        if (bk) return bk;
        const gh = githubRun(it, ctx, line);
        if (gh) return [gh];
        const gl = gitlabJob(it, ctx, line);
        return gl ? [gl] : undefined;
      })();
      if (!runs) ctx.skip(line, "not-a-change", itemExcerpt(it));
      else for (const r of runs) emitRun(ctx, r);
    }
  },
};
