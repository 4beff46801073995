import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import type { RawEvent } from "../../model/event.js";
import { githubIssuesJson } from "./github-issues-json.js";

const read = evidenceFileReader("github-issues");

const row = (e: RawEvent) => [new Date(e.ts).toISOString(), e.actor, e.attributes.type, e.message];

describe("github-issues-json", () => {
  it("reads the issues API: opened by its author, closed by closed_by", async () => {
    const { source, events } = await read(
      "issues.json",
      JSON.stringify(JSON.parse(githubIssuesJson.samples[0] as string), null, 2),
    );
    expect(source?.format).toBe("github-issues-json");
    expect(events.map(row)).toEqual([
      ["2025-04-06T15:04:10.000Z", "nali", "report", "Issue #812: Checkout returns 502 for all users"],
      ["2025-04-06T16:00:00.000Z", "tbecker", "status-update", "Issue #812 closed: Checkout returns 502 for all users"],
    ]);
    expect(events[0]?.line).toBe(2);
  });

  it("reads search results, comments, issue events and gh issue list --json", async () => {
    const issue = JSON.parse(githubIssuesJson.samples[0] as string)[0];
    const search = await read(
      "search.json",
      JSON.stringify({ total_count: 1, incomplete_results: false, items: [{ ...issue, closed_at: null }] }),
    );
    expect(search.events.map((e) => e.attributes.type)).toEqual(["report"]);
    const pr = {
      ...issue,
      number: 900,
      title: "Revert deploy",
      closed_at: null,
      pull_request: { url: "https://api.github.com/repos/acme/shop/pulls/900", merged_at: null },
    };
    const withPr = await read("with-pr.json", JSON.stringify([pr]));
    expect(withPr.events.map((e) => [e.message, e.attributes.pullRequest])).toEqual([
      ["Pull request #900: Revert deploy", true],
    ]);
    const comments = await read("comments.json", githubIssuesJson.samples[1] as string);
    expect(comments.events.map(row)).toEqual([
      ["2025-04-06T15:12:00.000Z", "tbecker", "comment", "Issue #812 comment: Rolling back the 14:55 deploy."],
    ]);
    const events = [
      {
        id: 1,
        node_id: "CE_1",
        url: "https://api.github.com/repos/acme/shop/issues/events/1",
        actor: { login: "tbecker" },
        event: "closed",
        commit_id: null,
        commit_url: null,
        created_at: "2025-04-06T16:00:00Z",
      },
    ];
    const ev = await read("events.json", JSON.stringify(events));
    expect(ev.events.map(row)).toEqual([["2025-04-06T16:00:00.000Z", "tbecker", "status-update", "Issue closed"]]);
    const gh = [
      {
        number: 812,
        title: "Checkout 502",
        author: { login: "nali", name: "Nadia Ali", is_bot: false },
        createdAt: "2025-04-06T15:04:10Z",
        closedAt: null,
        state: "OPEN",
        url: "https://github.com/acme/shop/issues/812",
        comments: [{ author: { login: "tbecker" }, body: "on it", createdAt: "2025-04-06T15:06:00Z" }],
      },
    ];
    const cli = await read("gh.json", JSON.stringify(gh));
    expect(cli.source?.format).toBe("github-issues-json");
    expect(cli.events.map((e) => [e.actor, e.attributes.type])).toEqual([
      ["Nadia Ali", "report"],
      ["tbecker", "comment"],
    ]);
  });

  it("names wrong types and a truncated list", async () => {
    const issue = JSON.parse(githubIssuesJson.samples[0] as string)[0];
    const wrong = await read("wrong.json", JSON.stringify([{ ...issue, created_at: 42, closed_at: null }, 7], null, 2));
    expect(wrong.events).toHaveLength(0);
    expect(wrong.source?.skipped.byReason).toMatchObject({ "invalid-timestamp": 1, "unexpected-shape": 1 });
    const text = JSON.stringify([issue, { ...issue, number: 813 }], null, 2);
    const cut = await read("cut.json", text.slice(0, text.length - 200));
    expect(cut.events.map((e) => e.message)).toContain("Issue #812: Checkout returns 502 for all users");
    expect(cut.source?.skipped.byReason).toMatchObject({ "truncated-json": 1, "incomplete-item": 1 });
  });
});
