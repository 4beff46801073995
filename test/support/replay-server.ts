import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the replay server saw it. */
export interface ReplayRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** Parsed JSON body, when there is one. */
  json: unknown;
}

/** How to answer: a status and body (objects are sent as JSON), or never answer, or drop the connection. */
export type ReplayAnswer =
  | { status?: number; headers?: Record<string, string>; body?: unknown; raw?: string }
  | "hang"
  | "destroy";

/** Decides the answer to a request; the server counts and records every request. */
export type ReplayHandler = (req: ReplayRequest, n: number) => ReplayAnswer | Promise<ReplayAnswer>;

/** A local HTTP server replaying vendor API responses (pagination, 429, errors) to the collectors under test. */
export interface ReplayServer {
  url: string;
  requests: ReplayRequest[];
  close(): Promise<void>;
}

/** Start a replay server on 127.0.0.1 on a port the OS picks. */
export async function startReplayServer(handler: ReplayHandler): Promise<ReplayServer> {
  const requests: ReplayRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://replay");
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const r: ReplayRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        json,
      };
      requests.push(r);
      let answer: ReplayAnswer;
      try {
        answer = await handler(r, requests.length);
      } catch (error) {
        answer = { status: 599, raw: `replay handler failed: ${(error as Error).message}` };
      }
      if (answer === "hang") return; // keep the socket open, never answer
      if (answer === "destroy") {
        req.socket.destroy();
        return;
      }
      const text = answer.raw ?? (answer.body === undefined ? "" : JSON.stringify(answer.body));
      res.writeHead(answer.status ?? 200, { "content-type": "application/json", ...answer.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
