import { existsSync, readFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { DebriefError } from "../../model/debrief-error.js";
import { isDuration, parseDuration } from "../../util/duration.js";

/**
 * Sign-in settings of `debrief serve`: the `serve:` key of the workspace's `.debriefrc.yaml`, overridden by
 * environment variables (secrets belong in the environment). Validated with zod at start; a bad value stops the
 * server with a message naming the setting and, for the file, its line.
 * @module
 */

const Url = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" });
const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "expected an e-mail address" }));
const HeaderName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "expected an HTTP header name such as X-Forwarded-User");
const Address = z
  .string()
  .trim()
  .refine((a) => isIP(a.split("/")[0] ?? "") !== 0, "expected an IP address or CIDR range such as 10.0.0.0/8");

/** The `serve:` section of `.debriefrc.yaml` (every key optional; the environment fills or overrides them). */
export const ServeConfigSchema = z
  .object({
    /** The URL people open (`https://debrief.example.com`): redirect URIs, Host checks and cookie security. */
    publicUrl: Url.optional(),
    /** `postgres://…` for the team database; absent: SQLite under the workspace's `.debrief/`. */
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "expected a postgres:// or postgresql:// URL")
      .optional(),
    /** People who become admin when they first sign in (the very first user always does). */
    adminEmails: z.array(Email).optional(),
    /** How long a session lasts, e.g. `12h` (default) or `7d`. */
    sessionTtl: z.string().refine(isDuration, "expected a duration such as 12h or 7d").optional(),
    oidc: z
      .object({
        issuer: Url,
        clientId: z.string().min(1),
        /** Absent: a public client (PKCE alone). */
        clientSecret: z.string().min(1).optional(),
        scopes: z.array(z.string().min(1)).optional(),
        /** The button label on the sign-in page. */
        label: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    github: z
      .object({
        clientId: z.string().min(1),
        clientSecret: z.string().min(1),
        /** Web base URL (`https://github.com`, or a GitHub Enterprise Server). */
        url: Url.optional(),
        /** REST API base URL (`https://api.github.com`, or `<ghes>/api/v3`). */
        apiUrl: Url.optional(),
      })
      .strict()
      .optional(),
    trustedProxy: z
      .object({
        /** Header carrying the signed-in user's stable id (e.g. `X-Forwarded-User`). */
        userHeader: HeaderName,
        emailHeader: HeaderName.optional(),
        nameHeader: HeaderName.optional(),
        /** Proxy addresses (IPs or CIDR ranges) allowed to send these headers; everyone else is refused. */
        addresses: z.array(Address).min(1, "name at least one proxy address"),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Input form of {@link ServeConfigSchema}. */
export type ServeConfigFile = z.input<typeof ServeConfigSchema>;

/** Validated sign-in settings. */
export interface AuthConfig {
  publicUrl: URL | undefined;
  databaseUrl: string | undefined;
  adminEmails: readonly string[];
  sessionTtlMs: number;
  oidc:
    | { issuer: URL; clientId: string; clientSecret: string | undefined; scopes: readonly string[]; label: string }
    | undefined;
  github: { clientId: string; clientSecret: string; url: URL; apiUrl: URL } | undefined;
  trustedProxy:
    | { userHeader: string; emailHeader?: string; nameHeader?: string; addresses: readonly string[] }
    | undefined;
}

/** Each environment variable and the setting it fills; `debrief serve --help` prints this list. */
export const AUTH_ENVIRONMENT: ReadonlyArray<{ name: string; key: string; help: string }> = [
  { name: "DEBRIEF_PUBLIC_URL", key: "publicUrl", help: "URL people open (redirect URIs, Host check, Secure cookies)" },
  {
    name: "DEBRIEF_DATABASE_URL",
    key: "databaseUrl",
    help: "postgres://… team database (default SQLite in .debrief/)",
  },
  { name: "DEBRIEF_ADMIN_EMAILS", key: "adminEmails", help: "comma-separated e-mails made admin at first sign-in" },
  { name: "DEBRIEF_SESSION_TTL", key: "sessionTtl", help: "session lifetime, e.g. 12h (default) or 7d" },
  { name: "DEBRIEF_OIDC_ISSUER", key: "oidc.issuer", help: "OpenID Connect issuer URL (discovery is read from it)" },
  { name: "DEBRIEF_OIDC_CLIENT_ID", key: "oidc.clientId", help: "OIDC client id" },
  { name: "DEBRIEF_OIDC_CLIENT_SECRET", key: "oidc.clientSecret", help: "OIDC client secret (absent: public client)" },
  { name: "DEBRIEF_OIDC_SCOPES", key: "oidc.scopes", help: "space-separated scopes (default: openid email profile)" },
  { name: "DEBRIEF_GITHUB_CLIENT_ID", key: "github.clientId", help: "GitHub OAuth app client id" },
  { name: "DEBRIEF_GITHUB_CLIENT_SECRET", key: "github.clientSecret", help: "GitHub OAuth app client secret" },
  { name: "DEBRIEF_GITHUB_URL", key: "github.url", help: "GitHub web URL (default https://github.com)" },
  { name: "DEBRIEF_GITHUB_API_URL", key: "github.apiUrl", help: "GitHub API URL (default https://api.github.com)" },
  {
    name: "DEBRIEF_TRUSTED_PROXY_USER_HEADER",
    key: "trustedProxy.userHeader",
    help: "header with the user id set by an identity-aware proxy",
  },
  { name: "DEBRIEF_TRUSTED_PROXY_EMAIL_HEADER", key: "trustedProxy.emailHeader", help: "header with the e-mail" },
  { name: "DEBRIEF_TRUSTED_PROXY_NAME_HEADER", key: "trustedProxy.nameHeader", help: "header with the display name" },
  {
    name: "DEBRIEF_TRUSTED_PROXY_ADDRESSES",
    key: "trustedProxy.addresses",
    help: "comma-separated proxy IPs/CIDRs allowed to send them",
  },
];

const LIST_KEYS = new Set(["adminEmails", "trustedProxy.addresses"]);

function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node[part] = next !== null && typeof next === "object" && !Array.isArray(next) ? { ...next } : {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] ?? key] = value;
}

/** The environment's settings laid over the file's (a variable set to the empty string counts as unset). */
function withEnvironment(file: Record<string, unknown>, env: Record<string, string | undefined>) {
  const merged: Record<string, unknown> = { ...file };
  for (const { name, key } of AUTH_ENVIRONMENT) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const value = LIST_KEYS.has(key)
      ? raw
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : key === "oidc.scopes"
        ? raw.split(/\s+/)
        : raw;
    setPath(merged, key, value);
  }
  return merged;
}

/** Where a setting came from, for error messages: the environment variable or the file and line. */
function origin(
  keyPath: readonly PropertyKey[],
  env: Record<string, string | undefined>,
  file: { path: string; locate: (p: readonly PropertyKey[]) => number | undefined } | undefined,
): string {
  const key = keyPath.map(String).join(".");
  const fromEnv = AUTH_ENVIRONMENT.find((e) => key.startsWith(e.key) && env[e.name]?.trim());
  if (fromEnv) return fromEnv.name;
  const line = file?.locate(keyPath);
  if (file && line !== undefined) return `${file.path}:${line}: serve.${key}`;
  // a setting that is missing altogether: name both places it can be given
  const variable = AUTH_ENVIRONMENT.find((e) => e.key === key);
  return variable ? `${variable.name} (serve.${key})` : `serve.${key}`;
}

/**
 * Read and validate the sign-in settings for `workspace`: the `serve:` key of its `.debriefrc.yaml` (or `.yml`),
 * with the environment laid over it.
 * @throws DebriefError CONFIG_INVALID naming the variable or the file and line of the first bad setting
 */
export function loadAuthConfig(workspace: string, env: Record<string, string | undefined>): AuthConfig {
  let fileConfig: Record<string, unknown> = {};
  let file: { path: string; locate: (p: readonly PropertyKey[]) => number | undefined } | undefined;
  for (const name of [".debriefrc.yaml", ".debriefrc.yml"]) {
    const path = join(workspace, name);
    if (!existsSync(path)) continue;
    const counter = new LineCounter();
    const doc = parseDocument(readFileSync(path, "utf8"), { lineCounter: counter });
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      throw new DebriefError("CONFIG_INVALID", `not valid YAML: ${e?.message.split("\n")[0] ?? ""}`, {
        location: { path: name, ...(e?.linePos ? { line: e.linePos[0].line } : {}) },
      });
    }
    const root = doc.toJS() as unknown;
    const serve = root !== null && typeof root === "object" ? (root as Record<string, unknown>).serve : undefined;
    if (serve !== undefined && (serve === null || typeof serve !== "object" || Array.isArray(serve))) {
      throw new DebriefError("CONFIG_INVALID", `${name}: serve must be a mapping of settings`);
    }
    fileConfig = (serve as Record<string, unknown> | undefined) ?? {};
    file = {
      path: name,
      locate: (p) => {
        const node = doc.getIn(["serve", ...p], true) as { range?: [number, number, number] } | undefined;
        return node?.range ? counter.linePos(node.range[0]).line : undefined;
      },
    };
    break;
  }
  const parsed = ServeConfigSchema.safeParse(withEnvironment(fileConfig, env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = origin(issue?.path ?? [], env, file);
    throw new DebriefError("CONFIG_INVALID", `${where}: ${issue?.message ?? "invalid setting"}`);
  }
  const c = parsed.data;
  return {
    publicUrl: c.publicUrl ? new URL(c.publicUrl) : undefined,
    databaseUrl: c.databaseUrl,
    adminEmails: c.adminEmails ?? [],
    sessionTtlMs: c.sessionTtl ? parseDuration("sessionTtl", c.sessionTtl) : 12 * 3_600_000,
    oidc: c.oidc
      ? {
          issuer: new URL(c.oidc.issuer),
          clientId: c.oidc.clientId,
          clientSecret: c.oidc.clientSecret,
          scopes: c.oidc.scopes ?? ["openid", "email", "profile"],
          label: c.oidc.label ?? "single sign-on",
        }
      : undefined,
    github: c.github
      ? {
          clientId: c.github.clientId,
          clientSecret: c.github.clientSecret,
          url: new URL(c.github.url ?? "https://github.com"),
          apiUrl: new URL(c.github.apiUrl ?? "https://api.github.com"),
        }
      : undefined,
    trustedProxy: c.trustedProxy
      ? {
          userHeader: c.trustedProxy.userHeader,
          ...(c.trustedProxy.emailHeader ? { emailHeader: c.trustedProxy.emailHeader } : {}),
          ...(c.trustedProxy.nameHeader ? { nameHeader: c.trustedProxy.nameHeader } : {}),
          addresses: c.trustedProxy.addresses,
        }
      : undefined,
  };
}

/** True when any way of signing in is configured (else the server runs in local, loopback-only mode). */
export function signInConfigured(config: AuthConfig): boolean {
  return config.oidc !== undefined || config.github !== undefined || config.trustedProxy !== undefined;
}
