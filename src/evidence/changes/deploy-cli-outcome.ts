import type { ChangeMatch, ChangeRecogniser } from "./change-recogniser.js";

interface Outcome {
  re: RegExp;
  tool: string;
  phase: ChangeMatch["phase"];
  type?: ChangeMatch["type"];
  /** Which capture group names what was deployed. */
  subject?: number;
}

/**
 * The lines deploy CLIs print when a deployment is done (or failed), as they appear in CI job logs: each tool's own
 * wording, so a CI log of any system that ran the tool says when the change took effect.
 */
const OUTCOMES: readonly Outcome[] = [
  // gcloud run deploy: "Service [api] revision [api-00012-xyz] has been deployed and is serving 100 percent of traffic."
  {
    re: /^Service \[([\w-]+)\] revision \[[\w-]+\] has been deployed and is serving \d+ percent of traffic/,
    tool: "cloud-run",
    phase: "effective",
    subject: 1,
  },
  // gcloud app deploy: "Deployed service [default] to [https://…]"
  { re: /^Deployed service \[([\w-]+)\] to \[/, tool: "app-engine", phase: "effective", subject: 1 },
  // AWS CLI cloudformation deploy / SAM: "Successfully created/updated stack - edge"
  {
    re: /^Successfully created\/updated stack - ([\w-]+)/,
    tool: "cloudformation",
    phase: "effective",
    type: "infra",
    subject: 1,
  },
  // Elastic Beanstalk eb deploy: "Environment update completed successfully."
  { re: /Environment update completed successfully\.?$/, tool: "elastic-beanstalk", phase: "effective" },
  // AWS CDK: " ✅  EdgeStack" after a deploy
  { re: /^✅\s+([\w-]+)(?: \(no changes\))?$/u, tool: "cdk", phase: "effective", type: "infra", subject: 1 },
  // Serverless Framework v3+: "✔ Service deployed to stack api-prod (45s)"
  { re: /^✔ Service deployed to stack ([\w-]+)/u, tool: "serverless", phase: "effective", subject: 1 },
  // nomad job run: '    Deployment "8f2e3a1c" successful' / 'Deployment "…" failed'
  { re: /Deployment "[0-9a-f-]+" successful\b/, tool: "nomad", phase: "effective" },
  { re: /Deployment "[0-9a-f-]+" failed\b/, tool: "nomad", phase: "failed" },
  // skaffold deploy/run: "Deployments stabilized in 12.3 seconds"
  { re: /^Deployments stabilized in [\d.]+ ?(?:s|seconds)\b/, tool: "skaffold", phase: "effective" },
  // kubectl wait --for=condition=available: "deployment.apps/api condition met"
  { re: /^deployment\.apps\/([\w.-]+) condition met$/, tool: "kubectl", phase: "effective", subject: 1 },
  // fly deploy: "v12 deployed successfully"
  { re: /^v\d+ deployed successfully\b/, tool: "fly", phase: "effective" },
  // Heroku git push: "remote: Released v142" / "remote: Verifying deploy... done."
  { re: /^(?:remote:\s+)?Released v\d+\b/, tool: "heroku", phase: "effective" },
  // Netlify CLI/build: "Deploy is live!"; Vercel CLI: "✅  Production: https://… [2m]"
  { re: /^(?:Deploy is live!|✅\s+Production: https?:\/\/\S+)/u, tool: "netlify-vercel", phase: "effective" },
  // docker service update / stack deploy: "verify: Service converged" (or "Service x converged")
  { re: /^(?:verify: )?Service (?:([\w.-]+) )?converged$/, tool: "docker-swarm", phase: "effective", subject: 1 },
  // Capistrano: "Finished deploy"/"deploy:finished"
  { re: /^(?:\d\d:\d\d )?deploy:finished$/, tool: "capistrano", phase: "effective" },
];

/**
 * Deploy command-line tools' completion lines, wherever a CI job or a person's terminal logged them: Cloud Run and
 * App Engine (`gcloud run deploy`, `gcloud app deploy`), `aws cloudformation deploy`/`sam deploy`, `eb deploy`,
 * `cdk deploy`, Serverless Framework, `nomad job run`, `skaffold`, `kubectl wait --for=condition=available`,
 * `fly deploy`, Heroku's git push, Netlify/Vercel, Docker Swarm service updates and Capistrano. Each is in effect at
 * its line (the tool printed it when the rollout had finished). Documented: https://cloud.google.com/sdk/gcloud/reference/run/deploy,
 * https://cloud.google.com/sdk/gcloud/reference/app/deploy, https://docs.aws.amazon.com/cli/latest/reference/cloudformation/deploy/,
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/eb3-deploy.html, https://docs.aws.amazon.com/cdk/v2/guide/ref-cli-cmd-deploy.html,
 * https://www.serverless.com/framework/docs/providers/aws/cli-reference/deploy, https://developer.hashicorp.com/nomad/commands/job/run,
 * https://skaffold.dev/docs/status-check/, https://kubernetes.io/docs/reference/kubectl/generated/kubectl_wait/,
 * https://fly.io/docs/flyctl/deploy/, https://devcenter.heroku.com/articles/git, https://docs.netlify.com/cli/get-started/,
 * https://docs.docker.com/reference/cli/docker/service/update/, https://capistranorb.com/documentation/getting-started/flow/.
 */
export const deployCliOutcomeRecogniser: ChangeRecogniser = {
  id: "deploy-cli-outcome",
  documentation:
    "gcloud run/app deploy, aws cloudformation deploy, eb deploy, cdk deploy, serverless deploy, nomad job run, skaffold, kubectl wait, fly deploy, Heroku git push, Netlify/Vercel, docker service update, Capistrano (see the JSDoc for each tool's page)",
  hint: /has been deployed and is serving|Deployed service \[|Successfully created\/updated stack|Environment update completed|✅|✔ Service deployed|Deployment "[0-9a-f-]+" (?:successful|failed)|Deployments stabilized|condition met|deployed successfully|Released v\d|Deploy is live|converged|deploy:finished/u,
  samples: [
    "Service [checkout] revision [checkout-00042-wox] has been deployed and is serving 100 percent of traffic.",
    "Successfully created/updated stack - edge-prod",
    '2025-03-04T10:00:41Z     Deployment "6c1d2f3a" successful',
    "Deployments stabilized in 14.2 seconds",
    "deployment.apps/checkout condition met",
    "remote: Released v142",
    "✔ Service deployed to stack payments-prod (52s)",
  ],
  recognise(e) {
    const m = e.message.trim();
    if (m.length > 300) return null;
    for (const o of OUTCOMES) {
      const r = o.re.exec(m);
      if (!r) continue;
      const subject = o.subject ? r[o.subject] : undefined;
      return {
        type: o.type ?? "deploy",
        what: m.slice(0, 200),
        phase: o.phase,
        tool: o.tool,
        ...(subject ? { service: subject } : {}),
      };
    }
    return null;
  },
};
