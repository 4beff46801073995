import { describe, expect, it } from "vitest";
import type { RawEvent } from "../../model/event.js";
import { chatAnnouncementRecogniser } from "./chat-announcement.js";

function chat(message: string): RawEvent {
  return {
    ts: Date.UTC(2025, 2, 4, 10, 15, 12),
    path: "slack.json",
    line: 3,
    kind: "chat",
    severity: null,
    service: null,
    host: null,
    actor: "ana",
    message,
    attributes: {},
  };
}

const phase = (m: string) => chatAnnouncementRecogniser.recognise(chat(m))?.phase ?? null;

describe("chat announcements of a change", () => {
  it("reports of something published or live are changes in effect", () => {
    for (const m of [
      "DS record is now published",
      "new DNSKEY published at the registrar",
      "v2.3 is live in prod",
      "checkout v2 is now live for all users",
      "search v4 went live at 10:02",
      "billing 7.2 now live in eu-west-1 :tada:",
      "we're live",
      "rolled out to prod",
    ])
      expect(phase(m), m).toBe("effective");
    expect(phase("publishing the new ruleset now")).toBe("started");
  });

  it("questions, plans, conditions and negations are not changes", () => {
    for (const m of [
      "is v2.3 live in prod?",
      "has the DS record been published?",
      "we will publish the DS record after the TTL expires",
      "DS record will be published at 11:00",
      "v2.3 is not live yet",
      "v2.3 isn't live yet",
      "the DS record hasn't been published",
      "not deployed yet, waiting on CI",
      "checkout goes live tomorrow",
      "once it's live we can close the incident",
      "deployed to staging yet",
      "the live dashboard shows errors",
      "Live Q&A at 3pm",
    ])
      expect(phase(m), m).toBeNull();
  });

  it("a report followed by a later aside in another clause is still a report", () => {
    expect(phase("rolled back checkout to 1.20, will check metrics later")).toBe("effective");
  });
});
