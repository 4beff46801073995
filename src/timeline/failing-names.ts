import { SEVERITY_RANK } from "../model/event.js";
import { tokens } from "./change-ties.js";
import type { AnalysisContext } from "./context.js";

/** Words of evidence paths that name no system. */
const PATH_WORDS = new Set(
  "evidence access error errors hosts host var tmp json jsonl txt csv export exports events event alerts alert slack pagerduty opsgenie metrics".split(
    " ",
  ),
);

/** Words of an evidence path that may name a host or service (`hosts/db2/auth.log` → db2, auth). */
export function pathTokens(path: string): Set<string> {
  const out = new Set<string>();
  for (const t of tokens(path.replace(/\.[a-z0-9]+(\.gz)?$/i, ""))) if (!PATH_WORDS.has(t)) out.add(t);
  return out;
}

/**
 * Names of what failed (services and hosts with errors or failed requests, failing endpoints, configured services)
 * and of what was seen working (services and hosts that served traffic or logged without failing).
 */
export function failingNames(ctx: AnalysisContext): {
  exact: Set<string>;
  words: Set<string>;
  endpointWords: Set<string>;
  pathWords: Set<string>;
  healthy: Set<string>;
} {
  const exact = new Set<string>(ctx.services);
  const words = new Set<string>();
  const endpointWords = new Set<string>();
  const pathWords = new Set<string>();
  const seen = new Set<string>();
  for (const s of ctx.agg.sources) {
    // what served requests and is not among the failing is seen working
    if (s.requestEvents > 0) {
      for (const svc of s.services.keys()) seen.add(svc);
      for (const host of s.hosts.keys()) seen.add(host);
    }
    if (s.seconds.errors.size === 0 && s.seconds.failures.size === 0) continue;
    for (const svc of s.services.keys()) exact.add(svc);
    for (const svc of s.classServices.values()) exact.add(svc);
    for (const [host, c] of s.hosts) if (c.failures > 0) exact.add(host);
    // an endpoint's words (`/api/search.messages`) name a feature, not a system: a weaker tie than a service's name
    for (const key of s.failureClasses.keys())
      for (const t of tokens(key.slice(key.indexOf(" ") + 1))) endpointWords.add(t);
    // hosts that logged errors (a database's own log), and the folders that name the failing host or service
    for (const t of s.templates.values()) {
      if (t.host && t.severity !== null && SEVERITY_RANK[t.severity] >= SEVERITY_RANK.error) exact.add(t.host);
    }
    for (const t of pathTokens(s.path)) pathWords.add(t);
  }
  for (const n of exact) for (const t of tokens(n)) words.add(t);
  for (const t of words) {
    pathWords.delete(t);
    endpointWords.delete(t);
  }
  const healthy = new Set<string>();
  for (const n of seen) if (!exact.has(n)) healthy.add(n);
  return { exact, words, endpointWords, pathWords, healthy };
}
