import { existsSync } from "node:fs";
import type { Browser } from "playwright-core";
import { DebriefError } from "../../model/debrief-error.js";

/** Where Debian's `chromium` package installs the browser; `DEBRIEF_CHROMIUM` overrides it. */
export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Flags that keep headless Chromium quiet and offline: without the background-networking flags it tries to reach
 * Google's hosts at every start, which a closed network refuses many times over.
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-dev-shm-usage",
];

/**
 * The Chromium binary to use, or undefined when none is installed. `DEBRIEF_CHROMIUM`, when set, is the only
 * candidate: a user who names a browser wants that one, not a silent fallback.
 */
export function findChromium(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.DEBRIEF_CHROMIUM) return existsSync(env.DEBRIEF_CHROMIUM) ? env.DEBRIEF_CHROMIUM : undefined;
  return [DEFAULT_CHROMIUM_PATH, "/usr/bin/chromium-browser"].find((p) => existsSync(p));
}

/**
 * Launch headless Chromium through playwright-core (never a downloaded browser build).
 * @throws DebriefError EXTERNAL_TOOL when no Chromium is installed or it fails to start
 */
export async function launchChromium(env: Record<string, string | undefined> = process.env): Promise<Browser> {
  const executablePath = findChromium(env);
  if (!executablePath) {
    throw new DebriefError(
      "EXTERNAL_TOOL",
      env.DEBRIEF_CHROMIUM
        ? `chromium not found at ${env.DEBRIEF_CHROMIUM} (DEBRIEF_CHROMIUM)`
        : `chromium not found at ${DEFAULT_CHROMIUM_PATH}; install the Debian package chromium (or set DEBRIEF_CHROMIUM)`,
    );
  }
  // loaded here rather than at the top: playwright-core takes a third of the CLI's start-up time, and only PDF
  // rendering needs it
  const { chromium } = await import("playwright-core");
  try {
    return await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  } catch (error) {
    throw new DebriefError(
      "EXTERNAL_TOOL",
      `chromium at ${executablePath} failed to start: ${(error as Error).message.split("\n")[0]}`,
      {
        cause: error,
      },
    );
  }
}
