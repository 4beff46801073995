import { createServer } from "node:net";

/** A TCP port free on 127.0.0.1 right now (the OS picks it), for servers that cannot report the port they bound. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Poll `url` until it answers 2xx, or fail with the server's output after `timeoutMs`. */
export async function waitReady(url: string, timeoutMs: number, output: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until)
      throw new Error(`${url} not ready after ${timeoutMs} ms; server output:\n${output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Start a server binary on 127.0.0.1, wait for its `/-/ready` endpoint (the Prometheus family's readiness probe), and
 * return its URL and a `stop` that ends the process (TERM, then KILL after 3 s) and removes `cleanupDir`. A server
 * that never gets ready is stopped and the error carries its output.
 */
export async function startDaemon(
  bin: string,
  args: string[],
  port: number,
  cleanupDir: string,
): Promise<{ url: string; stop(): Promise<void> }> {
  const { spawn } = await import("node:child_process");
  const { rm } = await import("node:fs/promises");
  let output = "";
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (b: Buffer) => {
    output += b.toString();
  });
  child.stderr?.on("data", (b: Buffer) => {
    output += b.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    await rm(cleanupDir, { recursive: true, force: true });
  };
  try {
    await waitReady(`${url}/-/ready`, 20_000, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
