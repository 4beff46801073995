import type { Context, Hono } from "hono";
import * as client from "openid-client";
import { isLoopback } from "../security/request-guards.js";
import type { AuthConfig } from "./auth-config.js";
import type { AuthRuntime } from "./auth-middleware.js";
import { safeNext, secureCookies, takeFlowCookie, writeFlowCookie } from "./session-cookie.js";
import type { Identity } from "./sign-in-user.js";
import { signInFailed, startSession } from "./start-session.js";

/**
 * Sign-in with OpenID Connect: authorization code flow with PKCE (S256), `state` and `nonce`, through
 * `openid-client` (which checks the ID token's signature against the provider's JWKS, its issuer, audience, expiry
 * and nonce). The provider is found by discovery (`/.well-known/openid-configuration`) on first use and remembered.
 * Plain-HTTP issuers are accepted only on loopback (tests, a provider on the same machine).
 * @module
 */

/** The public origin the browser uses: the configured public URL, else the request's own origin. */
export function baseUrl(c: Context, config: AuthConfig): string {
  return (config.publicUrl?.origin ?? new URL(c.req.url).origin).replace(/\/$/, "");
}

/** `email` is used only when the provider says it is verified (members are matched by e-mail). */
export function identityFromClaims(claims: client.IDToken, userInfo?: Record<string, unknown>): Identity {
  const all: Record<string, unknown> = { ...userInfo, ...claims };
  const email = typeof all.email === "string" && all.email_verified !== false ? all.email.toLowerCase() : null;
  const name =
    (typeof all.name === "string" && all.name) ||
    (typeof all.preferred_username === "string" && all.preferred_username) ||
    email ||
    claims.sub;
  return { issuer: claims.iss, subject: claims.sub, email, name: name.slice(0, 200) };
}

/** Register `/auth/oidc/start` and `/auth/oidc/callback` when OIDC is configured. */
export function registerOidcRoutes(app: Hono, auth: AuthRuntime): void {
  const oidc = auth.config.oidc;
  if (!oidc) return;
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    discovered ??= client
      .discovery(
        oidc.issuer,
        oidc.clientId,
        oidc.clientSecret ? { client_secret: oidc.clientSecret } : { token_endpoint_auth_method: "none" },
        oidc.clientSecret ? client.ClientSecretBasic(oidc.clientSecret) : client.None(),
        {
          timeout: 10,
          ...(oidc.issuer.protocol === "http:" && isLoopback(oidc.issuer.hostname)
            ? { execute: [client.allowInsecureRequests] }
            : {}),
        },
      )
      .catch((error: unknown) => {
        discovered = undefined; // try again on the next sign-in
        throw error;
      });
    return discovered;
  };

  app.get("/auth/oidc/start", async (c) => {
    const secure = secureCookies(c, auth.config.publicUrl);
    let config: client.Configuration;
    try {
      config = await configuration();
    } catch (error) {
      return signInFailed(c, `the identity provider could not be reached (${(error as Error).message})`, 502);
    }
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    await writeFlowCookie(c, secure, auth.key, {
      provider: "oidc",
      state,
      verifier,
      nonce,
      next: safeNext(c.req.query("next")),
    });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: `${baseUrl(c, auth.config)}/auth/oidc/callback`,
      scope: oidc.scopes.join(" "),
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state,
      nonce,
    });
    return c.redirect(url.href, 302);
  });

  app.get("/auth/oidc/callback", async (c) => {
    const secure = secureCookies(c, auth.config.publicUrl);
    const flow = await takeFlowCookie(c, secure, auth.key);
    if (flow?.provider !== "oidc" || !flow.verifier || !flow.nonce) {
      return signInFailed(c, "this sign-in attempt expired or was not started in this browser", 400);
    }
    if (c.req.query("error")) {
      return signInFailed(c, `the identity provider refused: ${c.req.query("error")}`, 403);
    }
    let identity: Identity;
    try {
      const config = await configuration();
      const current = new URL(`${baseUrl(c, auth.config)}/auth/oidc/callback${new URL(c.req.url).search}`);
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) return signInFailed(c, "the identity provider sent no ID token", 502);
      let info: Record<string, unknown> | undefined;
      if (claims.email === undefined && config.serverMetadata().userinfo_endpoint) {
        info = (await client.fetchUserInfo(config, tokens.access_token, claims.sub).catch(() => undefined)) as
          | Record<string, unknown>
          | undefined;
      }
      identity = identityFromClaims(claims, info);
    } catch (error) {
      return signInFailed(c, `sign-in was not accepted (${(error as Error).message})`, 403);
    }
    return startSession(c, auth, identity, flow.next);
  });
}
