import { readFile, realpath } from "node:fs/promises";
import { homedir } from "node:os";
import { isAbsolute, relative, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { DebriefError } from "../model/debrief-error.js";

/** The credential names Debrief reads, from the environment or a credentials file with the same keys. */
export const CREDENTIAL_NAMES = [
  "PROMETHEUS_TOKEN",
  "ALERTMANAGER_TOKEN",
  "LOKI_TOKEN",
  "LOKI_USERNAME",
  "LOKI_PASSWORD",
  "ELASTICSEARCH_API_KEY",
  "ELASTICSEARCH_USERNAME",
  "ELASTICSEARCH_PASSWORD",
  "PAGERDUTY_TOKEN",
  "SLACK_TOKEN",
  // issue trackers that publish files action items in and `review --sync` reads back
  "GITHUB_TOKEN",
  "JIRA_EMAIL",
  "JIRA_API_TOKEN",
  "JIRA_PAT",
  "LINEAR_API_KEY",
  "GITLAB_TOKEN",
  // the Confluence export: e-mail + API token (Cloud) or a personal access token (Data Center)
  "CONFLUENCE_EMAIL",
  "CONFLUENCE_API_TOKEN",
  "CONFLUENCE_PAT",
] as const;
/** One of {@link CREDENTIAL_NAMES}. */
export type CredentialName = (typeof CREDENTIAL_NAMES)[number];
/** Resolved credentials; absent names are not set. */
export type Credentials = Partial<Record<CredentialName, string>>;

const FileSchema = z.record(z.string(), z.union([z.string(), z.number()]));

function isInside(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

async function real(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    return resolve(p);
  }
}

/**
 * Credentials from the environment, completed by an optional YAML/JSON file of `NAME: value` pairs. The file must
 * live outside the incident folder (so it is never shared with the evidence); the environment wins over the file.
 * Errors never quote the file's content.
 */
export async function loadCredentials(
  incidentDir: string,
  env: Record<string, string | undefined>,
  file: string | undefined,
  cwd: string,
): Promise<Credentials> {
  const out: Credentials = {};
  if (file !== undefined) {
    const expanded = file.startsWith("~/") ? resolve(homedir(), file.slice(2)) : resolve(cwd, file);
    const [realFile, realDir] = await Promise.all([real(expanded), real(incidentDir)]);
    if (isInside(realDir, realFile)) {
      throw new DebriefError(
        "USAGE",
        "the credentials file is inside the incident folder; move it outside (e.g. ~/.config/debrief/credentials.yaml) so it is never shared with the evidence",
        { location: { path: expanded } },
      );
    }
    let text: string;
    try {
      text = await readFile(expanded, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new DebriefError(
        code === "ENOENT" ? "INPUT_NOT_FOUND" : "INPUT_UNREADABLE",
        "cannot read the credentials file",
        {
          location: { path: expanded },
        },
      );
    }
    let raw: unknown;
    try {
      raw = parseYaml(text);
    } catch {
      throw new DebriefError("CONFIG_INVALID", "the credentials file is not valid YAML or JSON", {
        location: { path: expanded },
      });
    }
    const parsed = FileSchema.safeParse(raw ?? {});
    if (!parsed.success) {
      throw new DebriefError("CONFIG_INVALID", "the credentials file must be a map of NAME: value pairs", {
        location: { path: expanded },
      });
    }
    const unknown = Object.keys(parsed.data).filter((k) => !(CREDENTIAL_NAMES as readonly string[]).includes(k));
    if (unknown.length > 0) {
      throw new DebriefError(
        "CONFIG_INVALID",
        `unknown credential name(s) ${unknown.join(", ")}; expected some of ${CREDENTIAL_NAMES.join(", ")}`,
        { location: { path: expanded } },
      );
    }
    for (const [k, v] of Object.entries(parsed.data)) out[k as CredentialName] = String(v);
  }
  for (const name of CREDENTIAL_NAMES) {
    const v = env[name];
    if (v !== undefined && v !== "") out[name] = v;
  }
  return out;
}
