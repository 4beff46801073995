import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import { freePort } from "./support/free-port.js";

/**
 * Deployment files: the Dockerfile's entry command run as the image would run it (without Docker: the repository
 * stands in for /app, a temporary folder for /data), the compose file (Debrief + PostgreSQL 15) and the Helm chart
 * (helm is not installable here from Debian, so its YAML is checked: every template's manifests parse once the
 * template actions are taken out, and every value a template reads exists in values.yaml).
 */

const root = join(import.meta.dirname, "..");
const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
const compose = parseYaml(readFileSync(join(root, "compose.yaml"), "utf8")) as {
  services: Record<
    string,
    { image?: string; command?: string[]; environment?: Record<string, string>; depends_on?: unknown }
  >;
};
const chart = join(root, "deploy", "helm", "debrief");
const data = mkdtempSync(join(tmpdir(), "debrief-deploy-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  rmSync(data, { recursive: true, force: true });
});

/** A JSON-array instruction (`ENTRYPOINT [...]`, `CMD [...]`) of the Dockerfile's last stage. */
function instruction(name: string): string[] {
  const lastStage = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
  const line = lastStage.split("\n").find((l) => l.startsWith(`${name} [`));
  return JSON.parse(line?.slice(name.length + 1) ?? "[]") as string[];
}

/** `${VAR:-default}` as compose expands it. */
function expand(value: string, env: Record<string, string>): string {
  return value.replace(
    /\$\{(\w+)(?::-([^}]*))?\}/g,
    (_, name: string, fallback?: string) => env[name] || fallback || "",
  );
}

function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ child: ChildProcess; listening: Promise<string> }> {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(child);
  let err = "";
  const listening = new Promise<string>((done, fail) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString();
      if (/debrief serve: (no )?sign-in/.test(err)) done(err);
    });
    child.on("exit", (code) => fail(new Error(`exited ${code}: ${err}`)));
  });
  return Promise.resolve({ child, listening });
}

describe("the image's entry command", () => {
  it("is node:20-slim, runtime dependencies only, a non-root user, `debrief serve` on /data", () => {
    const lastStage = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
    expect(lastStage).toMatch(/^\nFROM node:20-slim\n/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(lastStage).toMatch(/\nUSER node\n/);
    expect(instruction("ENTRYPOINT")).toEqual(["node", "/app/bin/debrief.js"]);
    expect(instruction("CMD").slice(0, 2)).toEqual(["serve", "/data"]);
  });

  it("starts with compose's settings and answers /api/health", async () => {
    const port = await freePort();
    const args = [...instruction("ENTRYPOINT"), ...instruction("CMD")].map((a) =>
      a === "/app/bin/debrief.js"
        ? join(root, "bin", "debrief.js")
        : a === "/data"
          ? data
          : a === "4477"
            ? String(port)
            : a,
    );
    const environment = compose.services.debrief?.environment ?? {};
    const env = Object.fromEntries(
      Object.entries(environment).map(([k, v]) => [
        k,
        expand(String(v), {
          // what an operator puts in .env: a sign-in (the provider is contacted only when someone signs in)
          DEBRIEF_OIDC_ISSUER: "https://id.example.com",
          DEBRIEF_OIDC_CLIENT_ID: "debrief",
        }),
      ]),
    );
    const { child, listening } = await run(args.slice(1), env);
    const err = await listening;
    expect(err).toMatch(/sign-in: OIDC \(https:\/\/id\.example\.com\); database: PostgreSQL/);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe("ok");
    // a page needs sign-in
    const page = await fetch(`http://127.0.0.1:${port}/`, { redirect: "manual", headers: { accept: "text/html" } });
    expect(page.status).toBe(302);
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 60_000);

  it("refuses to listen beyond loopback without sign-in, saying why", async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [join(root, "bin", "debrief.js"), "serve", data, "--host", "0.0.0.0", "--port", String(port)],
      { env: { PATH: process.env.PATH ?? "" }, stdio: ["ignore", "ignore", "pipe"] },
    );
    children.push(child);
    let err = "";
    child.stderr?.on("data", (c: Buffer) => {
      err += c.toString();
    });
    const code = await new Promise<number | null>((done) => child.on("exit", (c) => done(c)));
    expect(code).toBe(2);
    expect(err).toMatch(/no sign-in is configured.*refuses --host 0\.0\.0\.0/);
  }, 60_000);
});

describe("compose.yaml", () => {
  it("runs Debrief beside PostgreSQL 15, with the database URL pointing at it", () => {
    expect(compose.services.postgres?.image).toBe("postgres:15");
    const debrief = compose.services.debrief;
    expect(debrief?.depends_on).toEqual({ postgres: { condition: "service_healthy" } });
    expect(debrief?.environment?.DEBRIEF_DATABASE_URL).toMatch(/^postgres:\/\/debrief:.*@postgres:5432\/debrief$/);
    expect(debrief?.command).toEqual(instruction("CMD"));
  });
});

describe("Helm chart", () => {
  const values = parseYaml(readFileSync(join(chart, "values.yaml"), "utf8")) as Record<string, unknown>;
  const templates = readdirSync(join(chart, "templates")).filter((f) => f.endsWith(".yaml"));

  it("has a v2 Chart.yaml and values for the database URL, OIDC settings and ingress", () => {
    const meta = parseYaml(readFileSync(join(chart, "Chart.yaml"), "utf8")) as Record<string, unknown>;
    expect(meta).toMatchObject({ apiVersion: "v2", name: "debrief", type: "application" });
    expect(values).toMatchObject({
      databaseUrl: expect.any(String),
      oidc: { issuer: expect.any(String), clientId: expect.any(String), clientSecret: expect.any(String) },
      ingress: { enabled: false, hosts: expect.any(Array) },
    });
  });

  it("reads only values that exist", () => {
    const lookup = (path: string[]): unknown =>
      path.reduce<unknown>(
        (node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined),
        values,
      );
    for (const file of [...templates, "_helpers.tpl", "NOTES.txt"]) {
      const text = readFileSync(join(chart, "templates", file), "utf8");
      for (const m of text.matchAll(/\.Values\.([A-Za-z0-9_.]+)/g)) {
        expect(lookup(m[1]?.split(".") ?? []), `${file}: .Values.${m[1]}`).not.toBeUndefined();
      }
    }
  });

  it("renders manifests that parse as YAML, each with apiVersion and kind", () => {
    expect(templates.sort()).toEqual(["deployment.yaml", "ingress.yaml", "pvc.yaml", "secret.yaml", "service.yaml"]);
    for (const file of templates) {
      const skeleton = readFileSync(join(chart, "templates", file), "utf8")
        .split("\n")
        // control lines (if / range / with / end / include … | nindent) carry no YAML of their own
        .filter((line) => !/^\s*\{\{-?[^}]*\}\}\s*$/.test(line) || /^\s*-\s/.test(line))
        .map((line) => line.replace(/\{\{-?[^}]*-?\}\}/g, "x"))
        .join("\n");
      const docs = parseAllDocuments(skeleton);
      for (const doc of docs) {
        expect(doc.errors, `${file}: ${doc.errors.map((e) => e.message).join("; ")}`).toEqual([]);
        const manifest = doc.toJS() as Record<string, unknown> | null;
        if (manifest === null) continue;
        expect(manifest.apiVersion, file).toEqual(expect.any(String));
        expect(manifest.kind, file).toEqual(expect.any(String));
      }
    }
  });
});
