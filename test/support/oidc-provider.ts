import { createHash, createSign, generateKeyPairSync, type KeyObject, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A small OpenID Connect provider for tests, following OpenID Connect Core 1.0 and RFC 7636 (PKCE) closely enough
 * that a conforming relying party (openid-client) accepts it: discovery at `/.well-known/openid-configuration`,
 * a JWKS with one RSA key, `/authorize` (authorization code flow; S256 PKCE required), `/token` (client auth by
 * `client_secret_basic`, `client_secret_post` or none for a public client; the code is single-use, bound to its
 * client, redirect URI and PKCE challenge, and expires), ID tokens signed RS256 with `iss`, `sub`, `aud`, `exp`,
 * `iat`, `nonce`, `email`, `email_verified`, `name`, and `/userinfo`.
 *
 * Who signs in: `provider.login(sub)` makes the next `/authorize` answer at once for that user (HTTP-only tests);
 * otherwise `/authorize` shows a page with one "Sign in as NAME" button per user (browser tests click one).
 *
 * Also here: {@link CookieClient}, a fetch wrapper that keeps cookies like a browser, and {@link signInWithOidc},
 * which walks the whole sign-in through a Debrief server and returns the signed-in client.
 * @module
 */

/** A person the provider knows. */
export interface OidcUser {
  sub: string;
  email: string;
  name: string;
  /** Default true. */
  emailVerified?: boolean;
}

/** Options of {@link startOidcProvider}. */
export interface OidcProviderOptions {
  users: OidcUser[];
  clientId?: string;
  /** Absent: a public client (PKCE alone). */
  clientSecret?: string;
  /** Seconds an ID token lives (default 300). */
  idTokenTtl?: number;
}

/** A running provider. */
export interface OidcProvider {
  /** The issuer URL (`http://127.0.0.1:PORT`). */
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  /** The next `/authorize` signs this user in without a page. */
  login(sub: string): void;
  /** Every token request, as received (for assertions on PKCE and client authentication). */
  tokenRequests: Array<Record<string, string>>;
  close(): Promise<void>;
}

interface Grant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce: string | undefined;
  scope: string;
  user: OidcUser;
  expires: number;
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

function signJwt(key: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const head = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
  const body = b64url(JSON.stringify(claims));
  const signature = createSign("RSA-SHA256").update(`${head}.${body}`).sign(key);
  return `${head}.${body}.${b64url(signature)}`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Start the provider on 127.0.0.1 (a port the OS picks). */
export async function startOidcProvider(options: OidcProviderOptions): Promise<OidcProvider> {
  const clientId = options.clientId ?? "debrief-test";
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = randomBytes(8).toString("hex");
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, use: "sig", alg: "RS256" };
  const codes = new Map<string, Grant>();
  const tokens = new Map<string, OidcUser>();
  const tokenRequests: Array<Record<string, string>> = [];
  let preselected: string | undefined;
  let issuer = "";

  const issueCode = (params: URLSearchParams, user: OidcUser, res: ServerResponse) => {
    const code = randomBytes(24).toString("base64url");
    codes.set(code, {
      clientId,
      redirectUri: params.get("redirect_uri") ?? "",
      challenge: params.get("code_challenge") ?? "",
      nonce: params.get("nonce") ?? undefined,
      scope: params.get("scope") ?? "",
      user,
      expires: Date.now() + 60_000,
    });
    const to = new URL(params.get("redirect_uri") ?? "");
    to.searchParams.set("code", code);
    const state = params.get("state");
    if (state !== null) to.searchParams.set("state", state);
    to.searchParams.set("iss", issuer);
    res.writeHead(302, { location: to.href });
    res.end();
  };

  /** The authorization request's errors that must not redirect (unknown client or redirect URI) answer 400. */
  const checkAuthorize = (params: URLSearchParams): string | undefined => {
    if (params.get("client_id") !== clientId) return "unknown client_id";
    const redirect = params.get("redirect_uri") ?? "";
    if (!/^https?:\/\//.test(redirect)) return "redirect_uri missing";
    if (params.get("response_type") !== "code") return "unsupported response_type";
    if (!(params.get("scope") ?? "").split(" ").includes("openid")) return "scope must include openid";
    if (params.get("code_challenge_method") !== "S256" || !params.get("code_challenge")) return "PKCE S256 required";
    return undefined;
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", issuer || "http://127.0.0.1");
    try {
      if (req.method === "GET" && url.pathname === "/.well-known/openid-configuration") {
        return json(res, 200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          userinfo_endpoint: `${issuer}/userinfo`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ["code"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
          code_challenge_methods_supported: ["S256"],
          token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
          scopes_supported: ["openid", "email", "profile"],
          grant_types_supported: ["authorization_code"],
          authorization_response_iss_parameter_supported: true,
        });
      }
      if (req.method === "GET" && url.pathname === "/jwks") return json(res, 200, { keys: [jwk] });
      if (url.pathname === "/authorize") {
        const params = req.method === "POST" ? new URLSearchParams(await readBody(req)) : url.searchParams;
        const problem = checkAuthorize(params);
        if (problem) return json(res, 400, { error: "invalid_request", error_description: problem });
        const chosen = req.method === "POST" ? params.get("user") : preselected;
        if (chosen) {
          preselected = undefined;
          const user = options.users.find((u) => u.sub === chosen);
          if (!user) return json(res, 400, { error: "invalid_request", error_description: "unknown user" });
          return issueCode(params, user, res);
        }
        const hidden = [...params]
          .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
          .join("");
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        return res.end(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head><body><main><h1>Test identity provider</h1>${options.users
            .map(
              (u) =>
                `<form method="post" action="/authorize">${hidden}<input type="hidden" name="user" value="${escapeHtml(u.sub)}"><button type="submit">Sign in as ${escapeHtml(u.name)}</button></form>`,
            )
            .join("")}</main></body></html>`,
        );
      }
      if (req.method === "POST" && url.pathname === "/token") {
        const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
        tokenRequests.push(form);
        let presentedId = form.client_id;
        let presentedSecret = form.client_secret;
        const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
        if (basic) {
          const [id = "", secret = ""] = Buffer.from(basic, "base64").toString("utf8").split(":");
          presentedId = decodeURIComponent(id);
          presentedSecret = decodeURIComponent(secret);
        }
        if (
          presentedId !== clientId ||
          (options.clientSecret !== undefined && presentedSecret !== options.clientSecret)
        ) {
          return json(res, 401, { error: "invalid_client" });
        }
        if (form.grant_type !== "authorization_code") return json(res, 400, { error: "unsupported_grant_type" });
        const grant = codes.get(form.code ?? "");
        codes.delete(form.code ?? "");
        if (!grant || grant.expires < Date.now() || grant.clientId !== presentedId) {
          return json(res, 400, { error: "invalid_grant", error_description: "unknown, used or expired code" });
        }
        if (grant.redirectUri !== form.redirect_uri) {
          return json(res, 400, { error: "invalid_grant", error_description: "redirect_uri differs" });
        }
        const challenge = createHash("sha256")
          .update(form.code_verifier ?? "")
          .digest("base64url");
        if (!form.code_verifier || challenge !== grant.challenge) {
          return json(res, 400, { error: "invalid_grant", error_description: "PKCE verification failed" });
        }
        const now = Math.floor(Date.now() / 1000);
        const accessToken = randomBytes(24).toString("base64url");
        tokens.set(accessToken, grant.user);
        const idToken = signJwt(privateKey, kid, {
          iss: issuer,
          sub: grant.user.sub,
          aud: clientId,
          iat: now,
          exp: now + (options.idTokenTtl ?? 300),
          ...(grant.nonce ? { nonce: grant.nonce } : {}),
          email: grant.user.email,
          email_verified: grant.user.emailVerified ?? true,
          name: grant.user.name,
        });
        return json(res, 200, { access_token: accessToken, token_type: "Bearer", expires_in: 300, id_token: idToken });
      }
      if (req.method === "GET" && url.pathname === "/userinfo") {
        const user = tokens.get(/^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "");
        if (!user) return json(res, 401, { error: "invalid_token" });
        return json(res, 200, {
          sub: user.sub,
          email: user.email,
          email_verified: user.emailVerified ?? true,
          name: user.name,
        });
      }
      json(res, 404, { error: "not_found" });
    } catch (error) {
      json(res, 500, { error: "server_error", error_description: (error as Error).message });
    }
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    clientId,
    clientSecret: options.clientSecret,
    login(sub) {
      preselected = sub;
    },
    tokenRequests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** A response as {@link CookieClient} returns it. */
export interface ClientResponse {
  status: number;
  headers: Headers;
  body: string;
  /** The redirect target, absolute, for 3xx. */
  location: string | undefined;
}

/**
 * Fetch with a cookie jar, as a browser would keep one (per origin host; Secure, Path and Expires are not modelled:
 * tests run over http on 127.0.0.1). Redirects are not followed unless asked, so tests see each step.
 */
export class CookieClient {
  readonly cookies = new Map<string, Map<string, string>>();

  /** The `Cookie` header this client sends to `url`. */
  cookieHeader(url: string): string {
    const jar = this.cookies.get(new URL(url).host);
    return jar ? [...jar].map(([k, v]) => `${k}=${v}`).join("; ") : "";
  }

  /** Set a cookie by hand (a fixation attempt, a stale session). */
  set(url: string, name: string, value: string): void {
    const host = new URL(url).host;
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    jar.set(name, value);
    this.cookies.set(host, jar);
  }

  /** The value of cookie `name` for `url`'s host. */
  get(url: string, name: string): string | undefined {
    return this.cookies.get(new URL(url).host)?.get(name);
  }

  async fetch(url: string, init: RequestInit = {}): Promise<ClientResponse> {
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(url);
    if (cookie) headers.set("cookie", cookie);
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    const jar = this.cookies.get(new URL(url).host) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some(
        (a) =>
          /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split("=")[1] ?? "") < Date.now()),
      );
      if (expired || value === "") jar.delete(name);
      else jar.set(name, value);
    }
    this.cookies.set(new URL(url).host, jar);
    const location = response.headers.get("location");
    return {
      status: response.status,
      headers: response.headers,
      body: await response.text(),
      location: location ? new URL(location, url).href : undefined,
    };
  }

  /** Follow redirects from `url` (at most 10), returning every step. */
  async follow(url: string, init: RequestInit = {}): Promise<ClientResponse[]> {
    const steps: ClientResponse[] = [];
    let next: string | undefined = url;
    let request: RequestInit = init;
    while (next && steps.length < 10) {
      const r = await this.fetch(next, request);
      steps.push(r);
      next = r.status >= 300 && r.status < 400 ? r.location : undefined;
      request = {};
    }
    return steps;
  }
}

/**
 * Sign `sub` in to the Debrief server at `server` through `provider` (the whole code flow over real HTTP) and
 * return the client holding the session cookie, and the page the flow ended on.
 */
export async function signInWithOidc(
  server: string,
  provider: OidcProvider,
  sub: string,
  client = new CookieClient(),
): Promise<{ client: CookieClient; steps: ClientResponse[] }> {
  provider.login(sub);
  const steps = await client.follow(`${server}/auth/oidc/start`);
  return { client, steps };
}
