import type { Command } from "commander";
import { DebriefError } from "../../model/debrief-error.js";
import { startHttpServer } from "../../server/index.js";
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
          "each incident at /incidents/<dir>/report. Binds to 127.0.0.1 unless --host says otherwise.",
      )
      .argument("[workspace]", "folder of incident folders", ".")
      .option("--host <host>", "address to listen on", "127.0.0.1")
      .option("-p, --port <port>", "port to listen on", positiveInt("--port"), 4477)
      .addHelpText("after", "\nExamples:\n  $ debrief serve incidents/\n  $ debrief serve . --port 8080")
      .action(async (workspace: string, flags: ServeFlags) => {
        if (flags.port > 65535) throw new DebriefError("USAGE", `--port must be at most 65535, got ${flags.port}`);
        let started: Awaited<ReturnType<typeof startHttpServer>>;
        try {
          started = await startHttpServer({
            workspace: resolvePath(ctx, workspace),
            version: packageVersion(),
            env: ctx.env,
            host: flags.host,
            port: flags.port,
            log: (m) => ctx.err(`${m}\n`),
          });
        } catch (error) {
          throw new DebriefError("USAGE", `cannot listen on ${flags.host}:${flags.port}: ${(error as Error).message}`);
        }
        ctx.err(`debrief serve: listening on http://${flags.host}:${started.port} (Ctrl-C to stop)\n`);
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
