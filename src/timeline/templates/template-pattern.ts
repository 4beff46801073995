/**
 * Read a template as a pattern: `<*>` matches any run of characters, possibly empty (an empty value such as `()`
 * generalises with `(x)` to `(<*>)`), and a space matches any whitespace run, since templates normalise whitespace.
 * Use it to test whether a message belongs to a template, e.g. when searching logs for an error signature.
 */
export function templateToRegExp(template: string): RegExp {
  const parts = template.split("<*>").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ +/g, "\\s+"));
  return new RegExp(`^\\s*${parts.join("[\\s\\S]*?")}\\s*$`);
}
