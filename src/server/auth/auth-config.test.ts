import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isDebriefError } from "../../model/debrief-error.js";
import { AUTH_ENVIRONMENT, loadAuthConfig, signInConfigured } from "./auth-config.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function workspace(rc?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "debrief-auth-config-"));
  dirs.push(dir);
  if (rc !== undefined) writeFileSync(join(dir, ".debriefrc.yaml"), rc);
  return dir;
}

function failure(ws: string, env: Record<string, string>): string {
  try {
    loadAuthConfig(ws, env);
  } catch (error) {
    expect(isDebriefError(error) && error.code).toBe("CONFIG_INVALID");
    return (error as Error).message;
  }
  throw new Error("expected a CONFIG_INVALID error");
}

describe("sign-in settings", () => {
  it("with nothing configured: no sign-in, SQLite, 12 h sessions", () => {
    const config = loadAuthConfig(workspace(), {});
    expect(signInConfigured(config)).toBe(false);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.sessionTtlMs).toBe(12 * 3_600_000);
  });

  it("reads the environment, which wins over the file", () => {
    const ws = workspace(
      "rules: {}\nserve:\n  publicUrl: https://file.example.com\n  oidc:\n    issuer: https://id.example.com\n    clientId: from-file\n",
    );
    const config = loadAuthConfig(ws, {
      DEBRIEF_OIDC_CLIENT_ID: "from-env",
      DEBRIEF_ADMIN_EMAILS: " Ann@Example.com , bo@example.com",
      DEBRIEF_DATABASE_URL: "postgres://db/debrief",
      DEBRIEF_SESSION_TTL: "7d",
      DEBRIEF_TRUSTED_PROXY_USER_HEADER: "X-Auth-Request-User",
      DEBRIEF_TRUSTED_PROXY_ADDRESSES: "10.0.0.0/8,::1",
    });
    expect(config.oidc?.clientId).toBe("from-env");
    expect(config.oidc?.issuer.href).toBe("https://id.example.com/");
    expect(config.oidc?.scopes).toEqual(["openid", "email", "profile"]);
    expect(config.publicUrl?.hostname).toBe("file.example.com");
    expect(config.adminEmails).toEqual(["ann@example.com", "bo@example.com"]);
    expect(config.databaseUrl).toBe("postgres://db/debrief");
    expect(config.sessionTtlMs).toBe(7 * 86_400_000);
    expect(config.trustedProxy).toEqual({ userHeader: "x-auth-request-user", addresses: ["10.0.0.0/8", "::1"] });
    expect(signInConfigured(config)).toBe(true);
  });

  it("names the variable of a bad value from the environment", () => {
    expect(failure(workspace(), { DEBRIEF_OIDC_ISSUER: "id.example.com", DEBRIEF_OIDC_CLIENT_ID: "x" })).toMatch(
      /^DEBRIEF_OIDC_ISSUER: expected an http\(s\) URL/,
    );
    expect(failure(workspace(), { DEBRIEF_DATABASE_URL: "mysql://db" })).toMatch(
      /^DEBRIEF_DATABASE_URL: expected a postgres/,
    );
    expect(failure(workspace(), { DEBRIEF_SESSION_TTL: "forever" })).toMatch(
      /^DEBRIEF_SESSION_TTL: expected a duration/,
    );
    expect(
      failure(workspace(), {
        DEBRIEF_TRUSTED_PROXY_USER_HEADER: "X-User",
        DEBRIEF_TRUSTED_PROXY_ADDRESSES: "proxy.local",
      }),
    ).toMatch(/^DEBRIEF_TRUSTED_PROXY_ADDRESSES: expected an IP address or CIDR/);
  });

  it("names both places of a setting that is missing", () => {
    expect(failure(workspace(), { DEBRIEF_OIDC_ISSUER: "https://id.example.com" })).toMatch(
      /^DEBRIEF_OIDC_CLIENT_ID \(serve\.oidc\.clientId\)/,
    );
    expect(failure(workspace(), { DEBRIEF_GITHUB_CLIENT_ID: "x" })).toMatch(/^DEBRIEF_GITHUB_CLIENT_SECRET/);
  });

  it("names the file and line of a bad value in .debriefrc.yaml, and refuses unknown keys", () => {
    const ws = workspace(
      "serve:\n  trustedProxy:\n    userHeader: X-User\n    addresses:\n      - 10.0.0.1\n      - not-an-ip\n",
    );
    expect(failure(ws, {})).toMatch(/^\.debriefrc\.yaml:6: serve\.trustedProxy\.addresses\.1: expected an IP/);
    expect(failure(workspace("serve:\n  oidcc: {}\n"), {})).toMatch(/oidcc/);
    expect(failure(workspace("serve: [1]\n"), {})).toMatch(/serve must be a mapping/);
    expect(failure(workspace("serve:\n  publicUrl: [\n"), {})).toMatch(/^.*not valid YAML/);
  });

  it("documents every setting for --help", () => {
    const names = AUTH_ENVIRONMENT.map((e) => e.name);
    for (const required of [
      "DEBRIEF_OIDC_ISSUER",
      "DEBRIEF_OIDC_CLIENT_ID",
      "DEBRIEF_OIDC_CLIENT_SECRET",
      "DEBRIEF_GITHUB_CLIENT_ID",
      "DEBRIEF_GITHUB_CLIENT_SECRET",
      "DEBRIEF_TRUSTED_PROXY_USER_HEADER",
      "DEBRIEF_TRUSTED_PROXY_ADDRESSES",
      "DEBRIEF_DATABASE_URL",
      "DEBRIEF_PUBLIC_URL",
    ]) {
      expect(names).toContain(required);
    }
  });
});
