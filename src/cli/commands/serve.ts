import type { Command } from "commander";
import { createMcpHttpHandler } from "../../mcp/index.js";
import { DebriefError } from "../../model/debrief-error.js";
import { AUTH_ENVIRONMENT, loadAuthConfig, signInConfigured, startHttpServer } from "../../server/index.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import { positiveInt, resolvePath } from "../cli-helpers.js";
import { packageVersion } from "../package-version.js";

interface ServeFlags {
  host: string;
  port: number;
}

/** `debrief serve [WORKSPACE]`: the HTTP API and report browser. */
export const serveCommand: CliCommand = {
  name: "serve",
  summary: "Serve the HTTP API and a browsable index of a workspace's incident reports",
  register(program: Command, ctx: CliContext) {
    program
      .command("serve")
      .summary(this.summary)
      .description(
        "Serve WORKSPACE (a folder of incident folders) over HTTP: the same tools as the MCP server under\n" +
          "POST /api/tools/<name> (JSON in, JSON out), GET /api/tools, GET /api/health, and the rendered report of\n" +
          "each incident at /incidents/<dir>/report, and the MCP server over streamable HTTP at /mcp. Binds to 127.0.0.1 unless --host says otherwise.\n" +
          "Every /api request needs the workspace's token (printed at start, stored in .debrief/api-token, mode 0600)\n" +
          "as 'Authorization: Bearer <token>'; beyond loopback every request needs it. Cross-site requests, other\n" +
          "Host names and bodies over 10 MiB are refused.\n\n" +
          "Team mode: with sign-in configured (OIDC, GitHub or a trusted identity-aware\n" +
          "proxy) people sign in at /auth/login and get a role: the first person and\n" +
          "DEBRIEF_ADMIN_EMAILS are admins, others viewers until an admin changes it at\n" +
          "/admin. Private incidents are visible only to their members. The API token\n" +
          "acts as an admin service account for API and MCP clients. Without sign-in,\n" +
          "Debrief serves its local user only and refuses any --host but loopback.",
      )
      .argument("[workspace]", "folder of incident folders", ".")
      .option("--host <host>", "address to listen on", "127.0.0.1")
      .option("-p, --port <port>", "port to listen on", positiveInt("--port"), 4477)
      .addHelpText(
        "after",
        `\nSettings (environment, or the serve: key of WORKSPACE/.debriefrc.yaml; the environment wins):\n${AUTH_ENVIRONMENT.map(
          (e) => `  ${e.name.padEnd(36)} serve.${e.key}: ${e.help}`,
        ).join(
          "\n",
        )}\n\nExamples:\n  $ debrief serve incidents/\n  $ debrief serve . --port 8080\n  $ DEBRIEF_OIDC_ISSUER=https://id.example.com DEBRIEF_OIDC_CLIENT_ID=debrief \\\n    DEBRIEF_PUBLIC_URL=https://debrief.example.com debrief serve /data --host 0.0.0.0`,
      )
      .action(async (workspace: string, flags: ServeFlags) => {
        if (flags.port > 65535) throw new DebriefError("USAGE", `--port must be at most 65535, got ${flags.port}`);
        let started: Awaited<ReturnType<typeof startHttpServer>>;
        const root = resolvePath(ctx, workspace);
        // settings are checked before anything listens: a bad one stops here, naming the variable or file and line
        const auth = loadAuthConfig(root, ctx.env);
        try {
          started = await startHttpServer({
            auth,
            workspace: root,
            // MCP over streamable HTTP at /mcp, behind the same token, Host and Origin checks as the API
            mcp: createMcpHttpHandler({
              cwd: root,
              version: packageVersion(),
              env: ctx.env,
              allowWrite: true,
              log: (m) => ctx.err(`${m}\n`),
            }),
            version: packageVersion(),
            env: ctx.env,
            host: flags.host,
            port: flags.port,
            log: (m) => ctx.err(`${m}\n`),
          });
        } catch (error) {
          if (error instanceof DebriefError) throw error;
          throw new DebriefError("USAGE", `cannot listen on ${flags.host}:${flags.port}: ${(error as Error).message}`);
        }
        ctx.err(`debrief serve: listening on http://${flags.host}:${started.port} (Ctrl-C to stop)\n`);
        const ways = [
          auth.oidc ? `OIDC (${auth.oidc.issuer.origin})` : "",
          auth.github ? `GitHub (${auth.github.url.origin})` : "",
          auth.trustedProxy ? `trusted proxy headers from ${auth.trustedProxy.addresses.join(", ")}` : "",
        ].filter(Boolean);
        ctx.err(
          signInConfigured(auth)
            ? `debrief serve: sign-in: ${ways.join(", ")}; database: ${auth.databaseUrl ? "PostgreSQL" : "SQLite (.debrief/team.sqlite)"}\n`
            : "debrief serve: no sign-in configured: serving this machine's user only, on loopback (see --help to serve a team)\n",
        );
        // the token is this workspace's key to the API: shown once per start, kept in .debrief/api-token (0600)
        ctx.err(
          `debrief serve: API token${started.tokenCreated ? " (new)" : ""}: ${started.token}\n` +
            "  send it as 'Authorization: Bearer <token>' on every /api request\n",
        );
        await new Promise<void>((done) => {
          const stop = () => {
            void started.close().then(done);
          };
          process.once("SIGINT", stop);
          process.once("SIGTERM", stop);
        });
      });
  },
};
