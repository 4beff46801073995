import { findChromium } from "../../src/report/index.js";

/**
 * Whether tests that need a real headless Chromium can run. Under CI a missing browser is a failure, not a skip:
 * `.ci/run` installs the Debian package, so its absence means the pipeline is broken.
 */
export function chromiumAvailable(): boolean {
  const path = findChromium();
  if (!path && process.env.CI === "true") {
    throw new Error(
      "CI=true but no Chromium at /usr/bin/chromium: scripts/install-test-deps.sh should have installed it",
    );
  }
  return path !== undefined;
}
