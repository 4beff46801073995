import { readFileSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { reviewActionItems } from "../src/insights/index.js";
import { parsePostmortem } from "../src/postmortem/index.js";
import { syncActionItemsFromGitHub } from "../src/publish/index.js";
import { startGitHubServer } from "./support/replay/github-server.js";

const completed = join(import.meta.dirname, "..", "examples", "postmortems", "api-degradation.md");
const TOKEN = "ghp_synctoken1234567890abcdefghijklmnopq";

describe("review --sync from GitHub", () => {
  it("marks items whose issues were closed as done, editing only their Status cells", async () => {
    const gh = await startGitHubServer({ owner: "acme", repo: "orders-api", token: TOKEN });
    for (let n = 1; n <= 4; n++) {
      gh.issues.push({
        number: n,
        title: `AI-00${n}`,
        body: "",
        labels: ["post-mortem"],
        assignees: [],
        state: n === 2 ? "closed" : "open",
        state_reason: null,
        comments: [],
      });
    }
    const workspace = await mkdtemp(join(tmpdir(), "debrief-sync-"));
    await mkdir(join(workspace, "2025-02-09-orders"));
    const file = join(workspace, "2025-02-09-orders", "postmortem.md");
    const source = readFileSync(completed, "utf8").replace(
      /\| (AI-00(\d)) (\|.*\| open \|) \|/g,
      (_m, id: string, n: string, rest: string) =>
        `| ${id} ${rest} https://github.example/acme/orders-api/issues/${n} |`,
    );
    writeFileSync(file, source);
    const before = reviewActionItems(workspace, { asOf: "2025-02-12" });
    expect(before.totals.open).toBe(4);

    const report = await syncActionItemsFromGitHub(workspace, {
      repo: "acme/orders-api",
      apiUrl: gh.url,
      token: TOKEN,
    });
    expect(report.checked).toBe(4);
    expect(report.changes).toEqual([expect.objectContaining({ itemId: "AI-002", from: "open", to: "done" })]);
    const after = readFileSync(file, "utf8");
    const changedLines = after.split("\n").filter((l, i) => l !== source.split("\n")[i]);
    expect(changedLines).toHaveLength(1);
    expect(changedLines[0]).toMatch(/^\| AI-002 \|.*\| done \| https:/);
    expect(parsePostmortem(after, file).postmortem.actionItems.find((i) => i.id === "AI-002")?.status).toBe("done");
    // the index sees the edit on its next refresh
    expect(reviewActionItems(workspace, { asOf: "2025-02-12" }).totals.open).toBe(3);

    // a second sync has nothing to change
    const again = await syncActionItemsFromGitHub(workspace, { repo: "acme/orders-api", apiUrl: gh.url, token: TOKEN });
    expect(again.changes).toEqual([]);
    await gh.close();
  });
});

describe("debrief review --sync (CLI)", () => {
  it("pulls statuses, then reviews; exits 2 without a token", async () => {
    const { main } = await import("../src/cli/main.js");
    const gh = await startGitHubServer({ owner: "acme", repo: "orders-api", token: TOKEN });
    gh.issues.push({
      number: 1,
      title: "AI-001",
      body: "",
      labels: [],
      assignees: [],
      state: "closed",
      state_reason: null,
      comments: [],
    });
    const workspace = await mkdtemp(join(tmpdir(), "debrief-sync-cli-"));
    await mkdir(join(workspace, "inc"));
    writeFileSync(
      join(workspace, "inc", "postmortem.md"),
      readFileSync(completed, "utf8")
        .replace("| AI-001 |", "| AI-001 |")
        .replace(/(\| AI-001 \|.*\| open \|) \|/, "$1 acme/orders-api#1 |"),
    );
    let out = "";
    let err = "";
    const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t) };
    const code = await main(
      [
        "node",
        "debrief",
        "review",
        workspace,
        "--sync",
        "acme/orders-api",
        "--github-api-url",
        gh.url,
        "--as-of",
        "2025-02-12",
        "--json",
      ],
      { ...io, env: { ...process.env, GITHUB_TOKEN: TOKEN } },
    );
    expect(code).toBe(0);
    expect(err).toContain("AI-001: open -> done");
    expect((JSON.parse(out) as { totals: { open: number } }).totals.open).toBe(3);
    const { GITHUB_TOKEN: _t, ...noToken } = process.env;
    const refused = await main(["node", "debrief", "review", workspace, "--sync", "acme/orders-api"], {
      ...io,
      env: noToken,
    });
    expect(refused).toBe(2);
    await gh.close();
  });
});
