import { Command } from "commander";
import { describe, expect, it } from "vitest";
import type { CliContext } from "../cli-context.js";
import { targetCommand } from "../main.js";
import { COMMANDS } from "./index.js";

const ctx: CliContext = {
  out: () => {},
  err: () => {},
  color: false,
  stderrIsTTY: false,
  debug: false,
  cwd: ".",
  env: {},
  exitCode: 0,
};

describe("the command list the CLI shows before loading any command", () => {
  for (const entry of COMMANDS) {
    it(`${entry.name}: name, summary and arguments match the command module`, async () => {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      expect(command.summary).toBe(entry.summary);
      const program = new Command();
      command.register(program, ctx);
      const registered = program.commands.find((c) => c.name() === entry.name);
      expect(registered).toBeDefined();
      const args = registered!.registeredArguments.map((a) => {
        const name = `${a.name()}${a.variadic ? "..." : ""}`;
        return a.required ? `<${name}>` : `[${name}]`;
      });
      expect(args).toEqual([...entry.args]);
      expect(registered!.options.length).toBeGreaterThan(0);
    });
  }

  it("finds the command a command line runs, past global flags and `help`", () => {
    expect(targetCommand(["lint", "x.md"])?.name).toBe("lint");
    expect(targetCommand(["--debug", "timeline", "--json"])?.name).toBe("timeline");
    expect(targetCommand(["help", "render"])?.name).toBe("render");
    expect(targetCommand(["--version"])).toBeUndefined();
    expect(targetCommand(["frobnicate"])).toBeUndefined();
  });
});
