import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StoredActionItem } from "../../store/index.js";
import { adfText, toAdf } from "./adf.js";
import { ownerFromTracker, statusFromTracker } from "./sync-trackers.js";
import { loadTrackerSettings, openTracker, parseTrackerSettings, type TrackerSettings } from "./tracker-config.js";
import type { TrackerState, TrackerStatus } from "./tracker-types.js";

const STATES: TrackerState[] = ["open", "in-progress", "done", "wont-do"];

describe("tracker settings", () => {
  it("per incident (debrief.yaml) wins over the workspace (.debriefrc.yaml found upward)", () => {
    const ws = mkdtempSync(join(tmpdir(), "debrief-trk-"));
    mkdirSync(join(ws, "a"));
    mkdirSync(join(ws, "b"));
    writeFileSync(join(ws, ".debriefrc.yaml"), "rules: {}\ntracker:\n  kind: gitlab\n  project: acme/api\n");
    writeFileSync(join(ws, "a", "debrief.yaml"), "id: X\ntracker:\n  kind: linear\n  team: ENG\n");
    writeFileSync(join(ws, "b", "debrief.yaml"), "id: Y\n");
    expect(loadTrackerSettings(join(ws, "a"))?.settings).toMatchObject({ kind: "linear", team: "ENG" });
    const b = loadTrackerSettings(join(ws, "b"));
    expect(b?.settings).toMatchObject({ kind: "gitlab", url: "https://gitlab.com", labels: ["post-mortem"] });
    expect(b?.path).toBe(join(ws, ".debriefrc.yaml"));
  });

  it("bad YAML and bad settings are CONFIG_INVALID naming the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "debrief-trk-"));
    writeFileSync(join(dir, "debrief.yaml"), "tracker: [unclosed\n");
    expect(() => loadTrackerSettings(dir)).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID", location: { path: join(dir, "debrief.yaml") } }),
    );
    writeFileSync(join(dir, "debrief.yaml"), "tracker:\n  kind: jira-cloud\n  url: not a url\n  project: OPS\n");
    expect(() => loadTrackerSettings(dir)).toThrow(/tracker\.url/);
  });

  it("reads credentials from the credentials file, never from the settings", async () => {
    const dir = mkdtempSync(join(tmpdir(), "debrief-trk-"));
    const outside = mkdtempSync(join(tmpdir(), "debrief-cred-"));
    writeFileSync(join(outside, "credentials.yaml"), "LINEAR_API_KEY: lin_api_fromfile000000\n");
    const settings = parseTrackerSettings(
      { kind: "linear", team: "ENG", credentialsFile: join(outside, "credentials.yaml") },
      "f",
    ) as TrackerSettings;
    await expect(openTracker(settings, { incidentDir: dir, env: {} })).resolves.toMatchObject({ kind: "linear" });
    const noFile = parseTrackerSettings({ kind: "linear", team: "ENG" }, "f") as TrackerSettings;
    await expect(openTracker(noFile, { incidentDir: dir, env: {} })).rejects.toThrow(/LINEAR_API_KEY is not set/);
    expect(() => parseTrackerSettings({ kind: "linear", team: "ENG", apiKey: "lin_api_x" }, "f")).toThrow(
      /CONFIG|apiKey|Unrecognized/,
    );
  });
});

describe("issue keys in Tracker cells", () => {
  const env = {
    JIRA_EMAIL: "a@b.c",
    JIRA_API_TOKEN: "tok00000",
    JIRA_PAT: "pat00000",
    LINEAR_API_KEY: "lin00000",
    GITLAB_TOKEN: "glpat0000",
  };
  const open = (s: Record<string, unknown>) =>
    openTracker(parseTrackerSettings(s, "f") as TrackerSettings, { incidentDir: tmpdir(), env });

  it("property: the URL of an issue gives its key back, in its own project only", async () => {
    const jira = await open({ kind: "jira-cloud", url: "https://acme.atlassian.net", project: "OPS" });
    const linear = await open({ kind: "linear", team: "ENG" });
    const gitlab = await open({ kind: "gitlab", url: "https://git.example.com/gitlab", project: "platform/orders" });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999 }), (n) => {
        expect(jira.keyOf(`https://acme.atlassian.net/browse/OPS-${n}`)).toBe(`OPS-${n}`);
        expect(jira.keyOf(`see OPS-${n}`)).toBe(`OPS-${n}`);
        expect(jira.keyOf(`https://acme.atlassian.net/browse/SEC-${n}`)).toBeUndefined();
        expect(linear.keyOf(`https://linear.app/acme/issue/ENG-${n}/add-an-index`)).toBe(`ENG-${n}`);
        expect(gitlab.keyOf(`https://git.example.com/gitlab/platform/orders/-/issues/${n}`)).toBe(String(n));
        expect(gitlab.keyOf(`https://git.example.com/gitlab/platform/other/-/issues/${n}`)).toBeUndefined();
      }),
      { numRuns: 100 },
    );
  });
});

describe("Atlassian Document Format", () => {
  it("keeps paragraphs, quotes and links", () => {
    const doc = toAdf("First line\nsecond line\n\n> quoted\n\nSee https://wiki.example.com/pm/1 now");
    expect(doc).toMatchObject({ type: "doc", version: 1 });
    expect(doc.content?.map((n) => n.type)).toEqual(["paragraph", "blockquote", "paragraph"]);
    expect(JSON.stringify(doc)).toContain('"href":"https://wiki.example.com/pm/1"');
  });

  it("property: every word of the text survives the conversion", () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z0-9:/.-]{1,12}$/), { minLength: 1, maxLength: 30 }),
        fc.array(fc.constantFrom(" ", "\n", "\n\n", "\n> "), { minLength: 30, maxLength: 30 }),
        (words, seps) => {
          const text = words.map((w, i) => `${w}${seps[i]}`).join("");
          const back = adfText(toAdf(text));
          for (const w of words) expect(back).toContain(w);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("reading a tracker's state into the table", () => {
  it("property: the new status is a fixpoint (a second sync changes nothing) and never a no-op change", () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATES), fc.constantFrom(...STATES), (item, tracker) => {
        const next = statusFromTracker(item, tracker);
        if (next !== null) expect(next).not.toBe(item);
        expect(statusFromTracker(next ?? item, tracker)).toBeNull();
      }),
    );
  });

  it("maps done, won't do, in progress and reopened as documented", () => {
    expect(statusFromTracker("open", "done")).toBe("done");
    expect(statusFromTracker("wont-do", "done")).toBeNull();
    expect(statusFromTracker("open", "wont-do")).toBe("wont-do");
    expect(statusFromTracker("open", "in-progress")).toBe("in-progress");
    expect(statusFromTracker("done", "open")).toBe("open");
    expect(statusFromTracker("in-progress", "open")).toBeNull();
  });

  it("moves the owner only when the tracker names someone else", () => {
    const item = { owner: "@tortega" } as StoredActionItem;
    const status = (assignee: string | null, aliases: string[] = []): TrackerStatus => ({
      key: "OPS-1",
      url: "u",
      state: "open",
      due: null,
      title: "t",
      assignee,
      assigneeAliases: assignee ? [assignee, ...aliases] : [],
    });
    const settings = {
      kind: "jira-cloud",
      users: { "@praman": "praman@example.com", "@tortega": "tortega@example.com" },
    } as TrackerSettings;
    expect(ownerFromTracker(item, status(null), settings)).toBeNull();
    expect(ownerFromTracker(item, status("tortega@example.com"), settings)).toBeNull();
    expect(ownerFromTracker(item, status("praman@example.com", ["Priya Raman"]), settings)).toBe("@praman");
    expect(ownerFromTracker(item, status("kim@example.com"), settings)).toBe("kim@example.com");
    expect(ownerFromTracker(item, status("kim"), { kind: "gitlab" } as TrackerSettings)).toBe("@kim");
  });
});
