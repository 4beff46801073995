import { Command, CommanderError, Option } from "commander";
import { isDebriefError } from "../model/debrief-error.js";
import { errorMapping } from "../operations/error-table.js";
import type { CliCommand, CliContext } from "./cli-context.js";
import { type CliCommandEntry, COMMANDS } from "./commands/index.js";
import { packageVersion } from "./package-version.js";

export { packageVersion };

/** Options for running the CLI in-process (tests) instead of as a child process. */
export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  stderrIsTTY?: boolean;
  stdoutIsTTY?: boolean;
}

/**
 * The command a command line runs (`debrief [global flags] NAME ...`, or `debrief help NAME`), if it names one.
 * Only that command's module is imported; the others stay one-line entries for the help listing.
 */
export function targetCommand(args: readonly string[]): CliCommandEntry | undefined {
  const words = args.filter((a) => !a.startsWith("-"));
  const name = words[0] === "help" ? words[1] : words[0];
  return COMMANDS.find((c) => c.name === name);
}

/** A command known by its entry only: listed in `debrief --help` exactly as the loaded command would be. */
function registerStub(program: Command, entry: CliCommandEntry): void {
  const stub = program.command(entry.name).summary(entry.summary);
  for (const arg of entry.args) stub.argument(arg);
  // every real command has options; a hidden one keeps the listing's "[options]"
  stub.addOption(new Option("--debrief-stub").hideHelp());
}

/**
 * Build the commander program: the loaded commands registered in full, every other command as a listing entry.
 * @param loaded the commands whose modules were imported (see {@link loadCommands})
 */
export function buildProgram(ctx: CliContext, loaded: ReadonlyMap<string, CliCommand> = new Map()): Command {
  const program = new Command();
  program
    .name("debrief")
    .description("Turn the raw evidence of a production incident into a blameless post-mortem.")
    .version(packageVersion(), "-V, --version", "print the version")
    .option("--debug", "show stack traces for unexpected errors")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.out(s),
      writeErr: (s) => ctx.err(s),
      outputError: (s, write) => write(`debrief: ${s.replace(/^error: /, "")}`),
    })
    .addHelpText(
      "after",
      "\nExit codes: 0 done, 1 the job ran and found problems, 2 bad usage or unreadable input.\nRun `debrief <command> --help` for a command's flags and examples.",
    );
  program.hook("preAction", (thisCommand) => {
    ctx.debug = Boolean(thisCommand.opts().debug);
  });
  for (const entry of COMMANDS) {
    const command = loaded.get(entry.name);
    if (command) command.register(program, ctx);
    else registerStub(program, entry);
  }
  for (const sub of program.commands) {
    sub.exitOverride();
    sub.configureOutput({
      writeOut: (s) => ctx.out(s),
      writeErr: (s) => ctx.err(s),
      outputError: (s, write) => write(`debrief ${sub.name()}: ${s.replace(/^error: /, "")}`),
    });
  }
  return program;
}

/**
 * Run the CLI and return its exit code. Never calls `process.exit`, so it can run inside tests and other programs.
 * @param argv full argv as in `process.argv` (node and script first)
 */
export async function main(argv: string[], options: RunOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const stderrIsTTY = options.stderrIsTTY ?? Boolean(process.stderr.isTTY);
  const stdoutIsTTY = options.stdoutIsTTY ?? Boolean(process.stdout.isTTY);
  const ctx: CliContext = {
    out: options.stdout ?? ((t) => process.stdout.write(t)),
    err: options.stderr ?? ((t) => process.stderr.write(t)),
    color: stdoutIsTTY && env.NO_COLOR === undefined && env.TERM !== "dumb",
    stderrIsTTY,
    debug: argv.includes("--debug"),
    cwd: options.cwd ?? process.cwd(),
    env,
    exitCode: 0,
  };
  try {
    const program = buildProgram(ctx, await loadCommands(argv.slice(2)));
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (error) {
    return reportError(ctx, error);
  }
}

/** Import the modules of the commands a command line needs: the one it runs, or all of them with `--all`. */
export async function loadCommands(args: readonly string[], all = false): Promise<Map<string, CliCommand>> {
  const entries = all ? COMMANDS : [targetCommand(args)].filter((e): e is CliCommandEntry => e !== undefined);
  const loaded = new Map<string, CliCommand>();
  for (const entry of entries) loaded.set(entry.name, await entry.load());
  return loaded;
}

function reportError(ctx: CliContext, error: unknown): number {
  if (error instanceof CommanderError) {
    // help and version "errors" are commander's way of stopping after printing
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.exitCode === 0) {
      return 0;
    }
    if (error.code === "commander.help") return 0;
    return 2;
  }
  if (isDebriefError(error)) {
    ctx.err(`debrief: ${error.toString()}\n`);
    if (ctx.debug && error.stack) ctx.err(`${error.stack}\n`);
    return errorMapping(error).exitCode;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  ctx.err(`debrief: internal error: ${err.message}${ctx.debug ? "" : " (run with --debug for details)"}\n`);
  if (ctx.debug && err.stack) ctx.err(`${err.stack}\n`);
  return 2;
}
