import { z } from "zod";
import { DebriefError } from "../../model/debrief-error.js";
import { DEFAULT_HTTP_POLICY, FetchFailure, HttpClient, type HttpPolicy } from "../../util/http-client.js";
import { Scrubber } from "../../util/scrub.js";

/**
 * The Confluence REST API calls the export needs, as Atlassian publishes them for Cloud (`/wiki/rest/api`) and
 * Data Center (`/rest/api`): find a page by space and title, read a page with its version, create a page under a
 * parent, update it with the next version number, and create-or-update an attachment (multipart, with the
 * `X-Atlassian-Token: no-check` header the API demands). Everything goes through the one {@link HttpClient}.
 */

/** A page as the API returns it (the fields used). */
export const ConfluencePage = z.object({
  id: z.string(),
  title: z.string(),
  version: z.object({ number: z.number().int() }),
  _links: z.object({ webui: z.string().optional(), base: z.string().optional() }).partial().optional(),
});
/** See {@link ConfluencePage}. */
export type ConfluencePage = z.infer<typeof ConfluencePage>;

const Search = z.object({ results: z.array(ConfluencePage) });
const Anything = z.unknown();

/** How to sign in: Cloud takes e-mail + API token (basic), Data Center a personal access token (bearer). */
export type ConfluenceAuth = { kind: "basic"; email: string; token: string } | { kind: "bearer"; token: string };

/** A client for one Confluence site. */
export class ConfluenceClient {
  readonly #base: string;
  readonly #client: HttpClient;
  readonly #headers: Record<string, string>;

  constructor(baseUrl: string, auth: ConfluenceAuth, policy: Partial<HttpPolicy> = {}, onRetry?: (m: string) => void) {
    this.#base = baseUrl.replace(/\/+$/, "");
    const scrubber = new Scrubber();
    scrubber.add(auth.token);
    const authorization =
      auth.kind === "basic"
        ? `Basic ${Buffer.from(`${auth.email}:${auth.token}`).toString("base64")}`
        : `Bearer ${auth.token}`;
    scrubber.add(authorization);
    this.#headers = { authorization, "user-agent": "debrief" };
    this.#client = new HttpClient(
      { ...DEFAULT_HTTP_POLICY, timeoutMs: 20_000, ...policy },
      scrubber,
      onRetry ? (i) => onRetry(`confluence: retrying in ${i.delayMs} ms: ${i.reason}`) : undefined,
    );
  }

  /** The page's address for readers. */
  pageUrl(page: ConfluencePage): string {
    const webui = page._links?.webui;
    if (webui) return `${page._links?.base ?? this.#base}${webui}`;
    return `${this.#base}/pages/viewpage.action?pageId=${encodeURIComponent(page.id)}`;
  }

  async #send<T>(
    what: string,
    req: {
      method: "GET" | "POST" | "PUT";
      path: string;
      body?: unknown;
      form?: FormData;
      schema: z.ZodType<T>;
      accept?: number[];
      headers?: Record<string, string>;
    },
  ): Promise<{ status: number; data: T }> {
    try {
      const r = await this.#client.request({
        url: `${this.#base}${req.path}`,
        method: req.method,
        headers: { ...this.#headers, ...req.headers },
        ...(req.body !== undefined ? { body: req.body } : {}),
        ...(req.form ? { form: req.form } : {}),
        schema: req.schema,
        ...(req.accept ? { acceptStatus: req.accept } : {}),
      });
      return { status: r.status, data: r.data };
    } catch (error) {
      if (!(error instanceof FetchFailure)) throw error;
      const status = error.status;
      const code =
        error.kind === "auth"
          ? "AUTH"
          : status === 404
            ? "INPUT_NOT_FOUND"
            : status === 400
              ? "INPUT_INVALID"
              : status === 409
                ? "CONFLICT"
                : "NETWORK";
      const hint = code === "AUTH" ? " (check CONFLUENCE_EMAIL and CONFLUENCE_API_TOKEN, or CONFLUENCE_PAT)" : "";
      throw new DebriefError(code, `confluence: ${what}: ${error.message}${hint}`, { cause: error });
    }
  }

  /** A page by id with its version, or undefined when it no longer exists. */
  async getPage(id: string): Promise<ConfluencePage | undefined> {
    const r = await this.#send("reading the page", {
      method: "GET",
      path: `/rest/api/content/${encodeURIComponent(id)}?expand=version`,
      schema: z.union([ConfluencePage, Anything]),
      accept: [404],
    });
    return r.status === 404 ? undefined : ConfluencePage.parse(r.data);
  }

  /** The page titled `title` in `space`, if any (titles are unique within a space). */
  async findByTitle(space: string, title: string): Promise<ConfluencePage | undefined> {
    const q = new URLSearchParams({ spaceKey: space, title, type: "page", expand: "version" });
    const r = await this.#send("finding the page by title", {
      method: "GET",
      path: `/rest/api/content?${q}`,
      schema: Search,
    });
    return r.data.results[0];
  }

  /** Create a page in storage format, under `parentId` when given. */
  async create(space: string, title: string, storage: string, parentId: string | undefined): Promise<ConfluencePage> {
    const r = await this.#send("creating the page", {
      method: "POST",
      path: "/rest/api/content",
      body: {
        type: "page",
        title,
        space: { key: space },
        ...(parentId ? { ancestors: [{ id: parentId }] } : {}),
        body: { storage: { value: storage, representation: "storage" } },
      },
      schema: ConfluencePage,
    });
    return r.data;
  }

  /** Replace a page's body with version `page.version.number + 1` (409 when someone saved in between). */
  async update(page: ConfluencePage, space: string, title: string, storage: string): Promise<ConfluencePage> {
    const r = await this.#send("updating the page", {
      method: "PUT",
      path: `/rest/api/content/${encodeURIComponent(page.id)}`,
      body: {
        id: page.id,
        type: "page",
        title,
        space: { key: space },
        version: { number: page.version.number + 1, message: "Updated by Debrief" },
        body: { storage: { value: storage, representation: "storage" } },
      },
      schema: ConfluencePage,
    });
    return r.data;
  }

  /** Create or update the attachment `name` on a page (the same name replaces the earlier file). */
  async putAttachment(pageId: string, name: string, content: string | Uint8Array, type: string): Promise<void> {
    const form = new FormData();
    form.append("file", new Blob([content], { type }), name);
    form.append("minorEdit", "true");
    await this.#send(`uploading ${name}`, {
      method: "PUT",
      path: `/rest/api/content/${encodeURIComponent(pageId)}/child/attachment`,
      form,
      headers: { "x-atlassian-token": "no-check" },
      schema: Anything,
    });
  }
}
