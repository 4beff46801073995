/**
 * A publish run in its own process for the kill-and-rerun tests: `node --import tsx publish-child.ts DIR`, with the
 * tracker's credentials in the environment and `KILL_AT` naming the point where it SIGKILLs itself: a step id
 * (right after the ledger records it done), `STEP:created` (issue filed, nothing recorded), `STEP:linked`, or
 * `write-back` (every step recorded, the document not yet written). Prints the publish report as JSON.
 */
import { publishPostmortem } from "../../../src/publish/index.js";
import { TEST_HTTP } from "./trackers-harness.js";

const dir = process.argv[2];
if (!dir) throw new Error("usage: publish-child.ts DIR");
const killAt = process.env.KILL_AT;
const die = (point: string) => {
  if (point === killAt) process.kill(process.pid, "SIGKILL");
};
const report = await publishPostmortem(dir, {
  pdf: false,
  env: process.env,
  trackerHttp: TEST_HTTP,
  link: "https://wiki.example.com/pm/INC-2025-0209",
  onStepDone: die,
  onPhase: die,
});
process.stdout.write(`${JSON.stringify(report)}\n`);
