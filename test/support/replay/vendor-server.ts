import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as a vendor replay server saw it. */
export interface VendorRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  json: unknown;
}

/** An answer: status, JSON body (or raw text) and headers. */
export interface VendorAnswer {
  status: number;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

/** A fault to answer the next matching requests with, instead of the vendor's normal behaviour. */
export interface Fault extends VendorAnswer {
  /** How many requests get it (default 1). */
  times?: number;
  /** Only requests whose `METHOD path` matches. */
  match?: RegExp;
}

/** What every vendor replay server offers a test: its URL, the requests seen, faults to inject, close. */
export interface VendorServer {
  url: string;
  requests: VendorRequest[];
  /** Answer the next matching requests with this fault (a 429 with Retry-After, a 5xx, a 409...). */
  inject(fault: Fault): void;
  close(): Promise<void>;
}

/**
 * Start a vendor replay server on 127.0.0.1. `route` answers each request from the server's state; `auth` decides
 * whether the credentials are right (and answers the vendor's own 401 when not). Injected faults come first.
 */
export async function startVendorServer(
  auth: (req: VendorRequest) => VendorAnswer | undefined,
  route: (req: VendorRequest) => VendorAnswer,
): Promise<VendorServer> {
  const requests: VendorRequest[] = [];
  const faults: Fault[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://replay");
      const text = Buffer.concat(chunks).toString("utf8");
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      const r: VendorRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        json,
      };
      requests.push(r);
      let answer: VendorAnswer;
      const fault = faults.find((f) => !f.match || f.match.test(`${r.method} ${r.path}`));
      if (fault) {
        fault.times = (fault.times ?? 1) - 1;
        if (fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
        answer = fault;
      } else {
        try {
          answer = auth(r) ?? route(r);
        } catch (error) {
          answer = { status: 500, body: { message: `replay server bug: ${(error as Error).message}` } };
        }
      }
      const body = answer.raw ?? (answer.body === undefined ? "" : JSON.stringify(answer.body));
      res.writeHead(answer.status, {
        ...(body ? { "content-type": "application/json;charset=UTF-8" } : {}),
        ...answer.headers,
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inject: (f) => faults.push({ ...f }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
