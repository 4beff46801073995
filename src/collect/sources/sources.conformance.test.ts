import { describe, expect, it } from "vitest";
import { DebriefError } from "../../model/debrief-error.js";
import { FetchFailure, HttpClient } from "../../util/http-client.js";
import { Scrubber } from "../../util/scrub.js";
import type { CollectSettings, CollectSource, SourceContext } from "../collect-source.js";
import { COLLECT_SOURCES } from "./index.js";
import { CommandFailure } from "./kubectl.js";

/**
 * One contract for every collect source in the registry: a unique file-name-safe name, enabled exactly when its
 * settings are present, and on a minimal configuration pointing at a server that refuses connections, a plan whose
 * tasks have unique keys inside the window, and failures only of the kinds `collectEvidence` records (never a crash
 * of another type, never a hang).
 */

// a port nothing listens on: every request is refused at once
const DEAD = "http://127.0.0.1:9";

/** The smallest configuration that enables each source (a source missing here fails the suite). */
const MINIMAL: Record<string, Partial<CollectSettings>> = {
  prometheus: { prometheus: { url: DEAD } },
  alertmanager: { alertmanager: { url: DEAD } },
  loki: { loki: { url: DEAD, queries: ['{app="api"}'] } },
  elasticsearch: { elasticsearch: { url: DEAD, index: "logs" } },
  kubectl: { kubectl: { namespace: "default" } },
  pagerduty: { pagerduty: { incident: "P123", url: DEAD } },
  slack: { slack: { channel: "C123", url: DEAD } },
};

const WINDOW = {
  start: Date.parse("2025-02-09T09:45:00Z"),
  end: Date.parse("2025-02-09T10:45:00Z"),
  paddingMs: 30 * 60_000,
  from: Date.parse("2025-02-09T09:15:00Z"),
  to: Date.parse("2025-02-09T10:45:00Z"),
};

function context(settings: CollectSettings): SourceContext {
  const scrubber = new Scrubber();
  return {
    settings,
    window: WINDOW,
    http: new HttpClient({ timeoutMs: 2_000, retries: 0, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 }, scrubber),
    credentials: { PAGERDUTY_TOKEN: "pd-token-0000", SLACK_TOKEN: "xoxb-0000" },
    scrubber,
    log: () => {},
    kubectlBinary: "/nonexistent/kubectl-for-conformance",
    env: {},
    limits: { prometheusMaxPoints: 11_000, commandTimeoutMs: 2_000 },
  };
}

/** The error kinds a source may throw; `collectEvidence` turns each into a manifest failure. */
function expectRecordable(error: unknown): void {
  const ok = error instanceof FetchFailure || error instanceof CommandFailure || error instanceof DebriefError;
  expect(ok, `unexpected ${(error as Error)?.name}: ${(error as Error)?.message}`).toBe(true);
  const kind =
    error instanceof FetchFailure
      ? error.kind
      : error instanceof CommandFailure
        ? error.reason
        : (error as DebriefError).code;
  expect(kind).toMatch(/^[A-Za-z_-]+$/);
  expect((error as Error).message.length).toBeGreaterThan(0);
}

describe("collect source registry", () => {
  it("is frozen and its names are unique and file-name safe", () => {
    expect(Object.isFrozen(COLLECT_SOURCES)).toBe(true);
    const names = COLLECT_SOURCES.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  it.each(COLLECT_SOURCES.map((s) => [s.name, s] as [string, CollectSource]))(
    "%s: enabled only by its own settings; on a refused connection it plans and fails recordably",
    async (name, source) => {
      expect(typeof source.enabled).toBe("function");
      expect(typeof source.plan).toBe("function");
      const minimal = MINIMAL[name];
      expect(minimal, `no minimal settings for source ${name} in this suite`).toBeDefined();
      expect(source.enabled({ services: [] })).toBe(false);
      const settings: CollectSettings = { services: ["api"], ...minimal };
      expect(source.enabled(settings)).toBe(true);

      let tasks: Awaited<ReturnType<CollectSource["plan"]>>;
      try {
        tasks = await source.plan(context(settings));
      } catch (error) {
        // discovery (pods, channel id) needs the server: a refused connection is a recordable failure
        expectRecordable(error);
        return;
      }
      expect(tasks.length).toBeGreaterThan(0);
      const keys = tasks.map((t) => t.key);
      expect(new Set(keys).size).toBe(keys.length);
      for (const task of tasks) {
        expect(task.from).toBeGreaterThanOrEqual(WINDOW.from);
        expect(task.to).toBeLessThanOrEqual(WINDOW.to);
        if (task.endpoint !== null) expect(task.endpoint).not.toContain("pd-token-0000");
        try {
          const result = await task.run();
          // nothing can come back from a dead server, but a source may report "empty" instead of failing
          expect(result.outputs).toEqual([]);
        } catch (error) {
          expectRecordable(error);
        }
      }
    },
  );
});

describe("collectEvidence uses the registry it is given", () => {
  it("runs a source passed in, and finds nothing to collect in an empty registry", async () => {
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { collectEvidence } = await import("../collect-evidence.js");
    const dir = mkdtempSync(join(tmpdir(), "debrief-collect-registry-"));
    const overrides = { prometheus: DEAD, start: WINDOW.start, end: WINDOW.end };
    await expect(collectEvidence(dir, { overrides, sources: [] })).rejects.toMatchObject({ code: "USAGE" });
    const fake: CollectSource = {
      name: "fake",
      enabled: () => true,
      plan: async (ctx) => [
        {
          key: "one",
          endpoint: null,
          query: null,
          from: ctx.window.from,
          to: ctx.window.to,
          run: async () => ({ outputs: [{ file: "fake/one.log", content: "x\n", rows: 1 }] }),
        },
      ],
    };
    const result = await collectEvidence(dir, { overrides, sources: [fake] });
    expect(result.manifest.items.map((i) => [i.source, i.status, i.file])).toEqual([["fake", "ok", "fake/one.log"]]);
  });
});
