import type { Document } from "yaml";

/** What {@link yamlValue} returns: the document's value, or why it has none. */
export type YamlValue = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * The plain value of a parsed YAML document. The yaml package reports syntax problems in `doc.errors` but throws
 * from `toJS()` for an alias used before its anchor (`a: *x` then `b: &x 1`) and for alias expansion past
 * `maxAliasCount` (a "billion laughs" document). Both are faults of the input, so callers get them as data to
 * report against the file instead of an exception.
 */
export function yamlValue(doc: Document.Parsed | Document, maxAliasCount = 50): YamlValue {
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount }) };
  } catch (error) {
    const message = (error as Error).message;
    return {
      ok: false,
      message: /resource exhaustion/i.test(message)
        ? `aliases expand more than ${maxAliasCount} times`
        : message.replace(/\s*\(the anchor must be set before the alias\)/, ", an alias must come after its anchor"),
    };
  }
}
