import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyActionItem } from "./action-item-vagueness.js";

describe("classifyActionItem", () => {
  it.each([
    ["Improve monitoring.", "comparative-without-target"],
    ["Be more careful.", "vigilance"],
    ["Investigate the issue.", "open-ended-verb"],
    ["Look into the database timeouts.", "open-ended-verb"],
    ["Fix the problem.", "vague-scope"],
    ["Better alerting.", "not-an-action"],
    ["Remind everyone to double-check deploys.", "vigilance"],
    ["Is the cache needed?", "not-an-action"],
    ["Make sure backups work.", "vigilance"],
    // a real item (docs.rs, 2019): vague for its open verb, not for the purpose clause stating a system property
    [
      "Revisit the on-call rotation to make sure everyone on it has the permissions to either react to the incidents or escalate.",
      "open-ended-verb",
    ],
  ])("%s is vague (%s)", (text, reason) => {
    const v = classifyActionItem(text);
    expect(v.vague).toBe(true);
    expect(v.reason).toBe(reason);
    expect(v.hint).toMatch(/Add metric X to dashboard Y/);
  });

  it.each([
    "Add a p99 latency panel for checkout-api to the Payments dashboard by 2025-03-01.",
    "Alert when disk usage on db-* hosts exceeds 85% for 10 minutes.",
    "Add a confirmation prompt to `db-admin drop` that requires typing the cluster name.",
    "Write a runbook for rotating the database credentials.",
    "Improve p99 latency of /search to under 300 ms by adding an index on items.created_at.",
    "Investigate why replica lag reached 40 s during the 2025-02-09 backup and record the answer in OPS-412.",
    "- [ ] **Remove** write access to the production bucket from the CI service account",
    "Grant the secondary on-call production access to make sure everyone on the rotation has the permissions to resize disks.",
  ])("%s is specific", (text) => {
    expect(classifyActionItem(text)).toMatchObject({ vague: false, reason: null });
  });

  it("handles empty and odd input without throwing (property)", () => {
    expect(classifyActionItem("").vague).toBe(true);
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const v = classifyActionItem(s);
        expect(typeof v.vague).toBe("boolean");
        expect(v.vague).toBe(v.reason !== null);
      }),
      { numRuns: 500 },
    );
  });
});

describe("open qualifiers and ownerless items (issue 17)", () => {
  it.each([
    "Add alerting where appropriate.",
    "Tune the autoscaler going forward.",
    "Everybody should reread the failover guide.",
    "Storage to own backup health.",
    "Should be picked up in the H2 hardening work.",
    "Coordinate with the database team.",
    "Simplify the deploy steps.",
  ])("%s is vague", (item) => {
    expect(classifyActionItem(item).vague).toBe(true);
  });
  it.each([
    "Replace the hand-edited /etc/hosts entries with Consul DNS.",
    "Investigate and fix the file-descriptor leak in ingest-worker (INGEST-311).",
    "Raise the disk-usage alert on db-01 to 85% and test it with a 90% fill in staging.",
  ])("%s is specific", (item) => {
    expect(classifyActionItem(item).vague).toBe(false);
  });
});

describe("structure over wording (issue 17, second pass)", () => {
  it.each([
    // a frame's vague word over work that pins little down
    ["TBD: follow-up on vendor contract", true],
    ["Team to follow up with AWS support.", true],
    // ... and over work that pins its thing, place and check down
    ["ASAP: revoke the leaked GitHub token for the deploy-bot account and rotate it in Vault.", false],
    ["In Q3, move the 14 remaining cron jobs on ops-01 to Kubernetes CronJobs; done when ops-01 is shut down.", false],
    ["Everyone on the payments rotation completes the failover drill in staging by 2025-06-01 (ONCALL-40).", false],
    // an observing deliverable with a place and no subject
    ["Add monitoring in Datadog.", true],
    ["Add tests to the CI pipeline.", true],
    ["Add request logging with the tenant ID to the API gateway.", false],
    // reshaping verbs need the shape they aim at
    ["Refine the Terraform modules.", true],
    ["Rework retry.go to use one shared backoff helper.", false],
    // an investigation is bounded by what follows it, not by what it looks into
    ["Figure out whether to remove the x/crisis invariants from v15.", true],
    ["Look into the Gaia state sync failures and fix the snapshot interval in app.toml.", false],
    // a property of a named thing is not a plea for vigilance
    ["Make sure the backup job exits non-zero when pg_dump fails, and alert on non-zero exits.", false],
    ["Be on the lookout for similar errors.", true],
    // comparatives of manner, people as the object, a class of thing
    ["Allow operators to recover more easily from a halted chain.", true],
    ["Teach people about the rollback button.", true],
    ["Build regression tests to ensure servers respond sanely to queries of death.", true],
    ["Move off the old cluster.", true],
    // an amount nobody counted, a cadence with no period
    ["Add more replicas to the ingress controller.", true],
    ["Add two more replicas to the ingress controller.", false],
    ["Set up a regular review of alert thresholds.", true],
    // the open verb as a noun; handling a named signal is a code change
    ["Conduct a broader review of our backup strategy.", true],
    ["Run an audit of the IAM roles and remove the ones unused for 90 days.", false],
    ["Handle SIGTERM in the worker so in-flight jobs finish before shutdown", false],
    ["Handle errors more gracefully in the client.", true],
    // a label before the work (component, ticket, marker) is a frame; the work is judged
    ["Tide: investigate why PRs are not merged", true],
    ["[#1234] Improve error handling", true],
    ["TODO: look into the memory leak", true],
    ["Prow: add a hook_config_errors_total counter and alert when it is above 0 for 5 minutes", false],
  ])("%s -> vague %s", (text, vague) => {
    expect(classifyActionItem(text).vague).toBe(vague);
  });

  it("judges the work after any frame the same way as the work alone (property)", () => {
    const works = [
      "Add monitoring.",
      "Enable deletion protection on the prod RDS instances and verify it in the console.",
    ];
    fc.assert(
      fc.property(
        fc.constantFrom("ASAP: ", "TBD - ", "In Q3, ", "Team to "),
        fc.constantFrom(...works),
        (frame, work) => {
          const alone = classifyActionItem(work);
          // a frame never turns vague work specific
          if (alone.vague)
            expect(classifyActionItem(frame + work.charAt(0).toLowerCase() + work.slice(1)).vague).toBe(true);
        },
      ),
    );
  });
});

describe("specific only when shown specific (issue 17, third pass)", () => {
  it.each([
    // no vague word, yet every system has one: which client, which queue, which hosts, what value
    ["Fix the retry logic in the client.", true],
    ["Add a timeout to the upstream calls.", true],
    ["Put a limit on the queue.", true],
    ["Add the new hosts to the inventory.", true],
    ["Write down the steps we took to recover.", true],
    // few marks, but a particular thing and a change that is done when it is made
    ["Rotate the deploy-bot token in Vault.", false],
    ["Enable PITR on the orders database.", false],
    ["Add a circuit breaker around the recommendations client.", false],
    ["Add the orders table to the nightly backup job.", false],
    ["Move the backup bucket to a second region.", false],
    ["Require two approvals on merges to main in the infra repo.", false],
    // a setting added without its value
    ["Add a size limit to uploads.", true],
    ["Set a budget alert on the cloud account.", true],
    ["Cap retries in the mobile client at 3 with exponential backoff and jitter.", false],
    // a new deliverable named by its kind is particular only through its place or subject
    ["Add a fallback for the external provider.", true],
    ["Enable autoscaling for the workers.", true],
    ["Add a kill switch for the feature.", true],
    ["Enable slow query logging on the reporting replica.", false],
    ["Add a --dry-run flag to the upgrade script", false],
    ["Add the search indexer's heap usage to the on-call dashboard.", false],
    // a new deliverable with no place at all; a technology every system has is a kind, not a name
    ["add a liveness probe", true],
    ["Set up a secondary DNS provider.", true],
    ["Remove write access to the production bucket from the CI service account.", false],
    // an abstract noun as a modifier, and a grant, are not ways of working or open work
    ["Move the session store from Memcached to Redis.", false],
    ["Give the release bot write access only to release branches.", false],
  ])("%s -> vague %s", (text, vague) => {
    expect(classifyActionItem(text).vague).toBe(vague);
  });

  it("wants a setting's value even at a named place", () => {
    expect(classifyActionItem("Add a timeout to svc/ledger.go.").reason).toBe("unanchored");
    expect(classifyActionItem("Put a limit on svc/ledger.go.").reason).toBe("unanchored");
    expect(classifyActionItem("Add a 2 s timeout to svc/ledger.go.").vague).toBe(false);
  });

  it("explains an unanchored item with its own reason and a suggestion", () => {
    const v = classifyActionItem("Fix the retry logic in the client.");
    expect(v.reason).toBe("unanchored");
    expect(v.hint).toMatch(/Say which one and how done is checked/);
  });

  it("never makes an item that names an identifier, a number or a path unanchored (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("Fix the retry logic in", "Add an owner for", "Put the cron jobs in"),
        fc.constantFrom("`checkout-api`", "svc/ledger.go", "OPS-412", "the queue to 500 messages"),
        (work, mark) => {
          expect(classifyActionItem(`${work} ${mark}.`).reason).not.toBe("unanchored");
        },
      ),
    );
  });
});
