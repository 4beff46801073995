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
