import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BlameDetector } from "./blame-detector.js";

const people = ["Tomasz", "Ifeoma", "Haruto", "Dagny", "Kasper", "Nikolai", "Thabo", "Chidi", "Bao", "@zoe.k"];
const detector = new BlameDetector({ people, peopleComplete: true });
const categories = (s: string): string[] => detector.detect(s).map((h) => h.category);

// Classes of blame by structure: a person as the agent of a predicate of a broad class (manner of fault, character
// judgement, a duty of diligence, a burden, a counterfactual without "if", a better person who would have caught it,
// a participle of harm, a marked passive act by a person, sarcastic praise of a harm).
const BLAME: [string, string][] = [
  ["Nikolai unilaterally rolled back the release.", "person-as-cause"],
  ["Bao failed over the region rashly.", "person-as-cause"],
  ["Our SRE was thoughtless about the rollout.", "judgmental"],
  ["The responders seemed completely clueless.", "judgmental"],
  ["Haruto's hasty decision to fail over made things worse.", "judgmental"],
  ["A careless sysadmin left SSH open to the internet.", "judgmental"],
  ["Kasper needed to verify the snapshot date before restoring it.", "counterfactual"],
  ["It was up to the on-call to renew the certificate, and she didn't.", "omission"],
  ["Responsibility for the outage lies with the payments team.", "person-as-cause"],
  ["Were it not for Kasper's shortcut, the outage would never have happened.", "counterfactual"],
  ["Any half-decent engineer would have caught the missing WHERE clause.", "counterfactual"],
  ["The SRE team left the old DNS records in place, causing the outage.", "person-as-cause"],
  ["The config was pushed to production by Haruto without review.", "person-as-cause"],
  ["Nikolai took shortcuts during the upgrade.", "judgmental"],
  ["Nice work, Thabo, taking out the entire EU region on a Monday.", "judgmental"],
  ["Dagny should never have deployed on a Friday evening.", "counterfactual"],
  ["The on-call shouldn't ever have restarted the node.", "counterfactual"],
  ["Chidi deployed with no review.", "person-as-cause"],
  ["Tomasz merged the change even though the integration tests were failing.", "person-as-cause"],
  ["The team lead overrode the freeze.", "person-as-cause"],
  [
    "The outage started when a single engineer, trying to fix a problem quickly, bypassed the change process.",
    "person-as-cause",
  ],
  ["It turned out that Haruto had merged a change that nobody had reviewed.", "person-as-cause"],
  ["Tomasz had been warned twice but went ahead with the migration.", "person-as-cause"],
  ["Kasper chose speed over safety.", "judgmental"],
  ["The engineer on call took no action for 30 minutes.", "omission"],
  ["The junior engineer was given too much access and used it badly.", "judgmental"],
  ["13:02 Dagny decides to skip the staging deploy", "person-as-cause"],
  ["Reviewers have to read every line.", "vigilance"],
  ["Engineers should always verify which cluster they are connected to.", "vigilance"],
  ["Everyone could see the latency climbing for an hour.", "hindsight"],
  ["The backups were never checked by the ops team.", "omission"],
  ["The alerts had been muted by someone on the team.", "person-as-cause"],
  ["14:09: Ifeoma force-merges PR #4411 over a red build", "person-as-cause"],
  ["14:22 The on-call silences all alerts and goes offline", "omission"],
  ["14:40 Nikolai deploys v2.3 with debug logging left on", "person-as-cause"],
  ["| 14:50 | @marcy | Pastes prod credentials into #general |", "person-as-cause"],
  ["15:00 Kasper deletes the old bucket (it was still in use)", "person-as-cause"],
  ["15:02 Kasper overrides the failing canary", "person-as-cause"],
  ["This would never have happened had the on-call read the alert.", "counterfactual"],
  ["A quick look at the dashboard by the on-call would have revealed the problem.", "counterfactual"],
  ["The outage was prolonged by the on-call's hesitation.", "person-as-cause"],
  ["Nikolai's inaction cost us an hour.", "person-as-cause"],
  ["Tomasz was asleep at the switch.", "judgmental"],
  ["Haruto jumped the gun and promoted the replica.", "judgmental"],
  ["Dagny deployed the hotfix blind.", "judgmental"],
  ["Chidi typoed the hostname.", "judgmental"],
  ["They bypassed the progressive rollout.", "person-as-cause"],
];

// The blameless counterparts: the same predicates said of systems, proposals, toil, meta statements, diagnosis.
const BLAMELESS: string[] = [
  "The value was improperly escaped by the template engine.",
  "The lazy loader was slow on cold starts.",
  "A second reviewer would have caught the missing WHERE clause.",
  "An automated check could have caught the typo.",
  "To recover, the on-call needed to check every node by hand.",
  "The deploy tool restarted the primary, causing a brief failover.",
  "The cache was invalidated manually by the on-call after the deploy.",
  "Were it not for the circuit breaker, the outage would have spread.",
  "Attributing the outage to carelessness would stop us learning anything.",
  "Ifeoma root-caused the memory leak to an unbounded map in the session cache.",
  "A fat-finger protection prompt now asks for the cluster name before destructive commands.",
  "The client logged a user error (HTTP 400) for every malformed request.",
  "The autoscaler should never have removed the last healthy node.",
  "Nobody could ever have predicted the provider's outage.",
  "Thanks, Bao, for the quick rollback.",
  "The on-call was warned by the canary and restarted the service.",
  "Kasper merged the fix while the flaky test was still failing on main, as agreed with the team.",
  "We chose availability over consistency for the session store.",
  "The scheduler took no action because the node looked healthy.",
  "The query performed badly after the index was dropped.",
  "The DBA, following the documented procedure, restored the snapshot.",
  "Nobody could have known that the provider would throttle us.",
  "The responder needed to check three dashboards to find the error.",
  "Dagny deployed the change, causing no errors at all.",
  "The on-call restarted the node, leading to recovery within minutes.",
  "Tomasz took a shortcut through the admin console to restore service faster.",
  "Great job, team, restoring service in under ten minutes.",
  "The deploy script should always verify which cluster it is connected to.",
  "Reviewers have to approve every change to the payments service, which the tool enforces.",
  "Everyone could see the status page during the incident.",
  "Anyone can see the dashboard without logging in.",
  "The alert was muted by the maintenance-window automation.",
  "The pages were never acknowledged by the on-call because PagerDuty routed them to an old schedule.",
  "The backups were never tested by anyone, because no restore drill existed.",
  "14:09 Chidi merges the fix over a red build that was failing on an unrelated flaky test, as agreed in the channel",
  "14:22 The on-call silences the flapping alert and goes back to investigating",
  "14:40 Nikolai deploys v2.3 with the new cache enabled",
  "15:00 Bao deletes the old bucket after confirming it is no longer in use",
  "16:00 Haruto rotates the credentials in the shared vault",
  "Tomasz deployed the fix with verbose logging left on to watch the recovery.",
  "The failover would have completed in seconds had the health check fired.",
  "We would have been fine had we pinned the version.",
  "The queue's delay caused timeouts in checkout.",
  "Kasper's quick rollback cost us only a minute of errors.",
  "A second look at the dashboard by the on-call revealed the cause.",
  "The engineer who triggered the incident also found the fix.",
  "The engineer that triggered the incident was quick to identify the situation.",
  "The reviewer could not have spotted the bug from the diff alone.",
  "It would be unfair to say Bao was careless: the prompt did not show the cluster.",
  "Hindsight makes the decision look careless; at the time it was reasonable.",
  "The job ran blind because its metrics exporter was down.",
  "We flew blind for an hour because the dashboards were down.",
  "Rule changes were treated as data, not code, so they bypassed the progressive rollout that binaries go through.",
  "The sensor jumps the gun when the temperature spikes.",
];

describe("agent predicates: a person as the agent of a broad class of fault", () => {
  for (const [s, category] of BLAME) {
    it(`flags ${s}`, () => {
      expect(categories(s)).toContain(category);
    });
  }
  for (const s of BLAMELESS) {
    it(`leaves alone ${s}`, () => {
      expect(categories(s)).toEqual([]);
    });
  }

  it("every finding carries its message and suggestion", () => {
    for (const [s] of BLAME) {
      for (const h of detector.detect(s)) {
        expect(h.message.length).toBeGreaterThan(0);
        expect(h.suggestion.length).toBeGreaterThan(0);
      }
    }
  });

  it("replacing the person agent by a system agent never adds a finding (property)", () => {
    const frames = [
      "AGENT unilaterally rolled back the release.",
      "AGENT was thoughtless about the rollout.",
      "AGENT needed to verify the snapshot date before restoring it.",
      "Responsibility for the outage lies with AGENT.",
      "AGENT left the old DNS records in place, causing the outage.",
      "The config was pushed to production by AGENT without review.",
      "AGENT should never have deployed on a Friday evening.",
      "AGENT deployed with no review.",
      "AGENT merged the change even though the integration tests were failing.",
      "Were it not for AGENT's shortcut, the outage would never have happened.",
    ];
    const persons = ["Tomasz", "the on-call engineer", "the platform team", "@zoe.k", "our DBA"];
    const systems = ["the deploy pipeline", "the scheduler", "Terraform", "the migration job", "the autoscaler"];
    fc.assert(
      fc.property(
        fc.constantFrom(...frames),
        fc.constantFrom(...persons),
        fc.constantFrom(...systems),
        (frame, person, system) => {
          const cap = (s: string) => (frame.startsWith("AGENT") ? s.charAt(0).toUpperCase() + s.slice(1) : s);
          const withSystem = detector.detect(frame.replace("AGENT", cap(system))).length;
          const withPerson = detector.detect(frame.replace("AGENT", cap(person))).length;
          return withSystem <= withPerson;
        },
      ),
      { seed: 17, numRuns: 200 },
    );
  });
});
