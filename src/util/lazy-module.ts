import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * Whether this Node can `require` an ES module synchronously (unflagged from 20.19 and 22.12). Older Node 20
 * releases, which `engines` still admits, get the modules imported up front by {@link preloadIfNeeded} instead.
 */
const REQUIRE_ESM = (process.features as { require_module?: boolean }).require_module === true;

/** Modules imported ahead of use on a Node that cannot `require` an ES module. */
const preloaded = new Map<string, unknown>();

/**
 * A dependency loaded the first time it is used, synchronously, and then kept. For packages that cost far more to
 * import than most runs use them: remark (about 200 ms of start-up) parses only the Markdown the hand-written parser
 * declines, and the yaml package only front matter the simple reader declines or a config file. Importing them at
 * the top of a module made `debrief lint FILE` pay for both on every run.
 *
 * An ES-only package must also be listed in a {@link preloadIfNeeded} call of the module that uses it, so Node
 * releases without `require` of ES modules still work (they pay the import at start-up, as before).
 * @param specifier a package name, resolved from the installed package as a normal import would be
 */
export function lazyModule<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= (preloaded.get(specifier) as T | undefined) ?? (require(specifier) as T);
    return loaded;
  };
}

/**
 * On a Node without synchronous `require` of ES modules, import the given ES-only packages now (the caller awaits
 * this at its top level); elsewhere do nothing, so start-up stays lazy.
 */
export async function preloadIfNeeded(specifiers: readonly string[]): Promise<void> {
  if (REQUIRE_ESM) return;
  for (const specifier of specifiers) {
    if (!preloaded.has(specifier)) preloaded.set(specifier, await import(specifier));
  }
}
