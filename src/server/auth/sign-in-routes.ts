import type { Hono } from "hono";
import type { AccessScope } from "../../store/index.js";
import type { AuthRuntime } from "./auth-middleware.js";
import { authPage, escapeHtml } from "./auth-page.js";
import { csrfField } from "./csrf.js";
import { registerGithubRoutes } from "./github-sign-in.js";
import { registerOidcRoutes } from "./oidc-sign-in.js";
import { safeNext } from "./session-cookie.js";
import { endSession } from "./start-session.js";

/**
 * The sign-in routes: `/auth/login` (a page offering each configured way in), the OIDC and GitHub flows, `/auth/me`
 * (who the request acts for, as JSON) and `/auth/logout` (POST with the CSRF token: the session is deleted from the
 * store, not merely forgotten by the browser).
 */
export function registerSignInRoutes(app: Hono, auth: AuthRuntime): void {
  registerOidcRoutes(app, auth);
  registerGithubRoutes(app, auth);

  app.get("/auth/login", (c) => {
    const next = safeNext(c.req.query("next"));
    const q = next === "/" ? "" : `?next=${encodeURIComponent(next)}`;
    const scope = c.get("scope") as AccessScope | undefined;
    const ways: string[] = [];
    if (auth.config.oidc) {
      ways.push(
        `<p><a class="button" href="/auth/oidc/start${q}">Sign in with ${escapeHtml(auth.config.oidc.label)}</a></p>`,
      );
    }
    if (auth.config.github) ways.push(`<p><a class="button" href="/auth/github/start${q}">Sign in with GitHub</a></p>`);
    if (auth.config.trustedProxy) {
      ways.push(`<p class="note">This server also accepts sign-in by its identity-aware proxy.</p>`);
    }
    if (!auth.signIn)
      ways.push(`<p class="note">No sign-in is configured: this server runs for its local user only.</p>`);
    const who =
      scope?.kind === "user"
        ? `<p>Signed in as <strong>${escapeHtml(scope.viewer.name)}</strong> (${scope.viewer.role}). <a href="/">Continue</a></p>`
        : "";
    return c.html(authPage("Sign in", `<h1>Sign in to Debrief</h1>${who}${ways.join("")}`));
  });

  app.get("/auth/me", (c) => {
    const scope = c.get("scope") as AccessScope | undefined;
    if (!scope) return c.json({ signedIn: false }, 401);
    return c.json(
      scope.kind === "local"
        ? { signedIn: false, local: true, role: "admin" }
        : { signedIn: true, name: scope.viewer.name, email: scope.viewer.email, role: scope.viewer.role },
    );
  });

  app.get("/auth/logout", (c) =>
    c.html(
      authPage(
        "Sign out",
        `<h1>Sign out</h1><form method="post" action="/auth/logout">${csrfField(c)}<button type="submit">Sign out</button></form>`,
      ),
    ),
  );
  app.post("/auth/logout", async (c) => {
    await endSession(c, auth);
    return c.redirect("/auth/login", 303);
  });
}
