import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RawEvent } from "../../model/event.js";
import { detectFormat, makeSample } from "../detect-format.js";
import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import { freshdeskTicketsJson } from "./freshdesk-tickets-json.js";
import { githubIssuesJson } from "./github-issues-json.js";
import { gitlabIssuesJson } from "./gitlab-issues-json.js";
import { defaultFormatRegistry } from "./index.js";
import { jiraIssuesJson } from "./jira-issues-json.js";
import { zendeskTicketsJson } from "./zendesk-tickets-json.js";

/** A context that collects what a parser emits and skips, with times read as UTC. */
function collect(format: DocumentFormat, text: string) {
  const events: RawEvent[] = [];
  const skips: string[] = [];
  const ctx: FormatContext = {
    path: "x.json",
    zone: "UTC",
    zoneOrigin: "default",
    window: undefined,
    emit: (e) => events.push(e),
    skip: (_line, reason) => skips.push(reason),
    noteZoneFromData: () => undefined,
    localToEpoch: (f) => Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second, f.millisecond),
    inferYear: () => 2025,
    noteYear: () => undefined,
  };
  format.parse(text, ctx);
  return { events, skips };
}

const instant = fc
  .integer({ min: Date.UTC(2005, 0, 1), max: Date.UTC(2040, 0, 1) })
  .map((ms) => Math.floor(ms / 1000) * 1000);
const name = fc.stringMatching(/^[A-Z][a-z]{1,8} [A-Z][a-z]{1,10}$/);
const title = fc.string({ minLength: 1, maxLength: 60 });

/** One record per vendor shape, built from the instant, person and title it must give back. */
const SHAPES: [
  DocumentFormat,
  (ts: number, who: string, what: string, i: number) => unknown,
  (list: unknown[]) => unknown,
  string,
][] = [
  [
    freshdeskTicketsJson,
    (ts, who, what, i) => ({
      id: i,
      subject: what,
      requester_id: i,
      responder_id: null,
      fr_due_by: null,
      cc_emails: [],
      fwd_emails: [],
      status: 2,
      source: 1,
      created_at: new Date(ts).toISOString().replace(".000", ""),
      requester: { name: who, email: null },
    }),
    (list) => list,
    "report",
  ],
  [
    zendeskTicketsJson,
    (ts, who, what, i) => ({
      id: i,
      subject: what,
      raw_subject: what,
      requester_id: i,
      submitter_id: i,
      assignee_id: null,
      via: { channel: "web" },
      created_at: new Date(ts).toISOString().replace(".000", ""),
      requester: { name: who },
    }),
    (list) => ({ tickets: list, count: list.length }),
    "report",
  ],
  [
    githubIssuesJson,
    (ts, who, what, i) => ({
      url: `https://api.github.com/repos/a/b/issues/${i}`,
      repository_url: "https://api.github.com/repos/a/b",
      html_url: `https://github.com/a/b/issues/${i}`,
      node_id: `I_${i}`,
      number: i,
      title: what,
      user: { login: who },
      state: "open",
      created_at: new Date(ts).toISOString(),
      closed_at: null,
    }),
    (list) => list,
    "report",
  ],
  [
    gitlabIssuesJson,
    (ts, who, what, i) => ({
      id: i,
      iid: i,
      project_id: 1,
      title: what,
      state: "opened",
      created_at: new Date(ts).toISOString(),
      closed_at: null,
      author: { username: "u", name: who },
      web_url: `https://gitlab.example/i/${i}`,
      user_notes_count: 0,
    }),
    (list) => list,
    "report",
  ],
  [
    jiraIssuesJson,
    (ts, who, what, i) => ({
      id: String(i),
      key: `OPS-${i + 1}`,
      fields: {
        summary: what,
        created: new Date(ts).toISOString().replace("Z", "+0000"),
        reporter: { displayName: who },
        status: { name: "Open" },
        issuetype: { name: "Incident" },
      },
    }),
    (list) => ({ startAt: 0, maxResults: 50, total: list.length, issues: list }),
    "report",
  ],
];

describe("human-report readers (property)", () => {
  it.each(SHAPES.map((s) => [s[0].id, ...s] as const))(
    "%s: every record, pretty-printed or not, is detected and gives one report at its time by its person",
    (_id, format, record, wrap, type) => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(instant, name, title), { minLength: 1, maxLength: 8 }),
          fc.boolean(),
          (rows, pretty) => {
            const doc = wrap(rows.map(([ts, who, what], i) => record(ts, who, what, i)));
            const text = pretty ? JSON.stringify(doc, null, 2) : JSON.stringify(doc);
            const sample = makeSample("export.json", text, text.length, true);
            expect(detectFormat(sample, defaultFormatRegistry().formats)?.format.id).toBe(format.id);
            const { events, skips } = collect(format, text);
            expect(skips).toEqual([]);
            const reports = events.filter((e) => e.attributes.type === type);
            expect(reports.map((e) => [e.ts, e.actor?.startsWith(rows[reports.indexOf(e)]?.[1] ?? "?")])).toEqual(
              rows.map(([ts]) => [ts, true]),
            );
          },
        ),
        { numRuns: 40 },
      );
    },
  );
});
