import type { Rng } from "./prng.js";
import { at, isoSeconds, PEOPLE, T } from "./scenario.js";

const API = "https://api.github.com";
const ORG = "acme-shop";

interface Commit {
  sha: string;
  date: string;
  author: string;
  subject: string;
  tag?: string;
}

/** The orders-api repository's recent history, newest first; release commits carry their tag. */
export function ordersApiCommits(rng: Rng): Commit[] {
  const c = (date: string, author: string, subject: string, tag?: string): Commit => ({
    sha: rng.hex(40),
    date,
    author,
    subject,
    ...(tag ? { tag } : {}),
  });
  return [
    c("2025-02-09T11:19:48+01:00", PEOPLE.dev.real, "Release v2.3.1", "v2.3.1"),
    c("2025-02-09T11:19:02+01:00", PEOPLE.dev.real, "Cache open-orders lookup in Redis (#418)"),
    c("2025-02-08T09:12:37+00:00", "dependabot[bot]", "Bump fastify from 4.26.0 to 4.26.1 (#416)"),
    c("2025-02-07T16:48:22+00:00", PEOPLE.oncall.real, "Release v2.3.0", "v2.3.0"),
    c("2025-02-07T15:30:10+01:00", PEOPLE.dev.real, "Add open-orders lookup by customer and status (#412)"),
    c("2025-02-07T11:02:44+00:00", PEOPLE.dev.real, "Migrate order status to enum (migration 0042) (#409)"),
    c("2025-02-06T13:58:31+00:00", PEOPLE.oncall.real, "Release v2.2.4", "v2.2.4"),
    c("2025-02-06T10:12:09+00:00", "Amira Haddad", "Fix VAT rounding on partial refunds (#405)"),
    c("2025-02-05T09:44:51+01:00", "dependabot[bot]", "Bump pg from 8.11.3 to 8.13.1 (#403)"),
    c("2025-02-04T17:20:15-05:00", "Sam Okafor", "Add cache headers to shipping quotes (#401)"),
    c("2025-02-04T14:03:58+00:00", PEOPLE.oncall.real, "Release v2.2.3", "v2.2.3"),
  ];
}

/** `git log --date=iso-strict --format='%H%x09%cd%x09%an%x09%s'` of orders-api. */
export function gitLog(commits: Commit[]): string {
  return commits.map((c) => `${c.sha}\t${c.date}\t${c.author}\t${c.subject}\n`).join("");
}

const BOT = {
  login: "github-actions[bot]",
  id: 41898282,
  node_id: "MDM6Qm90NDE4OTgyODI=",
  avatar_url: "https://avatars.githubusercontent.com/in/15368?v=4",
  gravatar_id: "",
  url: `${API}/users/github-actions%5Bbot%5D`,
  html_url: "https://github.com/apps/github-actions",
  followers_url: `${API}/users/github-actions%5Bbot%5D/followers`,
  following_url: `${API}/users/github-actions%5Bbot%5D/following{/other_user}`,
  gists_url: `${API}/users/github-actions%5Bbot%5D/gists{/gist_id}`,
  starred_url: `${API}/users/github-actions%5Bbot%5D/starred{/owner}{/repo}`,
  subscriptions_url: `${API}/users/github-actions%5Bbot%5D/subscriptions`,
  organizations_url: `${API}/users/github-actions%5Bbot%5D/orgs`,
  repos_url: `${API}/users/github-actions%5Bbot%5D/repos`,
  events_url: `${API}/users/github-actions%5Bbot%5D/events{/privacy}`,
  received_events_url: `${API}/users/github-actions%5Bbot%5D/received_events`,
  type: "Bot",
  user_view_type: "public",
  site_admin: false,
};

interface DeploySpec {
  repo: string;
  ref: string;
  sha: string;
  environment: string;
  description: string;
  created: number;
  statuses: { state: string; at: number; description: string }[];
}

function base64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

/**
 * Deployments as the GitHub REST API lists them (`GET /repos/{owner}/{repo}/deployments`, newest first), merged
 * across the shop's repositories, each with its `GET .../statuses` list (newest first) embedded as `statuses`.
 */
export function deploymentsDocument(rng: Rng, commits: Commit[]): unknown[] {
  const shaOf = (tag: string) => commits.find((c) => c.tag === tag)?.sha ?? rng.hex(40);
  const specs: DeploySpec[] = [
    {
      repo: "orders-api",
      ref: "v2.3.1",
      sha: shaOf("v2.3.1"),
      environment: "production",
      description: "orders-api v2.3.1: cache open-orders lookup in Redis (hotfix)",
      created: T.cacheDeployStarted,
      statuses: [
        { state: "in_progress", at: T.cacheDeployStarted + 2_000, description: "Rolling out 3 replicas" },
        { state: "success", at: T.mitigated, description: "Rollout complete: 3/3 replicas updated" },
      ],
    },
    {
      repo: "orders-api",
      ref: "v2.3.0",
      sha: shaOf("v2.3.0"),
      environment: "production",
      description: "orders-api v2.3.0",
      created: T.deployCreated,
      statuses: [
        { state: "in_progress", at: T.deployStarted, description: "Rolling out 3 replicas" },
        { state: "success", at: T.deployDone, description: "Rollout complete: 3/3 replicas updated" },
      ],
    },
    {
      repo: "catalog-api",
      ref: "v1.14.2",
      sha: rng.hex(40),
      environment: "production",
      description: "catalog-api v1.14.2",
      created: at(9, 38, 31),
      statuses: [
        { state: "in_progress", at: at(9, 38, 33), description: "Rolling out 4 replicas" },
        { state: "success", at: T.unrelatedDeploy, description: "Rollout complete: 4/4 replicas updated" },
      ],
    },
    {
      repo: "orders-api",
      ref: "v2.3.0",
      sha: shaOf("v2.3.0"),
      environment: "staging",
      description: "orders-api v2.3.0",
      created: Date.UTC(2025, 1, 8, 16, 12, 4),
      statuses: [
        { state: "in_progress", at: Date.UTC(2025, 1, 8, 16, 12, 6), description: "Rolling out 2 replicas" },
        {
          state: "success",
          at: Date.UTC(2025, 1, 8, 16, 13, 41),
          description: "Rollout complete: 2/2 replicas updated",
        },
      ],
    },
    {
      repo: "checkout-web",
      ref: "v4.8.0",
      sha: rng.hex(40),
      environment: "production",
      description: "checkout-web v4.8.0",
      created: Date.UTC(2025, 1, 8, 11, 5, 19),
      statuses: [
        { state: "in_progress", at: Date.UTC(2025, 1, 8, 11, 5, 21), description: "Deploying to CDN" },
        { state: "success", at: Date.UTC(2025, 1, 8, 11, 7, 2), description: "Deployed" },
      ],
    },
    {
      repo: "catalog-api",
      ref: "v1.14.1",
      sha: rng.hex(40),
      environment: "production",
      description: "catalog-api v1.14.1",
      created: Date.UTC(2025, 1, 7, 15, 40, 2),
      statuses: [
        { state: "in_progress", at: Date.UTC(2025, 1, 7, 15, 40, 4), description: "Rolling out 4 replicas" },
        {
          state: "failure",
          at: Date.UTC(2025, 1, 7, 15, 44, 10),
          description: "Rollout failed: readiness probe timeout; rolled back",
        },
      ],
    },
    {
      repo: "orders-api",
      ref: "v2.2.4",
      sha: shaOf("v2.2.4"),
      environment: "production",
      description: "orders-api v2.2.4",
      created: Date.UTC(2025, 1, 6, 14, 22, 40),
      statuses: [
        { state: "in_progress", at: Date.UTC(2025, 1, 6, 14, 22, 42), description: "Rolling out 3 replicas" },
        {
          state: "success",
          at: Date.UTC(2025, 1, 6, 14, 24, 1),
          description: "Rollout complete: 3/3 replicas updated",
        },
      ],
    },
  ];
  let deploymentId = 2_118_000_000;
  let statusId = 3_904_000_000;
  // Build oldest first so ids grow with time, then list newest first as the API does.
  const out = [...specs]
    .sort((a, b) => a.created - b.created)
    .map((s) => {
      deploymentId += 1000 + rng.int(90_000);
      const id = deploymentId;
      const repoUrl = `${API}/repos/${ORG}/${s.repo}`;
      const url = `${repoUrl}/deployments/${id}`;
      const statuses = s.statuses.map((st) => {
        statusId += 100 + rng.int(20_000);
        return {
          url: `${url}/statuses/${statusId}`,
          id: statusId,
          node_id: `DES_kwDO${base64(`${s.repo}:${statusId}`).replace(/=+$/, "").slice(0, 20)}`,
          state: st.state,
          creator: BOT,
          description: st.description,
          environment: s.environment,
          target_url: `https://github.com/${ORG}/${s.repo}/actions/runs/${13_200_000_000 + rng.int(9_000_000)}`,
          created_at: isoSeconds(st.at),
          updated_at: isoSeconds(st.at),
          deployment_url: url,
          repository_url: repoUrl,
          environment_url:
            s.environment === "production"
              ? `https://${s.repo}.shop.example.com`
              : `https://${s.repo}.staging.shop.example.com`,
          log_url: `https://github.com/${ORG}/${s.repo}/actions/runs/${13_200_000_000 + rng.int(9_000_000)}`,
          performed_via_github_app: null,
        };
      });
      const last = s.statuses[s.statuses.length - 1]!;
      return {
        url,
        id,
        node_id: `DE_kwDO${base64(`${s.repo}:${id}`).replace(/=+$/, "").slice(0, 20)}`,
        task: "deploy",
        original_environment: s.environment,
        environment: s.environment,
        description: s.description,
        created_at: isoSeconds(s.created),
        updated_at: isoSeconds(last.at),
        statuses_url: `${url}/statuses`,
        repository_url: repoUrl,
        creator: BOT,
        sha: s.sha,
        ref: s.ref,
        payload: {
          service: s.repo,
          version: s.ref,
          triggered_by: s.repo === "orders-api" && s.ref === "v2.3.1" ? PEOPLE.oncall.gh : PEOPLE.dev.gh,
        },
        transient_environment: false,
        production_environment: s.environment === "production",
        performed_via_github_app: null,
        statuses: statuses.reverse(),
      };
    });
  return out.reverse();
}
