import { changeEvent } from "../changes/change-record.js";
import type { DocumentFormat } from "../evidence-format.js";
import { docHead, field, isRecord, itemExcerpt, parseDocument, parseIsoTime, str } from "./document-helpers.js";

function repoName(url: string | null): string | null {
  if (!url) return null;
  const m = /\/repos\/[^/]+\/([^/]+)/.exec(url);
  return m ? (m[1] ?? null) : null;
}

/**
 * GitHub REST deployments: the array from `GET /repos/{owner}/{repo}/deployments`, optionally with each
 * deployment's statuses (`GET /deployments/{id}/statuses`) embedded as a `statuses` array. One `change` event when
 * the deployment was created and one per status; the `success` status is when the deploy took effect
 * (`attributes.effective: true`), `failure`/`error` statuses are `error` severity.
 */
export const githubDeployments: DocumentFormat = {
  id: "github-deployments",
  samples: [
    '[{"url": "https://api.github.com/repos/example/orders-api/deployments/1900000003", "id": 1900000003, "node_id": "DE_kwDOAbCdEs5xYz03", "sha": "c0ffee1234567890abcdef1234567890abcdef12", "ref": "v2.3.1-cache", "task": "deploy", "payload": {}, "original_environment": "production", "environment": "production", "description": "cache layer for orders lookups", "creator": {"login": "sam-lee", "id": 5002, "type": "User", "site_admin": false}, "created_at": "2025-02-09T10:20:31Z", "updated_at": "2025-02-09T10:22:10Z", "statuses_url": "https://api.github.com/repos/example/orders-api/deployments/1900000003/statuses", "repository_url": "https://api.github.com/repos/example/orders-api", "transient_environment": false, "production_environment": true}, {"url": "https://api.github.com/repos/example/orders-api/deployments/1900000002", "id": 1900000002, "node_id": "DE_kwDOAbCdEs5xYz02", "sha": "a3f1c2d4e5f60718293a4b5c6d7e8f9012345678", "ref": "v2.3.0", "task": "deploy", "payload": {"service": "orders-api"}, "original_environment": "production", "environment": "production", "description": null, "creator": {"login": "jane-doe", "id": 5001, "type": "User", "site_admin": false}, "created_at": "2025-02-09T09:56:40Z", "updated_at": "2025-02-09T09:58:02Z", "statuses_url": "https://api.github.com/repos/example/orders-api/deployments/1900000002/statuses", "repository_url": "https://api.github.com/repos/example/orders-api", "transient_environment": false, "production_environment": true}]',
  ],
  description: "GitHub REST deployments JSON (optionally with embedded statuses arrays)",
  kind: "change",
  shape: "document",
  detect(sample) {
    if (docHead(sample.text) !== "[") return 0;
    const t = sample.text;
    if (/"statuses_url"\s*:/.test(t) && /"environment"\s*:/.test(t)) return 0.97;
    if (/"sha"\s*:/.test(t) && /"environment"\s*:/.test(t) && /"ref"\s*:/.test(t)) return 0.8;
    return 0;
  },
  parse(text, ctx) {
    const doc = parseDocument(text, ctx);
    const root = doc.value;
    if (!Array.isArray(root)) {
      if (root !== undefined && !doc.problem) ctx.skip(1, "unexpected-shape", "expected an array of deployments");
      return;
    }
    for (const dep of root) {
      const line = doc.lineOf(dep);
      if (!isRecord(dep) || doc.isPartial(dep)) {
        ctx.skip(line, isRecord(dep) ? "incomplete-item" : "unexpected-shape", itemExcerpt(dep));
        continue;
      }
      const created = parseIsoTime(dep.created_at, ctx);
      if (!Number.isFinite(created)) {
        ctx.skip(line, "invalid-timestamp", itemExcerpt(dep));
        continue;
      }
      const ref = str(dep.ref) ?? str(dep.sha) ?? "?";
      const environment = str(dep.environment) ?? "?";
      const description = str(dep.description);
      const payload = isRecord(dep.payload) ? dep.payload : undefined;
      const service =
        (payload ? (str(payload.service) ?? str(payload.app)) : null) ?? repoName(str(dep.repository_url));
      const common: Record<string, unknown> = {
        type: "deployment",
        deployment: typeof dep.id === "number" ? dep.id : str(dep.id),
        ref,
        environment,
        ...(str(dep.sha) ? { sha: str(dep.sha) } : {}),
        ...(str(dep.task) ? { task: str(dep.task) } : {}),
        ...(description ? { description } : {}),
      };
      const what = `deploy ${ref} to ${environment}${description ? ` (${description})` : ""}`;
      const facts = {
        path: ctx.path,
        type: "deploy" as const,
        what,
        where: [service, environment].filter((x): x is string => x !== null && x !== "?"),
        tool: "github-deployments",
        service,
        version: ref,
        id: common.deployment === null ? null : String(common.deployment),
      };
      // a deployment object is the request to deploy: it took effect when a status says `success`
      ctx.emit(
        changeEvent({
          ...facts,
          line,
          at: created,
          by: field(dep, "creator", "login"),
          phase: "started",
          message: `${what}: created`,
          attributes: { ...common, state: "created" },
        }),
      );
      if (!Array.isArray(dep.statuses)) continue;
      for (const st of dep.statuses) {
        const stLine = doc.lineOf(st) === 1 ? line : doc.lineOf(st);
        if (!isRecord(st) || doc.isPartial(st)) {
          ctx.skip(stLine, isRecord(st) ? "incomplete-item" : "unexpected-shape", itemExcerpt(st));
          continue;
        }
        const at = parseIsoTime(st.created_at, ctx);
        if (!Number.isFinite(at)) {
          ctx.skip(stLine, "invalid-timestamp", itemExcerpt(st));
          continue;
        }
        const state = str(st.state) ?? "unknown";
        const stDescription = str(st.description);
        ctx.emit(
          changeEvent({
            ...facts,
            line: stLine,
            at,
            by: field(st, "creator", "login") ?? field(dep, "creator", "login"),
            phase: state === "success" ? "effective" : state === "failure" || state === "error" ? "failed" : "started",
            message: `${what}: ${state}${stDescription ? ` — ${stDescription}` : ""}`,
            attributes: { ...common, state, ...(state === "success" ? { effective: true } : {}) },
          }),
        );
      }
    }
  },
};
