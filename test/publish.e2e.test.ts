import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cp, mkdtemp } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { addActionItemColumn, parsePostmortem, updateActionItems } from "../src/postmortem/index.js";
import { actionItemMarker, followUpStart } from "../src/publish/index.js";
import { chromiumAvailable } from "./support/chromium.js";
import { startGitHubServer } from "./support/replay/github-server.js";
import { canRun } from "./support/skip-reason.js";
import { mimeHeaders, mimePartTypes, startSmtpServer } from "./support/smtp.js";

const root = join(import.meta.dirname, "..");
const completed = join(root, "examples", "postmortems", "api-degradation.md");
const TOKEN = "ghp_testtoken1234567890abcdefghijklmnopqr";
// without Chromium the e-mail goes out without its PDF, and the PDF checks are skipped (said once below)
const hasChromium = canRun("the PDF attachment checks of publish.e2e", "Chromium", chromiumAvailable());

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let hooks: {
  url: string;
  posts: Array<{ path: string; headers: Record<string, unknown>; body: unknown }>;
  close(): Promise<void>;
};

async function incidentDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "debrief-publish-"));
  // the report's charts need only the metric documents; the logs would just slow every run down
  const evidence = join(root, "examples", "incidents", "api-degradation", "evidence");
  for (const name of ["metrics.json", "metrics-error-ratio.json"]) {
    await cp(join(evidence, name), join(dir, "evidence", name));
  }
  await cp(completed, join(dir, "postmortem.md"));
  return dir;
}

/**
 * Run the built binary as a child process without blocking this process's event loop: the fake GitHub, SMTP and
 * webhook servers the child talks to live here.
 */
function runBin(args: string[], env: Record<string, string>) {
  return new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (done) => {
      const child = spawn(process.execPath, [join(root, "bin", "debrief.js"), ...args], {
        env: { ...process.env, ...env },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c) => (stdout += c));
      child.stderr.on("data", (c) => (stderr += c));
      child.on("close", (status, signal) => done({ status, signal, stdout, stderr }));
    },
  );
}

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await main(["node", "debrief", ...args], {
    env: { ...process.env, ...env },
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

function channelArgs(gh: { url: string }) {
  return [
    "--smtp",
    `smtp://127.0.0.1:${smtp.port}?tls=off`,
    "--to",
    "sre@example.com",
    "--to",
    "eng-leads@example.com",
    "--from",
    "debrief@example.com",
    "--slack-webhook",
    `${hooks.url}/slack/T000/B000/XXXXXXXXXXXXXXXX`,
    "--webhook",
    `${hooks.url}/hook`,
    "--github",
    "acme/orders-api",
    "--github-api-url",
    gh.url,
    "--link",
    "https://wiki.example.com/pm/INC-2025-0209",
    ...(hasChromium ? [] : ["--no-pdf"]),
  ];
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  const posts: Array<{ path: string; headers: Record<string, unknown>; body: unknown }> = [];
  const server = createServer((req, res) => {
    let s = "";
    req.on("data", (c) => (s += c));
    req.on("end", () => {
      posts.push({ path: req.url ?? "", headers: req.headers, body: JSON.parse(s) });
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", () => done()));
  const address = server.address();
  hooks = {
    url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`,
    posts,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
});

afterAll(async () => {
  await smtp?.close();
  await hooks?.close();
});

describe("follow-up scheduling", () => {
  it("is four weeks after resolution, moved off weekends, 14:00 UTC", () => {
    // 2025-02-09 + 28 days = Sunday 2025-03-09 → Monday
    expect(followUpStart(new Date("2025-02-09T10:40:00Z")).toISOString()).toBe("2025-03-10T14:00:00.000Z");
    expect(followUpStart(new Date("2025-02-05T10:40:00Z")).toISOString()).toBe("2025-03-05T14:00:00.000Z");
  });
});

describe("action-item table edits", () => {
  it("sets a Tracker cell and changes no other byte", () => {
    const source = readFileSync(completed, "utf8");
    const parsed = parsePostmortem(source, completed);
    const out = updateActionItems(parsed, [{ id: "AI-002", fields: { tracker: "https://x/issues/2" } }]);
    const before = source.split("\n");
    const after = out.split("\n");
    expect(after.length).toBe(before.length);
    const changed = after.map((l, i) => (l === before[i] ? -1 : i)).filter((i) => i >= 0);
    expect(changed).toHaveLength(1);
    expect(after[changed[0]!]).toMatch(/^\| AI-002 \|.*\| https:\/\/x\/issues\/2 \|$/);
    expect(parsePostmortem(out, completed).postmortem.actionItems.find((i) => i.id === "AI-002")?.tracker).toBe(
      "https://x/issues/2",
    );
  });

  it("adds a Tracker column to a table that has none", () => {
    const source = readFileSync(completed, "utf8")
      .replace("| Status | Tracker |", "| Status |")
      .replace("|---|---|---|---|---|---|---|", "|---|---|---|---|---|---|")
      .replace(/\| open \| \|/g, "| open |");
    const parsed = parsePostmortem(source, completed);
    const widened = addActionItemColumn(parsed, "Tracker");
    expect(addActionItemColumn(parsePostmortem(widened, completed), "Tracker")).toBe(widened);
    expect(widened.split("\n").length).toBe(source.split("\n").length);
    const out = updateActionItems(parsePostmortem(widened, completed), [{ id: "AI-001", fields: { tracker: "#7" } }]);
    const reparsed = parsePostmortem(out, completed).postmortem.actionItems;
    expect(reparsed.find((i) => i.id === "AI-001")?.tracker).toBe("#7");
    expect(reparsed.find((i) => i.id === "AI-002")?.tracker ?? "").toBe("");
  });
});

describe("debrief publish", () => {
  it("--dry-run prints every step and changes nothing", async () => {
    const gh = await startGitHubServer({ owner: "acme", repo: "orders-api", token: TOKEN });
    const dir = await incidentDir();
    const before = readFileSync(join(dir, "postmortem.md"));
    const mails = smtp.messages.length;
    const r = await cli(["publish", dir, "--dry-run", ...channelArgs(gh)], { GITHUB_TOKEN: TOKEN });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('would  file GitHub issue "AI-001: Add index');
    expect(r.stdout).toContain('e-mail "[Post-mortem] SEV2 INC-2025-0209');
    expect(r.stdout).toContain('"type": "header"');
    expect(r.stdout).toContain("dry run: nothing was sent, created or written");
    expect(readFileSync(join(dir, "postmortem.md")).equals(before)).toBe(true);
    expect(existsSync(join(dir, ".debrief"))).toBe(false);
    expect(existsSync(join(dir, "follow-up-review.ics"))).toBe(false);
    expect(smtp.messages.length).toBe(mails);
    expect(gh.requests).toHaveLength(0);
    await gh.close();
  });

  it("sends, files and records once; a rerun repeats nothing", async () => {
    const gh = await startGitHubServer({
      owner: "acme",
      repo: "orders-api",
      token: TOKEN,
      users: ["dvolkov", "praman", "tortega"],
    });
    // GitHub's secondary rate limit on the first issue creation: 403 with retry-after
    gh.inject({
      status: 403,
      body: { message: "You have exceeded a secondary rate limit." },
      headers: { "retry-after": "1" },
      match: /^POST \/repos\/acme\/orders-api\/issues$/,
    });
    const dir = await incidentDir();
    const mails = smtp.messages.length;
    const posts = hooks.posts.length;
    const r = await cli(["publish", dir, ...channelArgs(gh), "--json"], { GITHUB_TOKEN: TOKEN });
    expect(r.stderr).not.toContain(TOKEN);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { steps: Array<{ id: string; outcome: string }>; documentUpdates: string[] };
    expect(report.steps.map((s) => [s.id, s.outcome])).toEqual([
      ["ics", "done"],
      ["github:AI-001", "done"],
      ["github:AI-002", "done"],
      ["github:AI-003", "done"],
      ["github:AI-004", "done"],
      ["email", "done"],
      ["slack", "done"],
      ["webhook", "done"],
    ]);
    // GitHub: four issues, labelled, assigned where the login exists, with the marker
    expect(gh.issues).toHaveLength(4);
    expect(gh.issues[0]?.title).toBe(
      "AI-001: Add index `orders_customer_id_status_idx` on `orders (customer_id, status)`",
    );
    expect(gh.issues[0]?.labels).toEqual(["post-mortem", "P1"]);
    expect(gh.issues[0]?.assignees).toEqual(["dvolkov"]);
    expect(gh.issues[2]?.assignees).toEqual([]); // @kwatanabe is not a user: filed unassigned
    expect(gh.issues[1]?.body).toContain(actionItemMarker("INC-2025-0209", "AI-002"));
    expect(gh.issues[1]?.body).toContain("| @praman | 2025-02-21 | P1 |");
    // e-mail: headers, alternative parts, attachments
    expect(smtp.messages.length).toBe(mails + 1);
    const mail = smtp.messages.at(-1)!;
    expect(mail.to.sort()).toEqual(["eng-leads@example.com", "sre@example.com"]);
    const headers = mimeHeaders(mail.raw);
    expect(headers.subject).toBe("[Post-mortem] SEV2 INC-2025-0209: Orders API degradation after v2.3.0");
    expect(headers["message-id"]).toMatch(/^<debrief\.INC-2025-0209\.[0-9a-f]{16}@debrief\.invalid>$/);
    expect(headers.from).toBe("debrief@example.com");
    const parts = mimePartTypes(mail.raw);
    expect(parts).toEqual(
      expect.arrayContaining(["multipart/alternative", "text/plain", "text/html", "text/calendar"]),
    );
    if (hasChromium) {
      expect(parts).toContain("application/pdf");
      expect(mail.raw).toMatch(/filename="?INC-2025-0209-postmortem\.pdf/);
    }
    // Slack and webhook
    const newPosts = hooks.posts.slice(posts);
    const slack = newPosts.find((p) => p.path.startsWith("/slack/"))!.body as { blocks: Array<{ type: string }> };
    expect(slack.blocks[0]?.type).toBe("header");
    expect(JSON.stringify(slack)).toContain("*Action items*\\n4");
    const hook = newPosts.find((p) => p.path === "/hook")!;
    expect(String(hook.headers["idempotency-key"])).toMatch(/^debrief-INC-2025-0209-[0-9a-f]{16}$/);
    expect((hook.body as { postmortem: { actionItems: unknown[] } }).postmortem.actionItems).toHaveLength(4);
    // the document: tracker URLs, distributedAt, followUpReview; and the invitation file
    const doc = parsePostmortem(readFileSync(join(dir, "postmortem.md"), "utf8"), "pm.md").postmortem;
    expect(doc.actionItems.map((i) => i.tracker)).toEqual(
      [1, 2, 3, 4].map((n) => `https://github.example/acme/orders-api/issues/${n}`),
    );
    expect(String(doc.frontMatter.distributedAt)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(String(doc.frontMatter.followUpReview)).toBe("2025-03-10T14:00:00Z");
    const ics = readFileSync(join(dir, "follow-up-review.ics"), "utf8");
    expect(ics).toContain("DTSTART:20250310T140000Z");
    expect(ics).toContain("METHOD:REQUEST");

    // rerun: nothing sent or filed again
    const again = await cli(["publish", dir, ...channelArgs(gh), "--json"], { GITHUB_TOKEN: TOKEN });
    expect(again.code).toBe(0);
    const outcomes = (JSON.parse(again.stdout) as { steps: Array<{ outcome: string }> }).steps.map((s) => s.outcome);
    expect(new Set(outcomes)).toEqual(new Set(["skipped-already-done"]));
    expect(gh.issues).toHaveLength(4);
    expect(smtp.messages.length).toBe(mails + 1);
    expect(hooks.posts.length).toBe(posts + 2);
    await gh.close();
  });

  it("after being killed half way, a rerun finishes without duplicates", async () => {
    const gh = await startGitHubServer({
      owner: "acme",
      repo: "orders-api",
      token: TOKEN,
      users: ["dvolkov", "praman"],
    });
    const dir = await incidentDir();
    const mails = smtp.messages.length;
    const posts = hooks.posts.length;
    const killed = await runBin(["publish", dir, ...channelArgs(gh)], {
      GITHUB_TOKEN: TOKEN,
      DEBRIEF_TEST_CRASH_AFTER: "github:AI-002",
    });
    expect(killed.signal).toBe("SIGKILL");
    expect(gh.issues).toHaveLength(2);
    expect(smtp.messages.length).toBe(mails);

    // simulate the worst instant of a crash too: AI-003's issue was created but the ledger only says "started"
    const ledgerPath = join(dir, ".debrief", "publish-state.json");
    const ledger = JSON.parse(readFileSync(ledgerPath, "utf8")) as { steps: Record<string, unknown> };
    ledger.steps["github:AI-003"] = { status: "started", startedAt: "2025-02-10T09:00:00Z" };
    writeFileSync(ledgerPath, JSON.stringify(ledger));
    gh.issues.push({
      number: 3,
      title: "AI-003: (created before the crash)",
      body: `filed\n${actionItemMarker("INC-2025-0209", "AI-003")}`,
      labels: ["post-mortem"],
      assignees: [],
      state: "open",
      state_reason: null,
      comments: [],
    });

    const rerun = await runBin(["publish", dir, ...channelArgs(gh), "--json"], { GITHUB_TOKEN: TOKEN });
    expect(rerun.status).toBe(0);
    const steps = (JSON.parse(rerun.stdout) as { steps: Array<{ id: string; outcome: string }> }).steps;
    expect(Object.fromEntries(steps.map((s) => [s.id, s.outcome]))).toMatchObject({
      "github:AI-001": "skipped-already-done",
      "github:AI-002": "skipped-already-done",
      "github:AI-003": "reconciled",
      "github:AI-004": "done",
      email: "done",
    });
    expect(gh.issues.map((i) => i.number)).toEqual([1, 2, 3, 4]);
    expect(smtp.messages.length).toBe(mails + 1);
    expect(hooks.posts.length).toBe(posts + 2);
    await gh.close();
  }, 120_000);

  it("does not resend an e-mail whose outcome is unknown unless asked", async () => {
    const dir = await incidentDir();
    const mails = smtp.messages.length;
    const args = [
      "publish",
      dir,
      "--smtp",
      `smtp://127.0.0.1:${smtp.port}?tls=off`,
      "--to",
      "a@example.com",
      "--from",
      "d@example.com",
      "--no-pdf",
    ];
    const ledgerPath = join(dir, ".debrief", "publish-state.json");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(dir, ".debrief"), { recursive: true });
    writeFileSync(
      ledgerPath,
      JSON.stringify({
        formatVersion: 1,
        postmortemId: "INC-2025-0209",
        steps: { email: { status: "started", startedAt: "2025-02-10T09:00:00Z" } },
      }),
    );
    const first = await cli(args);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/unknown-outcome/);
    expect(first.stdout).toMatch(/--resend email/);
    expect(smtp.messages.length).toBe(mails);
    const second = await cli([...args, "--resend", "email"]);
    expect(second.code).toBe(0);
    expect(smtp.messages.length).toBe(mails + 1);
  });

  it("reports a refused token as a failed step without printing the token", async () => {
    const gh = await startGitHubServer({ owner: "acme", repo: "orders-api", token: TOKEN });
    const dir = await incidentDir();
    const r = await cli(["publish", dir, "--github", "acme/orders-api", "--github-api-url", gh.url], {
      GITHUB_TOKEN: "ghp_wrongwrongwrongwrongwrongwrongwrong12",
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/failed.*\n.*GitHub listing issues failed \(401\): Bad credentials/);
    expect(r.stdout + r.stderr).not.toContain("ghp_wrong");
    await gh.close();
  });

  it("refuses to publish a post-mortem with lint errors unless --force", async () => {
    const dir = await incidentDir();
    const text = readFileSync(join(dir, "postmortem.md"), "utf8")
      .replace(/\| AI-004 .*\n/, "")
      .replace(/\| AI-00[1-3] .*\n/g, "");
    writeFileSync(join(dir, "postmortem.md"), text);
    const sha = createHash("sha256").update(text).digest("hex");
    const r = await cli(["publish", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/lint found \d+ error/);
    expect(
      createHash("sha256")
        .update(readFileSync(join(dir, "postmortem.md")))
        .digest("hex"),
    ).toBe(sha);
    const forced = await cli(["publish", dir, "--force"]);
    expect(forced.code).toBe(0);
  });

  it("exits 2 for a folder without a post-mortem and for bad flags", async () => {
    const empty = await mkdtemp(join(tmpdir(), "debrief-publish-empty-"));
    expect((await cli(["publish", empty])).code).toBe(2);
    const dir = await incidentDir();
    const bad = await cli(["publish", dir, "--to", "x@example.com"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--to and --from go with --smtp/);
    const repo = await cli(["publish", dir, "--github", "not-a-repo"], { GITHUB_TOKEN: TOKEN });
    expect(repo.code).toBe(2);
    expect(repo.stderr).toMatch(/--github expects OWNER\/REPO/);
    const { GITHUB_TOKEN: _unused, ...noToken } = process.env;
    let stderr = "";
    const missing = await main(["node", "debrief", "publish", dir, "--github", "acme/orders-api"], {
      env: noToken,
      stdout: () => {},
      stderr: (t) => {
        stderr += t;
      },
    });
    expect(missing).toBe(2);
    expect(stderr).toMatch(/GITHUB_TOKEN is not set/);
    expect(existsSync(join(dir, "follow-up-review.ics"))).toBe(false);
  });
});
