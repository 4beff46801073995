import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { prestartWorkers, takePrestartedWorker } from "./worker-prestart.js";

describe("prestarted workers", () => {
  const dir = mkdtempSync(join(tmpdir(), "debrief-prestart-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const echo = join(dir, "echo.mjs");
  writeFileSync(
    echo,
    'import { parentPort } from "node:worker_threads";\nparentPort.on("message", (m) => { if (m === null) parentPort.close(); else parentPort.postMessage(m * 2); });\n',
  );
  const broken = join(dir, "broken.mjs");
  writeFileSync(broken, 'throw new Error("cannot start");\n');

  it("hands each prestarted worker out once, for its own module only, and it works", async () => {
    const url = pathToFileURL(echo);
    prestartWorkers(url, 2);
    expect(takePrestartedWorker(pathToFileURL(broken))).toBeUndefined();
    const first = takePrestartedWorker(url);
    const second = takePrestartedWorker(url);
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(takePrestartedWorker(url)).toBeUndefined();
    for (const w of [first, second]) {
      const reply = new Promise((resolve) => w?.once("message", resolve));
      w?.postMessage(21);
      expect(await reply).toBe(42);
      const exited = new Promise((resolve) => w?.once("exit", resolve));
      w?.postMessage(null);
      await exited;
    }
  });

  it("does not hand out a worker that failed to start (the pool starts its own and sees the error)", async () => {
    const url = pathToFileURL(broken);
    prestartWorkers(url, 1);
    // wait for the failure event to land on the registry's slot (the launcher's and the pool's shared list)
    const registry = (globalThis as Record<symbol, Array<{ href: string; failed: boolean }>>)[
      Symbol.for("debrief.prestartedWorkers")
    ];
    const slot = registry?.find((s) => s.href === url.href);
    expect(slot).toBeDefined();
    for (let i = 0; i < 500 && !slot?.failed; i++) await new Promise((r) => setTimeout(r, 20));
    expect(slot?.failed).toBe(true);
    expect(takePrestartedWorker(url)).toBeUndefined();
  });
});
