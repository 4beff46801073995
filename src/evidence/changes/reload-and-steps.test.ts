import { describe, expect, it } from "vitest";
import type { RawEvent } from "../../model/event.js";
import type { ChangeRecord } from "./change-recogniser.js";
import { createChangeDetector } from "./index.js";

const detect = createChangeDetector();

function event(message: string): RawEvent {
  return {
    ts: Date.UTC(2025, 5, 1, 8),
    path: "x.log",
    line: 1,
    kind: "log",
    severity: null,
    service: null,
    host: null,
    actor: null,
    message,
    attributes: {},
  };
}

const change = (message: string) => {
  const e = detect(event(message));
  if (e.kind !== "change") return null;
  const c = e.attributes.change as ChangeRecord;
  return [c.tool, c.phase, c.type, e.service];
};

describe("server-reload", () => {
  it("a reload is asked for at the signal and in effect when the new workers run", () => {
    expect(change("signal 1 (SIGHUP) received from 912, reconfiguring")).toEqual([
      "nginx",
      "started",
      "config",
      "nginx",
    ]);
    expect(change("start worker processes")).toEqual(["nginx", "effective", "config", "nginx"]);
    expect(change("AH00494: SIGHUP received.  Attempting to restart")).toEqual(["httpd", "started", "config", "httpd"]);
    expect(change('parameter "max_connections" changed to "400"')?.slice(0, 2)).toEqual(["postgresql", "effective"]);
    expect(change("Reloaded haproxy.service - HAProxy Load Balancer.")).toEqual([
      "systemd",
      "effective",
      "config",
      "haproxy",
    ]);
  });

  it("log reopening, worker exits and a unit merely starting are not reloads", () => {
    expect(change("signal 10 (SIGUSR1) received from 1, reopening logs")).toBeNull();
    expect(change("worker process 1190 exited with code 0")).toBeNull();
    expect(change("gracefully shutting down")).toBeNull();
    expect(change("Reloading nginx.service - A high performance web server...")).toBeNull();
  });
});

describe("ci-section", () => {
  it("named deploy steps start and finish; build and test steps are not changes", () => {
    expect(change("##[section]Starting: Deploy_prod")).toEqual(["azure-pipelines", "started", "deploy", null]);
    expect(change("##[section]Finishing: Run database migrations")).toEqual([
      "azure-pipelines",
      "effective",
      "config",
      null,
    ]);
    expect(change("##teamcity[blockOpened name='Rollback payments']")).toEqual([
      "teamcity",
      "started",
      "rollback",
      null,
    ]);
    expect(change("##[section]Starting: Build")).toBeNull();
    expect(change("##[section]Finishing: Test deploy scripts")).toBeNull();
    expect(change("##[section]Starting: Checkout repo@main to s")).toBeNull();
    expect(change("[Pipeline] { (Unit tests)")).toBeNull();
  });

  it("a diff's file headers are not Buildkite groups", () => {
    expect(change("--- a/deploy/values.yaml")).toBeNull();
    expect(change("+++ b/deploy/values.yaml")).toBeNull();
    expect(change("--- FAIL: deploy_rollout_test (0.01s)")).toBeNull();
    expect(change("--- :rocket: Deploy to staging")).toEqual(["buildkite", "started", "deploy", null]);
  });
});

describe("codedeploy-lifecycle", () => {
  it("ApplicationStop starts a deployment, ValidateService puts the revision in service, other hooks are steps", () => {
    expect(change("[d-AB12CD34E]LifecycleEvent - ApplicationStop")).toEqual(["codedeploy", "started", "deploy", null]);
    expect(change("[d-AB12CD34E]LifecycleEvent - ValidateService")).toEqual([
      "codedeploy",
      "effective",
      "deploy",
      null,
    ]);
    expect(change("[d-AB12CD34E]LifecycleEvent - BeforeInstall")).toBeNull();
    expect(change("[d-AB12CD34E][stdout]LifecycleEvent - ValidateService is next")).toBeNull();
  });
});

describe("deploy-cli-outcome", () => {
  it("deploy CLIs' completion lines are in effect; their failures failed; look-alikes are not", () => {
    expect(
      change("Service [cart] revision [cart-00007-abc] has been deployed and is serving 100 percent of traffic."),
    ).toEqual(["cloud-run", "effective", "deploy", "cart"]);
    expect(change("Successfully created/updated stack - edge")).toEqual([
      "cloudformation",
      "effective",
      "infra",
      "edge",
    ]);
    expect(change('    Deployment "0a1b2c3d" failed')?.slice(0, 2)).toEqual(["nomad", "failed"]);
    expect(change("Environment update completed successfully.")?.slice(0, 2)).toEqual([
      "elastic-beanstalk",
      "effective",
    ]);
    expect(change("Waiting for deployment to stabilize")).toBeNull();
    expect(change("Service [cart] revision [cart-00008-def] is being deployed")).toBeNull();
  });
});
