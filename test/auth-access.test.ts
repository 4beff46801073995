import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { createMcpHttpHandler } from "../src/mcp/index.js";
import { startHttpServer } from "../src/server/index.js";
import { openTeamStore } from "../src/store/index.js";
import { type CookieClient, type OidcProvider, signInWithOidc, startOidcProvider } from "./support/oidc-provider.js";

/**
 * Access with sign-in on: roles, CSRF tokens on forms, private incidents invisible to non-members through the API and
 * the MCP tools (and not confirmable by probing), the review workflow's rules and its sign-off in the front matter,
 * and the audit log of who viewed, approved and published what.
 */

const base = realpathSync(mkdtempSync(join(tmpdir(), "debrief-auth-access-")));
const ws = join(base, "ws");
const SUMMARY = "People wrote this summary, by hand.\n\nIt must survive every workflow step byte for byte.";

function incident(dir: string, frontMatter: string): void {
  mkdirSync(join(ws, dir, "evidence"), { recursive: true });
  writeFileSync(
    join(ws, dir, "postmortem.md"),
    `---\nid: ${dir.toUpperCase()}\ntitle: Incident ${dir}\nseverity: SEV2\n${frontMatter}---\n\n# Incident ${dir}\n\n## Summary\n\n${SUMMARY}\n\n## Root cause\n\nA pool ran dry.\n`,
  );
  writeFileSync(join(ws, dir, "evidence", "app.log"), "2025-02-09T10:00:00Z ERROR pool exhausted\n");
}

let provider: OidcProvider;
let server: string;
let close: () => Promise<void>;
const people: Record<string, CookieClient> = {};

beforeAll(async () => {
  incident("pub", "status: draft\n");
  incident("secret", "private: true\nmembers: [bob@example.com]\n");
  incident("other", "");
  symlinkSync(join(ws, "secret"), join(ws, "alias"));
  provider = await startOidcProvider({
    users: ["alice", "bob", "carol", "dave"].map((n) => ({
      sub: n,
      email: `${n}@example.com`,
      name: n[0]?.toUpperCase() + n.slice(1),
    })),
  });
  const env = { DEBRIEF_OIDC_ISSUER: provider.issuer, DEBRIEF_OIDC_CLIENT_ID: provider.clientId };
  const started = await startHttpServer({
    workspace: ws,
    version: "test",
    env,
    log: () => {},
    port: 0,
    mcp: createMcpHttpHandler({ cwd: ws, version: "test", env, log: () => {}, allowWrite: true }),
  });
  server = `http://127.0.0.1:${started.port}`;
  close = started.close;
  // alice signs in first: admin; the others are viewers until alice says otherwise
  for (const name of ["alice", "bob", "carol", "dave"])
    people[name] = (await signInWithOidc(server, provider, name)).client;
});

afterAll(async () => {
  await close?.();
  await provider?.close();
  rmSync(base, { recursive: true, force: true });
});

function who(name: string): CookieClient {
  const client = people[name];
  if (!client) throw new Error(`${name} is not signed in`);
  return client;
}

async function tool(name: string, op: string, input: Record<string, unknown>) {
  const r = await who(name).fetch(`${server}/api/tools/${op}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
  });
  return {
    status: r.status,
    json: JSON.parse(r.body) as { error?: { code: string; message: string } } & Record<string, unknown>,
  };
}

async function csrfOf(name: string, path = "/auth/logout"): Promise<string> {
  const page = await who(name).fetch(`${server}${path}`);
  return /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
}

async function form(name: string, path: string, fields: Record<string, string>, origin = server) {
  return who(name).fetch(`${server}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin },
    body: new URLSearchParams(fields).toString(),
  });
}

describe("roles", () => {
  it("refuses a viewer what needs an editor or an admin, over the API and on the admin page", async () => {
    const draft = await tool("dave", "postmortem_draft", { dir: "pub", dryRun: true });
    expect(draft.status).toBe(403);
    expect(draft.json.error?.code).toBe("PERMISSION_DENIED");
    expect((await tool("dave", "incident_members", { dir: "pub", private: true })).status).toBe(403);
    const admin = await who("dave").fetch(`${server}/admin`, { headers: { accept: "text/html" } });
    expect(admin.status).toBe(403);
    expect(admin.body).toContain("needs the admin role");
    // reading is a viewer's right
    expect((await tool("dave", "postmortem_lint", { files: ["pub/postmortem.md"] })).status).toBe(200);
    expect((await who("alice").fetch(`${server}/admin`)).status).toBe(200);
  });

  it("lets an admin give a role on the admin page, with the form's CSRF token", async () => {
    const store = await openTeamStore({ workspace: ws });
    const carol = (await store.listUsers()).find((u) => u.email === "carol@example.com");
    await store.close();
    const token = await csrfOf("alice", "/admin");
    const r = await form("alice", `/admin/users/${carol?.id}/role`, { _csrf: token, role: "editor" });
    expect(r.status).toBe(303);
    const me = JSON.parse((await who("carol").fetch(`${server}/auth/me`)).body);
    expect(me.role).toBe("editor");
  });
});

describe("cross-site form posts (CSRF)", () => {
  it("refuses a form post from another site, one without the token and one with another session's token", async () => {
    const token = await csrfOf("alice", "/admin");
    const crossSite = await form(
      "alice",
      "/admin/users/x/role",
      { _csrf: token, role: "admin" },
      "https://evil.example",
    );
    expect(crossSite.status).toBe(403);
    const missing = await form("alice", "/admin/users/x/role", { role: "admin" });
    expect(missing.status).toBe(403);
    expect(JSON.parse(missing.body).error.code).toBe("CSRF");
    const foreign = await form("alice", "/admin/users/x/role", { _csrf: await csrfOf("dave"), role: "admin" });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).error.code).toBe("CSRF");
    // a cross-site text/plain post to the API (no preflight) never reaches an operation
    const plain = await who("alice").fetch(`${server}/api/tools/postmortem_draft`, {
      method: "POST",
      headers: { "content-type": "text/plain", origin: "https://evil.example" },
      body: JSON.stringify({ dir: "pub" }),
    });
    expect(plain.status).toBe(403);
  });
});

describe("private incidents", () => {
  it("are refused to a non-member exactly as a folder that does not exist, through every path argument", async () => {
    for (const [op, input] of [
      ["evidence_inventory", (d: string) => ({ paths: [`${d}/evidence`] })],
      ["postmortem_lint", (d: string) => ({ files: [`${d}/postmortem.md`] })],
      ["review_comments", (d: string) => ({ dir: d })],
      ["templates_mine", (d: string) => ({ file: `${d}/evidence/app.log` })],
    ] as const) {
      for (const dir of ["secret", "alias", "secret/../secret"]) {
        const r = await tool("dave", op, input(dir));
        expect(r.status, `${op} ${dir}`).toBe(404);
        expect(r.json.error?.code).toBe("INPUT_NOT_FOUND");
        expect(JSON.stringify(r.json)).not.toContain("pool exhausted");
      }
      const missing = await tool("dave", op, input("nosuch"));
      expect(missing.status, `${op} nosuch`).toBe(404);
      expect(missing.json.error?.code).toBe("INPUT_NOT_FOUND");
      // the same words too, but for the name asked about: a prober learns nothing
      const hidden = await tool("dave", op, input("secret"));
      expect(hidden.json.error?.message.replace("secret", "nosuch")).toBe(missing.json.error?.message);
    }
    // a tool spanning the workspace would count the private incident: refused to a non-member
    const search = await tool("dave", "workspace_search", { query: "pool" });
    expect(search.status).toBe(403);
    expect(JSON.stringify(search.json)).not.toContain("secret");
  });

  it("are open to their members and to admins", async () => {
    expect((await tool("bob", "evidence_inventory", { paths: ["secret/evidence"] })).status).toBe(200);
    expect((await tool("alice", "evidence_inventory", { paths: ["secret/evidence"] })).status).toBe(200);
    expect((await tool("alice", "workspace_search", { query: "pool" })).status).toBe(200);
  });

  it("are made private, with members and reviewers, by an admin on the admin page", async () => {
    expect((await tool("dave", "evidence_inventory", { paths: ["other/evidence"] })).status).toBe(200);
    const token = await csrfOf("alice", "/admin");
    const saved = await form("alice", "/admin/incidents/other/access", {
      _csrf: token,
      private: "true",
      members: "carol@example.com\nBob@Example.com",
      reviewers: "bob@example.com",
    });
    expect(saved.status).toBe(303);
    const text = readFileSync(join(ws, "other", "postmortem.md"), "utf8");
    const front = parseYaml(/^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? "") as Record<string, unknown>;
    expect(front).toMatchObject({
      private: true,
      members: ["carol@example.com", "bob@example.com"],
      title: "Incident other",
    });
    expect(text).toContain(SUMMARY);
    expect((await tool("dave", "evidence_inventory", { paths: ["other/evidence"] })).status).toBe(404);
    expect((await tool("carol", "evidence_inventory", { paths: ["other/evidence"] })).status).toBe(200);
    const reviewers = await tool("alice", "review_reviewers", { dir: "other" });
    expect(reviewers.json.reviewers).toEqual([expect.objectContaining({ email: "bob@example.com" })]);
    // a viewer cannot do the same through the API
    expect((await tool("dave", "incident_members", { dir: "pub", private: true })).status).toBe(403);
  });

  it("are invisible to a non-member through the MCP tools and resources", async () => {
    const connect = async (name: string) => {
      const client = new Client({ name: "auth-test", version: "1" });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${server}/mcp`), {
          requestInit: { headers: { cookie: who(name).cookieHeader(server) } },
        }),
      );
      return client;
    };
    const dave = await connect("dave");
    const call = await dave.callTool({ name: "evidence_inventory", arguments: { paths: ["secret/evidence"] } });
    expect(call.isError).toBe(true);
    const text = (call.content as Array<{ text?: string }>).map((c) => c.text ?? "").join("");
    expect(text).toMatch(/^INPUT_NOT_FOUND/);
    const resources = await dave.listResources();
    expect(JSON.stringify(resources)).not.toMatch(/SECRET|secret/);
    const direct = await dave.readResource({ uri: "incident://SECRET" }).then(
      (r) => JSON.stringify(r),
      (e: Error) => `refused: ${e.message}`,
    );
    expect(direct).toMatch(/^refused/);
    expect(direct).not.toContain("SECRET,");
    await dave.close();
    const bob = await connect("bob");
    const ok = await bob.callTool({ name: "evidence_inventory", arguments: { paths: ["secret/evidence"] } });
    expect(ok.isError).toBeFalsy();
    await bob.close();
  });
});

describe("review workflow", () => {
  const fm = () => {
    const text = readFileSync(join(ws, "pub", "postmortem.md"), "utf8");
    return { text, data: parseYaml(/^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? "") as Record<string, unknown> };
  };

  it("submits, approves only by an assigned reviewer, signs off in the front matter, publishes only after approval", async () => {
    const before = fm().text;
    expect((await tool("dave", "review_transition", { dir: "pub", to: "in-review" })).status).toBe(403);
    const early = await tool("carol", "review_transition", { dir: "pub", to: "published" });
    expect(early.status).toBe(409);
    expect(early.json.error?.code).toBe("CONFLICT");
    expect((await tool("carol", "review_transition", { dir: "pub", to: "in-review" })).status).toBe(200);
    expect(fm().data.status).toBe("in-review");
    const reviewers = await tool("carol", "review_reviewers", { dir: "pub", set: ["bob@example.com"] });
    expect(reviewers.status).toBe(200);
    // an editor who is not a reviewer may not approve
    const notReviewer = await tool("carol", "review_transition", { dir: "pub", to: "approved" });
    expect(notReviewer.status).toBe(403);
    expect(fm().data.status).toBe("in-review");
    const approved = await tool("bob", "review_transition", { dir: "pub", to: "approved" });
    expect(approved.status).toBe(200);
    const data = fm().data;
    expect(data.status).toBe("approved");
    expect(data.signOff).toEqual([
      { by: "Bob", role: "reviewer", at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) },
    ]);
    // a viewer-reviewer may not publish; an editor may, now that it is approved
    expect((await tool("bob", "review_transition", { dir: "pub", to: "published" })).status).toBe(403);
    expect((await tool("carol", "review_transition", { dir: "pub", to: "published" })).status).toBe(200);
    const after = fm();
    expect(after.data.status).toBe("published");
    // every byte outside the front matter is as the people wrote it
    const body = (t: string) => t.slice(t.indexOf("\n---\n", 4));
    expect(body(after.text)).toBe(body(before));
    expect(after.text).toContain(SUMMARY);
  });

  it("anchors comments to the post-mortem's sections", async () => {
    const ok = await tool("dave", "review_comment", { dir: "pub", section: "summary", body: "Which deploy?" });
    expect(ok.status).toBe(200);
    const bad = await tool("dave", "review_comment", { dir: "pub", section: "nosuch", body: "x" });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.message).toMatch(/summary/);
    const list = await tool("dave", "review_comments", { dir: "pub" });
    expect(list.json.comments).toEqual([
      expect.objectContaining({ section: "summary", body: "Which deploy?", resolved: false }),
    ]);
    // a comment on a private incident is refused to a non-member
    expect((await tool("dave", "review_comment", { dir: "secret", section: "summary", body: "x" })).status).toBe(404);
  });

  it("writes who viewed, approved and published what to the audit log", async () => {
    const view = await who("dave").fetch(`${server}/incidents/pub`, { headers: { accept: "text/html" } });
    expect([200, 404]).toContain(view.status);
    const store = await openTeamStore({ workspace: ws });
    const entries = await store.listAudit({ target: "pub", limit: 200 });
    await store.close();
    const seen = entries.map((e) => `${e.actorName} ${e.action}`);
    expect(seen).toEqual(expect.arrayContaining(["Carol submit", "Bob approve", "Carol publish", "Dave comment"]));
    if (view.status === 200) expect(seen).toContain("Dave view");
  });
});
