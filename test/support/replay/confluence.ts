import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local Confluence that follows the published REST contract (`/rest/api/content`, the v1 API both Cloud and Data
 * Center serve) for what the export uses: find by space and title, read with `expand=version`, create under an
 * ancestor, update with `version.number` = current + 1, and create-or-update attachments by multipart PUT with the
 * `X-Atlassian-Token: no-check` header. Errors as the API gives them: 401 without valid credentials, 403 on an
 * attachment upload without the XSRF header, 404 for a missing page or ancestor, 400 for a duplicate title, a
 * missing space or malformed storage XHTML, 409 for a stale version; faults (429 with Retry-After, 5xx) on demand.
 */

/** A page as stored. */
export interface ReplayPage {
  id: string;
  title: string;
  space: string;
  parentId: string | undefined;
  version: number;
  storage: string;
  attachments: Map<string, { version: number; bytes: number; type: string; body: string }>;
}

/** A request as the server saw it. */
export interface ReplayRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/** An injected answer for the next matching request(s). */
export interface ReplayFault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  match?: RegExp;
  times?: number;
}

/** The running server. */
export interface ConfluenceReplay {
  url: string;
  pages: Map<string, ReplayPage>;
  requests: ReplayRequest[];
  inject(fault: ReplayFault): void;
  /** Someone else saves the page in the browser (its version moves on). */
  editElsewhere(id: string): void;
  close(): Promise<void>;
}

const VOID_UNCLOSED = /<(br|hr|img|input|col|area|wbr)(\s[^<>]*)?(?<!\/)>/i;

/** Start the replay server; `spaces` exist, `credentials` are the accepted e-mail/token pair and PAT. */
export async function startConfluenceReplay(
  options: { spaces?: string[]; email?: string; token?: string; pat?: string; parents?: string[] } = {},
): Promise<ConfluenceReplay> {
  const spaces = new Set(options.spaces ?? ["OPS"]);
  const basic = `Basic ${Buffer.from(`${options.email ?? "sre@example.com"}:${options.token ?? "api-token-123"}`).toString("base64")}`;
  const bearer = `Bearer ${options.pat ?? "pat-456"}`;
  const pages = new Map<string, ReplayPage>();
  const requests: ReplayRequest[] = [];
  const faults: ReplayFault[] = [];
  let nextId = 1000;
  for (const parent of options.parents ?? ["900"]) {
    pages.set(parent, {
      id: parent,
      title: `Post-mortems ${parent}`,
      space: [...spaces][0] ?? "OPS",
      parentId: undefined,
      version: 1,
      storage: "<p>index</p>",
      attachments: new Map(),
    });
  }
  const view = (p: ReplayPage, base: string) => ({
    id: p.id,
    type: "page",
    status: "current",
    title: p.title,
    space: { key: p.space },
    version: { number: p.version },
    _links: { webui: `/spaces/${p.space}/pages/${p.id}`, base },
  });
  const error = (status: number, message: string) => ({ status, body: { statusCode: status, message } });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://replay");
      const raw = Buffer.concat(chunks);
      requests.push({ method: req.method ?? "GET", path: url.pathname, headers: req.headers });
      const base = `http://${req.headers.host}`;
      const answer = ((): { status: number; body?: unknown; headers?: Record<string, string> } => {
        const fault = faults.find((f) => !f.match || f.match.test(`${req.method} ${url.pathname}`));
        if (fault) {
          fault.times = (fault.times ?? 1) - 1;
          if (fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
          return fault;
        }
        const auth = req.headers.authorization;
        if (auth !== basic && auth !== bearer)
          return error(401, "Client must be authenticated to access this resource.");
        const json = (): Record<string, unknown> | undefined => {
          try {
            return JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
          } catch {
            return undefined;
          }
        };
        const m = /^\/rest\/api\/content(?:\/(\d+))?(\/child\/attachment)?$/.exec(url.pathname);
        if (!m) return error(404, `no route ${url.pathname}`);
        const [, id, attachment] = m;
        if (!id && req.method === "GET") {
          const space = url.searchParams.get("spaceKey");
          const title = url.searchParams.get("title");
          const results = [...pages.values()]
            .filter((p) => p.space === space && p.title === title)
            .map((p) => view(p, base));
          return { status: 200, body: { results, start: 0, limit: 25, size: results.length } };
        }
        if (!id && req.method === "POST") {
          const b = json();
          const space = (b?.space as { key?: string } | undefined)?.key;
          const storage = (b?.body as { storage?: { value?: string; representation?: string } } | undefined)?.storage;
          if (b?.type !== "page" || typeof b.title !== "string" || !b.title)
            return error(400, "Title and type are required");
          if (!space || !spaces.has(space)) return error(400, `No space with key : ${space}`);
          if (storage?.representation !== "storage" || typeof storage.value !== "string")
            return error(400, "body.storage is required");
          if (VOID_UNCLOSED.test(storage.value)) return error(400, "Error parsing xhtml: unclosed element");
          if ([...pages.values()].some((p) => p.space === space && p.title === b.title)) {
            return error(
              400,
              `A page with this title already exists: A page already exists with the title ${b.title} in the space with key ${space}`,
            );
          }
          const parentId = (b.ancestors as Array<{ id?: string }> | undefined)?.[0]?.id;
          if (parentId && !pages.has(parentId)) return error(404, `No content found with id: ${parentId}`);
          const page: ReplayPage = {
            id: String(nextId++),
            title: b.title,
            space,
            parentId,
            version: 1,
            storage: storage.value,
            attachments: new Map(),
          };
          pages.set(page.id, page);
          return { status: 200, body: view(page, base) };
        }
        const page = id ? pages.get(id) : undefined;
        if (!page) return error(404, `No content found with id: ${id}`);
        if (attachment) {
          if (req.method !== "PUT" && req.method !== "POST") return error(405, "Method not allowed");
          if (req.headers["x-atlassian-token"] !== "no-check") return error(403, "XSRF check failed");
          const type = String(req.headers["content-type"] ?? "");
          const boundary = /boundary=(.+)$/.exec(type)?.[1];
          if (!type.startsWith("multipart/form-data") || !boundary) return error(400, "multipart/form-data expected");
          const text = raw.toString("utf8");
          const part = text.split(`--${boundary}`).find((p) => /name="file"/.test(p));
          const name = part ? /filename="([^"]+)"/.exec(part)?.[1] : undefined;
          if (!part || !name) return error(400, "no file part");
          const body = part.slice(part.indexOf("\r\n\r\n") + 4).replace(/\r\n$/, "");
          const had = page.attachments.get(name);
          if (had && req.method === "POST")
            return error(400, `Cannot add a new attachment with same file name as an existing attachment: ${name}`);
          const partType = /Content-Type:\s*([^\r\n]+)/i.exec(part)?.[1] ?? "application/octet-stream";
          page.attachments.set(name, {
            version: (had?.version ?? 0) + 1,
            bytes: Buffer.byteLength(body),
            type: partType,
            body,
          });
          return {
            status: 200,
            body: {
              results: [
                {
                  id: `att${page.id}-${name}`,
                  type: "attachment",
                  title: name,
                  version: { number: (had?.version ?? 0) + 1 },
                },
              ],
              size: 1,
            },
          };
        }
        if (req.method === "GET") return { status: 200, body: view(page, base) };
        if (req.method === "PUT") {
          const b = json();
          const number = (b?.version as { number?: number } | undefined)?.number;
          const storage = (b?.body as { storage?: { value?: string } } | undefined)?.storage?.value;
          if (typeof number !== "number" || typeof b?.title !== "string" || typeof storage !== "string")
            return error(400, "version, title and body are required");
          if (number !== page.version + 1)
            return error(409, `Version must be incremented on update. Current version is: ${page.version}`);
          if (VOID_UNCLOSED.test(storage)) return error(400, "Error parsing xhtml: unclosed element");
          page.version = number;
          page.title = b.title;
          page.storage = storage;
          return { status: 200, body: view(page, base) };
        }
        return error(405, "Method not allowed");
      })();
      const text = answer.body === undefined ? "" : JSON.stringify(answer.body);
      res.writeHead(answer.status, { ...(text ? { "content-type": "application/json" } : {}), ...answer.headers });
      res.end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    pages,
    requests,
    inject: (f) => faults.push({ ...f }),
    editElsewhere: (id) => {
      const p = pages.get(id);
      if (p) p.version++;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
