import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openTeamStore, type TeamStore } from "../../store/index.js";
import { identityFromClaims } from "./oidc-sign-in.js";
import { roleAtLeast, signInUser } from "./sign-in-user.js";

const ws = mkdtempSync(join(tmpdir(), "debrief-sign-in-user-"));
let store: TeamStore | undefined;
afterAll(async () => {
  await store?.close();
  rmSync(ws, { recursive: true, force: true });
});

const claims = (extra: Record<string, unknown>) =>
  ({ iss: "https://id.example.com", sub: "s1", aud: "x", iat: 0, exp: 0, ...extra }) as Parameters<
    typeof identityFromClaims
  >[0];

describe("who signed in", () => {
  it("keeps an e-mail only when the provider says it is verified", () => {
    expect(identityFromClaims(claims({ email: "A@Example.com", email_verified: true, name: "Ann" }))).toEqual({
      issuer: "https://id.example.com",
      subject: "s1",
      email: "a@example.com",
      name: "Ann",
    });
    expect(identityFromClaims(claims({ email: "a@example.com", email_verified: false })).email).toBeNull();
    // no name: the username, then the e-mail, then the subject
    expect(identityFromClaims(claims({ preferred_username: "ann" })).name).toBe("ann");
    expect(identityFromClaims(claims({})).name).toBe("s1");
  });

  it("makes the first person and configured admins admin, everyone else a viewer", async () => {
    store = await openTeamStore({ workspace: ws });
    const first = await signInUser(store, { issuer: "i", subject: "1", email: "first@example.com", name: "First" }, []);
    expect(first.role).toBe("admin");
    const second = await signInUser(store, { issuer: "i", subject: "2", email: "x@example.com", name: "X" }, []);
    expect(second.role).toBe("viewer");
    const boss = await signInUser(store, { issuer: "i", subject: "3", email: "Boss@Example.com", name: "B" }, [
      "boss@example.com",
    ]);
    expect(boss.role).toBe("admin");
    // a role an admin gave is kept at the next sign-in
    await store.setRole(second.id, "editor");
    expect((await signInUser(store, { issuer: "i", subject: "2", email: "x@example.com", name: "X" }, [])).role).toBe(
      "editor",
    );
    expect(roleAtLeast("editor", "viewer")).toBe(true);
    expect(roleAtLeast("viewer", "editor")).toBe(false);
  });
});
