import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BlameDetector } from "./blame-detector.js";

const d = new BlameDetector();
const categories = (s: string) => d.detect(s).map((h) => h.category);

describe("BlameDetector", () => {
  it.each([
    ["@bob broke production with the 14:02 deploy.", "person-as-cause"],
    ["Alice's mistake caused the outage.", "person-as-cause"],
    ["The outage was caused by Bob.", "person-as-cause"],
    ["Root cause: human error.", "human-error"],
    ["An engineer fat-fingered the capacity value.", "human-error"],
    ["The on-call engineer should have noticed the disk alert sooner.", "counterfactual"],
    ["Had the operator read the runbook, the outage would not have happened.", "counterfactual"],
    ["Bob forgot to update the DNS record.", "omission"],
    ["The developer neglected to add a migration rollback.", "omission"],
    ["In hindsight, the engineer obviously should not have run the script.", "hindsight"],
    ["The team wrongly assumed that retries were idempotent.", "hindsight"],
    ["The deploy was careless and rushed.", "judgmental"],
    ["The database team dropped the ball on backups.", "judgmental"],
    ["Engineers must be more careful when running commands in production.", "vigilance"],
    ["Find out who approved this change.", "who-question"],
    ["Who pushed the bad config?", "who-question"],
  ])("flags %s as %s", (sentence, category) => {
    expect(categories(sentence)).toContain(category);
  });

  it.each([
    "The on-call engineer acknowledged the page at 10:12.",
    "@alice deployed the cache layer at 10:22.",
    "10:14 the incident commander opened a bridge call.",
    "The alert should have fired at 80% utilisation.",
    "A schema check in CI would have rejected the migration.",
    "The readiness probe failed to notice the deadlocked process.",
    'Avoid words like "careless" or "sloppy" in post-mortems.',
    "Human error is never a root cause.",
    "We consumed 40% of the monthly error budget.",
    "Clients received HTTP 500 errors for 23 minutes.",
    "The Kubernetes operator deleted the persistent volume claims.",
    "The production database directory was deleted during replica troubleshooting.",
    "It was not clearly documented which region the command targeted.",
    "The team should have a follow-up review on March 20.",
    "@alice double-checked the replica lag before promoting it.",
    "",
    "   ",
    "12:00",
  ])("does not flag %j", (sentence) => {
    expect(d.detect(sentence)).toEqual([]);
  });

  it("reports offsets of the trigger phrase, shifted by the given offset", () => {
    const s = "Yesterday Bob forgot to renew the certificate.";
    const [hit] = d.detect(s, 100);
    expect(hit?.phrase).toBe("forgot to");
    expect(s.slice((hit?.start ?? 0) - 100, (hit?.end ?? 0) - 100)).toBe("forgot to");
    expect(hit?.suggestion.length).toBeGreaterThan(20);
  });

  it("splits prose into sentences and keeps offsets relative to the block", () => {
    const text = "The alert fired at 10:05. Bob broke production. All good again by 10.30 p.m.";
    const hits = new BlameDetector().detectInText(text);
    expect(hits.map((h) => text.slice(h.start, h.end))).toEqual(["broke"]);
  });

  it("honours team configuration: extra judgmental words, allowed phrases, known people", () => {
    const custom = new BlameDetector({
      judgmentalWords: ["slapdash"],
      allowPhrases: ["operator error budget"],
      people: ["zq-bot-owner"],
    });
    expect(custom.detect("The rollout was slapdash.").map((h) => h.category)).toEqual(["judgmental"]);
    expect(custom.detect("We track the operator error budget weekly.")).toEqual([]);
    expect(custom.detect("zq-bot-owner caused the outage.").map((h) => h.category)).toContain("person-as-cause");
  });

  it("never throws and keeps hits inside the text (property)", () => {
    const words = fc.constantFrom(
      "Bob",
      "the",
      "engineer",
      "should",
      "have",
      "failed",
      "to",
      "caused",
      "outage",
      "human",
      "error",
      ",",
      ".",
      "?",
      '"',
      "who",
      "had",
      "if",
      "@x",
      "alert",
      "'s",
      "careless",
      "not",
      "by",
      "because",
      "\n",
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.array(words, { maxLength: 40 }).map((w) => w.join(" ")),
        ),
        (text) => {
          for (const h of d.detectInText(text)) {
            expect(h.start).toBeGreaterThanOrEqual(0);
            expect(h.end).toBeLessThanOrEqual(text.length);
            expect(h.end).toBeGreaterThan(h.start);
            expect(text.slice(h.start, h.end)).toBe(h.phrase);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("suggested rewrites", () => {
  it.each([
    ["Bob broke production with the 14:02 deploy.", "The 14:02 deploy broke production."],
    ["Mike's change caused the issue.", "The change caused the issue."],
    [
      "Bob forgot to update the DNS record before the cutover.",
      "The DNS record was not updated before the cutover, and nothing reminded anyone or checked that it was.",
    ],
    [
      "The on-call engineer should have noticed the disk alert sooner.",
      "The disk alert was not noticed sooner: describe what was visible at the time and what would have made it stand out.",
    ],
    ["Root cause: human error.", "Root cause: <the condition that allowed the action>."],
  ])("rewrites %s", (sentence, rewrite) => {
    expect(d.detect(sentence)[0]?.rewrite).toBe(rewrite);
  });
  it("offers none when no safe mechanical rewrite exists", () => {
    expect(d.detect("Bob forgot to hand over.")[0]?.rewrite).toBeUndefined();
  });
});
