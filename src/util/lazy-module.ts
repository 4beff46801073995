import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * A dependency loaded the first time it is used, synchronously, and then kept. For packages that cost far more to
 * import than most runs use them: remark (about 200 ms of start-up) parses only the Markdown the hand-written parser
 * declines, and the yaml package only front matter the simple reader declines or a config file. Importing them at
 * the top of a module made `debrief lint FILE` pay for both on every run.
 *
 * `require` of an ES module works from Node 20.19 (the version `engines` asks for); CommonJS packages load on any.
 * @param specifier a package name, resolved from the installed package as a normal import would be
 */
export function lazyModule<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(specifier) as T;
    return loaded;
  };
}
