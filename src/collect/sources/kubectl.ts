import { spawn } from "node:child_process";
import { z } from "zod";
import type { CollectSource, CollectTask, SourceContext, TaskResult } from "../collect-source.js";
import { iso, safeName } from "../collect-source.js";

/** A `kubectl` run that failed: missing binary, non-zero exit, timeout. The message carries kubectl's stderr. */
export class CommandFailure extends Error {
  readonly reason: "not-found" | "exit" | "timeout";
  constructor(reason: "not-found" | "exit" | "timeout", message: string) {
    super(message);
    this.name = "CommandFailure";
    this.reason = reason;
  }
}

/** Run a program without a shell; stdout is returned whole, stderr is kept for the error message. */
export function runCommand(
  bin: string,
  args: string[],
  options: { timeoutMs: number; env: Record<string, string | undefined> },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env: options.env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let errBytes = 0;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => {
      if (errBytes < 8192) err.push(b);
      errBytes += b.length;
    });
    child.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        e.code === "ENOENT"
          ? new CommandFailure("not-found", `${bin} not found on PATH`)
          : new CommandFailure("exit", `${bin}: ${e.message}`),
      );
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const shown = `${bin} ${args.join(" ")}`;
      if (timedOut) return reject(new CommandFailure("timeout", `${shown}: no result within ${options.timeoutMs} ms`));
      if (code !== 0) {
        const msg = Buffer.concat(err).toString("utf8").trim().split("\n").slice(-3).join(" ");
        return reject(new CommandFailure("exit", `${shown}: exit ${code}${msg ? `: ${msg}` : ""}`));
      }
      resolve(Buffer.concat(out).toString("utf8"));
    });
  });
}

const PodList = z.object({
  items: z.array(
    z.object({
      metadata: z.object({ name: z.string() }).passthrough(),
      spec: z.object({ containers: z.array(z.object({ name: z.string() }).passthrough()) }).passthrough(),
      status: z
        .object({
          containerStatuses: z.array(z.object({ name: z.string(), restartCount: z.number() }).passthrough()).optional(),
        })
        .passthrough()
        .optional(),
    }),
  ),
});
const EventList = z.object({ items: z.array(z.record(z.string(), z.unknown())) }).passthrough();

/** Keep the lines of `kubectl logs --timestamps` output whose RFC 3339 prefix is at or before `to` (ms). */
export function trimLogLines(text: string, to: number): { text: string; lines: number } {
  const kept: string[] = [];
  for (const line of text.split("\n")) {
    if (line.length === 0) continue;
    const t = Date.parse(line.slice(0, line.indexOf(" ")));
    if (!Number.isNaN(t) && t > to) continue;
    kept.push(line);
  }
  return { text: kept.length > 0 ? `${kept.join("\n")}\n` : "", lines: kept.length };
}

function eventTimes(e: Record<string, unknown>): { first: number; last: number } {
  const pick = (...keys: string[]) => {
    for (const k of keys) {
      const v = k
        .split(".")
        .reduce<unknown>((o, p) => (o && typeof o === "object" ? (o as Record<string, unknown>)[p] : undefined), e);
      if (typeof v === "string" && !Number.isNaN(Date.parse(v))) return Date.parse(v);
    }
    return Number.NaN;
  };
  const first = pick("firstTimestamp", "eventTime", "metadata.creationTimestamp");
  const last = pick("lastTimestamp", "series.lastObservedTime", "eventTime", "firstTimestamp");
  return { first, last: Number.isNaN(last) ? first : last };
}

/**
 * kubectl on PATH: pods matching the selector (`get pods -o json`), each container's logs with `--timestamps
 * --since-time` (and `--previous` for restarted containers), and the namespace's events in the window.
 */
export const kubectlSource: CollectSource = {
  name: "kubectl",
  enabled: (s) => s.kubectl !== undefined,
  async plan(ctx: SourceContext): Promise<CollectTask[]> {
    const cfg = ctx.settings.kubectl;
    if (!cfg) return [];
    const scope = [...(cfg.context ? ["--context", cfg.context] : []), ...(cfg.namespace ? ["-n", cfg.namespace] : [])];
    const run = (args: string[]) =>
      runCommand(ctx.kubectlBinary, [...scope, ...args], { timeoutMs: ctx.limits.commandTimeoutMs, env: ctx.env });
    const { from, to } = ctx.window;
    const where = `kubectl${cfg.context ? ` --context ${cfg.context}` : ""}${cfg.namespace ? ` -n ${cfg.namespace}` : ""}`;
    const podArgs = ["get", "pods", ...(cfg.selector ? ["-l", cfg.selector] : []), "-o", "json"];
    let pods: z.infer<typeof PodList>;
    const raw = await run(podArgs);
    try {
      pods = PodList.parse(JSON.parse(raw));
    } catch (error) {
      throw new CommandFailure(
        "exit",
        `kubectl ${podArgs.join(" ")}: unexpected output (${(error as Error).message.split("\n")[0]})`,
      );
    }
    const tasks: CollectTask[] = [];
    const logTask = (pod: string, container: string, previous: boolean): CollectTask => {
      const args = [
        "logs",
        pod,
        "-c",
        container,
        "--timestamps",
        `--since-time=${iso(from)}`,
        ...(previous ? ["--previous"] : []),
      ];
      return {
        key: `logs:${pod}/${container}${previous ? ":previous" : ""}`,
        endpoint: where,
        query: args.join(" "),
        from,
        to,
        async run(): Promise<TaskResult> {
          let text: string;
          try {
            text = await run(args);
          } catch (error) {
            // a container that never restarted has no previous logs: that is "nothing there", not a failure
            if (
              previous &&
              error instanceof CommandFailure &&
              /previous terminated container|not found/i.test(error.message)
            ) {
              return { outputs: [], emptyReason: "no previous container" };
            }
            throw error;
          }
          const trimmed = trimLogLines(text, to);
          if (trimmed.lines === 0) return { outputs: [], emptyReason: "no log line in the window" };
          const file = `kubectl/${safeName(pod)}_${safeName(container)}${previous ? ".previous" : ""}.log`;
          return { outputs: [{ file, content: trimmed.text, rows: trimmed.lines }] };
        },
      };
    };
    for (const pod of pods.items) {
      const restarts = new Map((pod.status?.containerStatuses ?? []).map((c) => [c.name, c.restartCount]));
      for (const c of pod.spec.containers) {
        tasks.push(logTask(pod.metadata.name, c.name, false));
        if (cfg.previous === true || (cfg.previous !== false && (restarts.get(c.name) ?? 0) > 0)) {
          tasks.push(logTask(pod.metadata.name, c.name, true));
        }
      }
    }
    tasks.push({
      key: "events",
      endpoint: where,
      query: "get events -o json",
      from,
      to,
      async run() {
        const text = await run(["get", "events", "-o", "json"]);
        let list: z.infer<typeof EventList>;
        try {
          list = EventList.parse(JSON.parse(text));
        } catch (error) {
          throw new CommandFailure(
            "exit",
            `kubectl get events: unexpected output (${(error as Error).message.split("\n")[0]})`,
          );
        }
        const items = list.items.filter((e) => {
          const t = eventTimes(e);
          return Number.isNaN(t.first) || (t.first <= to && t.last >= from);
        });
        if (items.length === 0)
          return {
            outputs: [],
            emptyReason: `${list.items.length} event(s) held, none in the window (events expire after 1 h by default)`,
          };
        return {
          outputs: [
            {
              file: "kubectl/events.json",
              content: `${JSON.stringify({ apiVersion: "v1", kind: "List", items }, null, 1)}\n`,
              rows: items.length,
            },
          ],
        };
      },
    });
    if (pods.items.length === 0) ctx.log(`kubectl: no pod matches ${cfg.selector ?? "(all)"}`);
    return tasks;
  },
};
