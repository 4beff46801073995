import { z } from "zod";
import { DebriefError } from "../model/debrief-error.js";
import { markQuotedEvidence, QUOTED_EVIDENCE_NOTICE } from "./quoted-evidence.js";
import { RESULT_DATA_SCHEMAS } from "./result-schemas.js";
import { summarizeResult } from "./result-summary.js";

/**
 * How a tool result reaches an agent: a short summary first, the result as `structuredContent` under a declared
 * output schema, every long list paged with a cursor, text from evidence marked as quoted data, and a size bound.
 * The operations stay as they are (the CLI and the HTTP API return them whole); only the MCP adapter pages them,
 * because an agent's context is the scarce resource there.
 * @module
 */

/** Items of each list per page unless the caller asks for another `pageSize`. */
export const DEFAULT_PAGE_SIZE = 25;
/** Largest serialised result (characters) a tool returns; lists are shortened further until it fits. */
export const MAX_RESULT_CHARS = 30_000;

/** Where the next page starts in each paged list (`path` → offset). */
type Offsets = Record<string, number>;

/** Paging arguments every tool accepts besides its operation's own input. */
export const PAGING_SHAPE = {
  cursor: z
    .string()
    .optional()
    .describe("page.nextCursor of an earlier call with the same arguments: returns the next page of every long list"),
  pageSize: z
    .number()
    .int()
    .positive()
    .max(500)
    .optional()
    .describe(`items per page of each long list (default ${DEFAULT_PAGE_SIZE})`),
};

/** One paged list: where it is in the result, how many items it has and which of them this page holds. */
const PagedList = z.object({
  path: z.string().describe("dotted path of the list in `data`"),
  total: z.number().int(),
  offset: z.number().int(),
  returned: z.number().int(),
});

/** The output schema every Debrief tool declares; `data` is specific where {@link RESULT_DATA_SCHEMAS} says. */
export function toolOutputShape(operation: string) {
  return {
    summary: z.string().describe("what the result says, in a sentence or two"),
    notice: z.string().optional().describe("how to treat quoted evidence in `data`"),
    page: z
      .object({
        lists: z.array(PagedList),
        nextCursor: z.string().optional().describe("pass as `cursor` (same arguments) for the next page"),
      })
      .optional(),
    data: (RESULT_DATA_SCHEMAS[operation] ?? z.record(z.string(), z.unknown())).describe(
      "the operation's result; text read from evidence appears as { quotedEvidence, source } objects",
    ),
  };
}

/** What {@link shapeToolResult} produced. */
export interface ShapedResult {
  structured: {
    summary: string;
    notice?: string;
    page?: { lists: z.infer<typeof PagedList>[]; nextCursor?: string };
    data: Record<string, unknown>;
  };
  text: string;
}

function decodeCursor(cursor: string | undefined): Offsets {
  if (cursor === undefined) return {};
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      const out: Offsets = {};
      for (const [k, v] of Object.entries(parsed)) {
        if (typeof v === "number" && Number.isInteger(v) && v >= 0) out[k] = v;
      }
      return out;
    }
  } catch {
    // fall through to the error below
  }
  throw new DebriefError("USAGE", "cursor: not a cursor this server returned (pass page.nextCursor as it is)");
}

function encodeCursor(offsets: Offsets): string {
  return Buffer.from(JSON.stringify(offsets), "utf8").toString("base64url");
}

/**
 * Cut every list reachable through object properties (not through other lists) to one page. Lists inside list
 * items stay whole: they belong to their item.
 */
function page(
  value: unknown,
  path: string,
  offsets: Offsets,
  size: number,
  lists: z.infer<typeof PagedList>[],
): unknown {
  if (Array.isArray(value)) {
    if (value.length <= size && !(path in offsets)) return value;
    const offset = Math.min(offsets[path] ?? 0, value.length);
    const slice = value.slice(offset, offset + size);
    lists.push({ path, total: value.length, offset, returned: slice.length });
    return slice;
  }
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = page(v, path ? `${path}.${k}` : k, offsets, size, lists);
    return out;
  }
  return value;
}

function shapeOnce(data: unknown, offsets: Offsets, size: number, summary: string): ShapedResult {
  const lists: z.infer<typeof PagedList>[] = [];
  const paged = page(data, "", offsets, size, lists);
  // the cursor carries every paged list, finished ones at their end, so a later page does not start them again
  const next: Offsets = {};
  let more = false;
  for (const l of lists) {
    next[l.path] = l.offset + l.returned;
    if (l.offset + l.returned < l.total) more = true;
  }
  const quoted = markQuotedEvidence(paged);
  const body = (quoted && typeof quoted === "object" && !Array.isArray(quoted) ? quoted : { value: quoted }) as Record<
    string,
    unknown
  >;
  const structured: ShapedResult["structured"] = {
    summary,
    ...(quoted !== paged || JSON.stringify(body).includes('"quotedEvidence"')
      ? { notice: QUOTED_EVIDENCE_NOTICE }
      : {}),
    ...(lists.length > 0 ? { page: { lists, ...(more ? { nextCursor: encodeCursor(next) } : {}) } } : {}),
    data: body,
  };
  const pageLine = structured.page?.nextCursor
    ? `\n(more: call again with cursor "${structured.page.nextCursor}")`
    : "";
  return { structured, text: `${summary}${pageLine}\n${JSON.stringify(structured)}` };
}

/**
 * Shape an operation's result for an agent. `summary` is computed from the whole result (before paging), so it
 * tells the totals even when the page holds a part. The page size shrinks (down to 1) until the text fits
 * {@link MAX_RESULT_CHARS}; what still does not fit is refused with a `USAGE` error naming the way out.
 */
export function shapeToolResult(
  operation: string,
  result: unknown,
  paging: { cursor?: string | undefined; pageSize?: number | undefined },
): ShapedResult {
  const offsets = decodeCursor(paging.cursor);
  const summary = summarizeResult(operation, result);
  let size = paging.pageSize ?? DEFAULT_PAGE_SIZE;
  for (;;) {
    const shaped = shapeOnce(result, offsets, size, summary);
    if (shaped.text.length <= MAX_RESULT_CHARS) return shaped;
    if (size <= 1) {
      throw new DebriefError(
        "USAGE",
        `the result is larger than ${MAX_RESULT_CHARS} characters even one item per list at a time; narrow the request (a smaller window, fewer paths)`,
      );
    }
    size = Math.max(1, Math.floor(size / 2));
  }
}
